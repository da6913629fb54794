#include "text_wrap.h"

#include <algorithm>

#include "imgui.h"

namespace swarmscope {

namespace {

// Where the UTF-8 character starting at `i` ends.
size_t next_char(std::string_view s, size_t i) {
    size_t j = i + 1;
    while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
    return j;
}

// A number and its unit stay on one line: "2.4 KiB/s", "30 s", "16 KiB".
bool unit_follows(std::string_view before, std::string_view after) {
    if (before.empty() || before.back() < '0' || before.back() > '9') return false;
    size_t n = 0;
    while (n < after.size() && ((after[n] >= 'a' && after[n] <= 'z') || (after[n] >= 'A' && after[n] <= 'Z') || after[n] == '/')) ++n;
    const std::string_view unit = after.substr(0, n);
    for (const char* u : {"B", "KiB", "MiB", "GiB", "B/s", "KiB/s", "MiB/s", "s", "ms", "x"})
        if (unit == u) return true;
    return !after.empty() && after[0] == '%';
}

}  // namespace

std::string break_lines(std::string_view text, float width, const std::function<float(std::string_view)>& measure) {
    std::string out;
    out.reserve(text.size() + 8);
    const float space = measure(" ");
    for (size_t start = 0; start <= text.size();) {  // each line already in the text
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        float used = 0;
        bool first = true;
        for (size_t at = 0; at <= line.size();) {
            size_t stop = line.find(' ', at);
            if (stop == std::string_view::npos) stop = line.size();
            if (stop < line.size()) {  // a number: its unit comes with it
                size_t after = line.find(' ', stop + 1);
                if (after == std::string_view::npos) after = line.size();
                if (unit_follows(line.substr(at, stop - at), line.substr(stop + 1, after - stop - 1))) stop = after;
            }
            std::string_view word = line.substr(at, stop - at);
            float w = measure(word);
            if (!first && used + space + w > width) {
                out += '\n';
                used = 0;
                first = true;
            } else if (!first) {
                out += ' ';
                used += space;
            }
            // A word no line can hold goes in pieces, each as much as fits (at least one character).
            while (w > width - used && word.size() > 1) {
                size_t cut = next_char(word, 0);
                for (size_t next = next_char(word, cut); next <= word.size() && used + measure(word.substr(0, next)) <= width;
                     next = next_char(word, next)) {
                    cut = next;
                    if (next == word.size()) break;
                }
                if (cut >= word.size()) break;
                out.append(word.substr(0, cut));
                out += '\n';
                used = 0;
                word = word.substr(cut);
                w = measure(word);
            }
            out.append(word);
            used += w;
            first = false;
            at = stop + 1;
        }
        if (end == text.size()) break;
        out += '\n';
        start = end + 1;
    }
    return out;
}

std::string break_lines(std::string_view text, float width) {
    if (width < 0) width = ImGui::GetContentRegionAvail().x;
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    return break_lines(text, std::max(1.0f, width), [&](std::string_view s) {
        return font->CalcTextSizeA(size, FLT_MAX, 0, s.data(), s.data() + s.size()).x;
    });
}

void text_wrapped(std::string_view text) {
    const std::string lines = break_lines(text);
    ImGui::TextUnformatted(lines.data(), lines.data() + lines.size());
}

}  // namespace swarmscope

#include "formula_text.h"

#include <algorithm>

#include "imgui.h"
#include "text_wrap.h"

namespace swarmscope {

namespace {

bool word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
}

bool ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// Whether the marker at i follows a one-character base: the character before it must start a word
// (so "D_cs" and "Σu_i" are formulas, "piece_size" is not).
size_t char_start(std::string_view t, size_t i) {  // the lead byte of the UTF-8 character holding byte i
    while (i > 0 && (static_cast<unsigned char>(t[i]) & 0xC0) == 0x80) --i;
    return i;
}

bool one_letter_base(std::string_view t, size_t i) {
    if (i == 0) return false;
    const size_t start = char_start(t, i - 1);
    if (start == 0) return true;
    const size_t before = char_start(t, start - 1);
    const auto lead = static_cast<unsigned char>(t[before]);
    // Greek letters and mathematical operators are part of the formula ("Σu_i", "Δt_k"), not of a word.
    if (lead == 0xCE || lead == 0xCF) return true;
    if (lead == 0xE2 && start - before == 3 && static_cast<unsigned char>(t[before + 1]) >= 0x88 &&
        static_cast<unsigned char>(t[before + 1]) <= 0x8B)
        return true;
    return !word_char(t[before]);
}

constexpr float script_scale = 0.7f;

struct Piece {
    FormulaRun::Kind kind;
    std::string_view text;
};

float piece_width(const Piece& p, float size) {
    ImFont* font = ImGui::GetFont();
    const float s = p.kind == FormulaRun::normal ? size : size * script_scale;
    return font->CalcTextSizeA(s, 1e9f, 0, p.text.data(), p.text.data() + p.text.size()).x;
}

void draw_piece(ImDrawList* dl, ImVec2 at, const Piece& p, float size, ImU32 colour) {
    const float s = p.kind == FormulaRun::normal ? size : size * script_scale;
    const float dy = p.kind == FormulaRun::sub ? size * 0.42f : p.kind == FormulaRun::super ? -size * 0.08f : 0;
    dl->AddText(ImGui::GetFont(), s, ImVec2(at.x, at.y + dy), colour, p.text.data(), p.text.data() + p.text.size());
}

}  // namespace

std::vector<FormulaRun> formula_runs(std::string_view t) {
    std::vector<FormulaRun> out;
    auto add = [&](FormulaRun::Kind kind, std::string_view s) {
        if (s.empty()) return;
        if (!out.empty() && out.back().kind == kind) out.back().text += s;
        else out.push_back({kind, std::string(s)});
    };
    size_t plain = 0;
    for (size_t i = 0; i < t.size(); ++i) {
        if ((t[i] != '_' && t[i] != '^') || !one_letter_base(t, i) || i + 1 >= t.size()) continue;
        const FormulaRun::Kind kind = t[i] == '_' ? FormulaRun::sub : FormulaRun::super;
        size_t begin = i + 1, end = begin, next = begin;
        if (t[begin] == '{') {
            const size_t close = t.find('}', begin);
            if (close == std::string_view::npos) continue;
            begin += 1;
            end = close;
            next = close + 1;
        } else {
            while (end < t.size() && ascii_alnum(t[end])) ++end;
            next = end;
        }
        if (end == begin) continue;
        add(FormulaRun::normal, t.substr(plain, i - plain));
        add(kind, t.substr(begin, end - begin));
        plain = next;
        i = next - 1;
    }
    add(FormulaRun::normal, t.substr(plain));
    return out;
}

float formula_text_at(float x0, float y0, std::string_view text, unsigned int colour) {
    const float size = ImGui::GetFontSize();
    float x = 0;
    for (const FormulaRun& run : formula_runs(text)) {
        const Piece p{run.kind, run.text};
        draw_piece(ImGui::GetWindowDrawList(), ImVec2(x0 + x, y0), p, size, colour);
        x += piece_width(p, size);
    }
    return x;
}

float formula_text_width(std::string_view text) {
    float x = 0;
    for (const FormulaRun& run : formula_runs(text)) x += piece_width({run.kind, run.text}, ImGui::GetFontSize());
    return x;
}

float formula_text_line(std::string_view text, unsigned int colour) {
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float x = formula_text_at(start.x, start.y, text, colour);
    ImGui::Dummy(ImVec2(x, ImGui::GetTextLineHeight()));
    return x;
}

void formula_text_wrapped(std::string_view text, unsigned int colour) {
    const std::vector<FormulaRun> runs = formula_runs(text);
    if (runs.size() == 1 && runs[0].kind == FormulaRun::normal) {  // no formula: plain text, wrapped at spaces
        if (colour) ImGui::PushStyleColor(ImGuiCol_Text, colour);
        text_wrapped(text);
        if (colour) ImGui::PopStyleColor();
        return;
    }
    const float size = ImGui::GetFontSize(), line_h = ImGui::GetTextLineHeightWithSpacing();
    const float width = std::max(size * 4, ImGui::GetContentRegionAvail().x);
    if (!colour) colour = ImGui::GetColorU32(ImGuiCol_Text);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Words are cut at spaces and newlines; a word keeps its runs together (so "D_cs," wraps as one).
    std::vector<Piece> word;
    float x = 0, y = 0, word_w = 0;
    auto flush_word = [&](bool newline_after) {
        if (!word.empty()) {
            if (x > 0 && x + word_w > width) {
                x = 0;
                y += line_h;
            }
            for (const Piece& p : word) {
                draw_piece(dl, ImVec2(origin.x + x, origin.y + y), p, size, colour);
                x += piece_width(p, size);
            }
            word.clear();
            word_w = 0;
        }
        if (newline_after) {
            x = 0;
            y += line_h;
        }
    };
    const float space = piece_width({FormulaRun::normal, " "}, size);
    for (const FormulaRun& run : runs) {
        std::string_view rest = run.text;
        while (!rest.empty()) {
            const size_t cut = rest.find_first_of(" \n");
            const std::string_view part = rest.substr(0, cut);
            if (!part.empty()) {
                word.push_back({run.kind, part});
                word_w += piece_width(word.back(), size);
            }
            if (cut == std::string_view::npos) break;
            const bool newline = rest[cut] == '\n';
            flush_word(newline);
            if (!newline && x > 0) x += space;
            rest.remove_prefix(cut + 1);
        }
    }
    flush_word(false);
    ImGui::Dummy(ImVec2(width, y + ImGui::GetTextLineHeight()));
}

}  // namespace swarmscope

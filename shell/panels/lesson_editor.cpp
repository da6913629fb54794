// The lesson editor: the current lesson's JSON with line numbers, its first problem shown at its line
// and column as it is typed, and Run to play the edited lesson. The page keeps the text in the
// browser as it is typed, and offers Download, Open and Share (web/swarmscope.js).
#include <algorithm>
#include <string>

#include "i18n.h"
#include "reason_words.h"
#include "imgui.h"
#include "palette.h"
#include "panels.h"

namespace swarmscope {

namespace {

int grow_string(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* text = static_cast<std::string*>(data->UserData);
        text->resize(static_cast<size_t>(data->BufTextLen));
        data->Buf = text->data();
    }
    return 0;
}

}  // namespace

void draw_lesson_editor(const ShellState& s, UiOutput& out) {
    const LessonEditor& e = s.editor;
    const Palette& pal = palette(s.theme == Theme::dark, s.presentation);
    // The widget edits its own copy; the shell takes each change after the frame.
    static std::string text;
    static int serial = -1;
    if (serial != e.serial) {
        text = e.text;
        serial = e.serial;
        s.glyphs.need(text);  // the lesson's words, in whatever script they are written
    }
    // Label (its key in the tables), command, widget name.
    static const char* const buttons[][3] = {{"editor.run", "lesson apply", "editor-run"},
                                             {"editor.share", "editor share", "editor-share"},
                                             {"editor.download", "editor download", "editor-download"},
                                             {"editor.open", "editor open", "editor-open"}};
    for (const auto& b : buttons) {
        if (ImGui::Button(tr_id(b[0]).c_str())) out.commands.push_back(b[1]);
        remember(out, b[2]);
        ImGui::SameLine();
    }
    ImGui::TextDisabled("%s", tr(e.dirty ? "editor.edited" : "editor.saved"));
    if (e.problem.message.empty()) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.have), "%s", tr("editor.loads"));
    } else {
        const std::string problem = error_words(e.problem);
        s.glyphs.need(problem);  // it may quote the lesson's words
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.free_rider), "%s",
                           tr("editor.error_at", {std::to_string(e.error_line), std::to_string(e.error_column), problem}).c_str());
    }
    remember(out, "editor-status");

    const float line_h = ImGui::GetTextLineHeight();
    const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    const float gutter = ImGui::CalcTextSize("0000").x + 8;
    ImGui::BeginChild("editor-scroll", ImVec2(0, std::max(200.0f, ImGui::GetContentRegionAvail().y)), true,
                      ImGuiWindowFlags_HorizontalScrollbar);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float pad = ImGui::GetStyle().FramePadding.y;
    for (int i = 1; i <= lines; ++i) {
        const std::string number = std::to_string(i);
        const float y = origin.y + pad + (i - 1) * line_h;
        const bool bad = i == e.error_line;
        if (bad) dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + gutter - 4, y + line_h), with_alpha(pal.free_rider, 0.35f));
        dl->AddText(ImVec2(origin.x + gutter - 6 - ImGui::CalcTextSize(number.c_str()).x, y), bad ? pal.text : pal.text_dim, number.c_str());
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x + gutter, origin.y));
    const float width = std::max(ImGui::GetContentRegionAvail().x, ImGui::CalcTextSize(text.c_str()).x + 40);
    const bool changed = ImGui::InputTextMultiline("##lesson-text", text.data(), text.capacity() + 1, ImVec2(width, lines * line_h + pad * 2 + line_h),
                                                   ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_AllowTabInput |
                                                       ImGuiInputTextFlags_NoHorizontalScroll,
                                                   grow_string, &text);
    remember(out, "editor-text");
    // Under the line at fault, a caret at the column.
    if (e.error_line > 0 && e.error_column > 0) {
        const size_t start = [&] {
            size_t at = 0;
            for (int l = 1; l < e.error_line && at != std::string::npos; ++l) at = text.find('\n', at) == std::string::npos ? std::string::npos : text.find('\n', at) + 1;
            return at == std::string::npos ? text.size() : at;
        }();
        size_t end = start;
        for (int c = 1; c < e.error_column && end < text.size() && text[end] != '\n'; ++c) {
            ++end;
            while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
        }
        const float x = origin.x + gutter + ImGui::GetStyle().FramePadding.x + ImGui::CalcTextSize(text.data() + start, text.data() + end).x;
        const float y = origin.y + pad + e.error_line * line_h;
        dl->AddTriangleFilled(ImVec2(x, y - 2), ImVec2(x - 5, y + 6), ImVec2(x + 5, y + 6), pal.free_rider);
    }
    ImGui::EndChild();
    if (changed) {
        s.glyphs.need(text);
        out.editor_text = text;
    }
}

}  // namespace swarmscope

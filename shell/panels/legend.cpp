// The legend, a strip under the swarm view: what each line, shape and message colour means.
#include <algorithm>

#include "i18n.h"
#include "imgui.h"
#include "palette.h"
#include "panels.h"

namespace swarmscope {

namespace {
float measured_height = 0;  // what the legend took when last drawn: it wraps to the width it is given

// Starts a new row when an item of this width would not fit on the current one.
void wrap_for(float width) {
    ImGui::SameLine(0, ImGui::GetFontSize() * 0.8f);
    if (ImGui::GetCursorPosX() + width > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
}
}  // namespace

float legend_height() {
    const float rows2 = ImGui::GetTextLineHeightWithSpacing() * 2 + ImGui::GetStyle().WindowPadding.y * 2;
    return std::max(rows2, measured_height);
}

void draw_legend(const ShellState& s, const Rect& area, UiOutput& out) {
    ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
    ImGui::SetNextWindowSize(ImVec2(area.w, area.h));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (ImGui::Begin("Legend", nullptr, flags)) {
        const float top = ImGui::GetCursorPosY();
        draw_legend_items(s, out);
        measured_height = ImGui::GetCursorPosY() - top + ImGui::GetStyle().WindowPadding.y * 2 - ImGui::GetStyle().ItemSpacing.y;
    }
    ImGui::End();
}

void draw_legend_items(const ShellState& s, UiOutput& out) {
    const Palette& pal = palette(s.theme == Theme::dark, s.presentation);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fh = ImGui::GetFontSize();
    bool first = true;
    auto wrap = [&](float icon, const char* text) {
        const float w = icon + ImGui::CalcTextSize(text).x + 6;
        if (!first) wrap_for(w);
        first = false;
    };
    auto swatch_line = [&](Colour c, float thickness, bool dotted, bool arrow, const char* text) {
        wrap(fh * 1.6f + 8, text);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float y = p.y + fh * 0.55f, x0 = p.x, x1 = p.x + fh * 1.6f;
        if (dotted)
            for (float x = x0; x < x1; x += 6) dl->AddLine(ImVec2(x, y), ImVec2(x + 3, y), c, thickness);
        else dl->AddLine(ImVec2(x0, y), ImVec2(x1, y), c, thickness);
        if (arrow) dl->AddTriangleFilled(ImVec2(x1 + 3, y), ImVec2(x1 - 5, y - 4), ImVec2(x1 - 5, y + 4), c);
        ImGui::Dummy(ImVec2(fh * 1.6f + 5, fh));
        ImGui::SameLine(0, 3);
        ImGui::TextUnformatted(text);
    };
    auto swatch_shape = [&](int shape, const char* text) {
        wrap(fh * 1.1f + 2, text);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const ImVec2 c(p.x + fh * 0.5f, p.y + fh * 0.55f);
        const float r = fh * 0.42f;
        if (shape == 0) {
            dl->AddCircleFilled(c, r * 0.65f, pal.leecher);
            dl->AddCircle(c, r * 0.85f, pal.missing, 12, r * 0.3f);
            dl->PathArcTo(c, r * 0.85f, -1.5708f, 1.5708f, 12);
            dl->PathStroke(pal.have, 0, r * 0.3f);
        } else if (shape == 1) {
            dl->AddRectFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), pal.seed, 2);
        } else if (shape == 2) {
            dl->AddCircleFilled(c, r * 0.65f, pal.free_rider);
            for (int k = 0; k < 6; ++k) {
                dl->PathArcTo(c, r + 1, 6.2832f * k / 6, 6.2832f * (k + 0.5f) / 6, 3);
                dl->PathStroke(pal.free_rider, 0, 1.2f);
            }
        } else {
            dl->AddCircle(c, r, pal.offline, 12, 1.2f);
        }
        ImGui::Dummy(ImVec2(fh * 1.1f, fh));
        ImGui::SameLine(0, 2);
        ImGui::TextUnformatted(text);
    };
    swatch_line(pal.unchoked, 2.2f, false, true, tr("legend.unchoked"));
    swatch_line(pal.optimistic, 2.2f, false, true, tr("legend.optimistic"));
    swatch_line(pal.interested, 1.2f, true, false, tr("legend.interested"));
    swatch_line(pal.choked, 1.0f, false, false, tr("legend.connected"));
    swatch_shape(0, tr("legend.leecher"));
    swatch_shape(1, tr("legend.seed"));
    swatch_shape(2, tr("legend.free_rider"));
    swatch_shape(3, tr("legend.offline"));
    remember(out, "legend");
    for (InFlightKind kind : legend_kinds) {
        wrap(fh * 0.75f + 2, message_label(kind));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        dl->AddCircleFilled(ImVec2(p.x + fh * 0.35f, p.y + fh * 0.55f), fh * 0.3f, message_colour(kind), 10);
        ImGui::Dummy(ImVec2(fh * 0.75f, fh));
        ImGui::SameLine(0, 2);
        ImGui::TextUnformatted(message_label(kind));
    }
}

}  // namespace swarmscope

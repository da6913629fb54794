// The timeline: play and step controls, the speed, the step unit, a scrubber over the run so far with
// marks for choking rounds, joins, leaves, completions and what-ifs, and the breakpoint.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "commands.h"
#include "i18n.h"
#include "reason_words.h"
#include "imgui.h"
#include "palette.h"
#include "panels.h"

namespace swarmscope {

namespace {

constexpr StepUnit all_units[] = {StepUnit::event,       StepUnit::message,          StepUnit::announce, StepUnit::choke_round,
                                  StepUnit::optimistic_round, StepUnit::piece, StepUnit::completion};

bool button(const char* label, const char* name, const char* tip, UiOutput& out, float width = 0) {
    const bool pressed = ImGui::Button(label, ImVec2(width, 0));
    remember(out, name);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
    return pressed;
}

void scrubber(const ShellState& s, UiOutput& out) {
    const Session& session = s.session;
    const Palette& pal = palette(s.theme == Theme::dark, s.presentation);
    const float w = ImGui::GetContentRegionAvail().x, h = ImGui::GetFrameHeight() * 1.2f;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("scrubber", ImVec2(w, h));
    remember(out, "scrubber");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // The scale covers what has been run, and a little room beyond it.
    const SimTime end = std::max<SimTime>(seconds(10), std::max(session.furthest_time(), session.view_time()));
    const double span = static_cast<double>(end) * 1.05;
    auto x_of = [&](SimTime t) { return p.x + static_cast<float>(static_cast<double>(t) / span) * w; };
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), with_alpha(pal.grid, 0.5f), 4);
    dl->AddRectFilled(p, ImVec2(x_of(session.furthest_time()), p.y + h), with_alpha(pal.grid, 0.9f), 4);
    for (const TimelineMark& m : session.marks()) {
        const float x = x_of(m.time);
        switch (m.kind) {
            case TimelineMark::round: dl->AddLine(ImVec2(x, p.y + h * 0.55f), ImVec2(x, p.y + h), pal.text_dim, 1); break;
            case TimelineMark::join: dl->AddLine(ImVec2(x, p.y), ImVec2(x, p.y + h * 0.3f), pal.leecher, 2); break;
            case TimelineMark::leave: dl->AddLine(ImVec2(x, p.y), ImVec2(x, p.y + h * 0.3f), pal.free_rider, 2); break;
            case TimelineMark::completion: dl->AddCircleFilled(ImVec2(x, p.y + h * 0.4f), 3, pal.have, 8); break;
            case TimelineMark::what_if:
                dl->AddTriangleFilled(ImVec2(x - 5, p.y), ImVec2(x + 5, p.y), ImVec2(x, p.y + 8), pal.optimistic);
                dl->AddLine(ImVec2(x, p.y), ImVec2(x, p.y + h), pal.optimistic, 1.5f);
                break;
        }
    }
    const float xv = x_of(session.view_time());
    dl->AddLine(ImVec2(xv, p.y - 2), ImVec2(xv, p.y + h + 2), pal.selection, 2.5f);
    dl->AddTriangleFilled(ImVec2(xv - 6, p.y - 4), ImVec2(xv + 6, p.y - 4), ImVec2(xv, p.y + 4), pal.selection);
    if (ImGui::IsItemHovered()) {
        const double t = std::clamp((ImGui::GetIO().MousePos.x - p.x) / w, 0.0f, 1.0f) * span;
        char at[32];
        std::snprintf(at, sizeof at, "%.1f", t / 1e6);
        ImGui::SetTooltip("%s", tr("timeline.scrub_tip", {at}).c_str());
    }
    if (ImGui::IsItemActive() && (ImGui::IsItemClicked() || ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1))) {
        const double t = std::clamp((ImGui::GetIO().MousePos.x - p.x) / w, 0.0f, 1.0f) * span;
        // Only as far as has been run while dragging; the end of the bar runs the swarm on.
        const SimTime target = static_cast<SimTime>(t);
        if (std::llabs(target - session.view_time()) > static_cast<SimTime>(span / w)) {
            char cmd[64];
            std::snprintf(cmd, sizeof cmd, "seek %.3fs", static_cast<double>(target) / 1e6);
            out.commands.push_back(cmd);
        }
    }
}

void breakpoint_box(const ShellState& s, UiOutput& out) {
    static char text[256] = "";
    // A breakpoint set by a command (a script, a test) shows in the box too.
    static std::string shown;
    if (s.session.breakpoint_text() != shown) {
        shown = s.session.breakpoint_text();
        if (!shown.empty()) std::snprintf(text, sizeof text, "%s", shown.c_str());
    }
    ImGui::TextUnformatted(tr("timeline.break_when"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::max(160.0f, ImGui::GetContentRegionAvail().x * 0.5f));
    // The examples are the condition language's own words, the same in every language.
    const std::string hint = tr("timeline.break_example", {"piece 3 copies >= 4, peer 2 unchokes peer 5, time >= 60s"});
    const bool enter = ImGui::InputTextWithHint("##break", hint.c_str(), text, sizeof text, ImGuiInputTextFlags_EnterReturnsTrue);
    remember(out, "breakpoint");
    const ImVec2 box_min = ImGui::GetItemRectMin();
    ImGui::SameLine();
    if (ImGui::Button(tr_id(s.session.breakpoint_text().empty() ? "timeline.break_set" : "timeline.break_clear").c_str()) || enter) {
        if (enter || s.session.breakpoint_text().empty()) out.commands.push_back(std::string("break ") + text);
        else {
            out.commands.push_back("break off");
            text[0] = '\0';
        }
    }
    // What became of it, beside the box; a mistake also gets a caret under its column in the box.
    ImGui::SameLine();
    if (!s.breakpoint_problem.message.empty()) {
        const Palette& pal = palette(s.theme == Theme::dark, s.presentation);
        const size_t col = s.breakpoint_problem.offset;
        const std::string upto(text, std::min(std::strlen(text), col > 0 ? col - 1 : 0));
        const float x = box_min.x + ImGui::GetStyle().FramePadding.x + ImGui::CalcTextSize(upto.c_str()).x;
        const float y = box_min.y + ImGui::GetFrameHeight() - 3;
        ImGui::GetWindowDrawList()->AddTriangleFilled(ImVec2(x, y - 7), ImVec2(x - 6, y + 2), ImVec2(x + 6, y + 2), pal.free_rider);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.free_rider), "%s", condition_error_words(s.breakpoint_problem).c_str());
    } else if (!s.session.breakpoint_hit().empty()) {
        ImGui::TextColored(ImVec4(1, 0.85f, 0.3f, 1), "%s", tr("timeline.break_hit", {s.session.breakpoint_text()}).c_str());
    } else if (!s.session.breakpoint_text().empty()) {
        ImGui::TextDisabled("%s", tr("timeline.break_armed", {s.session.breakpoint_text()}).c_str());
    } else {
        ImGui::TextDisabled("%s", tr("timeline.break_idle"));
    }
}

}  // namespace

void draw_timeline(const ShellState& s, const Rect& area, UiOutput& out) {
    const Session& session = s.session;
    ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
    ImGui::SetNextWindowSize(ImVec2(area.w, area.h));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (!ImGui::Begin("Timeline", nullptr, flags)) {
        ImGui::End();
        return;
    }
    const std::string unit = unit_word(session.unit());
    if (button("|<", "start", tr("timeline.tip.start"), out)) out.commands.push_back("seek start");
    ImGui::SameLine();
    if (button("<", "back", tr("timeline.tip.back"), out)) out.commands.push_back("back " + unit);
    ImGui::SameLine();
    // Play and Pause take the same room, so the buttons after them stay put.
    const float play_w = std::max(ImGui::CalcTextSize(tr("timeline.play")).x, ImGui::CalcTextSize(tr("timeline.pause")).x) +
                         ImGui::CalcTextSize("  ").x + ImGui::GetStyle().FramePadding.x * 2;
    const std::string play = std::string(tr(session.playing() ? "timeline.pause" : "timeline.play")) + "###play";
    if (button(play.c_str(), "play", tr("timeline.tip.play"), out, play_w))
        out.commands.push_back(session.playing() ? "pause" : "play");
    ImGui::SameLine();
    if (button(">", "step", tr("timeline.tip.step"), out)) out.commands.push_back("step " + unit);
    ImGui::SameLine();
    if (button(">|", "end", tr("timeline.tip.end"), out)) out.commands.push_back("seek end");
    ImGui::SameLine();
    ImGui::TextUnformatted(tr("timeline.step_by"));
    ImGui::SameLine();
    float unit_w = 0;
    for (StepUnit u : all_units) unit_w = std::max(unit_w, ImGui::CalcTextSize(step_unit_words(u)).x);
    ImGui::SetNextItemWidth(unit_w + 40);
    if (ImGui::BeginCombo("##unit", step_unit_words(session.unit()))) {
        for (StepUnit u : all_units)
            if (ImGui::Selectable(step_unit_words(u), u == session.unit())) out.commands.push_back(std::string("unit ") + unit_word(u));
        ImGui::EndCombo();
    }
    remember(out, "unit");
    ImGui::SameLine();
    ImGui::TextUnformatted(tr("timeline.speed"));
    ImGui::SameLine();
    float speed = static_cast<float>(session.speed());
    ImGui::SetNextItemWidth(150);
    if (ImGui::SliderFloat("##speed", &speed, 0.1f, 1000.0f, "%.1fx", ImGuiSliderFlags_Logarithmic)) {
        char cmd[48];
        std::snprintf(cmd, sizeof cmd, "speed %.3g", static_cast<double>(speed));
        out.commands.push_back(cmd);
    }
    remember(out, "speed");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("timeline.tip.speed"));
    ImGui::SameLine();
    const Swarm& swarm = session.swarm();
    char now[32], run[32];
    std::snprintf(now, sizeof now, "%.2f", to_seconds(session.view_time()));
    std::snprintf(run, sizeof run, "%.1f", to_seconds(session.furthest_time()));
    ImGui::TextUnformatted(tr("timeline.time", {now, run}).c_str());
    const double achieved = session.achieved_speed();
    if (session.playing() && achieved > 0 && achieved < 0.9 * session.speed()) {
        char at[16], asked[16];
        std::snprintf(at, sizeof at, "%.1f", achieved);
        std::snprintf(asked, sizeof asked, "%.3g", session.speed());
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr("timeline.behind", {at, asked}).c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("timeline.tip.behind"));
    }
    if (swarm.done()) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.4f, 0.9f, 0.5f, 1), "%s", tr("timeline.done"));
    }
    scrubber(s, out);
    breakpoint_box(s, out);
    ImGui::End();
}

}  // namespace swarmscope

#include "ui.h"

#include <algorithm>
#include <string>

#include "commands.h"
#include "i18n.h"
#include "imgui.h"
#include "panels/panels.h"
#include "version.h"

namespace swarmscope {

namespace {

void press(UiOutput& out, ImGuiKey key, const char* command, bool repeat = true) {
    if (ImGui::IsKeyPressed(key, repeat)) out.commands.push_back(command);
}

void handle_shortcuts(const ShellState& s, UiOutput& out) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    const std::string unit = unit_word(s.session.unit());
    press(out, ImGuiKey_F1, "help toggle", false);
    press(out, ImGuiKey_F2, "theme toggle", false);
    press(out, ImGuiKey_F, "present toggle", false);
    // '?' as typed, whatever keys the keyboard layout needs for it.
    for (ImWchar c : io.InputQueueCharacters)
        if (c == '?') out.commands.push_back("help toggle");
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) out.commands.push_back(s.panel_open("help") ? "help hide" : "deselect");
    press(out, ImGuiKey_Space, "play toggle", false);
    // In a lesson, N and P (and a presentation clicker's PageDown and PageUp) move through its steps.
    if (s.session.lesson()) {
        press(out, ImGuiKey_N, "lesson next", false);
        press(out, ImGuiKey_P, "lesson prev", false);
        if (ImGui::IsKeyPressed(ImGuiKey_PageDown, false)) out.commands.push_back("lesson next");
        if (ImGui::IsKeyPressed(ImGuiKey_PageUp, false)) out.commands.push_back("lesson prev");
    }
    if (io.KeyShift) {
        press(out, ImGuiKey_RightArrow, "step round");
        press(out, ImGuiKey_LeftArrow, "back round");
    } else {
        const bool clicker = !s.session.lesson();  // in a lesson the clicker moves through its steps
        if (ImGui::IsKeyPressed(ImGuiKey_RightArrow) || (clicker && ImGui::IsKeyPressed(ImGuiKey_PageDown))) out.commands.push_back("step " + unit);
        if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow) || (clicker && ImGui::IsKeyPressed(ImGuiKey_PageUp))) out.commands.push_back("back " + unit);
    }
    press(out, ImGuiKey_Home, "seek start", false);
    press(out, ImGuiKey_End, "seek end", false);
    if (ImGui::IsKeyPressed(ImGuiKey_KeypadAdd) || ImGui::IsKeyPressed(ImGuiKey_Equal)) out.commands.push_back("speed up");
    if (ImGui::IsKeyPressed(ImGuiKey_KeypadSubtract) || ImGui::IsKeyPressed(ImGuiKey_Minus)) out.commands.push_back("speed down");
    const char* units[] = {"event", "message", "announce", "round", "optimistic", "piece", "completion"};
    for (int k = 0; k < 7; ++k)
        if (ImGui::IsKeyPressed(static_cast<ImGuiKey>(ImGuiKey_1 + k), false)) out.commands.push_back(std::string("unit ") + units[k]);
}

float draw_menu_bar(const ShellState& s, UiOutput& out) {
    float height = 0;
    if (!ImGui::BeginMainMenuBar()) return height;
    ImGui::TextUnformatted("Swarmscope");
    ImGui::TextDisabled("%s", std::string(version()).c_str());
    ImGui::Separator();
    if (ImGui::BeginMenu(tr_id("menu.swarm").c_str())) {
        if (ImGui::MenuItem(tr("menu.setup"), nullptr, s.panel_open("setup"))) out.commands.push_back("panel setup toggle");
        if (ImGui::MenuItem(tr("menu.restart"))) out.commands.push_back("setup default");
        if (ImGui::MenuItem(tr("menu.add_leecher"))) out.commands.push_back("whatif add");
        ImGui::EndMenu();
    }
    remember(out, "menu-swarm");
    if (ImGui::BeginMenu(tr_id("menu.lessons").c_str())) {
        if (ImGui::MenuItem(tr("menu.choose_lesson"), nullptr, s.panel_open("lessons") && !s.session.lesson())) {
            if (s.session.lesson()) out.commands.push_back("lesson close");
            out.commands.push_back("panel lessons show");
        }
        if (ImGui::MenuItem(tr("menu.edit_lesson"), nullptr, s.panel_open("editor"))) out.commands.push_back("panel editor toggle");
        if (ImGui::MenuItem(tr("menu.open_lesson"))) out.commands.push_back("editor open");
        if (ImGui::MenuItem(tr("menu.share_lesson"), nullptr, false, !s.editor.text.empty())) out.commands.push_back("editor share");
        if (ImGui::MenuItem(tr("menu.close_lesson"), nullptr, false, s.session.lesson() != nullptr)) out.commands.push_back("lesson close");
        ImGui::EndMenu();
    }
    remember(out, "menu-lessons");
    if (ImGui::BeginMenu(tr_id("menu.view").c_str())) {
        for (const std::string& name : panel_names())
            if (ImGui::MenuItem(tr(("panel." + name).c_str()), nullptr, s.panel_open(name))) out.commands.push_back("panel " + name + " toggle");
        ImGui::Separator();
        if (ImGui::MenuItem(tr("menu.presentation"), "F", s.presentation)) out.commands.push_back("present toggle");
        if (ImGui::MenuItem(tr(s.theme == Theme::dark ? "menu.light_theme" : "menu.dark_theme"), "F2")) out.commands.push_back("theme toggle");
        if (ImGui::MenuItem(tr("menu.reset_zoom"))) out.commands.push_back("view reset");
        ImGui::EndMenu();
    }
    remember(out, "menu-view");
    if (ImGui::BeginMenu(tr_id("menu.language").c_str())) {
        for (const std::string& lang : languages()) {
            s.glyphs.need(language_name(lang));  // each language named in its own script
            if (ImGui::MenuItem(language_name(lang), nullptr, lang == s.lang)) out.commands.push_back("lang " + lang);
        }
        ImGui::EndMenu();
    }
    remember(out, "menu-language");
    if (ImGui::MenuItem(tr_id("menu.about").c_str())) out.commands.push_back("panel about toggle");
    remember(out, "about");
    if (ImGui::MenuItem(tr_id("menu.help").c_str(), "?", s.panel_open("help"))) out.commands.push_back("help toggle");
    remember(out, "help");
    if (ImGui::MenuItem((std::string(tr(s.presentation ? "menu.leave_presentation" : "menu.present")) + "###present").c_str(), "F")) out.commands.push_back("present toggle");
    remember(out, "present");
    height = ImGui::GetWindowSize().y;
    ImGui::EndMainMenuBar();
    return height;
}

void draw_status_bar(const ShellState& s, const Rect& area) {
    ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
    ImGui::SetNextWindowSize(ImVec2(area.w, area.h));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(8, 3));
    if (ImGui::Begin("##status", nullptr, flags)) {
        if (!s.session.breakpoint_hit().empty()) ImGui::TextUnformatted(tr("timeline.break_hit", {s.session.breakpoint_text()}).c_str());
        else if (!s.notice_shown.empty()) ImGui::TextUnformatted(s.notice_shown.c_str());
        else ImGui::TextDisabled("%s", tr("status.keys"));
        ImGui::SameLine(std::max(0.0f, area.w - ImGui::CalcTextSize("000 fps").x - 12));
        ImGui::TextDisabled("%s", tr("status.fps", {std::to_string(static_cast<int>(s.fps + 0.5f))}).c_str());
    }
    ImGui::End();
    ImGui::PopStyleVar();
}

// A fixed window in the layout; false if it is hidden (then nothing is drawn).
bool begin_docked(const char* title, const Rect& r) {
    ImGui::SetNextWindowPos(ImVec2(r.x, r.y));
    ImGui::SetNextWindowSize(ImVec2(r.w, r.h));
    return ImGui::Begin(title, nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                                            ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus);
}

void floating(const ShellState& s, const char* title, const char* panel, float width, void (*draw)(const ShellState&, UiOutput&),
              UiOutput& out) {
    if (!s.panel_open(panel)) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(width, vp->Size.x - 40), 0), ImGuiCond_Appearing);
    ImGui::SetNextWindowSizeConstraints(ImVec2(200, 80), ImVec2(vp->Size.x - 20, vp->Size.y - 60));
    ImGui::SetNextWindowBgAlpha(1.0f);  // the swarm must not show through the text
    bool open = true;
    if (ImGui::Begin(title, &open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
        ImGui::PushTextWrapPos(0);
        draw(s, out);
        ImGui::PopTextWrapPos();
    }
    ImGui::End();
    if (!open) out.commands.push_back(std::string("panel ") + panel + " hide");
}

}  // namespace

void apply_theme(Theme theme, bool presentation) {
    if (theme == Theme::dark || presentation) ImGui::StyleColorsDark();
    else ImGui::StyleColorsLight();
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    if (theme == Theme::dark || presentation) ImGui::StyleColorsDark(&style);
    else ImGui::StyleColorsLight(&style);
    style.WindowRounding = 6;
    style.FrameRounding = 4;
    style.WindowBorderSize = 1;
    if (presentation) {
        // High contrast for a projector: black panels, white text, thicker borders.
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_Text] = ImVec4(1, 1, 1, 1);
        style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.82f, 0.82f, 0.82f, 1);
        style.Colors[ImGuiCol_Border] = ImVec4(0.8f, 0.8f, 0.8f, 1);
        style.WindowBorderSize = 2;
        style.FrameBorderSize = 1;
    }
}

void draw_ui(const ShellState& s, UiOutput& out) {
    handle_shortcuts(s, out);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float top = draw_menu_bar(s, out);
    const float fh = ImGui::GetFrameHeightWithSpacing();
    const float status_h = ImGui::GetFrameHeight();
    const float timeline_h = fh * 3 + ImGui::GetStyle().WindowPadding.y * 2 + 4;
    const float bottom = vp->Pos.y + vp->Size.y - status_h - timeline_h;
    const bool inspector = s.panel_open("inspector");
    const bool legend_tab = s.panel_open("legend") && s.presentation;
    const bool lesson_area = s.session.lesson() || s.panel_open("lessons");
    const bool lower = s.panel_open("narration") || s.panel_open("pieces") || s.panel_open("chart") || legend_tab ||
                       (lesson_area && inspector);
    // The swarm view is the centre of the page; the panels beside it take 40 % (45 % in presentation mode).
    const float side_w = inspector || lower || lesson_area ? std::clamp(vp->Size.x * (s.presentation ? 0.45f : 0.4f), 320.0f, 640.0f) : 0;
    // In presentation mode the legend is a tab beside the narration, so the swarm keeps its room.
    const bool legend_strip = s.panel_open("legend") && !s.presentation;
    const float legend_h = legend_strip ? legend_height() : 0;
    const Rect swarm_area{vp->Pos.x, vp->Pos.y + top, vp->Size.x - side_w, bottom - vp->Pos.y - top - legend_h};
    draw_swarm_view(s, swarm_area, out);
    if (legend_h > 0) draw_legend(s, Rect{swarm_area.x, swarm_area.y + swarm_area.h, swarm_area.w, legend_h}, out);

    const float side_x = vp->Pos.x + vp->Size.x - side_w;
    const float side_h = bottom - vp->Pos.y - top;
    // A lesson (or the lesson picker) takes the top of the column; the inspector then joins the tabs.
    const bool sweep = s.session.lesson() && s.session.lesson()->lesson().sweep;  // its chart needs the room
    // While a question waits for the class it takes the whole column; on a projector's large type, most of it.
    const bool asking = s.session.lesson() && s.session.lesson()->question_open();
    const float lesson_share = asking ? 1.0f : sweep || (s.presentation && s.session.lesson()) ? 0.8f : s.session.lesson() ? 0.64f : 0.4f;
    const float lesson_h = !lesson_area ? 0 : side_h * lesson_share;
    if (lesson_area && begin_docked((std::string(tr(s.session.lesson() ? "window.lesson" : "window.lessons")) + "###lesson").c_str(), Rect{side_x, vp->Pos.y + top, side_w, lesson_h})) {
        remember(out, "lesson");
        ImGui::PushTextWrapPos(0);
        draw_lesson(s, out);
        ImGui::PopTextWrapPos();
    }
    if (lesson_area) ImGui::End();
    const float insp_h = lesson_area ? lesson_h : !lower ? side_h : !inspector ? 0 : side_h * 0.56f;
    if (inspector && !lesson_area) {
        ImGui::SetNextWindowPos(ImVec2(side_x, vp->Pos.y + top));
        ImGui::SetNextWindowSize(ImVec2(side_w, insp_h));
        draw_inspector(s, out);
    }
    if (lower && side_h - insp_h > fh * 2) {
        const Rect r{side_x, vp->Pos.y + top + insp_h, side_w, side_h - insp_h};
        if (begin_docked(tr_id("window.run").c_str(), r)) {
            // A tab asked for by a command comes to the front once; after that the reader's clicks decide.
            static int tab_serial_seen = 0;
            auto tab_flags = [&](const char* name) {
                return s.tab_serial != tab_serial_seen && s.tab_request == name ? ImGuiTabItemFlags_SetSelected : 0;
            };
            if (ImGui::BeginTabBar("run-tabs")) {
                if (inspector && lesson_area && ImGui::BeginTabItem(tr_id("panel.inspector").c_str(), nullptr, tab_flags("inspector"))) {
                    remember(out, "inspector");
                    draw_inspector_contents(s, out);
                    ImGui::EndTabItem();
                }
                if (s.panel_open("narration") && ImGui::BeginTabItem(tr_id("panel.narration").c_str(), nullptr, tab_flags("narration"))) {
                    draw_narration(s, out);
                    ImGui::EndTabItem();
                }
                if (s.panel_open("pieces") && ImGui::BeginTabItem(tr_id("panel.pieces").c_str(), nullptr, tab_flags("pieces"))) {
                    draw_piece_view(s, out);
                    ImGui::EndTabItem();
                }
                if (s.panel_open("chart") && ImGui::BeginTabItem(tr_id("panel.chart").c_str(), nullptr, tab_flags("chart"))) {
                    draw_distribution_chart(s, out);
                    ImGui::EndTabItem();
                }
                if (legend_tab && ImGui::BeginTabItem(tr_id("panel.legend").c_str(), nullptr, tab_flags("legend"))) {
                    draw_legend_items(s, out);
                    ImGui::EndTabItem();
                }
                ImGui::EndTabBar();
            }
            tab_serial_seen = s.tab_serial;
        }
        ImGui::End();
    }
    draw_timeline(s, Rect{vp->Pos.x, bottom, vp->Size.x, timeline_h}, out);
    draw_status_bar(s, Rect{vp->Pos.x, vp->Pos.y + vp->Size.y - status_h, vp->Size.x, status_h});
    floating(s, tr_id("window.setup").c_str(), "setup", 460, draw_setup, out);
    floating(s, tr_id("panel.about").c_str(), "about", 560, draw_about, out);
    floating(s, tr_id("panel.help").c_str(), "help", 620, draw_help, out);
    floating(s, tr_id("panel.editor").c_str(), "editor", 720, draw_lesson_editor, out);
}

}  // namespace swarmscope

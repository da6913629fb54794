#include "ui.h"

#include <cstdio>
#include <string>

#include "commands.h"
#include "imgui.h"
#include "version.h"

namespace swarmscope {

namespace {

void remember(UiOutput& out, const char* name) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    out.widgets[name] = {a.x, a.y, b.x - a.x, b.y - a.y};
}

void handle_shortcuts(const ShellState& s, UiOutput& out) {
    if (ImGui::GetIO().WantTextInput) return;
    if (ImGui::IsKeyPressed(ImGuiKey_F1, false)) out.commands.push_back("help toggle");
    if (ImGui::IsKeyPressed(ImGuiKey_F2, false)) out.commands.push_back("theme toggle");
    if (s.help_open && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) out.commands.push_back("help hide");
}

float draw_menu_bar(const ShellState& s, UiOutput& out) {
    float height = 0;
    if (!ImGui::BeginMainMenuBar()) return height;
    ImGui::TextUnformatted("Swarmscope");
    ImGui::TextDisabled("%s", std::string(version()).c_str());
    ImGui::Separator();
    if (ImGui::MenuItem("Help", "F1", s.help_open)) out.commands.push_back("help toggle");
    remember(out, "help");
    if (ImGui::MenuItem(s.theme == Theme::dark ? "Light theme" : "Dark theme", "F2")) out.commands.push_back("theme toggle");
    remember(out, "theme");
    height = ImGui::GetWindowSize().y;
    ImGui::EndMainMenuBar();
    return height;
}

float status_bar_height() { return ImGui::GetFrameHeight(); }

void draw_status_bar(const ShellState& s) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float h = status_bar_height();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - h));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x, h));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(8, 3));
    if (ImGui::Begin("##status", nullptr, flags)) {
        ImGui::TextDisabled("%.0f x %.0f px, pixel ratio %.2f, %.0f fps", s.width, s.height, s.pixel_ratio, s.fps);
        ImGui::SameLine(ImGui::GetWindowWidth() - 170);
        ImGui::TextDisabled("F1 help   F2 theme");
    }
    ImGui::End();
    ImGui::PopStyleVar();
}

void draw_swarm_area(float top, UiOutput& out) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImVec2 pos(vp->Pos.x, vp->Pos.y + top);
    const ImVec2 size(vp->Size.x, vp->Size.y - top - status_bar_height());
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (ImGui::Begin("Swarm", nullptr, flags)) {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImU32 dot = ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.35f);
        for (float y = pos.y + 24; y < pos.y + size.y; y += 32)
            for (float x = pos.x + 24; x < pos.x + size.x; x += 32) dl->AddCircleFilled(ImVec2(x, y), 1.2f, dot, 6);
        const char* title = "The swarm is empty";
        const char* detail = "No tracker and no peers yet.";
        const ImVec2 t = ImGui::CalcTextSize(title), d = ImGui::CalcTextSize(detail);
        const ImVec2 c(pos.x + size.x * 0.5f, pos.y + size.y * 0.5f);
        dl->AddText(ImVec2(c.x - t.x * 0.5f, c.y - t.y), ImGui::GetColorU32(ImGuiCol_Text), title);
        dl->AddText(ImVec2(c.x - d.x * 0.5f, c.y + 4), ImGui::GetColorU32(ImGuiCol_TextDisabled), detail);
        ImGui::InvisibleButton("swarm-canvas", size);
        remember(out, "swarm");
    }
    ImGui::End();
}

void draw_help(const ShellState& s, UiOutput& out) {
    if (!s.help_open) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(460, 0), ImGuiCond_Appearing);
    ImGui::SetNextWindowBgAlpha(1.0f);  // the swarm must not show through the text
    bool open = true;
    if (ImGui::Begin("Help", &open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
        ImGui::TextWrapped("Swarmscope runs a BitTorrent swarm in simulated time so a class can watch and step "
                           "through it. Keyboard shortcuts:");
        if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
            const char* keys[][2] = {{"F1", "show or hide this help"}, {"F2", "switch dark / light theme"},
                                     {"Esc", "close this help"}};
            for (const auto& k : keys) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(k[0]);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(k[1]);
            }
            ImGui::EndTable();
        }
        ImGui::Spacing();
        ImGui::TextWrapped("Commands (also accepted by window.swarmscope.command in the page):");
        for (const CommandInfo& c : command_list()) ImGui::BulletText("%s: %s", c.usage, c.summary);
        remember(out, "help-window");
    }
    ImGui::End();
    if (!open) out.commands.push_back("help hide");
}

}  // namespace

void apply_theme(Theme theme) {
    if (theme == Theme::dark) ImGui::StyleColorsDark();
    else ImGui::StyleColorsLight();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 6;
    style.FrameRounding = 4;
    style.WindowBorderSize = 1;
}

void draw_ui(const ShellState& state, UiOutput& out) {
    handle_shortcuts(state, out);
    const float top = draw_menu_bar(state, out);
    draw_swarm_area(top, out);
    draw_status_bar(state);
    draw_help(state, out);
}

}  // namespace swarmscope

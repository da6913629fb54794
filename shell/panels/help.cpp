// Help: every keyboard shortcut and every command, so a lecturer can find what the page does.
#include "commands.h"
#include "imgui.h"
#include "panels.h"

namespace swarmscope {

namespace {

const char* const shortcuts[][2] = {
    {"Space", "play / pause"},
    {"Right, PageDown", "step forward by the chosen unit (a clicker's next button)"},
    {"Left, PageUp", "step back by the chosen unit"},
    {"N, PageDown (in a lesson)", "play the lesson step; at its end, the next step"},
    {"P, PageUp (in a lesson)", "back to the start of the step, then of the one before"},
    {"Shift+Right / Shift+Left", "forward / back one choking round"},
    {"Home / End", "to the start / run to the end"},
    {"+ / -", "faster / slower"},
    {"1 ... 7", "step unit: event, message, announce, round, optimistic, piece, completion"},
    {"F", "presentation mode (large type, high contrast)"},
    {"Esc", "deselect, close this help"},
    {"? or F1", "show or hide this help"},
    {"F2", "dark / light theme"},
    {"mouse", "click: inspect; right-click: what-ifs; wheel: zoom; drag: pan"},
};

}  // namespace

void draw_help(const ShellState& s, UiOutput& out) {
    (void)s;
    ImGui::TextWrapped("Swarmscope runs a real BitTorrent swarm in simulated time, so a class can watch it and step "
                       "through it. Peers sit on a ring around the tracker; the ring round each peer fills as it gets pieces.");
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
        for (const auto& k : shortcuts) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(k[0]);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(k[1]);
        }
        ImGui::EndTable();
    }
    remember(out, "help-window");
    ImGui::Spacing();
    ImGui::TextWrapped("Commands (the same as window.swarmscope.command in the page, and --command in the desktop app):");
    for (const CommandInfo& c : command_list()) ImGui::BulletText("%s: %s", c.usage, c.summary);
}

}  // namespace swarmscope

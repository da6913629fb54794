// Help: every keyboard shortcut and every command, so a lecturer can find what the page does.
#include "commands.h"
#include "i18n.h"
#include "imgui.h"
#include "panels.h"
#include "text_wrap.h"

namespace swarmscope {

namespace {

// Each key and what it does. The keys' names are words in a table where they have words to translate.
struct Shortcut {
    const char* keys;  // a table key ("help.key.*"), or the keys themselves when no word in them changes
    bool translated;
    const char* does;  // a table key
};

const Shortcut shortcuts[] = {
    {"help.key.space", true, "help.does.play"},
    {"help.key.next", true, "help.does.step"},
    {"help.key.prev", true, "help.does.back"},
    {"help.key.lesson_next", true, "help.does.lesson_next"},
    {"help.key.lesson_prev", true, "help.does.lesson_prev"},
    {"help.key.round", true, "help.does.round"},
    {"help.key.ends", true, "help.does.ends"},
    {"+ / -", false, "help.does.speed"},
    {"1 ... 7", false, "help.does.units"},
    {"F", false, "help.does.present"},
    {"Esc", false, "help.does.esc"},
    {"help.key.help", true, "help.does.help"},
    {"F2", false, "help.does.theme"},
    {"help.key.mouse", true, "help.does.mouse"},
};

}  // namespace

void draw_help(const ShellState& s, UiOutput& out) {
    (void)s;
    text_wrapped(tr("help.intro"));
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
        for (const auto& k : shortcuts) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(k.translated ? tr(k.keys) : k.keys);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(tr(k.does));
        }
        ImGui::EndTable();
    }
    remember(out, "help-window");
    ImGui::Spacing();
    text_wrapped(tr("help.commands"));
    for (const CommandInfo& c : command_list()) {
        ImGui::Bullet();  // BulletText does not wrap: a long line would run off the window
        text_wrapped(std::string(c.usage) + ": " + tr(c.summary));
    }
}

}  // namespace swarmscope

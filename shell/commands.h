// Text commands: the one way the UI, keyboard shortcuts and the page's JavaScript API change the shell.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "shell_state.h"

namespace swarmscope {

struct CommandResult {
    bool ok = false;
    std::string message;  // what happened, or why the command was refused (English: scripts read it)
    std::string shown;    // the same for the status bar, in the page's language; empty: the message
};

struct CommandInfo {
    const char* usage;
    const char* summary;  // its key in the UI tables (help.cmd.*): what the command does
};

// `wall_now`: the caller's clock in seconds, which times the flight of a message stepped by hand.
CommandResult run_command(ShellState& state, std::string_view text, double wall_now = 0);
const std::vector<CommandInfo>& command_list();
// The page's language's table is here (built in, or fetched since `lang` chose it): its characters are needed.
void language_arrived(ShellState& state);
// The lesson editor's text was typed into: keep it and check it (the problem goes to state.editor).
void editor_typed(ShellState& state, std::string text);
// Puts a whole lesson text in the editor (from a file, a share link or the browser's storage) and, with
// `run`, plays it; a text that does not load stays in the editor with its problem, and the canvas keeps
// what it had.
CommandResult editor_load(ShellState& state, std::string text, std::string name, bool run);
// The word commands use for a step unit: "event", "message", "announce", "round", "optimistic", ...
const char* unit_word(StepUnit unit);

}  // namespace swarmscope

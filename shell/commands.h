// Text commands: the one way the UI, keyboard shortcuts and the page's JavaScript API change the shell.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "shell_state.h"

namespace swarmscope {

struct CommandResult {
    bool ok = false;
    std::string message;  // what happened, or why the command was refused
};

struct CommandInfo {
    const char* usage;
    const char* summary;
};

CommandResult run_command(ShellState& state, std::string_view text);
const std::vector<CommandInfo>& command_list();

}  // namespace swarmscope

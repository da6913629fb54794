// The panels of the page, drawn each frame from the shell's state. Changes come back as text commands.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "shell_state.h"

namespace swarmscope {

struct UiOutput {
    std::vector<std::string> commands;    // run after the frame, in order
    std::map<std::string, Rect> widgets;  // where the named controls were drawn
};

void draw_ui(const ShellState& state, UiOutput& out);
void apply_theme(Theme theme);

}  // namespace swarmscope

// The page, drawn each frame from the shell's state: the layout of the panels, the menu and the keys.
// Changes come back as text commands.
#pragma once
#include "shell_state.h"
#include "ui_output.h"

namespace swarmscope {

void draw_ui(const ShellState& state, UiOutput& out);
void apply_theme(Theme theme, bool presentation);

}  // namespace swarmscope

// Every panel is a free function over the shell's state (read only) that draws itself into `area`
// and returns what the lecturer did as commands in `out`.
#pragma once
#include "shell_state.h"
#include "ui_output.h"

namespace swarmscope {

void draw_swarm_view(const ShellState& s, const Rect& area, UiOutput& out);
void draw_legend(const ShellState& s, const Rect& area, UiOutput& out);
float legend_height();
void draw_legend_items(const ShellState& s, UiOutput& out);  // the legend's contents, in any window
void draw_timeline(const ShellState& s, const Rect& area, UiOutput& out);
void draw_inspector(const ShellState& s, UiOutput& out);  // peer, message, piece or connection
void draw_inspector_contents(const ShellState& s, UiOutput& out);  // the same, inside a window already begun
void draw_narration(const ShellState& s, UiOutput& out);
void draw_piece_view(const ShellState& s, UiOutput& out);
void draw_distribution_chart(const ShellState& s, UiOutput& out);
void draw_setup(const ShellState& s, UiOutput& out);
void draw_about(const ShellState& s, UiOutput& out);
void draw_help(const ShellState& s, UiOutput& out);
void draw_lesson(const ShellState& s, UiOutput& out);         // the player, or the picker with no lesson open
void draw_lesson_picker(const ShellState& s, UiOutput& out);
void draw_lesson_editor(const ShellState& s, UiOutput& out);

}  // namespace swarmscope

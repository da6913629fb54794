// Fetches the table of a language the page was switched to (ShellState::lang_wanted) from lang/ beside
// the page. The desktop app has every table built in and never needs to.
#pragma once

namespace swarmscope {

struct ShellState;

// Starts the fetch once; the table is added when it arrives, between frames.
void fetch_language_table(ShellState& state);

}  // namespace swarmscope

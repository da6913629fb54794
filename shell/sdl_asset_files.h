// The files the page fetches as it needs them, from beside it: pieces of the CJK font that
// GlyphSupply asks for (fonts/), and the table of a language chosen on the canvas (lang/). The
// desktop app reads fonts/ beside its executable and has every table built in. Results arrive
// between frames.
#pragma once
#include <functional>

namespace swarmscope {

class GlyphSupply;
struct ShellState;

// Starts fetching every file `supply` asks for now; `atlas_has` says what the atlas already draws.
void fetch_font_files(GlyphSupply& supply, const std::function<bool(char32_t)>& atlas_has);
// Starts fetching the table of ShellState::lang_wanted, once; it is added when it arrives.
void fetch_language_table(ShellState& state);

}  // namespace swarmscope

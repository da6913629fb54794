// Fetches the fonts GlyphSupply asks for: the page over HTTP from fonts/ beside it, the desktop app from
// the fonts/ folder beside its executable. Results arrive between frames.
#pragma once
#include <functional>

namespace swarmscope {

class GlyphSupply;

// Starts fetching every file `supply` asks for now; `atlas_has` says what the atlas already draws.
void fetch_font_files(GlyphSupply& supply, const std::function<bool(char32_t)>& atlas_has);

}  // namespace swarmscope

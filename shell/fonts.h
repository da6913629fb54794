// The UI font (Roboto, from assets/fonts), rasterised at the screen's pixel ratio so text stays crisp,
// with pieces of Noto Sans CJK merged in for the characters the text needs beyond it (GlyphSupply).
#pragma once

namespace swarmscope {

class GlyphSupply;

constexpr float ui_font_size = 16.0f;            // logical pixels
constexpr float presentation_font_size = 24.0f;  // read from the back of a lecture hall

// Rebuilds ImGui's font atlas for the given pixel ratio and size, with the fonts `extra` has fetched.
// The renderer must re-upload the atlas texture.
void load_fonts(float pixel_ratio, float size = ui_font_size, const GlyphSupply* extra = nullptr);

// Whether the atlas draws a character (not its fallback).
bool atlas_has(char32_t c);

}  // namespace swarmscope

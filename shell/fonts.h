// The UI font (Roboto, from assets/fonts), rasterised at the screen's pixel ratio so text stays crisp.
#pragma once

namespace swarmscope {

constexpr float ui_font_size = 16.0f;            // logical pixels
constexpr float presentation_font_size = 24.0f;  // read from the back of a lecture hall

// Rebuilds ImGui's font atlas for the given pixel ratio and size. The renderer must re-upload the atlas texture.
void load_fonts(float pixel_ratio, float size = ui_font_size);

}  // namespace swarmscope

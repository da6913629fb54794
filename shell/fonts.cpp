#include "fonts.h"

#include <cstddef>
#include <cstdio>

#include "imgui.h"

namespace swarmscope {

extern const unsigned char font_roboto_regular[];
extern const std::size_t font_roboto_regular_size;

void load_fonts(float pixel_ratio, float size) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // the bytes live in the binary
    config.OversampleH = 2;
    std::snprintf(config.Name, sizeof config.Name, "Roboto-Regular.ttf, %.0f px", size * pixel_ratio);
    io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(font_roboto_regular),
                                   static_cast<int>(font_roboto_regular_size), size * pixel_ratio, &config);
    // Glyphs are rasterised at device resolution and drawn at logical size.
    io.FontGlobalScale = 1.0f / pixel_ratio;
    io.Fonts->Build();
}

}  // namespace swarmscope

#include "fonts.h"

#include <cstddef>
#include <cstdio>
#include <vector>

#include "glyph_supply.h"
#include "imgui.h"

namespace swarmscope {

extern const unsigned char font_roboto_regular[];
extern const std::size_t font_roboto_regular_size;

void load_fonts(float pixel_ratio, float size, const GlyphSupply* extra) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // the bytes live in the binary
    config.OversampleH = 2;
    std::snprintf(config.Name, sizeof config.Name, "Roboto-Regular-subset.ttf, %.0f px", size * pixel_ratio);
    // Latin with accents (Spanish and the rest of Western Europe), Greek and Cyrillic, typographic
    // punctuation, sub- and superscripts, arrows and the mathematical operators a formula needs
    // (Σ, ∑, ≈, ≤, ≥, ×, ÷, −): every range the embedded font covers, so lesson text does not turn into "?".
    static const ImWchar ranges[] = {
        0x0020, 0x024F,  // Basic Latin, Latin-1, Latin Extended-A and -B
        0x0370, 0x03FF,  // Greek
        0x0400, 0x04FF,  // Cyrillic
        0x2000, 0x206F,  // General Punctuation
        0x2070, 0x209F,  // Superscripts and Subscripts
        0x2190, 0x21FF,  // Arrows
        0x2200, 0x22FF,  // Mathematical Operators
        0,
    };
    io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(font_roboto_regular),
                                   static_cast<int>(font_roboto_regular_size), size * pixel_ratio, &config, ranges);
    // Fetched pieces of Noto Sans CJK, merged into the same font with only the characters in use, so a
    // Korean lesson adds a few hundred glyphs to the atlas rather than eleven thousand.
    static std::vector<ImVector<ImWchar>> extra_ranges;  // read by Build()
    // Noto Sans CJK draws Hangul and Han a little small beside Roboto's capitals at the same size.
    constexpr float cjk_scale = 1.1f;
    extra_ranges.clear();
    if (extra) {
        const auto faces = extra->faces();
        extra_ranges.reserve(faces.size());
        for (const auto& face : faces) {
            ImFontGlyphRangesBuilder builder;
            for (char32_t c : face.chars) builder.AddChar(static_cast<ImWchar>(c));
            extra_ranges.emplace_back();
            builder.BuildRanges(&extra_ranges.back());
            ImFontConfig merge;
            merge.MergeMode = true;
            merge.FontDataOwnedByAtlas = false;  // GlyphSupply keeps the bytes
            merge.OversampleH = 1;
            std::snprintf(merge.Name, sizeof merge.Name, "%s", face.name.c_str());
            io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(face.bytes->data()), static_cast<int>(face.bytes->size()),
                                           size * pixel_ratio * cjk_scale, &merge, extra_ranges.back().Data);
        }
    }
    // Glyphs are rasterised at device resolution and drawn at logical size.
    io.FontGlobalScale = 1.0f / pixel_ratio;
    io.Fonts->Build();
}

bool atlas_has(char32_t c) {
    if (c > 0xFFFF) return false;
    const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    return !atlas->Fonts.empty() && atlas->Fonts[0]->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr;
}

}  // namespace swarmscope

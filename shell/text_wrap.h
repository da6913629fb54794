// Wrapping text at spaces only. Dear ImGui's own wrapping also breaks after '.' and ',', which can
// split a number across lines ("24." then "8 KiB/s"); the panels wrap their running text here instead.
#pragma once
#include <functional>
#include <string>
#include <string_view>

namespace swarmscope {

// `text` with a line break put in place of each space where the next word would not fit in `width`
// (as `measure` gives widths); the space between a number and its unit ("2.4 KiB/s") is not one. Line breaks already in it stay; a word wider than a line on its own is
// cut between characters (never inside a UTF-8 sequence).
std::string break_lines(std::string_view text, float width, const std::function<float(std::string_view)>& measure);

// With the current ImGui font and size, to the width left in the window (or `width` if given).
std::string break_lines(std::string_view text, float width = -1);
// Drawn as ImGui::TextWrapped would, wrapped at spaces.
void text_wrapped(std::string_view text);

}  // namespace swarmscope

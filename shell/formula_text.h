// Text with formulas in it, as lecturers type them: "D_cs", "D_{p2p}", "u_s", "Σ u_i", "d_min", "x^2".
// A subscript or superscript follows a one-letter base: `_` (or `^`) then a run of letters and digits,
// or a group in braces. Anything else, such as "piece_size", stays as typed. Drawn with the script
// lowered (raised) and smaller, wrapped at word boundaries like ImGui's own wrapped text.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace swarmscope {

struct FormulaRun {
    enum Kind { normal, sub, super } kind = normal;
    std::string text;
    bool operator==(const FormulaRun& o) const { return kind == o.kind && text == o.text; }
};

// Splits text into runs; a text without formulas is one normal run.
std::vector<FormulaRun> formula_runs(std::string_view text);

// ImGui: the text, wrapped to the window's width, subscripts drawn as such.
// `colour` 0 is the theme's text colour.
void formula_text_wrapped(std::string_view text, unsigned int colour = 0);
// ImGui: one line at the cursor (no wrapping), in a colour; returns its width.
float formula_text_line(std::string_view text, unsigned int colour);
// The same drawn at a point of the window's draw list (charts), without moving the cursor.
float formula_text_at(float x, float y, std::string_view text, unsigned int colour);
float formula_text_width(std::string_view text);

}  // namespace swarmscope

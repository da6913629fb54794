// Formulas in lesson and panel text: which underscores are subscripts and which are just underscores.
#include <doctest/doctest.h>

#include "formula_text.h"

using namespace swarmscope;
using K = FormulaRun::Kind;

TEST_CASE("a one-letter base takes a subscript run or a braced group") {
    CHECK(formula_runs("D_cs") == std::vector<FormulaRun>{{K::normal, "D"}, {K::sub, "cs"}});
    CHECK(formula_runs("D_{p2p} >= F/u_s") ==
          std::vector<FormulaRun>{{K::normal, "D"}, {K::sub, "p2p"}, {K::normal, " >= F/u"}, {K::sub, "s"}});
    CHECK(formula_runs("d_min, then x^2.") ==
          std::vector<FormulaRun>{{K::normal, "d"}, {K::sub, "min"}, {K::normal, ", then x"}, {K::super, "2"}, {K::normal, "."}});
    CHECK(formula_runs("Σu_i") == std::vector<FormulaRun>{{K::normal, "Σu"}, {K::sub, "i"}});
    CHECK(formula_runs("(u_s + Σ u_i)") ==
          std::vector<FormulaRun>{{K::normal, "(u"}, {K::sub, "s"}, {K::normal, " + Σ u"}, {K::sub, "i"}, {K::normal, ")"}});
}

TEST_CASE("identifiers, lone markers and unclosed braces stay as typed") {
    CHECK(formula_runs("piece_size and seed_rotation") == std::vector<FormulaRun>{{K::normal, "piece_size and seed_rotation"}});
    CHECK(formula_runs("a _ b, x_") == std::vector<FormulaRun>{{K::normal, "a _ b, x_"}});
    CHECK(formula_runs("D_{cs") == std::vector<FormulaRun>{{K::normal, "D_{cs"}});
    CHECK(formula_runs("") == std::vector<FormulaRun>{});
    CHECK(formula_runs("한국어 D_cs") == std::vector<FormulaRun>{{K::normal, "한국어 D"}, {K::sub, "cs"}});
}

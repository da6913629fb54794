// The narration log's row heights: measured once per row, width and font; only the rows in view drawn.
#include "row_heights.h"

#include <doctest/doctest.h>

using namespace swarmscope;

TEST_CASE("row heights: each row is measured once, again when its text or the width changes") {
    RowHeights h;
    int measured = 0;
    auto measure = [&](float v) {
        return [&measured, v] {
            ++measured;
            return v;
        };
    };
    h.measure_for(300, 16);
    CHECK(h.height(0, 10, measure(20)) == 20);
    CHECK(h.height(5, 40, measure(60)) == 60);  // rows need not come in order
    CHECK(measured == 2);
    CHECK(h.height(0, 10, measure(99)) == 20);
    CHECK(h.height(5, 40, measure(99)) == 60);
    CHECK(measured == 2);
    // A join's sentence grows as the peer connects: its new length is measured again.
    CHECK(h.height(0, 25, measure(40)) == 40);
    CHECK(measured == 3);
    // What drawing the row took replaces the estimate.
    h.drawn(5, 40, 58);
    CHECK(h.height(5, 40, measure(99)) == 58);
    h.measure_for(300, 16);  // the same width and font: kept
    CHECK(h.height(5, 40, measure(99)) == 58);
    CHECK(measured == 3);
    h.measure_for(200, 16);  // narrower: every row wraps anew
    CHECK(h.height(5, 40, measure(80)) == 80);
    h.measure_for(200, 24);  // a larger font (presentation mode)
    CHECK(h.height(5, 40, measure(120)) == 120);
    CHECK(measured == 5);
}

TEST_CASE("row heights: the rows in view, from the one cut by the view's top to the one cut by its bottom") {
    const std::vector<float> tops = {0, 10, 20, 35, 40};  // row 2 is 15 high, the last 10
    const float end = 50;
    using Range = std::pair<size_t, size_t>;
    CHECK(rows_in_view(tops, end, 0, 100) == Range{0, 5});
    CHECK(rows_in_view(tops, end, 0, 10) == Range{0, 1});
    CHECK(rows_in_view(tops, end, 0, 10.5f) == Range{0, 2});
    CHECK(rows_in_view(tops, end, 15, 10) == Range{1, 3});
    CHECK(rows_in_view(tops, end, 10, 10) == Range{1, 2});
    CHECK(rows_in_view(tops, end, 36, 100) == Range{3, 5});
    CHECK(rows_in_view(tops, end, 45, 20) == Range{4, 5});
    CHECK(rows_in_view(tops, end, 60, 20) == Range{5, 5});
    CHECK(rows_in_view({}, 0, 0, 100) == Range{0, 0});
}

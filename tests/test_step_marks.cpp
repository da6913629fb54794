// Step marks answer "does this event end a unit" and "where did the last one end" exactly as a plain
// list of per-event flags would, across word boundaries and after a branch cuts the run short.
#include <doctest/doctest.h>

#include "rng.h"
#include "step_marks.h"

using namespace swarmscope;

TEST_CASE("step marks agree with a plain per-event list, before and after truncation") {
    const StepUnit units[] = {StepUnit::event, StepUnit::message, StepUnit::announce, StepUnit::choke_round,
                              StepUnit::optimistic_round, StepUnit::piece, StepUnit::completion};
    Rng rng(9);
    StepMarks marks;
    std::vector<uint8_t> plain;  // plain[q - 1]: the units event q ends
    auto record = [&](size_t n) {
        for (size_t i = 0; i < n; ++i) {
            uint8_t f = StepMarks::bit(StepUnit::event);
            if (rng.below(10) < 8) f |= StepMarks::bit(StepUnit::message);  // most events deliver a message
            for (int u = 2; u < 7; ++u)
                if (rng.below(40) == 0) f |= static_cast<uint8_t>(1u << u);
            marks.record(f);
            plain.push_back(f);
        }
    };
    auto check_all = [&] {
        REQUIRE(marks.size() == plain.size());
        for (StepUnit u : units) {
            CAPTURE(static_cast<int>(u));
            const uint8_t bit = StepMarks::bit(u);
            uint64_t last = 0;
            for (uint64_t q = 1; q <= plain.size() + 1; ++q) {
                CHECK(marks.last_before(q, u) == last);
                if (q <= plain.size()) {
                    CHECK(marks.ends(q, u) == ((plain[q - 1] & bit) != 0));
                    if (plain[q - 1] & bit) last = q;
                }
            }
        }
    };
    record(300);
    check_all();
    marks.truncate(130);  // inside the third word of message bits
    plain.resize(130);
    check_all();
    record(77);
    check_all();
    CHECK_FALSE(marks.ends(0, StepUnit::event));
    CHECK(marks.last_before(0, StepUnit::message) == 0);
}

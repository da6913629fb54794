// Piece history, read from the trace, agrees with the swarm at every point of a run that a lecturer
// steps forward, back, and onto a new branch.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "controller.h"
#include "piece_history.h"
#include "swarm_fixtures.h"

using namespace swarmscope;

namespace {

void check_against(const PieceHistory& h, const Swarm& s) {
    REQUIRE(h.records_read() == s.trace().count());
    REQUIRE(h.copies() == s.copies());
    const std::vector<uint32_t>& c = s.copies();
    CHECK(h.min_copies() == *std::min_element(c.begin(), c.end()));
    CHECK(h.max_copies() == *std::max_element(c.begin(), c.end()));
    double sum = 0, squares = 0;
    for (uint32_t x : c) sum += x, squares += double(x) * x;
    const double mean = sum / c.size();
    CHECK(h.mean_copies() == doctest::Approx(mean));
    CHECK(h.stddev_copies() == doctest::Approx(std::sqrt(std::max(0.0, squares / c.size() - mean * mean))));
    for (const Peer& p : s.peers()) {
        for (PieceIndex i = 0; i < c.size(); ++i) {
            const std::optional<Acquisition> a = h.acquired(s.trace(), p.id, i);
            REQUIRE(a.has_value() == bool(p.have[i]));
            if (!a) continue;
            CHECK((a->from == no_peer) == p.initial_seed);
            CHECK(a->time <= s.now());
            if (a->from != no_peer) CHECK(a->from < s.peers().size());
        }
    }
    for (size_t k = 1; k < h.samples().size(); ++k) {
        CHECK(h.samples()[k - 1].time <= h.samples()[k].time);
        CHECK(h.samples()[k - 1].records < h.samples()[k].records);
    }
    if (!h.samples().empty()) CHECK(h.samples().back().records <= h.records_read());
}

}  // namespace

TEST_CASE("piece history: the copies agree with the swarm after every step, forward, back and on a new branch") {
    ControllerOptions o;
    o.keyframe_every = 400;
    Controller c(testing::class_config(), o);  // peer 2 leaves at 3 s and comes back at 8 s
    PieceHistory h(c.swarm());
    auto check = [&] {
        h.update(c.swarm().trace());
        check_against(h, c.swarm());
    };
    check();
    int steps = 0;
    for (; steps < 4000 && c.step(StepUnit::event); ++steps) check();
    CHECK(steps > 2000);
    for (int i = 0; i < 60; ++i) {
        REQUIRE(c.back(StepUnit::event));
        check();
    }
    for (const SimTime t : {seconds(2), seconds(9), seconds(4), seconds(6)}) {
        c.seek(t);
        check();
    }
    REQUIRE(c.back(StepUnit::piece));
    check();
    // A what-if after going back: the trace from here on is another one, of the same length or longer.
    CHECK(c.apply(WhatIf{.kind = WhatIfKind::leave, .peer = 0}).empty());
    check();
    for (int i = 0; i < 300 && c.step(StepUnit::event); ++i) check();
    CHECK(c.apply(WhatIf{.kind = WhatIfKind::add_leecher}).empty());
    check();
    CHECK(c.apply(WhatIf{.kind = WhatIfKind::rejoin, .peer = 0}).empty());
    check();
    while (c.step(StepUnit::piece)) check();
    CHECK(h.min_copies() >= 1);
}

TEST_CASE("piece history: another trace replaces the one read, and a trace without records leaves it empty") {
    SwarmConfig a = testing::class_config();
    SwarmConfig b = a;
    b.rng_seed = a.rng_seed + 1;
    Swarm sa(a), sb(b);
    sa.run_until(seconds(6));
    sb.run_until(seconds(9));
    PieceHistory h(sa);
    h.update(sa.trace());
    check_against(h, sa);
    h.update(sb.trace());
    check_against(h, sb);

    a.keep_trace = false;
    Swarm quiet(a);
    quiet.run_until(seconds(6));
    PieceHistory empty(quiet);
    empty.update(quiet.trace());
    CHECK(empty.records_read() == 0);
    CHECK(empty.max_copies() == 0);
}

TEST_CASE("piece history: a run's series is compact and follows the rarest piece up") {
    SwarmConfig cfg;
    cfg.peers = 60;
    cfg.pieces = 128;
    cfg.piece_size = 64 * 1024;
    cfg.real_payload = 0;
    Swarm s(cfg);
    PieceHistory h(s);
    while (s.step())
        if (s.metrics().events % 512 == 0) h.update(s.trace());
    h.update(s.trace());
    check_against(h, s);
    const std::vector<CopiesSample>& v = h.samples();
    REQUIRE(!v.empty());
    // About 60 x 128 pieces verified; the series keeps far fewer samples than that.
    CHECK(v.size() < 1500);
    CHECK(v.front().min == 1);  // the seed, the first to join
    CHECK(v.back().min == h.min_copies());
    CHECK(v.back().max == h.max_copies());
    uint32_t highest = 0;
    for (const CopiesSample& x : v) highest = std::max(highest, x.min);
    CHECK(highest >= 50);  // nearly every peer ends with every piece (some leave when done)
}

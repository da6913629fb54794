// Keyframes: a swarm written as a snapshot and read back goes on exactly as the original does, and
// the controller keeps its keyframes within the memory budget.
#include <doctest/doctest.h>

#include <stdexcept>

#include "bitfield.h"
#include "controller.h"
#include "run_report.h"
#include "snapshot.h"

using namespace swarmscope;

namespace {

SwarmConfig config(bool real_payload) {
    SwarmConfig c;
    c.peers = 12;
    c.pieces = 24;
    c.piece_size = 64 * 1024;
    c.server_up = 2.0 * (1 << 20);
    c.real_payload = real_payload ? 1 : 0;  // with real bytes, half-assembled pieces are state too
    c.rng_seed = 5;
    return c;
}

Bitfield round_trip(Bitfield b) {
    SnapshotWriter w;
    w(b);
    std::vector<uint8_t> bytes = std::move(w.bytes());
    Bitfield back(3, true);  // whatever was there before is replaced
    SnapshotReader r(bytes.data(), bytes.size());
    r(back);
    CHECK(r.at_end());
    return back;
}

}  // namespace

TEST_CASE("bitfield: bits, count, equality, and no stray bits past the end") {
    Bitfield b(70);
    CHECK(b.size() == 70);
    CHECK(b.count() == 0);
    b.set(0);
    b.set(69);
    b.set(64);
    CHECK(b[0]);
    CHECK(b[69]);
    CHECK_FALSE(b[68]);
    CHECK(b.count() == 3);
    b.set(64, false);
    CHECK(b.count() == 2);
    const Bitfield full(70, true);
    CHECK(full.count() == 70);
    CHECK(full.words().back() == (uint64_t{1} << 6) - 1);  // 70 - 64 = 6 bits used in the last word
    CHECK(Bitfield(std::vector<bool>{true, false, true}) == Bitfield(std::vector<bool>{true, false, true}));
    CHECK_FALSE(Bitfield(std::vector<bool>{true, false}) == Bitfield(std::vector<bool>{true, true}));
}

TEST_CASE("bitfield: keyframe encoding round-trips runs and mixed words, and runs are short") {
    for (size_t n : {0u, 1u, 63u, 64u, 65u, 1000u}) {
        CAPTURE(n);
        CHECK(round_trip(Bitfield(n, false)) == Bitfield(n, false));
        CHECK(round_trip(Bitfield(n, true)) == Bitfield(n, true));
        Bitfield mixed(n);
        for (size_t i = 0; i < n; i += 3) mixed.set(i);
        CHECK(round_trip(mixed) == mixed);
    }
    SnapshotWriter w;
    Bitfield all(1024, true);
    w(all);
    CHECK(w.bytes().size() <= 4);  // the size and one run, not 128 bytes
}

TEST_CASE("a restored snapshot goes on exactly as the original swarm does") {
    for (bool real : {false, true}) {
        CAPTURE(real);
        Swarm original(config(real));
        original.run_until(seconds(2));
        const std::vector<uint8_t> bytes = original.snapshot();
        Swarm copy(config(real));
        copy.run_until(milliseconds(300));  // a different state, to be overwritten
        copy.restore(bytes);
        CHECK(copy.snapshot() == bytes);
        CHECK(copy.now() == original.now());
        while (original.step()) {
        }
        while (copy.step()) {
        }
        CHECK(copy.metrics().events == original.metrics().events);
        CHECK(copy.trace().hash() == original.trace().hash());
        CHECK(make_report(copy).distribution_time_s == make_report(original).distribution_time_s);
    }
}

TEST_CASE("a snapshot written a part at a time is the same bytes, and the swarm is unchanged between parts") {
    for (bool real : {false, true}) {
        CAPTURE(real);
        Swarm s(config(real));
        for (const SimTime t : {milliseconds(0), milliseconds(500), seconds(2), seconds(6)}) {
            CAPTURE(t);
            s.run_until(t);
            const std::vector<uint8_t> whole = s.snapshot();
            std::vector<uint8_t> bytes;
            SnapshotWriter w(bytes);
            Swarm::SnapshotPlace at;
            int parts = 1;
            while (!s.snapshot_part(w, at, [] { return false; })) {
                CHECK(s.snapshot() == whole);  // each link's bits flipped back
                ++parts;
            }
            CHECK(w.bytes() == whole);
            CHECK(parts >= 4);
            // Asked to go on after every part: one call.
            std::vector<uint8_t> again;
            SnapshotWriter w2(again);
            Swarm::SnapshotPlace from_start;
            CHECK(s.snapshot_part(w2, from_start, [] { return true; }));
            CHECK(w2.bytes() == whole);
        }
    }
}

TEST_CASE("a keyframe restored into a swarm built separately: its trace keeps the records from there on") {
    Swarm original(config(false));
    original.run_until(seconds(2));
    const uint64_t at = original.trace().count();
    REQUIRE(at > 100);
    Swarm copy(config(false));  // its own log, with none of the original's records
    copy.restore(original.snapshot());
    CHECK(copy.trace().count() == at);
    CHECK(copy.trace().first() == at);
    CHECK(copy.trace().events().size() == 0);  // before: `at` records read from an empty log
    CHECK(copy.trace().hash() == original.trace().hash());
    while (original.step()) {
    }
    while (copy.step()) {
    }
    CHECK(copy.trace().hash() == original.trace().hash());
    const TraceView mine = copy.trace().events(), theirs = original.trace().events();
    REQUIRE(mine.size() == theirs.size() - at);
    for (size_t i = 0; i < mine.size(); ++i) {
        CHECK(mine[i].time == theirs[at + i].time);
        CHECK(copy.trace().line(mine[i]) == original.trace().line(theirs[at + i]));
    }
    // A keyframe of its own is restored from its own log as usual.
    Swarm again(config(false));
    again.run_until(seconds(1));
    const std::vector<uint8_t> early = again.snapshot();
    again.run_until(seconds(2));
    again.restore(early);
    CHECK(again.trace().first() == 0);
}

TEST_CASE("a snapshot is several times smaller than the swarm in memory") {
    SwarmConfig c;
    c.peers = 60;
    c.pieces = 64;
    c.real_payload = 0;
    Swarm s(c);
    s.run_until(seconds(5));
    CHECK(s.snapshot().size() * 3 < s.state_bytes());
}

TEST_CASE("a cut-off snapshot is refused with a reason") {
    Swarm s(config(false));
    s.run_until(seconds(1));
    std::vector<uint8_t> bytes = s.snapshot();
    bytes.resize(bytes.size() / 2);
    Swarm other(config(false));
    CHECK_THROWS_WITH_AS(other.restore(bytes), "keyframe snapshot is truncated or corrupt", std::runtime_error);
}

TEST_CASE("keyframes stay within the budget, spread over the run, and seeks stay exact") {
    ControllerOptions small;
    small.keyframe_every = 500;
    small.keyframe_budget = 600 * 1024;
    Controller c(config(false), small);
    c.seek(seconds(3600));
    CHECK(c.swarm().done());
    CHECK(c.keyframe_count() >= 3);
    CHECK(c.keyframe_total_bytes() <= small.keyframe_budget);
    // No gap much wider than an even spread of the same number of keyframes would leave.
    CHECK(c.keyframe_max_gap() <= 3 * c.furthest() / c.keyframe_count());
    for (SimTime t : {milliseconds(700), seconds(2), seconds(4)}) {
        c.seek(t);
        Swarm straight(config(false));
        straight.run_until(t);
        CHECK(c.swarm().snapshot() == straight.snapshot());
    }
}

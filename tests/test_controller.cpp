// Stepping, stepping back and seeking land on exactly the state a straight run reaches.
#include <doctest/doctest.h>

#include "controller.h"

using namespace swarmscope;

namespace {

SwarmConfig config(uint64_t seed = 11) {
    SwarmConfig c;
    c.peers = 12;
    c.pieces = 48;
    c.piece_size = 256 * 1024;  // 12 MiB: long enough for choking rounds
    c.server_up = 2.0 * (1 << 20);
    c.real_payload = 0;         // blocks by reference: these tests are about time travel, not hashing
    c.rng_seed = seed;
    return c;
}

// What a class sees of a swarm, reduced to numbers that must match exactly, and the whole state as a
// keyframe holds it (every field of every peer, link and connection).
struct Observed {
    SimTime now;
    uint64_t events, messages, trace_hash;
    std::vector<uint32_t> copies, have;
    std::vector<uint8_t> state;
    friend bool operator==(const Observed&, const Observed&) = default;
};

Observed snap(const Swarm& s) {
    Observed x{s.now(), s.metrics().events, s.metrics().messages, s.trace().hash(), s.copies(), {}, s.snapshot()};
    for (const Peer& p : s.peers()) x.have.push_back(p.have_count);
    return x;
}

}  // namespace

TEST_CASE("seek to random times gives the state a straight run reaches") {
    ControllerOptions small_frames;
    small_frames.keyframe_every = 3000;
    Controller c(config(), small_frames);
    c.seek(seconds(40));
    REQUIRE(c.keyframe_count() > 3);
    Rng rng(3);
    for (int i = 0; i < 5; ++i) {
        const SimTime t = static_cast<SimTime>(rng.below(40000)) * 1000;
        c.seek(t);
        Swarm straight(config());
        straight.run_until(t);
        CHECK(snap(c.swarm()) == snap(straight));
    }
}

TEST_CASE("k steps forward then k steps back restore the exact state, for every unit") {
    const StepUnit units[] = {StepUnit::event, StepUnit::message, StepUnit::announce, StepUnit::choke_round,
                              StepUnit::optimistic_round, StepUnit::piece, StepUnit::completion};
    for (StepUnit u : units) {
        CAPTURE(step_unit_name(u));
        Controller c(config(5));
        REQUIRE(c.step(u));
        const Observed start = snap(c.swarm());
        const uint64_t at = c.position();
        int k = 0;
        for (; k < 3 && c.step(u); ++k) {
        }
        for (int i = 0; i < k; ++i) CHECK(c.back(u));
        CHECK(c.position() == at);
        CHECK(snap(c.swarm()) == start);
    }
}

TEST_CASE("a choke-round step stops right after a peer's choking decision") {
    SwarmConfig slow = config(2);  // past 30 s, for a second optimistic round
    slow.server_up = 512 * 1024;
    slow.peer_up = 256 * 1024;
    Controller c(slow);
    REQUIRE(c.step(StepUnit::choke_round));
    const auto& ev = c.swarm().last_step_events();
    bool round = false;
    for (const TraceEvent& e : ev) round |= e.kind == TraceKind::choke_round;
    CHECK(round);
    // Past every peer's first round (which always draws an optimistic unchoke), the next
    // optimistic-round step stops at the first later round that rotated one, not before and not after.
    c.seek(seconds(10));
    const uint64_t before = c.swarm().trace().count();
    REQUIRE(c.step(StepUnit::optimistic_round));
    int rotated_now = 0;
    for (const TraceEvent& e : c.swarm().last_step_events()) rotated_now += e.kind == TraceKind::choke_round && e.piece == 1;
    CHECK(rotated_now > 0);
    const TraceView all = c.swarm().trace().events();
    int rotated_since = 0, rounds_since = 0;
    for (size_t i = before; i < all.size(); ++i) {
        rotated_since += all[i].kind == TraceKind::choke_round && all[i].piece == 1;
        rounds_since += all[i].kind == TraceKind::choke_round;
    }
    CHECK(rotated_since == rotated_now);
    CHECK(rounds_since > rotated_now);  // rounds that kept their optimistic unchoke were stepped over
}

TEST_CASE("going back to the start and forward again replays the same run") {
    Controller c(config(8));
    for (int i = 0; i < 5; ++i) c.step(StepUnit::piece);
    const Observed there = snap(c.swarm());
    const uint64_t at = c.position();
    c.go_to(0);
    CHECK(c.position() == 0);
    CHECK(c.swarm().metrics().events == 0);
    c.go_to(at);
    CHECK(snap(c.swarm()) == there);
}

TEST_CASE("what-ifs are part of the history: going back and forward replays them identically") {
    Controller c(config(4));
    for (int i = 0; i < 6; ++i) c.step(StepUnit::piece);
    WhatIf leave;
    leave.kind = WhatIfKind::leave;
    leave.peer = 3;
    REQUIRE(c.apply(leave) == "");
    WhatIf slow;
    slow.kind = WhatIfKind::set_upload;
    slow.peer = 5;
    slow.value = 64 * 1024;
    REQUIRE(c.apply(slow) == "");
    CHECK(c.swarm().peers()[3].status == PeerStatus::offline);
    for (int i = 0; i < 10; ++i) c.step(StepUnit::piece);
    const Observed later = snap(c.swarm());
    const uint64_t at = c.position();
    c.go_to(0);
    CHECK(c.swarm().peers()[3].status != PeerStatus::offline);
    c.go_to(at);
    CHECK(snap(c.swarm()) == later);
    CHECK(c.swarm().peers()[3].status == PeerStatus::offline);
    CHECK(c.what_if_count() == 2);
}

TEST_CASE("a what-if after stepping back starts a new branch and discards the old future") {
    Controller c(config(6));
    for (int i = 0; i < 4; ++i) c.step(StepUnit::piece);
    const uint64_t branch_at = c.position();
    for (int i = 0; i < 8; ++i) c.step(StepUnit::piece);
    const uint64_t old_end = c.position();
    const Observed old_future = snap(c.swarm());
    c.go_to(branch_at);
    WhatIf add;
    add.kind = WhatIfKind::add_leecher;
    REQUIRE(c.apply(add) == "");
    CHECK(c.furthest() == branch_at);
    CHECK(c.swarm().peers().size() == 14);
    c.go_to(old_end);
    CHECK(c.position() == old_end);
    CHECK_FALSE(snap(c.swarm()) == old_future);
}

TEST_CASE("a refused what-if says why and changes nothing") {
    Controller c(config(7));
    c.step(StepUnit::piece);
    const Observed before = snap(c.swarm());
    WhatIf bad;
    bad.kind = WhatIfKind::leave;
    bad.peer = 99;
    CHECK(c.apply(bad) == "peer 99 does not exist (the swarm has 13 peers)");
    CHECK(c.what_if_count() == 0);
    CHECK(snap(c.swarm()) == before);
}

TEST_CASE("play moves the view by wall time times speed, and may stop between events") {
    Controller c(config(9));
    c.play(0.5, 4.0);  // two simulated seconds
    CHECK(c.view_time() == seconds(2));
    CHECK(c.swarm().now() <= seconds(2));
    CHECK(c.swarm().next_event_time() > seconds(2));
    c.play(0.001, 0.1);  // the slowest speed: 100 microseconds of simulated time
    CHECK(c.view_time() == seconds(2) + 100);
}

TEST_CASE("the trace log follows the branch: stepping back and rewriting the future replaces its records") {
    Controller c(config(12));
    for (int i = 0; i < 3; ++i) c.step(StepUnit::piece);
    const uint64_t branch_at = c.position();
    const uint64_t records_at_branch = c.swarm().trace().count();
    for (int i = 0; i < 5; ++i) c.step(StepUnit::piece);
    c.go_to(branch_at);
    CHECK(c.swarm().trace().events().size() == records_at_branch);
    WhatIf leave;
    leave.kind = WhatIfKind::leave;
    leave.peer = 0;
    REQUIRE(c.apply(leave) == "");
    c.step(StepUnit::piece);
    const TraceView ev = c.swarm().trace().events();
    CHECK(ev.size() == c.swarm().trace().count());
    REQUIRE(ev.size() > records_at_branch);
    CHECK(ev[records_at_branch].kind == TraceKind::intervention);
    CHECK(c.swarm().trace().line(ev[records_at_branch]) ==
          "t=" + format_time(ev[records_at_branch].time) + "  peer 0: what-if: told to leave now; it keeps its pieces");
}

TEST_CASE("keyframes spaced by their size: fewer of them, each gap at least its share of the bytes, seeks still exact") {
    ControllerOptions by_events;
    by_events.keyframe_every = 500;
    ControllerOptions by_size = by_events;
    by_size.keyframe_events_per_byte = 0.5;
    Controller plain(config(), by_events), sized(config(), by_size);
    plain.seek(seconds(40));
    sized.seek(seconds(40));
    REQUIRE(sized.keyframe_count() >= 2);
    CHECK(sized.keyframe_count() < plain.keyframe_count());
    // After the first keyframe taken while playing, the next waits for half an event per byte of it.
    CHECK(static_cast<double>(sized.furthest()) >= by_size.keyframe_events_per_byte * static_cast<double>(sized.keyframe_bytes()));
    Rng rng(7);
    for (int i = 0; i < 4; ++i) {
        const SimTime t = static_cast<SimTime>(rng.below(40000)) * 1000;
        sized.seek(t);
        Swarm straight(config());
        straight.run_until(t);
        CHECK(snap(sized.swarm()) == snap(straight));
    }
}

TEST_CASE("keyframes in parts: play stops where one is due, it is written over several calls, and nothing differs") {
    ControllerOptions whole;
    whole.keyframe_every = 2000;
    ControllerOptions parts = whole;
    parts.keyframes_in_parts = true;
    Controller c(config(), parts), plain(config(), whole);
    const SimTime far = seconds(1000);
    int keyframes = 0;
    while (keyframes < 4) {
        const uint64_t before = c.position();
        c.play_to(far, nullptr, 300);
        if (!c.keyframe_pending()) continue;
        CAPTURE(keyframes);
        CHECK(c.position() - before <= 300);
        const uint64_t at = c.position(), written = c.keyframes_written();
        const std::vector<uint8_t> state = c.swarm().snapshot();
        c.play_to(far, nullptr, 300);  // nothing runs while it is due
        CHECK(c.position() == at);
        int calls = 1;
        while (!c.write_keyframe([] { return false; })) {  // one part a call
            CHECK(c.swarm().snapshot() == state);  // between parts the swarm is as it was
            CHECK(c.keyframes_written() == written);
            ++calls;
        }
        CHECK(calls > 3);  // the leading state, peers, links and the rest at least
        CHECK(c.keyframes_written() == written + 1);
        CHECK_FALSE(c.keyframe_pending());
        ++keyframes;
    }
    plain.go_to(c.position());
    CHECK(snap(c.swarm()) == snap(plain.swarm()));
    CHECK(c.keyframe_count() == plain.keyframe_count());
    // The keyframes written in parts restore the states a straight run reaches.
    for (const SimTime t : {seconds(2), c.view_time() / 2, c.view_time() - milliseconds(100)}) {
        c.seek(t);
        plain.seek(t);
        CHECK(snap(c.swarm()) == snap(plain.swarm()));
    }
}

TEST_CASE("keyframes in parts: a what-if or a seek while one is due finishes it first") {
    ControllerOptions parts;
    parts.keyframe_every = 2000;
    parts.keyframes_in_parts = true;
    Controller c(config(), parts);
    while (!c.keyframe_pending()) c.play_to(seconds(1000), nullptr, 300);
    REQUIRE(c.write_keyframe([] { return false; }) == false);  // begun, not done
    const uint64_t at = c.position();
    const size_t written = c.keyframe_count();
    WhatIf leave;
    leave.kind = WhatIfKind::leave;
    leave.peer = 3;
    REQUIRE(c.apply(leave) == "");
    CHECK_FALSE(c.keyframe_pending());
    CHECK(c.keyframe_count() == written + 1);
    const Observed after_what_if = snap(c.swarm());
    for (int i = 0; i < 3; ++i) c.step(StepUnit::piece);
    c.go_to(at);  // from the keyframe, which holds the state before the what-if, and the what-if again
    CHECK(snap(c.swarm()) == after_what_if);
    // Stepping finishes one that is due, too.
    while (!c.keyframe_pending()) c.play_to(seconds(1000), nullptr, 300);
    const size_t before_step = c.keyframe_count();
    CHECK(c.step(StepUnit::event));
    CHECK_FALSE(c.keyframe_pending());
    CHECK(c.keyframe_count() == before_step + 1);
}

TEST_CASE("play_to runs at most max_events a call, stopping at the last one's time, and the run is the same") {
    Controller capped(config()), free(config());
    for (int frame = 0; frame < 30; ++frame) {
        const uint64_t before = capped.position();
        capped.play_to(capped.view_time() + static_cast<SimTime>(1e6 * 10 / 60), nullptr, 300);
        CHECK(capped.position() - before <= 300);
        if (capped.position() - before == 300) CHECK(capped.view_time() == capped.swarm().now());
        free.play(1.0 / 60, 10);
    }
    CHECK(capped.view_time() < free.view_time());  // the joining burst took it several calls
    capped.seek(free.view_time());
    CHECK(snap(capped.swarm()) == snap(free.swarm()));
}

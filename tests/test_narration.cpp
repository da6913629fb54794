// Narration: the moments a class follows, each checked against the raw trace it sums up.
#include "narration.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "controller.h"
#include "swarm.h"
#include "swarm_fixtures.h"

using namespace swarmscope;
using swarmscope::testing::run_to_end;
using swarmscope::testing::class_config;

namespace {

std::vector<NarrationEntry> of_kind(const std::vector<NarrationEntry>& all, NarrationKind kind) {
    std::vector<NarrationEntry> out;
    for (const NarrationEntry& e : all)
        if (e.kind == kind) out.push_back(e);
    return out;
}

bool contains(const std::vector<PeerId>& ids, PeerId id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); }

// From the raw trace: what the tracker told the peer that joined at `join`, and how many of the peers it
// then dialled it was connected to within 5 s.
struct RawJoin {
    uint32_t returned = 0, registered = 0;
    size_t reached = 0, dialled = 0;
};

RawJoin raw_join(const TraceView& ev, size_t join) {
    const PeerId p = ev[join].peer;
    size_t i = join + 1;
    while (i < ev.size() && !(ev[i].peer == p && ev[i].kind == TraceKind::tracker_reply)) ++i;
    REQUIRE(i < ev.size());
    RawJoin r;
    r.returned = ev[i].n1;
    r.registered = ev[i].n2;
    const SimTime reply = ev[i].time;
    std::vector<PeerId> dialled, reached;
    for (size_t k = i + 1; k < ev.size() && ev[k].time <= reply + seconds(5); ++k) {
        if (ev[k].peer != p) continue;
        if (ev[k].kind == TraceKind::left) break;
        if (ev[k].kind == TraceKind::connecting && ev[k].time == reply) dialled.push_back(ev[k].other);
        if (ev[k].kind == TraceKind::connected && contains(dialled, ev[k].other) && !contains(reached, ev[k].other))
            reached.push_back(ev[k].other);
    }
    r.dialled = dialled.size();
    r.reached = reached.size();
    return r;
}

}  // namespace

TEST_CASE("narration: entries are in time order and point at the events they sum up") {
    const Swarm s = run_to_end(class_config());
    const TraceView ev = s.trace().events();
    const std::vector<NarrationEntry> story = narrate(s.trace());
    REQUIRE(!story.empty());
    for (size_t i = 0; i < story.size(); ++i) {
        const NarrationEntry& e = story[i];
        CAPTURE(format_entry(e));
        REQUIRE(e.first_event <= e.last_event);
        REQUIRE(e.last_event < ev.size());
        CHECK(ev[e.first_event].time == e.time);
        CHECK(ev[e.first_event].peer == e.peer);
        CHECK(format_entry(e) == "t=" + format_time(e.time) + ", " + e.text);
        if (i > 0) {
            CHECK(story[i - 1].time <= e.time);
            CHECK(story[i - 1].first_event < e.first_event);
        }
    }
    // The seed is recognised as one: it handed out a full bitfield without ever downloading.
    const auto seed = std::find_if(story.begin(), story.end(), [](const NarrationEntry& e) { return e.peer == 6; });
    REQUIRE(seed != story.end());
    CHECK(format_entry(*seed).rfind("t=0.000 s, peer 6 joined as a seed: announced to the tracker; ", 0) == 0);
}

TEST_CASE("narration: a join says what the tracker returned and how many connections came up") {
    const Swarm s = run_to_end(class_config());
    const TraceView ev = s.trace().events();
    const std::vector<NarrationEntry> story = narrate(s.trace());
    std::vector<NarrationEntry> joins = of_kind(story, NarrationKind::joined);
    const std::vector<NarrationEntry> rejoins = of_kind(story, NarrationKind::rejoined);
    joins.insert(joins.end(), rejoins.begin(), rejoins.end());
    size_t raw_joins = 0;
    for (const TraceEvent& e : ev) raw_joins += e.kind == TraceKind::peer_joined || e.kind == TraceKind::rejoined;
    CHECK(joins.size() == raw_joins);
    CHECK(joins.size() == 8);  // seven peers, one of them twice
    size_t with_connections = 0;
    for (const NarrationEntry& j : joins) {
        CAPTURE(j.text);
        const TraceEvent& first = ev[j.first_event];
        REQUIRE((first.kind == TraceKind::peer_joined || first.kind == TraceKind::rejoined));
        const RawJoin raw = raw_join(ev, j.first_event);
        CHECK(raw.reached == raw.dialled);  // a small swarm has room for every connection
        std::string want = "peer " + std::to_string(j.peer);
        if (j.kind == NarrationKind::rejoined)
            want += " rejoined with " + std::to_string(first.n1) + (first.n1 == 1 ? " piece" : " pieces");
        else
            want += j.peer == 6 ? " joined as a seed" : " joined";
        want += ": announced to the tracker; ";
        if (raw.registered == 0) {
            want += "the tracker knew no other peers yet";
        } else {
            want += "the tracker returned " + std::to_string(raw.returned) + " of " + std::to_string(raw.registered) +
                    (raw.registered == 1 ? " peer" : " peers");
            if (raw.returned > 0) want += "; connected to " + std::to_string(raw.reached) + " of them";
        }
        CHECK(j.text == want);
        if (raw.reached > 0) {
            ++with_connections;
            // The entry reaches up to the last connection it counts.
            CHECK(ev[j.last_event].peer == j.peer);
            CHECK(ev[j.last_event].kind == TraceKind::connected);
        }
    }
    CHECK(with_connections >= 6);  // everyone but whoever reached the tracker first
    CHECK(rejoins.size() == 1);
    CHECK(rejoins.front().peer == 2);
    CHECK(rejoins.front().time == seconds(8));
}

TEST_CASE("narration: one entry per choke round, grouping the round's own chokes and unchokes") {
    const Swarm s = run_to_end(class_config());
    const TraceView ev = s.trace().events();
    const std::vector<NarrationEntry> story = narrate(s.trace());
    const std::vector<NarrationEntry> rounds = of_kind(story, NarrationKind::choke_round);
    size_t raw_rounds = 0;
    for (const TraceEvent& e : ev) raw_rounds += e.kind == TraceKind::choke_round;
    REQUIRE(raw_rounds > 0);
    CHECK(rounds.size() == raw_rounds);
    size_t grouped = 0;
    for (const NarrationEntry& r : rounds) {
        const TraceEvent& e = ev[r.first_event];
        REQUIRE(e.kind == TraceKind::choke_round);
        CHECK(r.text == "peer " + std::to_string(e.peer) + ": " + s.trace().reason(e));
        CHECK(r.text.find(": choke round") != std::string::npos);
        for (size_t k = r.first_event + 1; k <= r.last_event; ++k) {
            CHECK((ev[k].kind == TraceKind::choke || ev[k].kind == TraceKind::unchoke));
            CHECK(ev[k].peer == e.peer);
            CHECK(ev[k].time == e.time);
            ++grouped;
        }
    }
    CHECK(grouped > 0);
    // Unchokes outside rounds (a free slot filled) are in the log, not in the narration.
    for (const NarrationEntry& n : story) CHECK(ev[n.first_event].kind != TraceKind::unchoke);
}

TEST_CASE("narration: every leecher's completion, every departure and the first copy of every piece") {
    const Swarm s = run_to_end(class_config());
    const TraceView ev = s.trace().events();
    const std::vector<NarrationEntry> story = narrate(s.trace());

    const std::vector<NarrationEntry> done = of_kind(story, NarrationKind::completed);
    CHECK(done.size() == 6);
    std::vector<PeerId> finished;
    for (const NarrationEntry& d : done) {
        CAPTURE(d.text);
        CHECK(ev[d.first_event].kind == TraceKind::completed);
        CHECK(s.peers()[d.peer].completed_at == d.time);
        CHECK(d.text == "peer " + std::to_string(d.peer) + " has the whole file (took " +
                            format_time(d.time - s.peers()[d.peer].joined_at) + ")");
        finished.push_back(d.peer);
    }
    std::sort(finished.begin(), finished.end());
    CHECK(finished == std::vector<PeerId>{0, 1, 2, 3, 4, 5});

    const std::vector<NarrationEntry> left = of_kind(story, NarrationKind::left);
    REQUIRE(left.size() == 1);
    const TraceEvent& gone = ev[left.front().first_event];
    CHECK(gone.kind == TraceKind::left);
    CHECK(left.front().time == seconds(3));
    CHECK(left.front().text == "peer 2 left holding " + std::to_string(gone.n1) + " of 16 pieces");

    const std::vector<NarrationEntry> firsts = of_kind(story, NarrationKind::first_copy);
    CHECK(firsts.size() == 16);
    std::vector<bool> seen(16, false);
    for (const TraceEvent& e : ev) {
        if (e.kind != TraceKind::piece_verified || seen[e.piece]) continue;
        seen[e.piece] = true;
        const auto it = std::find_if(firsts.begin(), firsts.end(), [&](const NarrationEntry& f) {
            return ev[f.first_event].kind == TraceKind::piece_verified && ev[f.first_event].piece == e.piece;
        });
        REQUIRE(it != firsts.end());
        CHECK(&ev[it->first_event] == &e);  // the very first verification of that piece
        CHECK(it->text == "piece " + std::to_string(e.piece) + " reached the swarm's peers for the first time (peer " +
                              std::to_string(e.peer) + " got it from peer " + std::to_string(e.other) + ")");
    }
}

TEST_CASE("narration: a peer that leaves once it has the file, and a trace that keeps no events") {
    SwarmConfig c = class_config();
    c.schedule.clear();
    c.after_complete = AfterComplete::leave;
    const Swarm s = run_to_end(c);
    const std::vector<NarrationEntry> left = of_kind(narrate(s.trace()), NarrationKind::left);
    REQUIRE(!left.empty());
    CHECK(left.front().text == "peer " + std::to_string(left.front().peer) + " left with the whole file");

    c.keep_trace = false;
    const Swarm quiet = run_to_end(c);
    CHECK(narrate(quiet.trace()).empty());
}

namespace {

void check_same(const std::vector<NarrationEntry>& got, const std::vector<NarrationEntry>& want) {
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) {
        CHECK(got[i].time == want[i].time);
        CHECK(got[i].peer == want[i].peer);
        CHECK(got[i].kind == want[i].kind);
        CHECK(got[i].text == want[i].text);
        CHECK(got[i].first_event == want[i].first_event);
        CHECK(got[i].last_event == want[i].last_event);
    }
}

}  // namespace

TEST_CASE("narration: read a frame at a time, it says what narrating the whole trace says, forward, back and on a new branch") {
    ControllerOptions o;
    o.keyframe_every = 400;
    Controller c(class_config(), o);  // peer 2 leaves at 3 s and comes back at 8 s
    Narrator n;
    auto check = [&] {
        n.update(c.swarm().trace());
        check_same(n.entries(), narrate(c.swarm().trace()));
    };
    check();
    int steps = 0;
    for (; steps < 4000 && c.step(StepUnit::event); ++steps)
        if (steps % 7 == 0) check();  // some frames see one record, others several
    CHECK(steps > 2000);
    check();
    CHECK(n.entries().size() > 20);
    for (int i = 0; i < 40; ++i) {
        REQUIRE(c.back(StepUnit::event));
        check();
    }
    for (const SimTime t : {seconds(2), seconds(9), seconds(4), seconds(6)}) {
        c.seek(t);
        check();
    }
    // A what-if after going back: the trace from here on is another one, of the same length or longer.
    CHECK(c.apply(WhatIf{.kind = WhatIfKind::leave, .peer = 0}).empty());
    check();
    for (int i = 0; i < 300 && c.step(StepUnit::event); ++i) check();
    for (int i = 0; i < 30 && c.step(StepUnit::choke_round); ++i) check();
    check();

    // Another swarm altogether, then one that keeps no records.
    SwarmConfig other = class_config();
    other.rng_seed += 1;
    Swarm s(other);
    s.run_until(seconds(7));
    n.update(s.trace());
    check_same(n.entries(), narrate(s.trace()));
    other.keep_trace = false;
    Swarm quiet(other);
    quiet.run_until(seconds(3));
    n.update(quiet.trace());
    CHECK(n.entries().empty());
}

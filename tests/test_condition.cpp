// Breakpoint conditions: what a learner types, where the run stops, and the message when the text is wrong.
#include "condition.h"
#include "lecture_config.h"

#include <doctest/doctest.h>

#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "swarm.h"
#include "swarm_fixtures.h"

using namespace swarmscope;
using swarmscope::testing::class_config;

namespace {

Condition parsed(const std::string& text) {
    Result<Condition> r = parse_condition(text);
    REQUIRE_MESSAGE(r.ok(), text << " -> " << (r.ok() ? "" : r.error().message));
    return *r;
}

struct Stop {
    bool hit = false;
    uint64_t steps = 0;
    SimTime time = 0;
    bool operator==(const Stop&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Stop& s) {
    return os << (s.hit ? "hit" : "miss") << " after " << s.steps << " steps at " << format_time(s.time);
}

using Holds = std::function<bool(const Swarm&, const std::vector<TraceEvent>& new_events)>;

// The reference answer, found without the condition code: step a copy one event at a time and look at
// the trace records each step added and at the swarm's public state.
Stop expected_stop(Swarm s, const Holds& holds, uint64_t limit = 1000000) {
    Stop r;
    size_t seen = s.trace().events().size();
    while (r.steps < limit && s.step()) {
        ++r.steps;
        const TraceView all = s.trace().events();
        const std::vector<TraceEvent> added(all.begin() + static_cast<std::ptrdiff_t>(seen), all.end());
        seen = all.size();
        if (holds(s, added)) {
            r.hit = true;
            break;
        }
    }
    r.time = s.now();
    return r;
}

Stop actual_stop(Swarm s, const std::string& text, uint64_t limit = 1000000) {
    const RunToResult r = run_until_condition(s, parsed(text), limit);
    return Stop{r.hit, r.steps, s.now()};
}

Holds any_event(std::function<bool(const TraceEvent&)> match) {
    return [match](const Swarm&, const std::vector<TraceEvent>& added) {
        for (const TraceEvent& e : added)
            if (match(e)) return true;
        return false;
    };
}

Holds state(std::function<bool(const Swarm&)> f) {
    return [f](const Swarm& s, const std::vector<TraceEvent>&) { return f(s); };
}

// The first record of a kind in a whole run, to pick peers that really do the thing.
TraceEvent first_of(TraceKind kind) {
    Swarm s(class_config());
    while (s.step()) {
    }
    for (const TraceEvent& e : s.trace().events())
        if (e.kind == kind) return e;
    FAIL("no " << trace_kind_name(kind) << " event in the run");
    return {};
}

std::string n(uint32_t v) { return std::to_string(v); }

struct Case {
    std::string text;
    Holds holds;
};

void check_cases(const std::vector<Case>& cases) {
    const Swarm start(class_config());
    for (const Case& c : cases) {
        CAPTURE(c.text);
        const Stop want = expected_stop(start, c.holds);
        CHECK(want.hit);
        CHECK(actual_stop(start, c.text) == want);
    }
}

}  // namespace

TEST_CASE("condition: every event atom stops at the step that produced the first matching trace event") {
    const TraceEvent un = first_of(TraceKind::unchoke);
    const TraceEvent ch = first_of(TraceKind::choke);
    const TraceEvent in = first_of(TraceKind::interested);
    const TraceEvent done = first_of(TraceKind::completed);
    const TraceEvent got = first_of(TraceKind::piece_verified);
    const TraceEvent round = first_of(TraceKind::choke_round);
    const auto is = [](TraceKind k, PeerId peer, PeerId other = any_peer, int piece = -1) {
        return any_event([=](const TraceEvent& e) {
            return e.kind == k && (peer == any_peer || e.peer == peer) && (other == any_peer || e.other == other) &&
                   (piece < 0 || e.piece == static_cast<uint32_t>(piece));
        });
    };
    const std::vector<Case> cases = {
        {"peer " + n(un.peer) + " unchokes peer " + n(un.other), is(TraceKind::unchoke, un.peer, un.other)},
        {"peer " + n(un.peer) + " unchokes any peer", is(TraceKind::unchoke, un.peer)},
        {"any peer unchokes peer " + n(un.other), is(TraceKind::unchoke, any_peer, un.other)},
        {"peer " + n(ch.peer) + " chokes peer " + n(ch.other), is(TraceKind::choke, ch.peer, ch.other)},
        {"any peer chokes any peer", is(TraceKind::choke, any_peer)},
        {"peer " + n(in.peer) + " interested in peer " + n(in.other), is(TraceKind::interested, in.peer, in.other)},
        {"peer 2 leaves", is(TraceKind::left, 2)},
        {"any peer leaves", is(TraceKind::left, any_peer)},
        {"peer 4 joins", any_event([](const TraceEvent& e) {
             return e.peer == 4 && (e.kind == TraceKind::peer_joined || e.kind == TraceKind::rejoined);
         })},
        {"any peer joins", any_event([](const TraceEvent& e) {
             return e.kind == TraceKind::peer_joined || e.kind == TraceKind::rejoined;
         })},
        {"peer " + n(done.peer) + " completes", is(TraceKind::completed, done.peer)},
        {"any peer completes", is(TraceKind::completed, any_peer)},
        {"peer " + n(got.peer) + " gets piece " + n(got.piece),
         is(TraceKind::piece_verified, got.peer, any_peer, static_cast<int>(got.piece))},
        {"any peer gets piece 7", is(TraceKind::piece_verified, any_peer, any_peer, 7)},
        {"peer 3 announces", is(TraceKind::announce, 3)},
        {"peer " + n(round.peer) + " choke round", is(TraceKind::choke_round, round.peer)},
        {"any choke round", is(TraceKind::choke_round, any_peer)},
    };
    check_cases(cases);
}

TEST_CASE("condition: a rejoin counts as joining, and an event holds only for the step that made it") {
    Swarm s(class_config());
    REQUIRE(run_until_condition(s, parsed("peer 2 leaves"), 1000000).hit);
    CHECK(s.now() == seconds(3));
    CHECK(evaluate(parsed("peer 2 leaves"), s));
    REQUIRE(run_until_condition(s, parsed("peer 2 joins"), 1000000).hit);
    CHECK(s.now() == seconds(8));
    CHECK(s.last_step_events().front().kind == TraceKind::rejoined);
    s.step();
    CHECK_FALSE(evaluate(parsed("peer 2 joins"), s));
}

TEST_CASE("condition: state atoms stop at the first step after which the swarm satisfies them") {
    const std::vector<Case> cases = {
        {"piece 3 copies >= 4", state([](const Swarm& s) { return s.copies()[3] >= 4; })},
        {"piece 3 copies > 2", state([](const Swarm& s) { return s.copies()[3] > 2; })},
        {"piece 3 copies == 2", state([](const Swarm& s) { return s.copies()[3] == 2; })},
        {"piece 3 copies != 1", state([](const Swarm& s) { return s.copies()[3] != 1; })},
        {"piece 3 copies < 1", state([](const Swarm& s) { return s.copies()[3] < 1; })},
        {"piece 3 copies <= 1", state([](const Swarm& s) { return s.copies()[3] <= 1; })},
        {"peer 1 complete", state([](const Swarm& s) { return s.peers()[1].complete(); })},
        {"peer 1 has piece 5", state([](const Swarm& s) { return bool(s.peers()[1].have[5]); })},
        {"peer 1 has 8 pieces", state([](const Swarm& s) { return s.peers()[1].have_count >= 8; })},
        {"peer 1 pieces > 10", state([](const Swarm& s) { return s.peers()[1].have_count > 10; })},
        {"completed >= 3", state([](const Swarm& s) { return s.metrics().completed >= 3; })},
        {"time >= 5s", state([](const Swarm& s) { return s.now() >= seconds(5); })},
        {"time > 1500ms", state([](const Swarm& s) { return s.now() > milliseconds(1500); })},
        {"time >= 12", state([](const Swarm& s) { return s.now() >= seconds(12); })},
    };
    check_cases(cases);

    // A state the run never reaches: the run ends (or the step budget does) without a hit.
    Swarm s(class_config());
    const RunToResult never = run_until_condition(s, parsed("time > 1h"), 1000000);
    CHECK_FALSE(never.hit);
    CHECK(s.done());
    Swarm t(class_config());
    const RunToResult budget = run_until_condition(t, parsed("time > 1h"), 10);
    CHECK_FALSE(budget.hit);
    CHECK(budget.steps == 10);
}

TEST_CASE("condition: and, or, not and parentheses") {
    const std::vector<Case> cases = {
        {"peer 0 has 4 pieces and peer 1 has 4 pieces",
         state([](const Swarm& s) { return s.peers()[0].have_count >= 4 && s.peers()[1].have_count >= 4; })},
        {"peer 0 complete or peer 1 complete",
         state([](const Swarm& s) { return s.peers()[0].complete() || s.peers()[1].complete(); })},
        {"not peer 0 has piece 3 and time > 2s",
         state([](const Swarm& s) { return !s.peers()[0].have[3] && s.now() > seconds(2); })},
        {"any peer gets piece 3 and not peer 5 gets piece 3", any_event([](const TraceEvent& e) {
             return e.kind == TraceKind::piece_verified && e.piece == 3 && e.peer != 5;
         })},
        {"(peer 0 complete or peer 1 complete) and completed >= 4", state([](const Swarm& s) {
             return (s.peers()[0].complete() || s.peers()[1].complete()) && s.metrics().completed >= 4;
         })},
        {"peer 0 complete or peer 1 complete and completed >= 4", state([](const Swarm& s) {
             return s.peers()[0].complete() || (s.peers()[1].complete() && s.metrics().completed >= 4);
         })},
    };
    check_cases(cases);

    // "and" binds tighter than "or": at time 0, true or (false and false) holds, (true or false) and false does not.
    const Swarm s(class_config());
    CHECK(evaluate(parsed("time >= 0s or time < 0s and time < 0s"), s));
    CHECK_FALSE(evaluate(parsed("(time >= 0s or time < 0s) and time < 0s"), s));
    CHECK(evaluate(parsed("not time > 0s"), s));
    CHECK(evaluate(parsed("not not time >= 0s"), s));
    CHECK_FALSE(evaluate(Condition{}, s));
}

TEST_CASE("condition: keywords in any case, operators with or without spaces") {
    const Swarm s(class_config());
    CHECK(describe(parsed("PEER 3 Unchokes ANY Peer")) == "peer 3 unchokes any peer");
    CHECK(describe(parsed("time>=90s")) == "time >= 90s");
    CHECK(describe(parsed("Piece 2 COPIES!=3")) == "piece 2 copies != 3");
    CHECK(describe(parsed("(peer 1 complete)and(peer 2 complete)")) == "peer 1 complete and peer 2 complete");
    CHECK(describe(parsed("time > 90 S")) == "time > 90s");
    CHECK(parsed("time >= 2MIN").nodes.front().value == seconds(120));
}

TEST_CASE("condition: parse errors name the column and say what was expected") {
    struct Bad {
        std::string text;
        size_t column;
        std::string message;
    };
    const std::string atoms = "expected peer, any, piece, min copies, time, completed, not or (";
    const std::vector<Bad> cases = {
        {"peer x unchokes peer 2", 6, "column 6: expected a peer number after 'peer'"},
        {"peers 3 complete", 1, "column 1: unknown word 'peers'; " + atoms},
        {"peer 1 unchokes 2", 17, "column 17: expected 'peer' or 'any' after 'unchokes'"},
        {"peer 1 chokes", 14, "column 14: expected 'peer' or 'any' after 'chokes'"},
        {"any peer unchokes any 3", 23, "column 23: expected 'peer' after 'any'"},
        {"not time is 90s", 10, "column 10: expected a comparison (>=, >, <=, <, ==, !=)"},
        {"completed = 3", 11, "column 11: expected a comparison (>=, >, <=, <, ==, !=)"},
        {"time >= 100sec", 12, "column 12: unknown time unit 'sec'; use us, ms, s, min or h"},
        {"time > 90 sec", 11, "column 11: unknown time unit 'sec'; use us, ms, s, min or h"},
        {"time > 1.5min", 9, "column 9: use a whole number of a smaller unit, such as 1500ms rather than 1.5s"},
        {"time > soon", 8, "column 8: expected a time such as 90s or 2min after '>'"},
        {"peer 1 has piece 12)", 20, "column 20: unbalanced ')'"},
        {"(peer 1 complete", 1, "column 1: unbalanced '('; no ')' closes it"},
        {"(peer 1 complete peer 2 complete)", 18, "column 18: expected 'and', 'or' or ')', found 'peer'"},
        {"peer 1 complete peer 2 complete", 17, "column 17: expected 'and' or 'or', found 'peer'"},
        {"()", 2, "column 2: expected a condition before ')'"},
        {"", 1, "column 1: the condition is empty"},
        {"   ", 4, "column 4: the condition is empty"},
        {"peer 1 complete and", 20, "column 20: expected a condition after 'and'"},
        {">= 3", 1, "column 1: unexpected '>='; " + atoms},
        {"peer 1 dances", 8,
         "column 8: unknown word 'dances' after 'peer 1'; expected unchokes, chokes, interested in, leaves, joins, "
         "completes, gets piece, announces, choke round, unchoking, optimistically unchokes, complete, has, pieces or "
         "neighbours"},
        {"peer 1", 7,
         "column 7: expected unchokes, chokes, interested in, leaves, joins, completes, gets piece, announces, choke "
         "round, unchoking, optimistically unchokes, complete, has, pieces or neighbours after 'peer 1'"},
        {"any peer complete", 10,
         "column 10: 'complete' needs a peer number; 'any peer' goes only with events such as unchokes or leaves"},
        {"any piece", 5, "column 5: expected 'peer' or 'choke round' after 'any'"},
        {"any choke", 10, "column 10: expected 'round' after 'choke'"},
        {"peer 1 interested peer 2", 19, "column 19: expected 'in' after 'interested'"},
        {"peer 1 gets 3", 13, "column 13: expected 'piece' after 'gets'"},
        {"peer 1 has lots", 12, "column 12: expected 'piece K' or 'N pieces' after 'has'"},
        {"peer 1 has 3 chunks", 14, "column 14: expected 'pieces' after 'has 3'"},
        {"piece 3 copies >= many", 19, "column 19: expected a number after '>='"},
        {"piece 3 holders > 1", 9, "column 9: expected 'copies' after 'piece 3'"},
        {"peer 99999999999 complete", 6, "column 6: number '99999999999' is too large"},
    };
    for (const Bad& b : cases) {
        CAPTURE(b.text);
        const Result<Condition> r = parse_condition(b.text);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message == b.message);
        CHECK(r.error().offset == b.column);
    }

    // Deep nesting is refused rather than recursed into.
    std::string deep;
    for (int i = 0; i < 65; ++i) deep += "not ";
    const Result<Condition> r = parse_condition(deep + "peer 1 complete");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "column 257: nested too deeply (more than 64 levels)");
    std::string parens(64, '(');
    CHECK(parse_condition(parens + "peer 1 complete" + std::string(64, ')')).ok());
}

TEST_CASE("condition: validate names peers and pieces the swarm does not have") {
    SwarmConfig c = class_config();
    c.peers = 10;
    c.schedule.clear();
    const Swarm s(c);  // 10 leechers and a seed, 16 pieces
    const auto problem = [&](const std::string& text) {
        const std::optional<Error> e = validate(parsed(text), s);
        return e ? e->message + " @" + std::to_string(e->offset) : std::string("ok");
    };
    CHECK(problem("not peer 400 complete") == "column 5: peer 400 does not exist (the swarm has 11 peers) @5");
    CHECK(problem("peer 1 unchokes peer 11") == "column 17: peer 11 does not exist (the swarm has 11 peers) @17");
    CHECK(problem("any peer gets piece 16") == "column 15: piece 16 does not exist (the file has 16 pieces) @15");
    CHECK(problem("peer 1 has piece 20 or piece 30 copies > 1") ==
          "column 12: piece 20 does not exist (the file has 16 pieces) @12");
    CHECK(problem("time > 1s and peer 12 choke round") == "column 15: peer 12 does not exist (the swarm has 11 peers) @15");
    CHECK(problem("peer 10 unchokes any peer and piece 15 copies >= 2 and peer 0 has 99 pieces") == "ok");
    CHECK(problem("any choke round or any peer leaves") == "ok");
}

TEST_CASE("condition: describe gives a normal form that parses back to itself") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"peer 3   unchokes   peer 4", "peer 3 unchokes peer 4"},
        {"any peer interested in any peer", "any peer interested in any peer"},
        {"any peer choke round", "any choke round"},
        {"peer 2 choke round", "peer 2 choke round"},
        {"peer 2 gets piece 9", "peer 2 gets piece 9"},
        {"peer 2 pieces >= 4", "peer 2 has 4 pieces"},
        {"peer 2 has 1 piece", "peer 2 has 1 piece"},
        {"peer 2 pieces < 4", "peer 2 pieces < 4"},
        {"time < 120s", "time < 2min"},
        {"time == 1500ms", "time == 1500ms"},
        {"time != 7us", "time != 7us"},
        {"time > 7200", "time > 2h"},
        {"time >= 0ms", "time >= 0s"},
        {"((peer 1 complete))", "peer 1 complete"},
        {"(peer 1 complete and peer 2 complete) and completed >= 2",
         "peer 1 complete and peer 2 complete and completed >= 2"},
        {"peer 1 complete and (peer 2 complete or completed >= 2)",
         "peer 1 complete and (peer 2 complete or completed >= 2)"},
        {"(peer 1 complete or peer 2 complete) or completed >= 2", "peer 1 complete or peer 2 complete or completed >= 2"},
        {"peer 1 complete or (peer 2 complete and completed >= 2)", "peer 1 complete or peer 2 complete and completed >= 2"},
        {"not (peer 1 complete or peer 2 leaves)", "not (peer 1 complete or peer 2 leaves)"},
        {"NOT NOT peer 1 complete", "not not peer 1 complete"},
        {"not (peer 1 complete)", "not peer 1 complete"},
        {"peer 4 neighbors >= 3", "peer 4 neighbours >= 3"},
        {"any peer optimistically unchokes peer 5", "any peer optimistically unchokes peer 5"},
        {"MIN copies > 1", "min copies > 1"},
        {"peer 0 unchoking any peer", "peer 0 unchoking any peer"},
    };
    for (const auto& item : cases) {
        const std::string& text = item.first;
        const std::string& normal = item.second;
        CAPTURE(text);
        const Condition c = parsed(text);
        CHECK(describe(c) == normal);
        CHECK(describe(parsed(describe(c))) == normal);
        const Condition copy = c;  // plain data: a copy describes the same
        CHECK(describe(copy) == normal);
    }
    CHECK(describe(Condition{}).empty());
}

TEST_CASE("condition: neighbours, optimistic unchokes and the rarest piece's copies follow the swarm") {
    SwarmConfig c = lecture_config();  // enough peers that some are left for an optimistic unchoke
    Swarm swarm(c);
    CHECK_FALSE(evaluate(parsed("peer 0 neighbours >= 1"), swarm));
    CHECK(evaluate(parsed("min copies == 0"), swarm));  // nobody is online yet
    CHECK(run_until_condition(swarm, parsed("any peer optimistically unchokes any peer"), UINT64_MAX).hit);
    bool found = false;
    for (const Peer& p : swarm.peers())
        if (p.optimistic != no_peer) {
            found = true;
            const std::string who = std::to_string(p.id), whom = std::to_string(p.optimistic);
            CHECK(evaluate(parsed("peer " + who + " optimistically unchokes peer " + whom), swarm));
            CHECK(evaluate(parsed("peer " + who + " neighbours >= 1"), swarm));
            CHECK(evaluate(parsed("any peer optimistically unchokes peer " + whom), swarm));
            CHECK(evaluate(parsed("peer " + who + " unchoking peer " + whom), swarm));  // an optimistic unchoke is one
        }
    CHECK(found);
    CHECK(run_until_condition(swarm, parsed("min copies >= 2"), UINT64_MAX).hit);
    for (uint32_t copies : swarm.copies()) CHECK(copies >= 2);
    CHECK(validate(parsed("peer 40 optimistically unchokes peer 0"), swarm).has_value());
    CHECK(validate(parsed("peer 0 optimistically unchokes peer 40"), swarm).has_value());
}

// Each peer's last choking decision, kept with its ranking, through steps, seeks and keyframes.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <set>

#include "controller.h"

using namespace swarmscope;

namespace {

SwarmConfig record_config() {
    SwarmConfig c;
    c.peers = 12;
    c.pieces = 48;
    c.piece_size = 256 * 1024;
    c.server_up = 256 * 1024;  // slow enough for a dozen rounds per peer
    c.peer_up = 64 * 1024;
    c.real_payload = 0;
    c.rng_seed = 7;
    return c;
}

std::vector<std::optional<ChokeRecord>> all_records(const Swarm& s) {
    std::vector<std::optional<ChokeRecord>> v;
    for (const Peer& p : s.peers()) {
        const ChokeRecord* r = s.last_choke(p.id);
        v.push_back(r ? std::optional<ChokeRecord>(*r) : std::nullopt);
    }
    return v;
}

}  // namespace

TEST_CASE("choke record: after a round it ranks every interested neighbour and matches the links") {
    Swarm s(record_config());
    CHECK(s.last_choke(0) == nullptr);
    CHECK(s.last_choke(9999) == nullptr);
    int rounds = 0, seed_rounds = 0, optimistic_rounds = 0, ranked = 0;
    while (s.step() && rounds < 150) {
        for (const TraceEvent& e : s.last_step_events()) {
            if (e.kind != TraceKind::choke_round) continue;
            ++rounds;
            const Peer& p = s.peers()[e.peer];
            const ChokeRecord* r = s.last_choke(p.id);
            REQUIRE(r != nullptr);
            CHECK(r->time == s.now());
            CHECK(r->as_seed == p.complete());
            CHECK(r->optimistic_round == (e.piece == 1));
            CHECK(r->optimistic == p.optimistic);
            seed_rounds += r->as_seed;
            optimistic_rounds += r->optimistic_round;
            // One reason per open link, by id; the interested ones ranked 1..k, the others 0.
            size_t open = 0, interested = 0, unchoked = 0;
            std::set<int> ranks;
            for (const Link& l : s.links_of(p)) {
                if (!l.open) continue;
                ++open;
                const auto it = std::find_if(r->reasons.begin(), r->reasons.end(),
                                             [&](const ChokeReason& c) { return c.id == l.remote; });
                REQUIRE(it != r->reasons.end());
                CHECK(it->unchoke == !l.am_choking);
                CHECK_FALSE(it->text.empty());
                unchoked += it->unchoke;
                if (l.peer_interested) {
                    ++interested;
                    CHECK(it->rank >= 1);
                    ranks.insert(it->rank);
                } else {
                    CHECK(it->rank == 0);
                }
            }
            CHECK(r->reasons.size() == open);
            CHECK(ranks.size() == interested);
            if (!ranks.empty()) CHECK(*ranks.rbegin() == static_cast<int>(interested));
            CHECK(std::is_sorted(r->reasons.begin(), r->reasons.end(),
                                 [](const ChokeReason& a, const ChokeReason& b) { return a.id < b.id; }));
            CHECK(e.n1 == unchoked);
            CHECK(e.n2 == interested);
            ranked += interested > 1;
        }
    }
    CHECK(rounds == 150);
    CHECK(seed_rounds > 0);
    CHECK(optimistic_rounds > 0);
    CHECK(ranked > 50);
}

TEST_CASE("choke record: the same after seeking back and forth, through keyframes, as in a straight run") {
    ControllerOptions o;
    o.keyframe_every = 500;  // so going back restores a keyframe taken after some rounds
    Controller c(record_config(), o);
    c.seek(seconds(35));
    REQUIRE(c.keyframe_count() > 3);
    const std::vector<std::optional<ChokeRecord>> at35 = all_records(c.swarm());
    size_t kept = 0;
    for (const auto& r : at35) kept += r.has_value();
    CHECK(kept >= 10);

    Swarm straight(record_config());
    straight.run_until(seconds(35));
    CHECK(all_records(straight) == at35);

    c.seek(seconds(21));
    const std::vector<std::optional<ChokeRecord>> at21 = all_records(c.swarm());
    CHECK(at21 != at35);
    for (const auto& r : at21)
        if (r) CHECK(r->time <= seconds(21));
    c.seek(seconds(35));
    CHECK(all_records(c.swarm()) == at35);
    c.seek(seconds(21));
    CHECK(all_records(c.swarm()) == at21);

    // A choke-round step back and forth lands on the same records too.
    c.seek(seconds(35));
    REQUIRE(c.step(StepUnit::choke_round));
    const std::vector<std::optional<ChokeRecord>> after = all_records(c.swarm());
    REQUIRE(c.back(StepUnit::choke_round));
    REQUIRE(c.step(StepUnit::choke_round));
    CHECK(all_records(c.swarm()) == after);
}

TEST_CASE("choke record: a free rider keeps none, and a copy of the swarm carries them") {
    SwarmConfig cfg = record_config();
    cfg.free_riders = 2;
    Swarm s(cfg);
    s.run_until(seconds(25));
    CHECK(s.last_choke(cfg.peers - 1) == nullptr);
    CHECK(s.last_choke(cfg.peers - 2) == nullptr);
    REQUIRE(s.last_choke(0) != nullptr);
    Swarm copy(cfg);
    copy.restore(s.snapshot());
    CHECK(all_records(copy) == all_records(s));
}

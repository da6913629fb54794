// The state summary a breakpoint prints: what a class sees when the run stops.
#include <doctest/doctest.h>

#include "condition.h"
#include "state_summary.h"
#include "swarm.h"

using namespace swarmscope;

namespace {

SwarmConfig small_config() {
    SwarmConfig c;
    c.peers = 5;
    c.pieces = 8;
    c.piece_size = 64 * 1024;
    return c;
}

}  // namespace

TEST_CASE("state summary: at a breakpoint, pieces, neighbours and copies agree with the swarm") {
    Swarm s(small_config());
    const Result<Condition> c = parse_condition("piece 3 copies >= 3");
    REQUIRE(c.ok());
    REQUIRE(run_until_condition(s, *c, 1000000).hit);
    const StateSummary sum = summarize_state(s, 10);
    CHECK(sum.time == s.now());
    CHECK(sum.piece_count == 8);
    REQUIRE(sum.copies.size() == 8);
    CHECK(sum.copies[3] >= 3);
    REQUIRE(sum.peers.size() == 6);
    uint32_t copies_of_3 = 0;
    for (const PeerSummary& p : sum.peers) {
        const Peer& peer = s.peers()[p.id];
        CHECK(p.pieces == peer.have_count);
        CHECK(p.neighbours == peer.links.size());
        CHECK(p.unchoked_by <= p.neighbours);
        copies_of_3 += peer.status == PeerStatus::online && peer.have[3];
    }
    CHECK(copies_of_3 == sum.copies[3]);
    CHECK(sum.peers[5].seed);
    CHECK(sum.peers[5].complete);
    REQUIRE(sum.last_trace.size() == 10);
    CHECK(sum.last_trace.back() == s.trace().line(s.trace().events()[s.trace().events().size() - 1]));

    const std::string text = format_state_summary(sum);
    CHECK(text.find("peer 5 (seed): 8/8 pieces, ") != std::string::npos);
    CHECK(text.find("copies of each piece:\n  pieces 0-7:") != std::string::npos);
    CHECK(text.find("last 10 trace lines:\n") != std::string::npos);
}

TEST_CASE("state summary: a fresh swarm has peers not joined yet and no trace") {
    const Swarm s(small_config());
    const StateSummary sum = summarize_state(s);
    CHECK(sum.last_trace.empty());
    const std::string text = format_state_summary(sum);
    CHECK(text.rfind("peer 0: 0/8 pieces, not joined yet, 0 neighbours, unchoked by 0, unchoking 0\n", 0) == 0);
    CHECK(text.find("  pieces 0-7: 0 0 0 0 0 0 0 0\n") != std::string::npos);
    CHECK(text.find("trace lines") == std::string::npos);
}

TEST_CASE("state summary: copies wrap at 32 pieces to a row") {
    StateSummary sum;
    sum.piece_count = 40;
    sum.copies.assign(40, 2);
    const std::string text = format_state_summary(sum);
    CHECK(text.find("  pieces 0-31: 2") != std::string::npos);
    CHECK(text.find("\n  pieces 32-39: 2 2 2 2 2 2 2 2\n") != std::string::npos);
}

// Peers that differ: classes of upload and download rates, the bound over each peer's own rates, and
// the report's figures for each class.
#include <doctest/doctest.h>

#include <vector>

#include "run_options.h"
#include "run_report.h"
#include "swarm.h"
#include "swarm_fixtures.h"

using namespace swarmscope;
using swarmscope::testing::run_to_end;

namespace {

// Four fast uploaders, then eight slow ones; the first six download faster than the rest.
SwarmConfig mixed_config() {
    SwarmConfig c;
    c.peers = 12;
    c.pieces = 32;
    c.piece_size = 64 * 1024;
    c.server_up = 512 * 1024;
    c.up_classes = {{256 * 1024, 4}, {64 * 1024, 8}};
    c.down_classes = {{2 << 20, 6}, {1 << 20, 6}};
    return c;
}

}  // namespace

TEST_CASE("each leecher's host has its class's rates, and no leecher uploads faster than its class") {
    const SwarmConfig c = mixed_config();
    const Swarm s = run_to_end(c);
    REQUIRE(s.metrics().completed == c.peers);
    double fast_uploaded = 0, fast_seconds = 0;
    for (const Peer& p : s.peers()) {
        if (p.initial_seed) continue;
        const int i = static_cast<int>(p.id);
        const double up = i < 4 ? 256 * 1024 : 64 * 1024;
        CHECK(s.net().host(p.host).upload == up);
        CHECK(s.net().host(p.host).download == (i < 6 ? 2 << 20 : 1 << 20));
        const double seconds = to_seconds(s.now() - p.joined_at);
        CHECK(static_cast<double>(p.uploaded) <= up * seconds);  // block bytes alone, without the framing
        if (i < 4) fast_uploaded += static_cast<double>(p.uploaded), fast_seconds += seconds;
    }
    // The fast class really uploads faster than the slow class could: its rate reached its hosts.
    CHECK(fast_uploaded / fast_seconds > 64 * 1024);
}

TEST_CASE("the peer-to-peer bound sums each leecher's own upload and takes the slowest download") {
    // F = 16 MiB, u_s = 4 MiB/s, u_i = 2, 1, 1, 1 MiB/s, so N*F/(u_s + sum u_i) = 4 * 16 / 9 s.
    SwarmConfig c;
    c.peers = 4;
    c.pieces = 64;
    c.piece_size = 256 * 1024;
    c.server_up = 4 << 20;
    c.up_classes = {{2 << 20, 1}, {1 << 20, 3}};
    c.down_classes = {{8 << 20, 2}, {4 << 20, 2}};  // F/d_min = 4 s
    Bound b = p2p_bound(model_input(c));
    CHECK(b.seconds == doctest::Approx(64.0 / 9));
    CHECK(b.bottleneck == "total upload N*F/(u_s+sum u_i)");
    // The slowest download sets it once one leecher downloads at 1 MiB/s: F/d_min = 16 s.
    c.down_classes = {{8 << 20, 3}, {1 << 20, 1}};
    b = p2p_bound(model_input(c));
    CHECK(b.seconds == doctest::Approx(16.0));
    CHECK(b.bottleneck == "slowest download F/d_min");
    // A free rider (the last leecher, of the 1 MiB/s class) adds no upload: 4 * 16 / 8 s.
    c.down_classes.clear();
    c.free_riders = 1;
    b = p2p_bound(model_input(c));
    CHECK(b.seconds == doctest::Approx(8.0));
    CHECK(client_server_bound(model_input(c)).seconds == doctest::Approx(16.0));  // N*F/u_s
}

TEST_CASE("every block byte a leecher receives is counted by its sender's class") {
    const Swarm s = run_to_end(mixed_config());
    uint64_t from_seeds = 0;
    for (const Peer& p : s.peers()) {
        REQUIRE(p.received_from.size() == 4);  // two classes, leechers in none, the seeds
        uint64_t sum = 0;
        for (uint64_t b : p.received_from) sum += b;
        CHECK(sum == p.downloaded);
        CHECK(p.received_from[2] == 0);  // no leecher was added
        from_seeds += p.received_from[3];
    }
    CHECK(from_seeds == s.peers()[12].uploaded);  // peer 12 is the seed
}

TEST_CASE("per-class figures: with --peer-up 2MiB/s:10,512KiB/s:30 the fast class completes sooner") {
    const Result<RunOptions> o = parse_run_options({"--peers", "40", "--peer-up", "2MiB/s:10,512KiB/s:30"});
    REQUIRE(o.ok());
    const Swarm s = run_to_end(o->config);
    const RunReport r = make_report(s);
    REQUIRE(r.classes.size() == 2);
    const ClassFigures& fast = r.classes[0];
    const ClassFigures& slow = r.classes[1];
    CHECK(fast.peers == 10);
    CHECK(slow.peers == 30);
    CHECK(fast.completed == 10);
    CHECK(slow.completed == 30);
    CHECK(fast.upload == 2 << 20);
    CHECK(slow.upload == 512 * 1024);
    CHECK(fast.mean_completion_s < slow.mean_completion_s);
    CHECK(fast.median_completion_s > 0);
    REQUIRE(fast.from_class.size() == 2);
    REQUIRE(slow.from_class.size() == 2);
    // The rates received, times the time spent downloading, are every block byte the class received.
    for (size_t k = 0; k < 2; ++k) {
        double downloading = 0, downloaded = 0;
        for (const Peer& p : s.peers())
            if (!p.initial_seed && p.rate_class == k) {
                downloading += to_seconds(p.completed_at - p.joined_at);
                downloaded += static_cast<double>(p.downloaded);
            }
        const ClassFigures& f = r.classes[k];
        CHECK((f.from_class[0] + f.from_class[1] + f.from_seeds) * downloading == doctest::Approx(downloaded));
    }
}

TEST_CASE("a keyframe keeps the classes and the bytes received from each") {
    const SwarmConfig c = mixed_config();
    Swarm a(c);
    a.run_until(seconds(3));
    const std::vector<uint8_t> keyframe = a.snapshot();
    Swarm b(c);
    b.restore(keyframe);
    CHECK(b.config().up_classes.size() == 2);
    CHECK(b.config().down_classes[1].rate == 1 << 20);
    while (a.step()) {
    }
    while (b.step()) {
    }
    CHECK(a.trace().hash() == b.trace().hash());
    for (size_t i = 0; i < a.peers().size(); ++i) CHECK(a.peers()[i].received_from == b.peers()[i].received_from);
}

// Whole swarms: what a class would watch happen, checked end to end.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "run_report.h"
#include "swarm.h"
#include "swarm_fixtures.h"

using namespace swarmscope;
using swarmscope::testing::run_to_end;

namespace {

SwarmConfig small_config(int peers, uint32_t pieces, uint64_t seed = 1) {
    SwarmConfig c;
    c.peers = peers;
    c.pieces = pieces;
    c.piece_size = 64 * 1024;
    c.peer_up = 1 << 20;
    c.server_up = 10.0 * (1 << 20);
    c.peer_down = 10.0 * (1 << 20);
    c.rng_seed = seed;
    return c;
}

}  // namespace

TEST_CASE("a seed and one leecher: the leecher ends with every piece, each verified by SHA-1") {
    Swarm s = run_to_end(small_config(1, 8));
    const Peer& leecher = s.peers()[0];
    CHECK(leecher.complete());
    CHECK(s.metrics().completed == 1);
    CHECK(s.metrics().bad_pieces == 0);
    int verified = 0;
    for (const TraceEvent& e : s.trace().events()) verified += e.kind == TraceKind::piece_verified && e.peer == 0;
    CHECK(verified == 8);
    // The class sees the joining steps in order: announce, tracker reply, connection, handshake.
    std::vector<TraceKind> first;
    for (const TraceEvent& e : s.trace().events())
        if (e.peer == 0 && first.size() < 4) first.push_back(e.kind);
    CHECK(first == std::vector<TraceKind>{TraceKind::peer_joined, TraceKind::announce, TraceKind::tracker_reply,
                                          TraceKind::connecting});
}

TEST_CASE("50 peers all complete, never faster than the peer-to-peer bound") {
    Swarm s = run_to_end(small_config(50, 32));
    CHECK(s.metrics().completed == 50);
    CHECK(s.metrics().bad_pieces == 0);
    const RunReport r = make_report(s);
    CHECK(r.distribution_time_s >= r.bound_p2p.seconds);
    for (uint32_t c : s.copies()) CHECK(c == 51);
}

TEST_CASE("same seed, same trace; another seed, another trace") {
    const uint64_t a = run_to_end(small_config(8, 16, 7)).trace().hash();
    const uint64_t b = run_to_end(small_config(8, 16, 7)).trace().hash();
    const uint64_t c = run_to_end(small_config(8, 16, 8)).trace().hash();
    CHECK(a == b);
    CHECK(a != c);
}

TEST_CASE("golden hash, detects any change: a fixed scenario's trace is the same natively, in WebAssembly and without prefetch hints") {
    // A golden value: this test runs in the native and the WebAssembly binary, and in a build with
    // SWARMSCOPE_NO_PREFETCH, so all must produce it. It says nothing about whether the run is right,
    // only that it did not change: a deliberate change to the protocol or the trace changes it; update
    // it then, and say why.
    const Swarm s = run_to_end(small_config(6, 12, 42));
    CHECK(s.metrics().completed == 6);
    CHECK(s.trace().count() == 511);
    CHECK(hex64(s.trace().hash()) == "4ce8b3674b644a23");
}

TEST_CASE("golden hash, detects any change: blocks carried by reference, the same with and without prefetch hints") {
    // 40 peers and a 20 MiB file, so blocks travel as references, connections carry many messages
    // at once and every kind of look-ahead hint is taken. Only a change detector, as above.
    MESSAGE(std::string(prefetch_hints ? "prefetch hints compiled in" : "prefetch hints compiled out (SWARMSCOPE_NO_PREFETCH)"));
    SwarmConfig c = small_config(40, 80, 3);
    c.piece_size = 256 * 1024;
    c.keep_trace = false;
    const Swarm s = run_to_end(c);
    CHECK(s.metrics().completed == 40);
    CHECK(hex64(s.trace().hash()) == "0df3597841d415a7");
}

TEST_CASE("a free rider finishes later than the median peer") {
    // Long enough for several 10 s choking rounds and big enough for tit-for-tat to have a choice:
    // a neighbour that never uploads loses its slots to those that do.
    SwarmConfig c = small_config(20, 128, 1);
    c.piece_size = 256 * 1024;
    c.free_riders = 1;
    Swarm s = run_to_end(c);
    REQUIRE(s.metrics().completed == 20);
    std::vector<double> times;
    for (const Peer& p : s.peers())
        if (!p.initial_seed && !p.free_rider) times.push_back(to_seconds(p.completed_at));
    std::sort(times.begin(), times.end());
    const double median = times[times.size() / 2];
    const Peer& rider = s.peers()[19];
    REQUIRE(rider.free_rider);
    CHECK(rider.uploaded == 0);
    CHECK(to_seconds(rider.completed_at) > median);
}

TEST_CASE("a peer that leaves mid-download keeps its pieces and finishes after rejoining") {
    SwarmConfig c = small_config(6, 32, 5);
    c.schedule = {{seconds(0), 2, ChangeKind::join}, {milliseconds(800), 2, ChangeKind::leave}, {seconds(20), 2, ChangeKind::join}};
    Swarm s(c);
    s.run_until(milliseconds(900));
    const Peer& p = s.peers()[2];
    REQUIRE(p.status == PeerStatus::offline);
    const uint32_t kept = p.have_count;
    CHECK(kept > 0);
    CHECK(kept < 32);
    s.run_until(seconds(20) + milliseconds(1));
    CHECK(s.peers()[2].status == PeerStatus::online);
    CHECK(s.peers()[2].have_count >= kept);
    while (s.step()) {
    }
    CHECK(s.peers()[2].complete());
    bool rejoined = false;
    for (const TraceEvent& e : s.trace().events())
        rejoined |= e.kind == TraceKind::rejoined && e.peer == 2 && e.n1 == kept;
    CHECK(rejoined);
}

TEST_CASE("a seed passes a slot on at the end of a piece: to a newcomer with no piece after one piece, to anyone else after 2 MiB or three rounds") {
    SwarmConfig c;  // the textbook setting: 10 leechers, one seed with 5 slots
    c.pieces = 16;
    const Swarm s = run_to_end(c);
    const PeerId seed = 10;
    int to_newcomers = 0;
    for (const TraceEvent& e : s.trace().events()) {
        if (e.peer != seed || e.kind != TraceKind::unchoke) continue;
        if (s.trace().reason(e).find("has no piece yet") == std::string::npos) continue;
        ++to_newcomers;
        for (const TraceEvent& v : s.trace().events()) {
            if (v.time > e.time) break;
            CHECK_FALSE((v.kind == TraceKind::piece_verified && v.peer == e.other));
        }
    }
    CHECK(to_newcomers >= 4);  // five leechers wait for a slot at the start
    for (const TraceEvent& e : s.trace().events()) {
        if (e.peer != seed || e.kind != TraceKind::choke) continue;
        const std::string why = s.trace().reason(e);
        if (why.find("seed rotation") == std::string::npos) continue;
        CHECK(why.find("at the end of piece ") != std::string::npos);
        if (why.find("choking rounds") != std::string::npos) {
            CHECK(why.find("through 3 choking rounds") != std::string::npos);
            continue;
        }
        const int kib = std::stoi(why.substr(why.find("has had ") + 8));
        if (why.find("has no piece yet") != std::string::npos) CHECK(kib >= 256);
        else CHECK(kib >= 2048);
    }
}

TEST_CASE("seed rotation is an option: off, no seed passes a slot on; on, every hand-over says \"(seed rotation)\"") {
    SwarmConfig c;  // the textbook setting: 10 leechers, one seed with 5 slots
    c.pieces = 64;
    for (bool on : {true, false}) {
        CAPTURE(on);
        c.seed_rotation = on;
        const Swarm s = run_to_end(c);
        int labelled = 0, by_rounds = 0;
        for (const TraceEvent& e : s.trace().events()) {
            if (e.kind != TraceKind::choke && e.kind != TraceKind::unchoke) continue;
            const std::string why = s.trace().reason(e);
            labelled += why.find("(seed rotation)") != std::string::npos;
            by_rounds += why.find("seed slot") != std::string::npos && why.find("(seed rotation)") != std::string::npos;
            if (why.find("seed slot") != std::string::npos || why.find("slot passes") != std::string::npos)
                CHECK(why.find("(seed rotation)") != std::string::npos);
        }
        CHECK((labelled > 0) == on);
        if (on) CHECK(by_rounds > 0);  // the rounds' hand-overs, not only those after 2 MiB
    }
}

TEST_CASE("a leecher's requests to a fast seed grow from the first blocks, before any rate is measured") {
    SwarmConfig c;
    c.peers = 1;
    c.pieces = 16;  // 4 MiB at 10 MiB/s: 0.4 s of transfer
    c.latency_min = c.latency_max = milliseconds(20);  // 40 ms one way, 80 ms round trips
    const Swarm s = run_to_end(c);
    const double start = to_seconds(s.peers()[0].joined_at);
    // The first request leaves 0.33 s after joining (tracker, connection, handshakes, interest, unchoke).
    // Doubling the queue every round trip reaches 10 MiB/s in four of them: done at about 1.0 s. Held at
    // four requests per round trip until the first rate measurement, it takes 1.22 s.
    CHECK(to_seconds(s.metrics().distribution_time) - start < 1.1);
}

TEST_CASE("each peer's counts of interested neighbours, choked and unchoked, stay equal to a fresh count") {
    // Kept current at every change instead of counted: checked after every event of a swarm whose
    // peers connect, choke, unchoke, leave and rejoin, and after a keyframe is read back.
    auto check_counts = [](const Swarm& s) {
        for (const Peer& p : s.peers()) {
            int unchoked = 0, choked = 0;
            for (const Link& l : s.links_of(p)) {
                unchoked += l.open && l.peer_interested && !l.am_choking;
                choked += l.open && l.peer_interested && l.am_choking;
            }
            if (p.unchoked_interested != unchoked || p.choked_interested != choked) return false;
        }
        return true;
    };
    Swarm s(swarmscope::testing::class_config());
    int steps = 0, bad = 0, unchoked_seen = 0, choked_seen = 0;
    while (s.step()) {
        ++steps;
        bad += !check_counts(s);
        for (const Peer& p : s.peers()) unchoked_seen += p.unchoked_interested > 0, choked_seen += p.choked_interested > 0;
        if (steps == 2000) {
            Swarm copy(swarmscope::testing::class_config());
            copy.restore(s.snapshot());
            CHECK(check_counts(copy));
        }
    }
    CHECK(steps > 2000);
    CHECK(unchoked_seen > 0);
    CHECK(choked_seen > 0);
    CHECK(bad == 0);
}

TEST_CASE("a peer is interested in a neighbour exactly when the neighbour has a piece it lacks") {
    // Link::useful counts those pieces, kept current at every HAVE, bitfield and verified piece, and a
    // verified piece skips the bitfields of the neighbours we are not interested in: checked after every
    // event of a swarm whose peers leave and rejoin.
    auto check = [](const Swarm& s) {
        for (const Peer& p : s.peers()) {
            if (p.status != PeerStatus::online) continue;
            for (const Link& l : s.links_of(p)) {
                if (!l.open) continue;
                uint32_t useful = 0;
                for (PieceIndex i = 0; i < l.remote_has.size(); ++i) useful += l.remote_has[i] && !p.have[i];
                if (l.useful != useful || l.am_interested != (useful > 0)) return false;
            }
        }
        return true;
    };
    Swarm s(swarmscope::testing::class_config());
    int steps = 0, bad = 0, interested_seen = 0, not_interested_seen = 0;
    while (s.step()) {
        ++steps;
        bad += !check(s);
        for (const Peer& p : s.peers())
            for (const Link& l : s.links_of(p)) interested_seen += l.open && l.am_interested, not_interested_seen += l.open && !l.am_interested;
    }
    CHECK(steps > 2000);
    CHECK(interested_seen > 0);
    CHECK(not_interested_seen > 0);
    CHECK(bad == 0);
}

TEST_CASE("the report counts messages by kind, and the summary line lists the kinds that occurred, most first") {
    const Swarm s = run_to_end(small_config(6, 16));
    const RunReport r = make_report(s);
    uint64_t sum = 0;
    for (uint64_t n : r.messages_by_kind) sum += n;
    CHECK(sum == r.messages);
    CHECK(r.messages_by_kind[static_cast<size_t>(MsgKind::have)] > 0);
    CHECK(r.messages_by_kind[static_cast<size_t>(MsgKind::keep_alive)] == 0);
    const std::string line = messages_by_kind_line(r);
    CHECK(line.find("keep-alive") == std::string::npos);  // none were sent
    // Most frequent first: each count is at most the one before it.
    uint64_t last = UINT64_MAX;
    for (size_t at = line.find(' ', line.find_first_not_of(' ')); at != std::string::npos;) {
        const size_t digits = line.find_first_of("0123456789", at);
        if (digits == std::string::npos) break;
        const uint64_t n = std::stoull(line.substr(digits));
        CHECK(n <= last);
        last = n;
        at = line.find(',', digits);
    }
    CHECK(last < UINT64_MAX);
}

TEST_CASE("choking off: every interested neighbour is served and nobody is ever choked") {
    SwarmConfig c = small_config(12, 32);
    c.choking = false;
    const Swarm s = run_to_end(c);
    CHECK(s.metrics().completed == 12);
    int unchokes = 0;
    for (const TraceEvent& e : s.trace().events()) {
        CHECK(e.kind != TraceKind::choke);
        if (e.kind != TraceKind::unchoke) continue;
        ++unchokes;
        CHECK(s.trace().reason(e).find("choking is off (a baseline, not BitTorrent") != std::string::npos);
    }
    CHECK(unchokes > 12);
    for (const Peer& p : s.peers()) CHECK(s.last_choke(p.id) == nullptr);
}

TEST_CASE("the report: copies per piece over the run, and how each late joiner got its first piece") {
    SwarmConfig c = small_config(12, 32);
    c.schedule = {{seconds(3), 10, ChangeKind::join}, {seconds(3), 11, ChangeKind::join}};
    const Swarm s = run_to_end(c);
    const RunReport r = make_report(s);
    REQUIRE(r.from_records);
    // The seed (10 MiB/s) is the scarce upload early on, and ends idle while the last leechers finish.
    CHECK(r.seed_upload_utilisation > 0.2);
    CHECK(r.seed_upload_utilisation <= 1.0);
    CHECK(r.leecher_upload_utilisation > 0.1);
    CHECK(r.leecher_upload_utilisation <= 1.0);
    // Every block byte received is either new to the receiver or a duplicate.
    uint64_t received = 0;
    for (const Peer& p : s.peers()) received += p.downloaded;
    CHECK(received == 12 * s.config().file_bytes() + r.duplicate_bytes);
    CHECK(r.spread.min_mean >= 1);  // the seed holds every piece
    CHECK(r.spread.min_mean <= r.spread.mean_mean);
    CHECK(r.spread.mean_mean <= 13);
    CHECK(r.spread.stddev_mean > 0);
    REQUIRE(r.late_first_pieces.size() == 2);
    for (const FirstPiece& f : r.late_first_pieces) {
        CHECK(f.joined_s == 3.0);
        CHECK(f.first_piece_s > 3.0);
        CHECK(f.from < 13u);
        CHECK(f.from_seed == (f.from == 12 || to_seconds(s.peers()[f.from].completed_at) <= f.first_piece_s));
        CHECK(!f.through.empty());
    }
    SwarmConfig sequential = small_config(12, 32);
    sequential.picker = PiecePolicy::sequential;
    const RunReport q = make_report(run_to_end(sequential));
    CHECK(q.spread.stddev_mean > make_report(run_to_end(small_config(12, 32))).spread.stddev_mean);
}

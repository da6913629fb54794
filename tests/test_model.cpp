// Distribution-time bounds: the textbook figure's numbers and the term a learner is told limits them.
#include "model.h"
#include "rng.h"

#include <doctest/doctest.h>

#include <vector>

using namespace swarmscope;

namespace {

constexpr double hour = 3600;

// The textbook figure: every peer uploads u, F/u = 1 hour, u_s = 10u, d_min = u_s.
ModelInput textbook(int n) {
    const double u = 1000;
    ModelInput in;
    in.file_bytes = u * hour;
    in.peers = n;
    in.server_up = 10 * u;
    in.peer_up.assign(n, u);
    in.peer_down.assign(n, 10 * u);
    return in;
}

}  // namespace

TEST_CASE("textbook figure: N=10 takes 1 hour client-server and half an hour peer-to-peer") {
    const ModelInput in = textbook(10);
    CHECK(client_server_bound(in).seconds / hour == doctest::Approx(1.0));
    CHECK(p2p_bound(in).seconds / hour == doctest::Approx(0.5));
}

TEST_CASE("textbook figure: N=100 takes 10 hours client-server and 0.909 hours peer-to-peer") {
    const ModelInput in = textbook(100);
    CHECK(client_server_bound(in).seconds / hour == doctest::Approx(10.0));
    CHECK(p2p_bound(in).seconds / hour == doctest::Approx(100.0 / 110.0));
    CHECK(p2p_bound(in).seconds / hour == doctest::Approx(0.909).epsilon(0.001));
}

TEST_CASE("textbook figure: D_cs = N/10 h grows linearly, D_p2p = max(0.1, N/(N+10)) h stays below 1 h") {
    for (int n = 1; n <= 200; ++n) {
        const ModelInput in = textbook(n);
        CAPTURE(n);
        CHECK(client_server_bound(in).seconds / hour == doctest::Approx(n / 10.0));
        const double expected_p2p = n / (n + 10.0) > 0.1 ? n / (n + 10.0) : 0.1;
        CHECK(p2p_bound(in).seconds / hour == doctest::Approx(expected_p2p));
        CHECK(p2p_bound(in).seconds < hour);
    }
}

TEST_CASE("the bottleneck names the term that sets the bound") {
    SUBCASE("many peers: the server's upload limits client-server, total upload limits peer-to-peer") {
        const ModelInput in = textbook(100);
        CHECK(client_server_bound(in).bottleneck == "server upload N*F/u_s");
        CHECK(client_server_bound(in).term == BoundTerm::server_upload_all);
        CHECK(p2p_bound(in).bottleneck == "total upload N*F/(u_s+sum u_i)");
        CHECK(p2p_bound(in).term == BoundTerm::total_upload);
    }
    SUBCASE("one peer: the server sending one copy limits peer-to-peer") {
        ModelInput in = textbook(1);
        in.peer_down = {1e9};
        CHECK(p2p_bound(in).bottleneck == "server upload F/u_s");
        CHECK(p2p_bound(in).term == BoundTerm::server_upload_one);
        CHECK(p2p_bound(in).seconds == doctest::Approx(360.0));
    }
    SUBCASE("a slow downloader limits both") {
        ModelInput in = textbook(10);
        in.peer_down[3] = 100;  // F/d_min = 10 hours
        const Bound cs = client_server_bound(in);
        const Bound p2p = p2p_bound(in);
        CHECK(cs.bottleneck == "slowest download F/d_min");
        CHECK(p2p.bottleneck == "slowest download F/d_min");
        CHECK(cs.term == BoundTerm::slowest_download);
        CHECK(p2p.term == BoundTerm::slowest_download);
        CHECK(cs.seconds / hour == doctest::Approx(10.0));
        CHECK(p2p.seconds / hour == doctest::Approx(10.0));
    }
    SUBCASE("ties name the first term in the formula") {
        // N=1, d_min = u_s: N*F/u_s = F/d_min = 0.1 h, and for p2p F/u_s = F/d_min = 0.1 h.
        const ModelInput in = textbook(1);
        CHECK(client_server_bound(in).bottleneck == "server upload N*F/u_s");
        CHECK(p2p_bound(in).bottleneck == "server upload F/u_s");
        // N=10 with d_min lowered to give F/d_min = 0.5 h: ties with the total-upload term.
        ModelInput tied = textbook(10);
        tied.peer_down.assign(10, 2000);
        CHECK(p2p_bound(tied).seconds / hour == doctest::Approx(0.5));
        CHECK(p2p_bound(tied).bottleneck == "slowest download F/d_min");
    }
}

TEST_CASE("without download limits listed, only the upload terms count") {
    ModelInput in = textbook(20);
    in.peer_down.clear();
    CHECK(client_server_bound(in).seconds / hour == doctest::Approx(2.0));
    CHECK(p2p_bound(in).seconds / hour == doctest::Approx(20.0 / 30.0));
}

TEST_CASE("peer-to-peer is never slower than client-server, for any capacities") {
    Rng rng(20240601);
    for (int trial = 0; trial < 2000; ++trial) {
        ModelInput in;
        in.peers = 1 + static_cast<int>(rng.below(300));
        in.file_bytes = 1e3 + rng.unit() * 1e10;
        in.server_up = 1e3 + rng.unit() * 1e8;
        for (int i = 0; i < in.peers; ++i) {
            in.peer_up.push_back(rng.unit() * 1e7);
            in.peer_down.push_back(1e3 + rng.unit() * 1e8);
        }
        CAPTURE(trial);
        CHECK(p2p_bound(in).seconds <= client_server_bound(in).seconds);
    }
}

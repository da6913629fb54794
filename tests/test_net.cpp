// The loopback transport: set-up takes a round trip, bytes arrive in order, and no host exceeds its capacity.
#include <doctest/doctest.h>

#include "net.h"

using namespace swarmscope;

namespace {

struct Bench {
    EventQueue q;
    Net net;
    SimTime now = 0;
    std::vector<std::pair<SimTime, Segment>> arrived;  // at side 1 of any connection

    void run() {
        while (!q.empty()) {
            const Event e = q.pop();
            now = e.time;
            if (e.kind == EventKind::flow_done) net.on_flow_done(e, q);
            else if (e.kind == EventKind::accept) net.on_accept(e.a);
            else if (e.kind == EventKind::deliver) {
                net.take_arrival(e.c, [&](const Segment& s) { arrived.emplace_back(now, s); });
            }
        }
    }
};

Segment bulk(uint32_t bytes, uint64_t ref) { return Segment{{1, 2, 3}, bytes, ref}; }

}  // namespace

TEST_CASE("connection set-up takes one round trip") {
    Bench b;
    const HostId a = b.net.add_host({1e6, 1e6, milliseconds(10)});
    const HostId c = b.net.add_host({1e6, 1e6, milliseconds(15)});
    b.net.connect(a, c, 0, 1, b.q, 0);
    Event accept = b.q.pop(), connected = b.q.pop();
    CHECK(accept.kind == EventKind::accept);
    CHECK(accept.time == milliseconds(25));
    CHECK(connected.kind == EventKind::connected);
    CHECK(connected.time == milliseconds(50));
}

TEST_CASE("a lone flow gets the sender's full upload; bytes arrive in the order sent") {
    Bench b;
    const HostId a = b.net.add_host({100000, 1e9, 0});
    const HostId c = b.net.add_host({1e9, 1e9, 0});
    const ConnId id = b.net.connect(a, c, 0, 1, b.q, 0);
    b.net.send(id, 0, bulk(99997, 1), b.q, 0);         // 100 000 bytes in all
    b.net.send(id, 0, Segment{{9, 9, 9, 9}}, b.q, 0);  // a small message queued behind it
    b.run();
    REQUIRE(b.arrived.size() == 2);
    CHECK(b.arrived[0].first == seconds(1));  // 100 000 B at 100 000 B/s
    CHECK(b.arrived[0].second.ref == 1);
    CHECK(b.arrived[1].second.bytes == std::vector<uint8_t>{9, 9, 9, 9});
    CHECK(b.arrived[1].first >= b.arrived[0].first);
}

TEST_CASE("two flows from one host share its upload; it never sends faster than its capacity") {
    Bench b;
    const HostId a = b.net.add_host({100000, 1e9, 0});
    const HostId c = b.net.add_host({1e9, 1e9, 0});
    const HostId d = b.net.add_host({1e9, 1e9, 0});
    const ConnId x = b.net.connect(a, c, 0, 1, b.q, 0);
    const ConnId y = b.net.connect(a, d, 0, 2, b.q, 0);
    b.net.send(x, 0, bulk(99997, 1), b.q, 0);
    b.net.send(y, 0, bulk(49997, 2), b.q, 0);
    b.run();
    REQUIRE(b.arrived.size() == 2);
    // Both at 50 000 B/s until the smaller one is done at 1 s; then the other alone at full rate.
    CHECK(b.arrived[0].second.ref == 2);
    CHECK(b.arrived[0].first == seconds(1));
    CHECK(b.arrived[1].first == milliseconds(1500));  // 150 000 bytes in 1.5 s: exactly the capacity
}

TEST_CASE("a receiver's download capacity is shared by its incoming flows") {
    Bench b;
    const HostId a = b.net.add_host({1e9, 1e9, 0});
    const HostId c = b.net.add_host({1e9, 1e9, 0});
    const HostId sink = b.net.add_host({1e9, 100000, 0});
    const ConnId x = b.net.connect(a, sink, 0, 2, b.q, 0);
    const ConnId y = b.net.connect(c, sink, 1, 2, b.q, 0);
    b.net.send(x, 0, bulk(99997, 1), b.q, 0);
    b.net.send(y, 0, bulk(99997, 2), b.q, 0);
    b.run();
    REQUIRE(b.arrived.size() == 2);
    CHECK(b.arrived[1].first == seconds(2));  // 200 000 bytes through a 100 000 B/s download
}

TEST_CASE("a queued segment can be taken back; the one being transmitted goes on") {
    Bench b;
    const HostId a = b.net.add_host({100000, 1e9, 0});
    const HostId c = b.net.add_host({1e9, 1e9, 0});
    const ConnId id = b.net.connect(a, c, 0, 1, b.q, 0);
    for (uint64_t ref = 1; ref <= 3; ++ref) b.net.send(id, 0, bulk(9997, ref), b.q, 0);
    auto ref_is = [](uint64_t r) { return [r](const Segment& s) { return s.ref == r; }; };
    CHECK_FALSE(b.net.discard_queued(id, 0, ref_is(1)));  // on the wire already
    CHECK(b.net.discard_queued(id, 0, ref_is(3)));
    CHECK_FALSE(b.net.discard_queued(id, 0, ref_is(3)));  // gone
    b.run();
    REQUIRE(b.arrived.size() == 2);
    CHECK(b.arrived[0].second.ref == 1);
    CHECK(b.arrived[1].second.ref == 2);
    CHECK(b.arrived[1].first == milliseconds(200));  // the taken-back block never used the upload
}

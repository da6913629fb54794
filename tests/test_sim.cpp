#include <doctest/doctest.h>

#include "rng.h"
#include "sim.h"

using namespace swarmscope;

TEST_CASE("events come out by time, and events at the same time in the order they were queued") {
    EventQueue q;
    Rng rng(5);
    for (uint32_t i = 0; i < 2000; ++i) q.push(static_cast<SimTime>(rng.below(50)), EventKind::deliver, i);
    SimTime last_time = -1;
    uint64_t last_seq = 0;
    size_t n = 0;
    while (!q.empty()) {
        const Event e = q.pop();
        CHECK(e.time >= last_time);
        if (e.time == last_time) CHECK(e.seq > last_seq);
        last_time = e.time;
        last_seq = e.seq;
        ++n;
    }
    CHECK(n == 2000);
}

TEST_CASE("the generator is ours: fixed outputs for a fixed seed, on every platform") {
    Rng a(42), b(42), c(43);
    const uint64_t first = a.next();
    CHECK(first == b.next());
    CHECK(first != c.next());
    // Golden values: the WebAssembly build runs this test too, so both must produce them.
    CHECK(first == 1546998764402558742ull);
    Rng d(7);
    CHECK(d.below(1000) == 700);
    Rng r(1);
    uint32_t counts[6] = {};
    for (int i = 0; i < 60000; ++i) ++counts[r.below(6)];
    for (uint32_t k : counts) CHECK(k > 9000);
    for (uint32_t k : counts) CHECK(k < 11000);
}

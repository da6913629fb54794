#include <doctest/doctest.h>

#include <deque>

#include "fifo.h"
#include "rng.h"

using namespace swarmscope;

TEST_CASE("fifo: items come out in the order they went in, however pushes and pops interleave") {
    Fifo<int> q;
    std::deque<int> expected;
    Rng rng(9);
    int next = 0;
    for (int step = 0; step < 20000; ++step) {
        // Phases of growth, steady flow and draining, so the queue compacts, reuses and releases space.
        const uint32_t push_chance = step % 3000 < 1000 ? 3 : step % 3000 < 2000 ? 2 : 1;
        if (rng.below(4) < push_chance) {
            q.push_back(next);
            expected.push_back(next++);
        } else if (!expected.empty()) {
            REQUIRE(!q.empty());
            CHECK(q.front() == expected.front());
            q.pop_front();
            expected.pop_front();
        }
        REQUIRE(q.size() == expected.size());
        if (!expected.empty()) CHECK(q.back() == expected.back());
    }
    CHECK(std::equal(q.begin(), q.end(), expected.begin(), expected.end()));
}

TEST_CASE("fifo: a queue kept at a steady length does not keep growing its storage") {
    Fifo<int> q;
    for (int i = 0; i < 5; ++i) q.push_back(i);
    for (int i = 5; i < 10000; ++i) {
        q.push_back(i);
        q.pop_front();
    }
    CHECK(q.size() == 5);
    CHECK(q.front() == 9995);
    CHECK(q.capacity() <= 8);  // the popped slots were reused, not left behind as the vector grew
}

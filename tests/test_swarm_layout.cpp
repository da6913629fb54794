// Where peers sit on the canvas: on rings, apart from one another, and where they sat before when the
// swarm grows.
#include <doctest/doctest.h>

#include <cmath>

#include "swarm_layout.h"

using namespace swarmscope;

namespace {
float dist(LayoutPoint a, LayoutPoint b) { return std::hypot(a.x - b.x, a.y - b.y); }
}  // namespace

TEST_CASE("layout: up to 40 peers share one ring, the first at the top") {
    const SwarmLayout layout(13);
    CHECK(layout.rings() == 1);
    CHECK(layout.place(0).x == doctest::Approx(0).epsilon(1e-6));
    CHECK(layout.place(0).y == doctest::Approx(-1));
    for (size_t i = 0; i < 13; ++i) CHECK(std::hypot(layout.place(i).x, layout.place(i).y) == doctest::Approx(1));
    CHECK(layout.place(3).x > 0);  // clockwise: the next peers to the right
    CHECK(SwarmLayout(40).rings() == 1);
    CHECK(SwarmLayout(41).rings() == 2);
}

TEST_CASE("layout: 200 peers on concentric rings, no two discs touching") {
    const SwarmLayout layout(201);
    CHECK(layout.rings() >= 3);
    const float r = layout.peer_radius();
    CHECK(r > 0.01f);
    for (size_t i = 0; i < 201; ++i)
        for (size_t j = i + 1; j < 201; ++j) REQUIRE(dist(layout.place(i), layout.place(j)) > 2 * r);
}

TEST_CASE("layout: a peer added later takes a new place and nobody moves") {
    const SwarmLayout layout(13);
    const LayoutPoint before = layout.place(5);
    const LayoutPoint added = layout.place(13), added2 = layout.place(14);
    CHECK(std::hypot(added.x, added.y) > 1.0f);
    CHECK(dist(added, added2) > 2 * layout.peer_radius());
    CHECK(layout.place(5).x == before.x);
    CHECK(layout.place(5).y == before.y);
}

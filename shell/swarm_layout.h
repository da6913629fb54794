// Where each peer sits on the canvas: on a ring around the tracker, more rings outside one another once
// there are more than about 40. A peer's place depends only on its id and the swarm's size at set-up,
// so peers joining later (a what-if) take new places outside and nobody else moves.
#pragma once
#include <cstddef>
#include <vector>

namespace swarmscope {

struct LayoutPoint {
    float x = 0, y = 0;  // unit square around the tracker at (0, 0); the outer ring has radius 1
};

class SwarmLayout {
public:
    // `planned`: peers (leechers and seeds) the swarm was set up with.
    explicit SwarmLayout(size_t planned = 0);
    LayoutPoint place(size_t id) const;
    // Radius for a peer's disc, in the same units: smaller when rings are crowded.
    float peer_radius() const { return radius_; }
    size_t rings() const { return ring_size_.size(); }

private:
    std::vector<size_t> ring_size_;  // slots per ring, outermost first
    std::vector<float> ring_radius_;
    float radius_ = 0.08f;
};

}  // namespace swarmscope

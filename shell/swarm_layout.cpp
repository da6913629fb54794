#include "swarm_layout.h"

#include <algorithm>
#include <cmath>

namespace swarmscope {

namespace {
constexpr size_t ring_capacity = 40;  // peers on the outer ring before a second ring is started
constexpr float ring_gap = 0.2f;      // between concentric rings, as a share of the outer radius
constexpr float pi = 3.14159265358979f;
}  // namespace

SwarmLayout::SwarmLayout(size_t planned) {
    // Rings hold peers in proportion to their circumference, the outer one at most ring_capacity until
    // more rings would crowd the tracker; then every ring takes a larger share.
    size_t left = std::max<size_t>(planned, 1);
    const size_t max_rings = 4;
    size_t rings = 1;
    while (rings < max_rings) {
        double cap = 0;
        for (size_t k = 0; k < rings; ++k) cap += ring_capacity * (1.0 - ring_gap * static_cast<double>(k));
        if (cap >= static_cast<double>(left)) break;
        ++rings;
    }
    double weights = 0;
    for (size_t k = 0; k < rings; ++k) weights += 1.0 - ring_gap * static_cast<double>(k);
    for (size_t k = 0; k < rings && left > 0; ++k) {
        const double share = (1.0 - ring_gap * static_cast<double>(k)) / weights;
        size_t n = k + 1 == rings ? left : static_cast<size_t>(std::ceil(static_cast<double>(planned) * share));
        n = std::min(n, left);
        ring_size_.push_back(n);
        ring_radius_.push_back(1.0f - ring_gap * static_cast<float>(k));
        left -= n;
    }
    // A disc must not touch its neighbours on the most crowded ring.
    float r = 0.12f;
    for (size_t k = 0; k < ring_size_.size(); ++k)
        r = std::min(r, 0.42f * 2 * pi * ring_radius_[k] / static_cast<float>(std::max<size_t>(ring_size_[k], 3)));
    if (ring_size_.size() > 1) r = std::min(r, ring_gap * 0.42f);
    radius_ = std::max(r, 0.008f);
}

LayoutPoint SwarmLayout::place(size_t id) const {
    float radius = 1.0f, angle = 0;
    size_t at = id;
    size_t k = 0;
    for (; k < ring_size_.size(); ++k) {
        if (at < ring_size_[k]) break;
        at -= ring_size_[k];
    }
    if (k < ring_size_.size()) {
        radius = ring_radius_[k];
        // Half a slot's turn per ring, so the rings' peers do not line up in spokes.
        angle = 2 * pi * (static_cast<float>(at) + 0.5f * static_cast<float>(k)) / static_cast<float>(ring_size_[k]);
    } else {
        // Joined after set-up: an outer ring of its own, places handed out in order of arrival.
        const size_t extra_slots = 24;
        radius = 1.0f + 0.16f * static_cast<float>(1 + at / extra_slots);
        angle = 2 * pi * (static_cast<float>(at % extra_slots) + 0.5f) / static_cast<float>(extra_slots);
    }
    // The first peer at the top, the rest clockwise.
    return {radius * std::sin(angle), -radius * std::cos(angle)};
}

}  // namespace swarmscope

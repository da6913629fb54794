#include "sim.h"

#include <algorithm>

namespace swarmscope {

void EventQueue::push(SimTime time, EventKind kind, uint32_t a, uint32_t b, uint32_t c) {
    if (time < 0) time = 0;  // nothing happens before the start; keeps key() order-preserving
    place(Node{time, next_seq_++ << 16 | uint64_t(kind) << 8 | (b & 0xFF), a, c});
    ++size_;
    advance();
}

void EventQueue::place(const Node& e) {
    const uint64_t b = bucket(e.time);
    if (b <= current_) {
        // Rare: an event for now or the next few microseconds. It goes into its place among the due.
        const auto at = std::upper_bound(due_.begin(), due_.end(), e, later);
        due_.insert(at, e);
    } else if (b < current_ + ring_size) {
        const size_t i = b % ring_size;
        ring_[i].push_back(e);
        occupied_[i / 64] |= uint64_t{1} << (i % 64);
    } else {
        far_push(e);
    }
}

Event EventQueue::pop() {
    const Node t = due_.back();
    due_.pop_back();
    --size_;
    advance();  // keeps two due, so upcoming() is exact
    return Event{t.time, t.order >> 16, EventKind((t.order >> 8) & 0xFF), t.a, uint8_t(t.order & 0xFF), t.c};
}

int64_t EventQueue::next_occupied() const {
    // The current bucket's own place in the ring is always empty, so a scan round the whole ring
    // from the bucket after it finds the nearest one first.
    const uint64_t start = current_ + 1;
    for (uint64_t ahead = 0; ahead < ring_size;) {
        const uint64_t i = (start + ahead) % ring_size;
        const uint64_t bits = occupied_[i / 64] >> (i % 64);
        if (bits) return static_cast<int64_t>(start + ahead + static_cast<uint64_t>(__builtin_ctzll(bits)));
        ahead += 64 - i % 64;
    }
    return -1;
}

void EventQueue::advance() {
    while (due_.size() < 2) {
        const int64_t next = next_occupied();
        if (next < 0 && far_.empty()) return;
        // An empty ring means the next events are the heap's; otherwise the heap's all come later.
        const uint64_t b = next >= 0 ? static_cast<uint64_t>(next) : bucket(far_.front().time);
        std::vector<Node>& slot = ring_[b % ring_size];
        current_ = b;
        // The ring now reaches further: events of the heap that fall inside it move in.
        while (!far_.empty() && bucket(far_.front().time) < current_ + ring_size) {
            const Node e = far_pop();
            const size_t i = bucket(e.time) % ring_size;
            ring_[i].push_back(e);
            occupied_[i / 64] |= uint64_t{1} << (i % 64);
        }
        occupied_[b % ring_size / 64] &= ~(uint64_t{1} << (b % ring_size % 64));
        // At most one event is still due, and it comes before all of the new bucket's.
        std::sort(slot.begin(), slot.end(), later);
        for (const Node& e : due_) slot.push_back(e);
        due_.clear();
        due_.swap(slot);
    }
}

size_t EventQueue::upcoming(Upcoming* out, size_t wanted) const {
    auto fill = [](const Node& x) { return Upcoming{EventKind((x.order >> 8) & 0xFF), x.a, uint8_t(x.order & 0xFF), x.c}; };
    const size_t n = std::min(due_.size(), wanted);
    for (size_t k = 0; k < n; ++k) out[k] = fill(due_[due_.size() - 1 - k]);
    return n;
}

void EventQueue::far_push(const Node& e) {
    far_.push_back(e);
    std::push_heap(far_.begin(), far_.end(), later);
}

EventQueue::Node EventQueue::far_pop() {
    std::pop_heap(far_.begin(), far_.end(), later);
    const Node e = far_.back();
    far_.pop_back();
    return e;
}

// Due events, then the ring's buckets in the order they sit, then the heap as it is laid out: placing
// them again in this order rebuilds every part exactly (a heap's array, pushed in order, stays put).
std::vector<EventQueue::Node> EventQueue::nodes() const {
    std::vector<Node> all(due_.begin(), due_.end());
    for (const std::vector<Node>& slot : ring_) all.insert(all.end(), slot.begin(), slot.end());
    all.insert(all.end(), far_.begin(), far_.end());
    return all;
}

void EventQueue::refill(const std::vector<Node>& all) {
    due_.clear();
    for (std::vector<Node>& slot : ring_) slot.clear();
    occupied_.fill(0);
    far_.clear();
    for (const Node& e : all) place(e);
    size_ = all.size();
}

}  // namespace swarmscope

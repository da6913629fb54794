#include "sim.h"

#include <algorithm>

#include "prefetch.h"

namespace swarmscope {

void EventQueue::place_elsewhere(const Node& e) {
    if (bucket(e.time) <= current_) {
        // Rare: an event for now or the next few microseconds. It goes into its place among the due.
        const auto at = std::upper_bound(due_.begin() + static_cast<ptrdiff_t>(head_), due_.end(), e, Earlier{});
        due_.insert(at, e);
    } else {
        far_push(e);
    }
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

void EventQueue::bring_due() {
    bool brought = false;
    while (due_count() < keep_due) {
        const int64_t next = next_occupied();
        if (next < 0 && far_.empty()) return;
        // An empty ring means the next events are the heap's; otherwise the heap's all come later.
        const uint64_t b = next >= 0 ? static_cast<uint64_t>(next) : bucket(far_.front().time);
        std::vector<RingNode>& slot = ring_[b % ring_size];
        current_ = b;
        // The ring now reaches further: events of the heap that fall inside it move in.
        while (!far_.empty() && bucket(far_.front().time) < current_ + ring_size) ring_push(far_pop());
        occupied_[b % ring_size / 64] &= ~(uint64_t{1} << (b % ring_size % 64));
        // The few events still due come before all of the new bucket's, which go behind them.
        const size_t kept = due_count();  // fewer than keep_due: moved by hand, not by a call to memmove
        for (size_t i = 0; i < kept; ++i) due_[i] = due_[head_ + i];
        head_ = 0;
        std::sort(slot.begin(), slot.end(), RingEarlier{});
        due_.resize(kept + slot.size());
        Node* to = due_.data() + kept;
        for (const RingNode& r : slot) *to++ = expand(r, b);
        slot.clear();
        brought = true;
    }
    // The bucket after this one was filled long ago, and its events have left the cache since: start
    // loading them now, a bucket's worth of events before they are sorted.
    if (!brought || !prefetch_hints) return;
    const int64_t next = next_occupied();
    if (next < 0) return;
    const std::vector<RingNode>& ahead = ring_[static_cast<uint64_t>(next) % ring_size];
    const char* at = reinterpret_cast<const char*>(ahead.data());
    const size_t bytes = std::min<size_t>(ahead.size() * sizeof(RingNode), 32 * 64);
    for (size_t line = 0; line < bytes; line += 64) swarmscope::prefetch(at + line);
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
    std::vector<Node> all(due_.begin() + static_cast<ptrdiff_t>(head_), due_.end());
    const uint64_t first = current_ + 1;  // the ring holds buckets first .. first + ring_size - 2
    for (uint64_t i = 0; i < ring_size; ++i) {
        // The one bucket of the ring's reach that sits at i.
        const uint64_t b = first + (i + ring_size - first % ring_size) % ring_size;
        for (const RingNode& r : ring_[i]) all.push_back(expand(r, b));
    }
    all.insert(all.end(), far_.begin(), far_.end());
    return all;
}

void EventQueue::refill(const std::vector<Node>& all) {
    due_.clear();
    head_ = 0;
    for (std::vector<RingNode>& slot : ring_) slot.clear();
    occupied_.fill(0);
    far_.clear();
    for (const Node& e : all) place(e);
    size_ = all.size();
}

}  // namespace swarmscope

#include "sim.h"

#include <algorithm>

namespace swarmscope {

// A 4-ary min-heap: half the depth of a binary heap, and the four children of a node share a cache
// line or two, which matters when millions of events pass through it.
namespace {
constexpr size_t arity = 4;
}

void EventQueue::push(SimTime time, EventKind kind, uint32_t a, uint32_t b, uint32_t c) {
    if (time < 0) time = 0;  // nothing happens before the start; keeps key() order-preserving
    const Node e{time, next_seq_++ << 16 | uint64_t(kind) << 8 | (b & 0xFF), a, c};
    size_t i = heap_.size();
    heap_.push_back(e);
    while (i > 0) {
        const size_t parent = (i - 1) / arity;
        if (!later(heap_[parent], e)) break;
        heap_[i] = heap_[parent];
        i = parent;
    }
    heap_[i] = e;
}

Event EventQueue::pop() {
    const Node t = heap_.front();
    const Event top{t.time, t.order >> 16, EventKind((t.order >> 8) & 0xFF), t.a, uint8_t(t.order & 0xFF), t.c};
    const Node last = heap_.back();
    heap_.pop_back();
    const size_t n = heap_.size();
    if (n == 0) return top;
    size_t i = 0;
    for (;;) {
        const size_t first = i * arity + 1;
        if (first >= n) break;
        size_t best = first;
        // The level after next is loaded while this one is compared: a heap of tens of thousands
        // of events does not stay in the nearest cache.
        const size_t grand = first * arity + 1;
        if (grand < n) {
            const char* g = reinterpret_cast<const char*>(&heap_[grand]);
            const size_t span = std::min(n - grand, arity * arity) * sizeof(Node);
            for (size_t at = 0; at < span; at += 64) __builtin_prefetch(g + at);
        }
        if (first + arity <= n) {
            // All four children: a knock-out of three comparisons, which compile to conditional moves.
            const size_t x = later(heap_[first], heap_[first + 1]) ? first + 1 : first;
            const size_t y = later(heap_[first + 2], heap_[first + 3]) ? first + 3 : first + 2;
            best = later(heap_[x], heap_[y]) ? y : x;
        } else {
            for (size_t k = first + 1; k < n; ++k) best = later(heap_[best], heap_[k]) ? k : best;
        }
        if (!later(last, heap_[best])) break;
        heap_[i] = heap_[best];
        i = best;
    }
    heap_[i] = last;
    return top;
}

size_t EventQueue::upcoming(Upcoming out[2]) const {
    const size_t n = heap_.size();
    auto fill = [](const Node& x) { return Upcoming{EventKind((x.order >> 8) & 0xFF), x.a, uint8_t(x.order & 0xFF), x.c}; };
    if (n == 0) return 0;
    out[0] = fill(heap_[0]);
    if (n == 1) return 1;
    size_t best = 1;
    if (n > arity) {
        const size_t x = later(heap_[1], heap_[2]) ? 2 : 1;
        const size_t y = later(heap_[3], heap_[4]) ? 4 : 3;
        best = later(heap_[x], heap_[y]) ? y : x;
    } else {
        for (size_t k = 2; k < n; ++k) best = later(heap_[best], heap_[k]) ? k : best;
    }
    out[1] = fill(heap_[best]);
    return 2;
}

}  // namespace swarmscope

#include "sim.h"

#include <algorithm>

namespace swarmscope {

void EventQueue::push(SimTime time, EventKind kind, uint32_t a, uint32_t b, uint64_t c) {
    heap_.push_back(Event{time, next_seq_++, kind, a, b, c});
    std::push_heap(heap_.begin(), heap_.end(), later);
}

Event EventQueue::pop() {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    Event e = heap_.back();
    heap_.pop_back();
    return e;
}

}  // namespace swarmscope

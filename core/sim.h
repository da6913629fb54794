// The event queue: events ordered by (time, sequence number), so ties are broken the same way every run.
// Events are plain data (a kind and a few numbers), so the queue copies with the rest of the state.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim_time.h"

namespace swarmscope {

enum class EventKind : uint8_t {
    flow_done,       // a: connection, b: direction, c: flow version (stale versions are skipped)
    deliver,         // a: connection, b: direction — the oldest segment in flight arrives
    accept,          // a: connection — the connection request reaches the listener
    connected,       // a: connection — the initiator learns the connection is up (one round trip)
    closed,          // a: connection, b: side that learns of the close
    choke_round,     // a: peer
    announce,        // a: peer — periodic re-announce
    peer_arrives,    // a: peer
    peer_leaves,     // a: peer
};

struct Event {
    SimTime time = 0;
    uint64_t seq = 0;
    EventKind kind = EventKind::deliver;
    uint32_t a = 0, b = 0;
    uint64_t c = 0;
};

class EventQueue {
public:
    void push(SimTime time, EventKind kind, uint32_t a = 0, uint32_t b = 0, uint64_t c = 0);
    bool empty() const { return heap_.empty(); }
    const Event& top() const { return heap_.front(); }
    Event pop();
    size_t size() const { return heap_.size(); }
    uint64_t pushed() const { return next_seq_; }

private:
    static bool later(const Event& x, const Event& y) {
        return x.time != y.time ? x.time > y.time : x.seq > y.seq;
    }
    std::vector<Event> heap_;
    uint64_t next_seq_ = 0;
};

}  // namespace swarmscope

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
    uint32_t a = 0;
    uint8_t b = 0;   // a direction or a side: 0 or 1
    uint32_t c = 0;
};

class EventQueue {
public:
    void push(SimTime time, EventKind kind, uint32_t a = 0, uint32_t b = 0, uint32_t c = 0);
    bool empty() const { return heap_.empty(); }
    SimTime top_time() const { return heap_.front().time; }
    Event pop();
    size_t size() const { return heap_.size(); }
    uint64_t pushed() const { return next_seq_; }
    // What pop() will most likely return next and after that (the top and its earliest child), so the
    // caller can prefetch their data while it handles the current event. Returns how many (0 to 2).
    struct Upcoming {
        EventKind kind;
        uint32_t a;
        uint8_t b;
        uint32_t c;
    };
    size_t upcoming(Upcoming out[2]) const;

    template <class Archive>
    void io(Archive& a) { a(heap_, next_seq_); }

private:
    // What the heap holds: 24 bytes instead of an Event's 32, since popping moves entries around a
    // heap of thousands. `order` is seq << 16 | kind << 8 | b, so it sorts by seq.
    struct Node {
        SimTime time;
        uint64_t order;
        uint32_t a, c;

        template <class Archive>
        void io(Archive& ar) { ar(time, order, a, c); }
    };
    // One 128-bit comparison instead of two branches: (time, order) as a single unsigned number. Time is
    // never negative, so its bits sort as its value does.
    static unsigned __int128 key(const Node& n) {
        return static_cast<unsigned __int128>(static_cast<uint64_t>(n.time)) << 64 | n.order;
    }
    static bool later(const Node& x, const Node& y) { return key(x) > key(y); }
    std::vector<Node> heap_;
    uint64_t next_seq_ = 0;
};

}  // namespace swarmscope

// The event queue: events ordered by (time, sequence number), so ties are broken the same way every run.
// Events are plain data (a kind and a few numbers), so the queue copies with the rest of the state.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim_time.h"

namespace swarmscope {

enum class EventKind : uint8_t {
    flow_done,       // a: connection, b: direction, c: flow version (stale versions are skipped)
    deliver,         // a: connection, b: direction, c: the transport's slot for the arriving segment
    accept,          // a: connection — the connection request reaches the listener
    connected,       // a: connection — the initiator learns the connection is up (one round trip)
    closed,          // a: connection, b: side that learns of the close
    choke_round,     // a: peer
    announce,        // a: peer — periodic re-announce
    peer_arrives,    // a: peer
    peer_leaves,     // a: peer
    change,          // a: the config's schedule entry (a what-if at a set time)
    kinds,           // not a kind: how many there are (the queue packs a kind into few bits)
};

struct Event {
    SimTime time = 0;
    uint64_t seq = 0;
    EventKind kind = EventKind::deliver;
    uint32_t a = 0;
    uint8_t b = 0;   // a direction or a side: 0 or 1
    uint32_t c = 0;
};

// A calendar queue. Time is cut into buckets of 64 µs, and a ring of 4096 buckets covers the next
// quarter second, where nearly every event falls (a message lands one link latency after it is
// sent). An event is dropped into its bucket unsorted; a bucket is sorted only when the queue reaches
// it, a few dozen events at a time. Events beyond the ring wait in a heap until it comes near them.
// The order is exactly (time, sequence) whichever way an event travelled.
class EventQueue {
public:
    // `b` is a direction or a side: below 2^b_bits.
    void push(SimTime time, EventKind kind, uint32_t a = 0, uint32_t b = 0, uint32_t c = 0) {
        if (time < 0) time = 0;  // nothing happens before the start; keeps key() order-preserving
        place(Node{time, next_seq_++ << seq_shift | uint64_t(kind) << b_bits | (b & b_mask), a, c});
        ++size_;
        if (due_count() < keep_due) bring_due();
    }
    bool empty() const { return size_ == 0; }
    SimTime top_time() const { return due_[head_].time; }
    Event pop() {
        const Node t = due_[head_++];
        --size_;
        if (due_count() < keep_due) bring_due();  // keeps a few due, so upcoming() is exact
        return Event{t.time, t.order >> seq_shift, EventKind(t.order >> b_bits & kind_mask), t.a, uint8_t(t.order & b_mask), t.c};
    }
    size_t size() const { return size_; }
    uint64_t pushed() const { return next_seq_; }
    // What pop() will return after the current event, so the caller can prefetch its data while it
    // handles the current one: upcoming(k) is the event k + 1 pops ahead, for k < upcoming_count().
    struct Upcoming {
        EventKind kind;
        uint32_t a;
        uint8_t b;
        uint32_t c;
    };
    size_t upcoming_count() const { return due_count(); }
    Upcoming upcoming(size_t k) const {
        const Node& x = due_[head_ + k];
        return Upcoming{EventKind(x.order >> b_bits & kind_mask), x.a, uint8_t(x.order & b_mask), x.c};
    }

    // A keyframe keeps the events and where the ring stands; reading puts each back where it was.
    template <class Archive>
    void io(Archive& a) {
        std::vector<Node> all;
        if constexpr (!Archive::reading) all = nodes();
        a(all, current_, next_seq_);
        if constexpr (Archive::reading) refill(all);
    }

private:
    // An event's kind and `b` are packed below its sequence number, in Node and, tighter, in RingNode:
    // a kind or a `b` that did not fit would silently change another event's order, so the sizes are
    // checked here, where adding a kind or widening `b` must fail to build.
    static constexpr int kind_bits = 6, b_bits = 4;
    static constexpr uint64_t kind_mask = (uint64_t{1} << kind_bits) - 1, b_mask = (uint64_t{1} << b_bits) - 1;
    static_assert(static_cast<uint64_t>(EventKind::kinds) <= kind_mask + 1, "EventKind no longer fits kind_bits");
    static_assert(kind_bits + b_bits <= 16, "kind and b no longer fit below Node's sequence number");
    static constexpr int seq_shift = 16;

    // 24 bytes instead of an Event's 32. `order` is seq << 16 | kind << b_bits | b, so it sorts by seq.
    struct Node {
        SimTime time;
        uint64_t order;
        uint32_t a, c;

        template <class Archive>
        void io(Archive& ar) { ar(time, order, a, c); }
    };
    static constexpr size_t keep_due = 4;   // what upcoming() can see ahead
    static constexpr int bucket_shift = 6;  // 64 µs
    static constexpr uint64_t ring_size = 4096;
    static uint64_t bucket(SimTime t) { return static_cast<uint64_t>(t) >> bucket_shift; }
    // One 128-bit comparison instead of two branches: (time, order) as a single unsigned number. Time is
    // never negative, so its bits sort as its value does.
    static unsigned __int128 key(const Node& n) {
        return static_cast<unsigned __int128>(static_cast<uint64_t>(n.time)) << 64 | n.order;
    }
    // A function object rather than a function, so sorting inlines the comparison (WebAssembly's
    // compiler does not inline through a function pointer).
    struct Later {
        bool operator()(const Node& x, const Node& y) const { return key(x) > key(y); }
    };
    static constexpr Later later{};
    struct Earlier {
        bool operator()(const Node& x, const Node& y) const { return key(x) < key(y); }
    };

    // An event in a bucket of the ring, in 16 bytes instead of 24: the bucket holds its time but for
    // the low bits, which go above (sequence, kind, b) in one key, so keys order as (time, order) do
    // within a bucket. 48 bits of sequence number last for 2^48 events.
    struct RingNode {
        uint64_t key;
        uint32_t a, c;
    };
    static constexpr int ring_seq_bits = 48;
    static constexpr int ring_kind_b_bits = kind_bits + b_bits;       // below the sequence number
    static constexpr int ring_time_shift = ring_kind_b_bits + ring_seq_bits;  // the time's low bits on top
    static_assert(ring_time_shift + bucket_shift <= 64, "a ring node's key no longer holds time, sequence, kind and b");
    static RingNode compact(const Node& n) {
        const uint64_t low = static_cast<uint64_t>(n.time) & ((1u << bucket_shift) - 1);
        return {low << ring_time_shift | (n.order >> seq_shift) << ring_kind_b_bits | (n.order & ((uint64_t{1} << ring_kind_b_bits) - 1)), n.a, n.c};
    }
    static Node expand(const RingNode& r, uint64_t bucket) {
        const SimTime time = static_cast<SimTime>(bucket << bucket_shift | r.key >> ring_time_shift);
        return {time,
                (r.key >> ring_kind_b_bits & ((uint64_t{1} << ring_seq_bits) - 1)) << seq_shift |
                    (r.key & ((uint64_t{1} << ring_kind_b_bits) - 1)),
                r.a, r.c};
    }
    struct RingEarlier {
        bool operator()(const RingNode& x, const RingNode& y) const { return x.key < y.key; }
    };

    // Where an event belongs, given the current bucket: nearly always a bucket of the ring.
    void place(const Node& e) {
        const uint64_t b = bucket(e.time);
        if (b > current_ && b < current_ + ring_size) ring_push(e);
        else place_elsewhere(e);
    }
    void ring_push(const Node& e) {  // into its bucket of the ring, which it must fall in
        const size_t i = bucket(e.time) % ring_size;
        ring_[i].push_back(compact(e));
        occupied_[i / 64] |= uint64_t{1} << (i % 64);
    }
    void place_elsewhere(const Node& e);  // among the due, or beyond the ring
    void bring_due();             // brings buckets into due_ until keep_due events are due (or none are left)
    int64_t next_occupied() const;  // the next bucket of the ring holding events, or -1
    void far_push(const Node& e);
    Node far_pop();
    std::vector<Node> nodes() const;
    void refill(const std::vector<Node>& all);

    // Every event in bucket `current_` or earlier, from `head_` on, earliest first: pop() takes the one
    // at `head_` and moves on, and bring_due() appends the next bucket behind those still due.
    size_t due_count() const { return due_.size() - head_; }
    std::vector<Node> due_;
    size_t head_ = 0;
    uint64_t current_ = 0;
    // Buckets current_ + 1 to current_ + ring_size - 1, unsorted, at bucket % ring_size; a bit per
    // bucket says whether it holds any.
    std::vector<std::vector<RingNode>> ring_ = std::vector<std::vector<RingNode>>(ring_size);
    std::array<uint64_t, ring_size / 64> occupied_{};
    std::vector<Node> far_;  // a binary min-heap of the events beyond the ring
    size_t size_ = 0;
    uint64_t next_seq_ = 0;
};

}  // namespace swarmscope

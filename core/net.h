// The loopback transport: byte streams between hosts, in simulated time.
//
// A connection takes a round trip to set up. Each direction of a connection is an ordered byte stream:
// what arrives is exactly what was sent, in order. A segment larger than `bulk_threshold` (a PIECE
// message) is a flow that shares bandwidth: its rate is min(sender upload / sender's active uploads,
// receiver download / receiver's active downloads), recomputed whenever either host's set of flows
// changes, so no host ever sends faster than its upload or receives faster than its download.
// Smaller segments (control messages of a few bytes) take their serialization time at the full
// upload rate without entering the sharing, then the link latency.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "chunked_vector.h"
#include "fifo.h"
#include "prefetch.h"
#include "segment_bytes.h"
#include "sim.h"

namespace swarmscope {

using HostId = uint32_t;
using ConnId = uint32_t;

struct HostConfig {
    double upload = 1 << 20;    // bytes per second
    double download = 1 << 20;  // bytes per second
    SimTime latency = milliseconds(10);  // one way, host to the network core

    template <class Archive>
    void io(Archive& a) { a(upload, download, latency); }
};

// Bytes in order; a PIECE block may travel as a reference of `ref_length` bytes (see wire.h).
struct Segment {
    SegmentBytes bytes;
    uint32_t ref_length = 0;
    uint64_t ref = 0;
    SimTime sent = 0;  // when the sender handed it to the connection
    uint64_t size() const { return bytes.size() + ref_length; }

    template <class Archive>
    void io(Archive& a) { a(bytes, ref_length, ref, sent); }
};

enum class ConnState : uint8_t { connecting, open, closed };

// A segment fully sent and crossing the link. They all live in one store in Net, and the `deliver`
// event that brings one names its slot, so an arrival is found from the event alone. One cache line:
// the connection, direction and lost mark share a word, and a free slot's link to the next free one
// takes the place of the stream position.
struct alignas(64) Propagating {
    static constexpr uint32_t none = 0xFFFFFFFFu;
    static constexpr ConnId max_conn = (1u << 30) - 2;  // the bits left beside the direction and the mark
    Segment segment;
    SimTime arrives = 0;

    bool used() const { return where_ != none; }
    ConnId conn() const { return where_ >> 2; }
    int dir() const { return static_cast<int>(where_ & 1); }
    bool dropped() const { return where_ & 2; }  // lost by a what-if: it never arrives
    uint32_t order() const { return order_; }    // its place in its direction's stream
    uint32_t next_free() const { return order_; }  // while unused: the next unused slot

    void place(ConnId c, int d, uint32_t order) {
        where_ = c << 2 | static_cast<uint32_t>(d);
        order_ = order;
    }
    void drop() { where_ |= 2; }
    void free(uint32_t next) {
        *this = Propagating{};
        order_ = next;
    }

    template <class Archive>
    void io(Archive& a) {
        bool in_use = used();
        a(in_use);
        if (!in_use) {
            if constexpr (Archive::reading) *this = Propagating{};
            a(order_);
            return;
        }
        a(segment, arrives, where_, order_);
    }

private:
    uint32_t where_ = none;  // connection << 2 | dropped << 1 | direction; `none` while unused
    uint32_t order_ = none;
};
static_assert(sizeof(Propagating) == 64, "a segment crossing a link is one cache line");

// One direction of a connection: what only sending through it uses. What every segment that crosses
// it reads is kept in Connection's first cache line instead.
struct HalfConn {
    Fifo<Segment> queue;      // waiting to be sent, head first
    uint32_t version = 0;           // bumps on every reschedule; older flow_done events are stale
    double rate = 0;                // bytes per second of the current flow
    double remaining = 0;           // bytes of the head still to transmit
    SimTime updated = 0;            // when `remaining` was last brought up to date
};

// Arrays by direction: [0] is host[0] -> host[1], [1] the reverse. The first cache line holds all
// that a control message sent or arriving reads and writes, in both directions.
struct alignas(64) Connection {
    HostId host[2];           // [0] initiator, [1] listener
    uint32_t owner[2];        // whatever the caller attached to each end (peer ids)
    // Segments crossing the link. While there are any, the latest arrival time (nothing may land
    // before it: a stream is in order) and the stream position the next one takes; both go back to
    // zero when the last one lands.
    SimTime last_arrival[2] = {0, 0};
    uint32_t propagating[2] = {0, 0};
    uint32_t next_order[2] = {0, 0};
    ConnState state = ConnState::connecting;
    // The head of the queue is being transmitted as a bandwidth-sharing flow. A direction that is
    // not flowing has an empty queue: whatever is queued behind a flow goes out when it ends.
    bool flowing[2] = {false, false};
    HalfConn dir[2];

    template <class Archive>
    void io(Archive& a) {
        a(host[0], host[1], owner[0], owner[1], state);
        for (int d = 0; d < 2; ++d) {
            HalfConn& h = dir[d];
            a(h.queue, flowing[d], h.version, propagating[d], last_arrival[d], next_order[d]);
            if (flowing[d]) a(h.rate, h.remaining, h.updated);  // an idle direction keeps them at zero (Net::drop_flow)
            else h.rate = h.remaining = 0, h.updated = 0;
        }
    }
};
static_assert(offsetof(Connection, flowing) < 64, "what every message reads shares one cache line");

class Net {
public:
    static constexpr uint64_t bulk_threshold = 512;

    HostId add_host(const HostConfig& config);
    void set_upload(HostId host, double bytes_per_second, EventQueue& q, SimTime now);
    const HostConfig& host(HostId h) const { return hosts_[h].config; }
    SimTime link_latency(HostId a, HostId b) const { return hosts_[a].config.latency + hosts_[b].config.latency; }

    ConnId connect(HostId from, HostId to, uint32_t from_owner, uint32_t to_owner, EventQueue& q, SimTime now);
    void send(ConnId c, int side, Segment segment, EventQueue& q, SimTime now);
    // The same for bytes (and a block reference) the caller holds: a control message with nothing
    // ahead of it is written straight into its place on the link, with no Segment in between.
    void send(ConnId c, int side, const uint8_t* bytes, size_t size, uint32_t ref_length, uint64_t ref,
              EventQueue& q, SimTime now);
    // Takes back bulk segments (PIECE messages) still waiting to be sent on this side, as a client
    // clears its send queue when it chokes; the one being transmitted goes on. Returns how many.
    size_t discard_queued_bulk(ConnId c, int side);
    // Takes back the first segment still waiting to be sent on this side for which `match` is true
    // (not the one being transmitted), as a client drops a queued block its requester cancelled.
    template <class Match>
    bool discard_queued(ConnId c, int side, Match match) {
        HalfConn& h = conns_[c].dir[side];
        for (auto it = h.queue.begin() + (conns_[c].flowing[side] ? 1 : 0); it != h.queue.end(); ++it) {
            if (!match(*it)) continue;
            h.queue.erase(it, it + 1);
            return true;
        }
        return false;
    }
    // Closes at once on this side; the other side learns of it one latency later (a `closed` event).
    void close(ConnId c, int side, EventQueue& q, SimTime now);

    Connection& conn(ConnId c) { return conns_[c]; }
    const Connection& conn(ConnId c) const { return conns_[c]; }
    size_t connection_count() const { return conns_.size(); }

    // Event handlers; each returns true when the event still applied.
    void on_accept(ConnId c) { conns_[c].state = ConnState::open; }
    bool on_flow_done(const Event& e, EventQueue& q);
    // Marks a segment in flight (index among those propagating on direction d) as lost; false if none.
    bool drop_in_flight(ConnId c, int d, size_t index);
    // The segment a `deliver` event brings (its `c` names the slot) is shown to `use` in place, then
    // its slot is freed. False, without calling `use`, if the connection has closed since or the
    // segment was lost. `use` must not call back into the transport.
    template <class Use>
    bool take_arrival(uint32_t slot, Use&& use) {
        Propagating& s = store_[slot];
        Connection& conn = conns_[s.conn()];
        bool arrived = false;
        if (conn.state != ConnState::closed) {
            const int d = s.dir();
            if (--conn.propagating[d] == 0) conn.last_arrival[d] = 0, conn.next_order[d] = 0;
            arrived = !s.dropped();
            if (arrived) {
                bytes_delivered_ += s.segment.size();
                use(s.segment);
            }
        }
        release(slot);
        return arrived;
    }
    // The slots of the segments crossing direction `d` of `c`, in stream order; and those crossing
    // every open connection, by (connection, direction, stream order). For display and what-ifs.
    std::vector<uint32_t> propagating(ConnId c, int d) const;
    std::vector<uint32_t> propagating_all() const;
    const Propagating& in_store(uint32_t slot) const { return store_[slot]; }
    // Every direction transmitting now, as f(connection, direction), sender by sender: what leaves a
    // host, found without going through every connection (a 200-peer swarm has over ten thousand).
    template <class F>
    void for_each_flow(F&& f) const {
        for (const Host& h : hosts_)
            for (const Upload& u : h.uploads) f(u.conn, static_cast<int>(u.dir));
    }

    uint64_t bytes_delivered() const { return bytes_delivered_; }

    // Hints for the memory system about an event coming soon on connection `c`: the line of it that
    // any message reads; for a delivery, the segment in `slot` too; for the end of a flow, the
    // sending direction `d`.
    void prefetch(ConnId c) const { swarmscope::prefetch(&conns_[c]); }
    void prefetch_delivery(ConnId c, uint32_t slot) const {
        prefetch(c);
        if (slot < store_.size()) swarmscope::prefetch(&store_[slot]);
    }
    void prefetch_flow(ConnId c, int d) const {
        prefetch(c);
        swarmscope::prefetch(&conns_[c].dir[d]);
        swarmscope::prefetch(&conns_[c].dir[d].updated);
    }
    // Then, once prefetch_flow()'s lines are in, where a segment sent next will be queued.
    void prefetch_queue_tail(ConnId c, int d) const {
        if (const Segment* at = conns_[c].dir[d].queue.next_place()) swarmscope::prefetch(at);
    }
    // Then, once prefetch_flow()'s lines are in, the segment whose transmission ends: it lies in the
    // direction's queue, elsewhere in memory.
    void prefetch_flow_head(ConnId c, int d) const {
        const HalfConn& h = conns_[c].dir[d];
        if (!h.queue.empty()) swarmscope::prefetch(&h.queue.front());
    }

    template <class Archive>
    void io(Archive& a) { a(hosts_, conns_, store_, free_slot_, bytes_delivered_); }

private:
    // A host's active flows, each with what resharing needs to know of it, so resharing reads hosts
    // and not the connections scattered in memory.
    struct Upload {
        ConnId conn;
        uint8_t dir;
        HostId receiver;
        friend bool operator==(const Upload&, const Upload&) = default;
        template <class Archive>
        void io(Archive& a) { a(conn, dir, receiver); }
    };
    struct Download {
        ConnId conn;
        uint8_t dir;
        HostId sender;
        double rate;  // as the connection's HalfConn::rate: a flow whose share is unchanged is left alone
        friend bool operator==(const Download&, const Download&) = default;
        template <class Archive>
        void io(Archive& a) { a(conn, dir, sender, rate); }
    };
    struct Host {
        HostConfig config;
        std::vector<Upload> uploads;
        std::vector<Download> downloads;

        template <class Archive>
        void io(Archive& a) { a(config, uploads, downloads); }
    };

    void start_next(ConnId c, int d, EventQueue& q, SimTime now);
    void send_small(ConnId c, int d, EventQueue& q, SimTime now);
    void transmit_small(ConnId c, int d, Segment&& segment, EventQueue& q, SimTime now);
    // transmit_small()'s slot on the link for a control message of `size` bytes, for the caller to fill.
    Segment& place_small(ConnId c, int d, uint64_t size, EventQueue& q, SimTime now);
    void reshare(HostId sender, HostId receiver, EventQueue& q, SimTime now);
    void fill_download(HostId r, EventQueue& q, SimTime now);
    // A flow's new rate (a different one): what it still has to send is brought up to date, and its end
    // scheduled anew. While a rate stands, `remaining` is as of `updated`.
    void set_rate(ConnId c, int d, double rate, EventQueue& q, SimTime now);
    void drop_flow(ConnId c, int d, EventQueue& q, SimTime now);
    // Puts a fully sent segment on the link: it lands one latency after `at`, and never before the
    // one sent ahead of it.
    void propagate(ConnId c, int d, Segment&& segment, SimTime at, EventQueue& q);
    Segment& place(ConnId c, int d, SimTime at, EventQueue& q);  // propagate()'s slot, for the caller to fill
    void release(uint32_t slot) {
        store_[slot].free(free_slot_);
        free_slot_ = slot;
    }

    std::vector<Host> hosts_;
    ChunkedVector<Connection, 10> conns_;  // grows a block at a time: a new connection never moves the others
    std::vector<Propagating> store_;  // segments crossing links, by slot; unused ones chain from free_slot_
    uint32_t free_slot_ = Propagating::none;
    struct Offer {
        double share;
        ConnId conn;
        int dir;
        uint32_t download;  // its place in the receiver's downloads
    };
    std::vector<Offer> fill_;         // scratch for fill_download
    std::vector<HostId> receivers_;   // scratch for reshare
    uint64_t bytes_delivered_ = 0;
};

}  // namespace swarmscope

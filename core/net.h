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
#include <cstdint>
#include <vector>

#include "fifo.h"
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
    bool dropped = false;  // taken out of the wire by a what-if: it never arrives
    uint64_t size() const { return bytes.size() + ref_length; }

    template <class Archive>
    void io(Archive& a) { a(bytes, ref_length, ref, sent, dropped); }
};

enum class ConnState : uint8_t { connecting, open, closed };

// A segment fully sent and crossing the link. They all live in one store in Net, and the `deliver`
// event that brings one names its slot, so an arrival is found from the event alone.
struct Propagating {
    static constexpr uint32_t none = 0xFFFFFFFFu;
    Segment segment;
    SimTime arrives = 0;
    ConnId conn = 0;
    uint8_t dir = 0;
    bool used = false;
    uint32_t order = 0;            // its place in its direction's stream
    uint32_t next_free = none;     // while unused: the next unused slot

    template <class Archive>
    void io(Archive& a) {
        a(used);
        if (!used) {
            if constexpr (Archive::reading) *this = Propagating{};
            a(next_free);
            return;
        }
        a(segment, arrives, conn, dir, order);
    }
};

struct HalfConn {  // one direction of a connection
    Fifo<Segment> queue;      // waiting to be sent, head first
    bool flowing = false;           // the head is being transmitted as a bandwidth-sharing flow
    double rate = 0;                // bytes per second of the current flow
    double remaining = 0;           // bytes of the head still to transmit
    SimTime updated = 0;            // when `remaining` was last brought up to date
    uint32_t version = 0;           // bumps on every reschedule; older flow_done events are stale
    // Segments crossing the link. While there are any, the latest arrival time (nothing may land
    // before it: a stream is in order) and the stream position the next one takes; both go back to
    // zero when the last one lands.
    uint32_t propagating = 0;
    SimTime last_arrival = 0;
    uint32_t next_order = 0;

    template <class Archive>
    void io(Archive& a) {
        a(queue, flowing, version, propagating, last_arrival, next_order);
        if (flowing) a(rate, remaining, updated);  // an idle direction keeps them at zero (Net::drop_flow)
        else rate = remaining = 0, updated = 0;
    }
};

struct Connection {
    HostId host[2];           // [0] initiator, [1] listener
    uint32_t owner[2];        // whatever the caller attached to each end (peer ids)
    ConnState state = ConnState::connecting;
    HalfConn dir[2];          // dir[0]: host[0] -> host[1]; dir[1]: the reverse

    template <class Archive>
    void io(Archive& a) { a(host[0], host[1], owner[0], owner[1], state, dir[0], dir[1]); }
};

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
        for (auto it = h.queue.begin() + (h.flowing ? 1 : 0); it != h.queue.end(); ++it) {
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
        Connection& conn = conns_[s.conn];
        bool arrived = false;
        if (conn.state != ConnState::closed) {
            HalfConn& h = conn.dir[s.dir];
            if (--h.propagating == 0) h.last_arrival = 0, h.next_order = 0;
            arrived = !s.segment.dropped;
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

    uint64_t bytes_delivered() const { return bytes_delivered_; }

    // Hints for the memory system about an event coming soon on direction `d` of `c`: its connection,
    // and for a delivery, the segment in `slot`.
    void prefetch(ConnId c, int d) const {
        const Connection& conn = conns_[c];
        __builtin_prefetch(&conn.owner);
        __builtin_prefetch(&conn.dir[d].propagating);
        __builtin_prefetch(&conn.dir[d].queue);
    }
    void prefetch_delivery(ConnId c, int d, uint32_t slot) const {
        prefetch(c, d);
        if (slot < store_.size()) __builtin_prefetch(&store_[slot]);
    }

    template <class Archive>
    void io(Archive& a) { a(hosts_, conns_, store_, free_slot_, bytes_delivered_); }

private:
    struct Host {
        HostConfig config;
        std::vector<std::pair<ConnId, uint8_t>> uploads, downloads;  // active flows

        template <class Archive>
        void io(Archive& a) { a(config, uploads, downloads); }
    };

    void start_next(ConnId c, int d, EventQueue& q, SimTime now);
    void send_small(ConnId c, int d, EventQueue& q, SimTime now);
    void transmit_small(ConnId c, int d, Segment&& segment, EventQueue& q, SimTime now);
    // transmit_small()'s slot on the link for a control message of `size` bytes, for the caller to fill.
    Segment& place_small(ConnId c, int d, uint64_t size, EventQueue& q, SimTime now);
    void finish_head(ConnId c, int d, EventQueue& q, SimTime now);
    void reshare(HostId sender, HostId receiver, EventQueue& q, SimTime now);
    void fill_download(HostId r, EventQueue& q, SimTime now);
    void set_rate(ConnId c, int d, double rate, EventQueue& q, SimTime now);
    void drop_flow(ConnId c, int d, EventQueue& q, SimTime now);
    // Puts a fully sent segment on the link: it lands one latency after `at`, and never before the
    // one sent ahead of it.
    void propagate(ConnId c, int d, Segment&& segment, SimTime at, EventQueue& q);
    Segment& place(ConnId c, int d, SimTime at, EventQueue& q);  // propagate()'s slot, for the caller to fill
    void release(uint32_t slot) {
        store_[slot] = Propagating{};
        store_[slot].next_free = free_slot_;
        free_slot_ = slot;
    }

    std::vector<Host> hosts_;
    std::vector<Connection> conns_;
    std::vector<Propagating> store_;  // segments crossing links, by slot; unused ones chain from free_slot_
    uint32_t free_slot_ = Propagating::none;
    struct Offer {
        double share;
        ConnId conn;
        int dir;
    };
    std::vector<Offer> fill_;         // scratch for fill_download
    std::vector<HostId> receivers_;   // scratch for reshare
    uint64_t bytes_delivered_ = 0;
};

}  // namespace swarmscope

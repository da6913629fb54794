#include "net.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <stdexcept>
#include <tuple>

namespace swarmscope {

namespace {

SimTime transfer_time(double bytes, double rate) {
    return static_cast<SimTime>(std::ceil(bytes / rate * 1e6));
}

template <class Flow>
void erase_flow(std::vector<Flow>& flows, ConnId c, int d) {
    const auto it = std::find_if(flows.begin(), flows.end(), [&](const Flow& f) { return f.conn == c && f.dir == d; });
    if (it != flows.end()) flows.erase(it);
}

}  // namespace

HostId Net::add_host(const HostConfig& config) {
    hosts_.push_back(Host{config, {}, {}});
    return static_cast<HostId>(hosts_.size() - 1);
}

void Net::set_upload(HostId h, double bytes_per_second, EventQueue& q, SimTime now) {
    hosts_[h].config.upload = bytes_per_second;
    reshare(h, h, q, now);
}

ConnId Net::connect(HostId from, HostId to, uint32_t from_owner, uint32_t to_owner, EventQueue& q, SimTime now) {
    Connection c;
    c.host[0] = from;
    c.host[1] = to;
    c.owner[0] = from_owner;
    c.owner[1] = to_owner;
    if (conns_.size() > Propagating::max_conn) throw std::length_error("too many connections for the transport");
    conns_.push_back(std::move(c));
    const ConnId id = static_cast<ConnId>(conns_.size() - 1);
    const SimTime one_way = link_latency(from, to);
    q.push(now + one_way, EventKind::accept, id);
    q.push(now + 2 * one_way, EventKind::connected, id);
    return id;
}

void Net::send(ConnId c, int side, Segment segment, EventQueue& q, SimTime now) {
    Connection& conn = conns_[c];
    if (conn.state == ConnState::closed) return;
    HalfConn& h = conn.dir[side];
    segment.sent = now;
    if (h.queue.empty() && !conn.flowing[side] && segment.size() <= bulk_threshold) {
        transmit_small(c, side, std::move(segment), q, now);  // nothing ahead of it
        return;
    }
    h.queue.push_back(std::move(segment));
    if (h.queue.size() == 1 && !conn.flowing[side]) start_next(c, side, q, now);
}

// A control message goes at once: its serialization time at full upload rate, then the latency. It
// does not enter the bandwidth sharing.
void Net::transmit_small(ConnId c, int d, Segment&& segment, EventQueue& q, SimTime now) {
    place_small(c, d, segment.size(), q, now) = std::move(segment);
}

Segment& Net::place_small(ConnId c, int d, uint64_t size, EventQueue& q, SimTime now) {
    const SimTime serialize = transfer_time(static_cast<double>(size), hosts_[conns_[c].host[d]].config.upload);
    return place(c, d, now + serialize, q);
}

void Net::send(ConnId c, int side, const uint8_t* bytes, size_t size, uint32_t ref_length, uint64_t ref,
               EventQueue& q, SimTime now) {
    const Connection& conn = conns_[c];
    if (conn.state == ConnState::closed) return;
    const uint64_t total = size + ref_length;
    // An idle direction has nothing queued (Connection::flowing), so this reads one cache line.
    assert(conn.flowing[side] || conn.dir[side].queue.empty());
    if (conn.flowing[side] || total > bulk_threshold) {
        send(c, side, Segment{SegmentBytes(bytes, size), ref_length, ref}, q, now);
        return;
    }
    Segment& s = place_small(c, side, total, q, now);  // as transmit_small(), with no Segment to move
    s.bytes.set(bytes, size);
    s.ref_length = ref_length;
    s.ref = ref;
    s.sent = now;
}

void Net::propagate(ConnId c, int d, Segment&& segment, SimTime at, EventQueue& q) {
    place(c, d, at, q) = std::move(segment);
}

Segment& Net::place(ConnId c, int d, SimTime at, EventQueue& q) {
    Connection& conn = conns_[c];
    // A byte stream arrives in order: nothing lands before what was sent ahead of it.
    const SimTime arrives = std::max(at + link_latency(conn.host[0], conn.host[1]), conn.last_arrival[d]);
    uint32_t slot = free_slot_;
    if (slot == Propagating::none) {
        slot = static_cast<uint32_t>(store_.size());
        store_.emplace_back();
    } else {
        free_slot_ = store_[slot].next_free();
    }
    Propagating& p = store_[slot];
    p.arrives = arrives;
    p.place(c, d, conn.next_order[d]++);
    ++conn.propagating[d];
    conn.last_arrival[d] = arrives;
    q.push(arrives, EventKind::deliver, c, static_cast<uint32_t>(d), slot);
    return p.segment;
}

// Control messages at the head of the queue go at once.
void Net::send_small(ConnId c, int d, EventQueue& q, SimTime now) {
    HalfConn& h = conns_[c].dir[d];
    while (!h.queue.empty() && h.queue.front().size() <= bulk_threshold) {
        transmit_small(c, d, std::move(h.queue.front()), q, now);
        h.queue.pop_front();
    }
}

// Starts transmitting the head of the queue: small segments go at once, a bulk one joins the sharing.
void Net::start_next(ConnId c, int d, EventQueue& q, SimTime now) {
    Connection& conn = conns_[c];
    HalfConn& h = conn.dir[d];
    if (conn.flowing[d]) return;
    send_small(c, d, q, now);
    if (h.queue.empty()) return;
    conn.flowing[d] = true;
    h.rate = 0;  // forces the first schedule
    h.remaining = static_cast<double>(h.queue.front().size());
    h.updated = now;
    hosts_[conn.host[d]].uploads.push_back(Upload{c, static_cast<uint8_t>(d), conn.host[1 - d]});
    hosts_[conn.host[1 - d]].downloads.push_back(Download{c, static_cast<uint8_t>(d), conn.host[d], 0.0});
    reshare(conn.host[d], conn.host[1 - d], q, now);
}

void Net::set_rate(ConnId c, int d, double rate, EventQueue& q, SimTime now) {
    HalfConn& h = conns_[c].dir[d];
    h.remaining = std::max(0.0, h.remaining - h.rate * to_seconds(now - h.updated));
    h.updated = now;
    h.rate = rate;
    ++h.version;
    if (rate <= 0) return;       // a host with no capacity stalls its flows
    q.push(now + transfer_time(h.remaining, rate), EventKind::flow_done, c, static_cast<uint32_t>(d), h.version);
}

// Max-min sharing of one receiver's download: each incoming flow is offered its sender's equal share of
// upload; flows offered less than an equal split of what is left keep their offer, the others split the
// rest equally. No sender exceeds its upload and no receiver its download.
void Net::fill_download(HostId r, EventQueue& q, SimTime now) {
    fill_.clear();
    std::vector<Download>& downloads = hosts_[r].downloads;
    for (uint32_t i = 0; i < downloads.size(); ++i) {
        const Host& sender = hosts_[downloads[i].sender];
        fill_.push_back({sender.config.upload / static_cast<double>(sender.uploads.size()), downloads[i].conn, downloads[i].dir, i});
    }
    std::sort(fill_.begin(), fill_.end(), [](const Offer& a, const Offer& b) {
        return a.share != b.share ? a.share < b.share : a.conn != b.conn ? a.conn < b.conn : a.dir < b.dir;
    });
    double left = hosts_[r].config.download;
    size_t k = fill_.size();
    for (const Offer& o : fill_) {
        const double rate = std::min(o.share, left / static_cast<double>(k));
        left -= rate;
        --k;
        // Most flows keep their share when another starts or stops. Theirs stand as scheduled, and
        // their connections are not even read.
        if (rate == downloads[o.download].rate) continue;
        downloads[o.download].rate = rate;
        set_rate(o.conn, o.dir, rate, q, now);
    }
}

// The flows from `sender` changed (one started or ended towards `receiver`, or its upload changed):
// its share changed for every receiver it uploads to, and `receiver`'s download is shared anew.
void Net::reshare(HostId sender, HostId receiver, EventQueue& q, SimTime now) {
    receivers_.clear();
    for (const Upload& u : hosts_[sender].uploads) receivers_.push_back(u.receiver);
    receivers_.push_back(receiver);
    std::sort(receivers_.begin(), receivers_.end());
    receivers_.erase(std::unique(receivers_.begin(), receivers_.end()), receivers_.end());
    for (HostId r : receivers_) fill_download(r, q, now);
}

void Net::drop_flow(ConnId c, int d, EventQueue& q, SimTime now) {
    Connection& conn = conns_[c];
    HalfConn& h = conn.dir[d];
    if (!conn.flowing[d]) return;
    conn.flowing[d] = false;
    h.rate = h.remaining = 0;  // an idle direction has no flow figures (so keyframes need not keep them)
    h.updated = 0;
    ++h.version;  // versions only grow, so no stale completion can match a later flow
    erase_flow(hosts_[conn.host[d]].uploads, c, d);
    erase_flow(hosts_[conn.host[1 - d]].downloads, c, d);
    reshare(conn.host[d], conn.host[1 - d], q, now);
}

bool Net::on_flow_done(const Event& e, EventQueue& q) {
    Connection& conn = conns_[e.a];
    const int d = static_cast<int>(e.b);
    HalfConn& h = conn.dir[d];
    if (!conn.flowing[d] || e.c != h.version) return false;  // rescheduled or closed since
    const SimTime now = e.time;
    propagate(e.a, d, std::move(h.queue.front()), now, q);
    h.queue.pop_front();
    send_small(e.a, d, q, now);
    if (!h.queue.empty()) {
        // The next block continues the same flow at the same rate: the sharing is redone only when a
        // connection starts or stops sending blocks, not between blocks of a pipelined stream.
        h.remaining = static_cast<double>(h.queue.front().size());
        h.updated = now;
        ++h.version;
        q.push(now + transfer_time(h.remaining, h.rate), EventKind::flow_done, e.a, e.b, h.version);
        return true;
    }
    drop_flow(e.a, d, q, now);
    return true;
}

std::vector<uint32_t> Net::propagating(ConnId c, int d) const {
    std::vector<uint32_t> slots;
    if (conns_[c].state == ConnState::closed) return slots;
    for (uint32_t i = 0; i < store_.size(); ++i)
        if (store_[i].used() && store_[i].conn() == c && store_[i].dir() == d) slots.push_back(i);
    std::sort(slots.begin(), slots.end(), [&](uint32_t x, uint32_t y) { return store_[x].order() < store_[y].order(); });
    return slots;
}

std::vector<uint32_t> Net::propagating_all() const {
    std::vector<uint32_t> slots;
    for (uint32_t i = 0; i < store_.size(); ++i)
        if (store_[i].used() && conns_[store_[i].conn()].state != ConnState::closed) slots.push_back(i);
    auto key = [&](uint32_t i) { return std::make_tuple(store_[i].conn(), store_[i].dir(), store_[i].order()); };
    std::sort(slots.begin(), slots.end(), [&](uint32_t x, uint32_t y) { return key(x) < key(y); });
    return slots;
}

bool Net::drop_in_flight(ConnId c, int d, size_t index) {
    const std::vector<uint32_t> slots = propagating(c, d);
    if (index >= slots.size()) return false;
    Propagating& p = store_[slots[index]];
    if (p.dropped()) return false;
    p.drop();
    return true;
}

size_t Net::discard_queued_bulk(ConnId c, int side) {
    HalfConn& h = conns_[c].dir[side];
    const auto first = h.queue.begin() + (conns_[c].flowing[side] ? 1 : 0);
    const auto kept = std::stable_partition(first, h.queue.end(), [](const Segment& s) { return s.size() <= bulk_threshold; });
    const size_t dropped = static_cast<size_t>(h.queue.end() - kept);
    h.queue.erase(kept, h.queue.end());
    return dropped;
}

void Net::close(ConnId c, int side, EventQueue& q, SimTime now) {
    Connection& conn = conns_[c];
    if (conn.state == ConnState::closed) return;
    conn.state = ConnState::closed;
    for (int d = 0; d < 2; ++d) {
        drop_flow(c, d, q, now);
        conn.dir[d].queue.clear();
        // What is crossing the link still holds its slots; each is freed when its delivery comes due.
        conn.propagating[d] = 0;
        conn.last_arrival[d] = 0;
        conn.next_order[d] = 0;
    }
    q.push(now + link_latency(conn.host[0], conn.host[1]), EventKind::closed, c, static_cast<uint32_t>(1 - side));
}

}  // namespace swarmscope

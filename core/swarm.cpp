#include "swarm.h"

#include <algorithm>

#include "snapshot.h"

namespace swarmscope {

namespace {

WireLimits limits_for(const Metainfo& m) {
    WireLimits l;
    l.piece_count = m.piece_count();
    l.piece_length = m.piece_length;
    l.total_length = m.total_length;
    return l;
}

}  // namespace

Swarm::Swarm(const SwarmConfig& config)
    : config_(config),
      meta_(make_metainfo("swarmscope-" + std::to_string(config.rng_seed) + ".bin", "http://tracker/announce",
                          config.file_bytes(), config.piece_size, config.rng_seed)),
      limits_(limits_for(meta_)),
      real_payload_(config.real_payload < 0 ? config.file_bytes() <= (16u << 20) : config.real_payload == 1),
      rng_(config.rng_seed),
      tracker_(meta_.info_hash, config.announce_interval_s),
      trace_(config.keep_trace, real_payload_) {
    copies_.assign(meta_.piece_count(), 0);
    tracker_host_ = net_.add_host(HostConfig{1e9, 1e9, milliseconds(5)});

    const int total = config.seeds + config.peers;
    peers_.resize(static_cast<size_t>(total));
    for (int i = 0; i < total; ++i) {
        Peer& p = peers_[static_cast<size_t>(i)];
        p.id = static_cast<PeerId>(i);
        // Leechers are peers 0..N-1, so their names match the formulas' N; seeds come after them.
        const bool seed = i >= config.peers;
        p.free_rider = !seed && i >= config.peers - config.free_riders;
        init_peer(p, seed);
    }
    // Seeds are there first; leechers join at t=0 unless the schedule says when.
    std::vector<bool> scheduled(peers_.size(), false);
    for (size_t k = 0; k < config.schedule.size(); ++k) {
        const ScheduledChange& s = config.schedule[k];
        if (s.kind == ChangeKind::add_leecher) {
            queue_.push(s.time, EventKind::change, static_cast<uint32_t>(k));
            continue;
        }
        if (s.peer >= peers_.size()) continue;
        if (s.kind == ChangeKind::join && !scheduled[s.peer]) scheduled[s.peer] = true;
        if (s.kind == ChangeKind::join || s.kind == ChangeKind::leave)
            queue_.push(s.time, s.kind == ChangeKind::join ? EventKind::peer_arrives : EventKind::peer_leaves, s.peer);
        else
            queue_.push(s.time, EventKind::change, static_cast<uint32_t>(k));
    }
    for (const Peer& p : peers_)
        if (p.initial_seed) queue_.push(0, EventKind::peer_arrives, p.id);
    for (const Peer& p : peers_)
        if (!p.initial_seed && !scheduled[p.id]) queue_.push(0, EventKind::peer_arrives, p.id);
}

void Swarm::init_peer(Peer& p, bool seed) {
    p.initial_seed = seed;
    HostConfig h;
    h.upload = seed ? config_.server_up / std::max(1, config_.seeds) : config_.upload_of(static_cast<int>(p.id));
    h.download = config_.download_of(static_cast<int>(p.id));
    const uint32_t classes = static_cast<uint32_t>(config_.up_class_count());
    p.rate_class = seed ? classes + 1 : static_cast<uint32_t>(config_.up_class_of(static_cast<int>(p.id)));
    p.received_from.assign(classes + 2, 0);
    const SimTime spread = config_.latency_max - config_.latency_min;
    h.latency = config_.latency_min + (spread > 0 ? static_cast<SimTime>(rng_.below(static_cast<uint32_t>(spread) + 1)) : 0);
    p.host = net_.add_host(h);
    // Azureus-style peer id: client tag and version, then the peer's number.
    const std::string number = std::to_string(p.id);
    const std::string tag = "-SS0100-" + std::string(12 - std::min<size_t>(12, number.size()), '0') + number;
    std::copy(tag.begin(), tag.begin() + 20, p.peer_id.begin());
    p.have.assign(meta_.piece_count(), seed);
    p.have_count = seed ? meta_.piece_count() : 0;
    p.picker.init(meta_.piece_count(), meta_.piece_length, meta_.total_length);
    if (seed) p.picker.mark_all_have();
}

bool Swarm::done() const {
    return metrics_.completed >= leechers() || queue_.empty() || now_ > config_.time_limit;
}

bool Swarm::step() {
    if (done()) return false;
    const Event e = queue_.pop();
    if constexpr (prefetch_hints) prefetch_upcoming();
    now_ = e.time;
    step_events_.clear();
    ++metrics_.events;
    dispatch(e);
    return true;
}

// The next four events are known, and what they touch is loaded in three steps, each a line that the
// step before brought in pointing to the next: for the fourth, its connection, arriving segment and
// receiving link; for the second, its peer's picker and bitfields; for the next, a block's piece in
// progress. Two events' work lies between the first two steps.
void Swarm::prefetch_upcoming() const {
    const size_t n = queue_.upcoming_count();
    if (n >= 4) {
        const EventQueue::Upcoming e = queue_.upcoming(3);
        if (e.kind == EventKind::deliver) {
            net_.prefetch_delivery(e.a, e.c);
            const LinkId id = link_id(e.a, 1 - e.b);
            if (id < links_.size()) {  // the lines every message reads (Link's layout)
                const char* l = reinterpret_cast<const char*>(&links_[id]);
                swarmscope::prefetch(l);
                swarmscope::prefetch(l + 64);
            }
        } else if (e.kind == EventKind::flow_done) {
            net_.prefetch_flow(e.a, e.b);
        }
    }
    if (n >= 2) {
        const EventQueue::Upcoming e = queue_.upcoming(1);
        if (e.kind == EventKind::deliver) prefetch_handling(e.a, e.b, e.c);
    }
    if (n >= 1) {
        const EventQueue::Upcoming e = queue_.upcoming(0);
        if (e.kind == EventKind::flow_done) net_.prefetch_flow_head(e.a, e.b);
        if (e.kind == EventKind::deliver) {
            const Segment& s = net_.in_store(e.c).segment;
            if (s.ref_length > 0 && links_[link_id(e.a, 1 - e.b)].live())  // a block: its piece in progress
                if (const std::optional<uint32_t> piece = frame_piece(s.bytes.data(), s.bytes.size()))
                    peers_[net_.conn(e.a).owner[1 - e.b]].picker.prefetch_progress(*piece);
            if (s.ref_length == 0 && s.bytes.size() == 17) net_.prefetch_queue_tail(e.a, 1 - e.b);  // a request
        }
    }
}

// A HAVE, a REQUEST or a block names a piece, and handling it looks up that piece in the peer's picker
// and bitfields (the segment itself was prefetched two events earlier).
void Swarm::prefetch_handling(ConnId c, int dir, uint32_t slot) const {
    const LinkId id = link_id(c, 1 - dir);
    if (id >= links_.size() || !links_[id].live()) return;
    const Link& l = links_[id];
    const Peer& p = peers_[net_.conn(c).owner[1 - dir]];
    const Segment& s = net_.in_store(slot).segment;
    const std::optional<uint32_t> piece = frame_piece(s.bytes.data(), s.bytes.size());
    if (!piece) {
        swarmscope::prefetch(l.remote_has.words().data());
        return;
    }
    if (s.ref_length > 0 || s.bytes.size() > 9) {  // a block or a request: the rest of the link
        const char* at = reinterpret_cast<const char*>(&l);
        for (size_t line = 128; line < sizeof(Link); line += 64) swarmscope::prefetch(at + line);
    }
    p.picker.prefetch(*piece);  // whether we have it, its copies, its blocks in progress
    const bool request = s.ref_length == 0 && s.bytes.size() > 9;  // answered from our pieces alone
    if (!request && *piece < l.remote_has.size()) swarmscope::prefetch(&l.remote_has.words()[*piece / 64]);
    if (request) net_.prefetch_flow(c, 1 - dir);  // the answer is queued there
    if (s.ref_length > 0) {  // a block is looked up there, and credits its sender's end and its sender
        swarmscope::prefetch(l.requested.data());
        swarmscope::prefetch(&links_[link_id(c, dir)]);
        swarmscope::prefetch(&peers_[l.remote].uploaded);
    }
}

bool Swarm::run_until(SimTime until) {
    while (!done() && queue_.top_time() <= until) step();
    return !done();
}

void Swarm::dispatch(const Event& e) {
    switch (e.kind) {
        case EventKind::flow_done: net_.on_flow_done(e, queue_); break;
        case EventKind::deliver: on_deliver(e.a, static_cast<int>(e.b), e.c); break;
        case EventKind::accept: on_accept(e.a); break;
        case EventKind::connected: on_connected(e.a); break;
        case EventKind::closed: on_closed(e.a, static_cast<int>(e.b)); break;
        case EventKind::choke_round:
            if (peers_[e.a].status == PeerStatus::online && peers_[e.a].generation == e.c) choke_round(peers_[e.a]);
            break;
        case EventKind::announce:
            if (peers_[e.a].status == PeerStatus::online && peers_[e.a].generation == e.c) {
                announce(peers_[e.a], AnnounceEvent::none);
            }
            break;
        case EventKind::peer_arrives: peer_arrive(e.a); break;
        case EventKind::peer_leaves: peer_leave(e.a); break;
        case EventKind::change: scheduled_change(config_.schedule[e.a]); break;
        case EventKind::kinds: break;  // not an event
    }
}

void Swarm::on_accept(ConnId c) {
    net_.on_accept(c);
    const Connection& conn = net_.conn(c);
    if (conn.owner[1] == tracker_owner) return;
    Peer& p = peers_[conn.owner[1]];
    const PeerId remote = conn.owner[0];
    const bool full = static_cast<int>(p.links.size() + p.dialing.size()) >= config_.max_connections;
    // Both dialled each other at once: the connection opened by the lower id is the one kept.
    const bool duplicate = has_link(p, remote) || (is_dialing(p, remote) && p.id < remote);
    if (p.status != PeerStatus::online || full || duplicate || is_banned(p, remote)) {
        net_.close(c, 1, queue_, now_);
        return;
    }
    add_link(p, c, 1, remote);
}

void Swarm::on_connected(ConnId c) {
    const Connection& conn = net_.conn(c);
    if (conn.state == ConnState::closed) return;
    if (conn.owner[0] == tracker_owner) return;
    Peer& p = peers_[conn.owner[0]];
    // A tracker connection needs nothing here: the announce waits in its queue until it is up.
    if (conn.owner[1] == tracker_owner) return;
    forget_dialing(p, c);
    const PeerId remote = conn.owner[1];
    if (p.status != PeerStatus::online || has_link(p, remote)) {
        net_.close(c, 0, queue_, now_);
        return;
    }
    Link& l = add_link(p, c, 0, remote);
    trace(TraceKind::connected, p.id, remote);
    send_handshake_and_bitfield(p, l);
}

void Swarm::on_closed(ConnId c, int side) {
    const Connection& conn = net_.conn(c);
    const uint32_t owner = conn.owner[side];
    if (owner == tracker_owner) return;
    Peer& p = peers_[owner];
    forget_dialing(p, c);
    if (find_link(p, c)) {
        trace(TraceKind::disconnected, p.id, conn.owner[1 - side]);
        remove_link(p, c);
        fill_free_slot(p);
        refill_links(p);
    }
}

void Swarm::on_deliver(ConnId c, int dir, uint32_t slot) {
    const int side = 1 - dir;  // the receiving end
    const Connection& conn = net_.conn(c);
    const uint32_t to = conn.owner[side], from = conn.owner[dir];
    if (to == tracker_owner || from == tracker_owner) {
        std::string http;
        if (!net_.take_arrival(slot, [&](const Segment& s) {
                metrics_.bytes += s.size();
                http.assign(s.bytes.begin(), s.bytes.end());
            }))
            return;
        if (to == tracker_owner) tracker_receive(c, side, http);
        else peer_tracker_receive(peers_[to], c, http);
        return;
    }
    Peer& p = peers_[to];
    Link* l = find_link(p, c, side);
    // The decoder copies only an unfinished frame, so it reads the segment where it lies. Nearly every
    // segment is one whole frame, which it decodes straight into `whole_`, without queuing.
    bool whole = false;
    if (!net_.take_arrival(slot, [&](const Segment& s) {
            metrics_.bytes += s.size();
            if (!l) return;
            whole = l->decoder.take_whole(s.bytes.data(), s.bytes.size(), s.ref_length, s.ref, whole_);
            if (whole) return;
            l->decoder.feed(s.bytes.data(), s.bytes.size());
            if (s.ref_length) l->decoder.feed_block_ref(s.ref_length, s.ref);
        }))
        return;
    if (!l) return;
    if (whole) {
        ++metrics_.messages;
        ++metrics_.by_kind[static_cast<size_t>(whole_.kind)];
        handle_message(p, *l, whole_);
        return;
    }
    const PeerId remote = l->remote;
    while (const Message* m = l->decoder.next()) {
        ++metrics_.messages;
        ++metrics_.by_kind[static_cast<size_t>(m->kind)];
        handle_message(p, *l, *m);
        l = find_link(p, c, side);  // handling may close the link
        if (!l) return;
    }
    if (l->decoder.failed()) {
        trace(TraceKind::protocol_error, p.id, remote, 0, 0, 0, l->decoder.error().message);
        close_peer_conn(c, side);
        remove_link(p, c);
        fill_free_slot(p);
    }
}

void Swarm::tracker_receive(ConnId c, int side, const std::string& request) {
    const Connection& conn = net_.conn(c);
    const HostId from = conn.host[1 - side];
    const AnnounceReply reply = tracker_.handle_http(request, PeerAddress{host_ip(from), 6881}, now_, rng_);
    const std::string http = encode_announce_reply(reply);
    net_.send(c, side, Segment{SegmentBytes(reinterpret_cast<const uint8_t*>(http.data()), http.size())}, queue_, now_);
}

void Swarm::peer_tracker_receive(Peer& p, ConnId c, const std::string& http) {
    net_.close(c, 0, queue_, now_);  // HTTP/1.0: one request, one reply
    if (p.status != PeerStatus::online) return;
    Result<AnnounceReply> reply = parse_announce_reply(http);
    if (!reply || !reply->failure.empty()) {
        trace(TraceKind::tracker_failure, p.id, no_peer, 0, 0, 0, reply ? reply->failure : reply.error().message);
        return;
    }
    trace(TraceKind::tracker_reply, p.id, no_peer, 0, static_cast<uint32_t>(reply->peers.size()),
          static_cast<uint32_t>(reply->complete + reply->incomplete - 1));
    for (const PeerAddress& a : reply->peers) {
        if (static_cast<int>(p.links.size() + p.dialing.size()) >= config_.max_initiate) break;
        const HostId h = ip_host(a.ip);
        if (h == 0 || h > peers_.size()) continue;
        dial(p, h - 1);
    }
}

void Swarm::snapshot_into(std::vector<uint8_t>& out) const {
    SnapshotWriter w(out);
    SnapshotPlace at;
    snapshot_part(w, at, [] { return true; });
    w.bytes();
}

bool Swarm::snapshot_part(SnapshotWriter& w, SnapshotPlace& at, const std::function<bool()>& more) const {
    // Writing flips each link's bits and flips them back (link_io): unchanged when a part returns.
    return const_cast<Swarm&>(*this).io(w, at, more);
}

std::vector<uint8_t> Swarm::snapshot() const {
    std::vector<uint8_t> out;
    snapshot_into(out);
    out.shrink_to_fit();
    return out;
}

void Swarm::restore(const std::vector<uint8_t>& snapshot) {
    SnapshotReader r(snapshot.data(), snapshot.size());
    io(r);
    recount_interested();
}

void Swarm::recount_interested() {
    for (Peer& p : peers_) {
        p.unchoked_interested = p.choked_interested = 0;
        for (const Link& l : links_of(p)) count_interested(p, l, +1);
    }
}

uint64_t Swarm::state_bytes() const {
    uint64_t bytes = sizeof(Swarm) + queue_.size() * sizeof(Event) + copies_.capacity() * sizeof(uint32_t);
    const uint64_t pieces = meta_.piece_count();
    bytes += meta_.piece_hashes.capacity() * 20;
    for (const Peer& p : peers_) {
        bytes += sizeof(Peer) + pieces / 8 + pieces * 8;  // bitfield, and the picker's per-piece state
        bytes += p.links.capacity() * sizeof(LinkId) + p.received_from.capacity() * sizeof(uint64_t);
        for (const Link& l : links_of(p)) bytes += pieces / 8 + l.requested.capacity() * sizeof(Block);
        for (const auto& [piece, data] : p.piece_data) bytes += data.bytes.capacity() + data.senders.capacity() * 4 + 64;
    }
    for (const ChokeRecord& r : choke_records_) {
        bytes += sizeof(ChokeRecord) + r.reasons.capacity() * sizeof(ChokeReason);
        for (const ChokeReason& c : r.reasons) bytes += c.text.capacity();
    }
    bytes += links_.capacity() * sizeof(Link);
    for (size_t c = 0; c < net_.connection_count(); ++c) {
        const Connection& conn = net_.conn(static_cast<ConnId>(c));
        bytes += sizeof(Connection);
        for (int d = 0; d < 2; ++d) bytes += (conn.dir[d].queue.size() + conn.propagating[d]) * (sizeof(Segment) + 32);
    }
    return bytes;
}

void Swarm::forget_dialing(Peer& p, ConnId c) {
    const auto it = std::find(p.dialing.begin(), p.dialing.end(), c);
    if (it != p.dialing.end()) p.dialing.erase(it);
}

void Swarm::trace(TraceKind kind, PeerId peer, PeerId other, uint32_t piece, uint32_t n1, uint32_t n2,
                  const std::string& text) {
    const TraceEvent e{now_, kind, peer, other, piece, n1, n2, 0};
    trace_.add(e, text);
    step_events_.push_back(e);
}

}  // namespace swarmscope

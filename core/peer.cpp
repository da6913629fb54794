// The peer's side of the protocol: joining through the tracker, neighbour set-up, bitfields and HAVEs,
// interest, requests chosen by the piece picker, serving blocks, choking rounds, leaving and rejoining.
#include <algorithm>

#include "content.h"
#include "sha1.h"
#include "swarm.h"

namespace swarmscope {

namespace {

// One line a class can follow: "round as a leecher: unchoked 3 (52 KiB/s), 7 (40 KiB/s); optimistic 4 (new);
// choked 2, 8". Rates are what the ranking used: from them for a leecher, to them for a seed.
std::string summarize_round(const ChokeDecision& d, bool seed, bool new_optimistic) {
    std::string unchoked, choked;
    for (const ChokeReason& r : d.reasons) {
        if (r.id == d.optimistic) continue;
        if (r.unchoke) unchoked += (unchoked.empty() ? "" : ", ") + std::to_string(r.id) + (r.rank > 0 ? " (" + format_rate(r.rate) + ")" : "");
        else if (r.rank > 0) choked += (choked.empty() ? "" : ", ") + std::to_string(r.id);
    }
    std::string line = seed ? "choke round as a seed: unchoked " : "choke round: unchoked ";
    line += unchoked.empty() ? "nobody" : unchoked;
    if (d.optimistic != no_peer)
        line += "; optimistic " + std::to_string(d.optimistic) + (new_optimistic ? " (new random pick)" : " (kept)");
    if (!choked.empty()) line += "; choked " + choked;
    return line;
}

}  // namespace

void Swarm::peer_arrive(PeerId id) {
    Peer& p = peers_[id];
    if (p.status == PeerStatus::online || p.removed) return;
    const bool rejoin = p.status == PeerStatus::offline;
    p.status = PeerStatus::online;
    if (p.joined_at < 0) p.joined_at = now_;
    for (PieceIndex i = 0; i < p.have.size(); ++i)
        if (p.have[i]) ++copies_[i];
    if (rejoin) trace(TraceKind::rejoined, id, no_peer, 0, p.have_count);
    else trace(TraceKind::peer_joined, id);
    announce(p, AnnounceEvent::started);
    // Rounds start a random fraction of a round after joining, so peers do not all decide at once.
    const SimTime first = static_cast<SimTime>(rng_.below(static_cast<uint32_t>(preset_params(config_.preset).round)));
    queue_.push(now_ + first + 1, EventKind::choke_round, id, 0, p.generation);
}

void Swarm::peer_leave(PeerId id) {
    Peer& p = peers_[id];
    if (p.status != PeerStatus::online) return;
    announce(p, AnnounceEvent::stopped);
    while (!p.links.empty()) {
        const Link& l = links_[p.links.back()];
        const ConnId c = l.conn;
        close_peer_conn(c, l.side);
        remove_link(p, c);
    }
    for (ConnId c : p.dialing) net_.close(c, 0, queue_, now_);
    p.dialing.clear();
    for (PieceIndex i = 0; i < p.have.size(); ++i)
        if (p.have[i]) --copies_[i];
    p.status = PeerStatus::offline;
    ++p.generation;
    p.optimistic = no_peer;
    trace(TraceKind::left, id, no_peer, 0, p.have_count);
}

void Swarm::announce(Peer& p, AnnounceEvent event) {
    Announce a;
    a.info_hash = meta_.info_hash;
    a.peer_id = p.peer_id;
    a.uploaded = p.uploaded;
    a.downloaded = p.downloaded;
    uint64_t have_bytes = 0;
    for (PieceIndex i = 0; i < p.have.size(); ++i)
        if (p.have[i]) have_bytes += meta_.piece_size(i);
    a.left = meta_.total_length - have_bytes;
    a.event = event;
    a.numwant = config_.numwant;
    const std::string http = encode_announce_request(a);
    const ConnId c = net_.connect(p.host, tracker_host_, p.id, tracker_owner, queue_, now_);
    // The request goes at once, right behind the connection request, and reaches the tracker just after
    // it (as with TCP Fast Open): an announce takes one round trip.
    net_.send(c, 0, Segment{SegmentBytes(reinterpret_cast<const uint8_t*>(http.data()), http.size())}, queue_, now_);
    trace(TraceKind::announce, p.id, no_peer, 0, static_cast<uint32_t>(event));
    if (event != AnnounceEvent::stopped)
        queue_.push(now_ + seconds(config_.announce_interval_s), EventKind::announce, p.id, 0, p.generation);
}

void Swarm::dial(Peer& p, PeerId remote) {
    if (remote == p.id) return;
    if (has_link(p, remote) || is_dialing(p, remote) || is_banned(p, remote)) return;
    const ConnId c = net_.connect(p.host, peers_[remote].host, p.id, remote, queue_, now_);
    p.dialing.push_back(c);
    trace(TraceKind::connecting, p.id, remote);
}

bool Swarm::has_link(const Peer& p, PeerId remote) const {
    for (const Link& l : links_of(p))
        if (l.remote == remote) return true;
    return false;
}

bool Swarm::is_banned(const Peer& p, PeerId remote) const {
    return std::find(p.banned.begin(), p.banned.end(), remote) != p.banned.end();
}

bool Swarm::is_dialing(const Peer& p, PeerId remote) const {
    for (ConnId c : p.dialing)
        if (net_.conn(c).owner[1] == remote) return true;
    return false;
}

Link* Swarm::find_link(Peer& p, ConnId c) {
    if (link_id(c, 1) >= links_.size()) return nullptr;
    return find_link(p, c, net_.conn(c).owner[0] == p.id ? 0 : 1);
}

// A connection's end belongs to one peer only (Connection::owner), so the slot alone says it is p's.
Link* Swarm::find_link(Peer&, ConnId c, int side) {
    const LinkId id = link_id(c, side);
    return id < links_.size() && links_[id].live() ? &links_[id] : nullptr;
}

Link& Swarm::add_link(Peer& p, ConnId c, int side, PeerId remote) {
    const LinkId id = link_id(c, side);
    if (links_.size() <= id) links_.resize(link_id(net_.connection_count(), 0));
    Link& l = links_[id];
    l.conn = c;
    l.side = static_cast<uint8_t>(side);
    l.remote = remote;
    l.decoder = WireDecoder(limits_, true);
    l.remote_has.assign(meta_.piece_count(), false);
    p.links.push_back(id);
    return l;
}

void Swarm::remove_link(Peer& p, ConnId c) {
    Link* l = find_link(p, c);
    if (!l) return;
    drop_requests(p, *l);
    if (l->open) {
        p.picker.remove_availability(l->remote_has);
        --p.open_links;
    }
    if (p.optimistic == l->remote) p.optimistic = no_peer;
    count_interested(p, *l, -1);
    const LinkId id = link_id(c, l->side);
    p.links.erase(std::find(p.links.begin(), p.links.end(), id));
    *l = Link{};  // the slot is unused again, and gives its memory back
}

void Swarm::send(Link& l, const uint8_t* bytes, size_t size, uint32_t ref_length, uint64_t ref) {
    net_.send(l.conn, l.side, bytes, size, ref_length, ref, queue_, now_);
}

void Swarm::send(Link& l, const std::vector<uint8_t>& bytes, uint32_t ref_length, uint64_t ref) {
    send(l, bytes.data(), bytes.size(), ref_length, ref);
}

void Swarm::send_frame(Link& l, MsgKind kind) {
    wire_.clear();
    encode(wire_, kind);
    send(l, wire_);
}

void Swarm::send_handshake_and_bitfield(Peer& p, Link& l) {
    wire_.clear();
    encode_handshake(wire_, meta_.info_hash, p.peer_id);
    send(l, wire_);
    // A peer with no pieces may skip the bitfield (BEP 3).
    if (p.have_count == 0) return;
    wire_.clear();
    encode_bitfield(wire_, p.have);
    send(l, wire_);
}

void Swarm::handle_message(Peer& p, Link& l, const Message& m) {
    switch (m.kind) {
        case MsgKind::handshake:
            if (m.info_hash != meta_.info_hash) {
                trace(TraceKind::protocol_error, p.id, l.remote, 0, 0, 0, "handshake for another torrent");
                close_peer_conn(l.conn, l.side);
                remove_link(p, l.conn);
                return;
            }
            count_interested(p, l, -1);
            l.open = true;
            count_interested(p, l, +1);
            ++p.open_links;
            trace(TraceKind::handshake, p.id, l.remote);
            if (l.side == 1) {
                trace(TraceKind::connected, p.id, l.remote);
                send_handshake_and_bitfield(p, l);
            }
            fill_free_slot(p);
            break;
        case MsgKind::bitfield: {
            // BEP 3 sends a bitfield only as the first message after the handshake, but clients do send
            // late ones (aria2 to peers without the Fast extension). As libtorrent does, a late one
            // replaces what the neighbour was known to have, so its pieces are not counted twice.
            const uint32_t known = l.remote_count;
            if (known > 0) p.picker.remove_availability(l.remote_has);
            l.remote_has = unpack_bitfield(m.bits, meta_.piece_count());
            p.picker.add_availability(l.remote_has);
            l.useful = 0;
            uint32_t count = 0;
            for (PieceIndex i = 0; i < l.remote_has.size(); ++i) {
                count += l.remote_has[i];
                l.useful += l.remote_has[i] && !p.have[i];
            }
            l.remote_count = count;
            if (known > 0) trace(TraceKind::bitfield_replaced, p.id, l.remote, 0, count, known);
            else trace(TraceKind::bitfield, p.id, l.remote, 0, count);
            update_interest(p, l);
            break;
        }
        case MsgKind::have:
            if (!l.remote_has[m.index]) {
                l.remote_has.set(m.index);
                ++l.remote_count;
                p.picker.inc_availability(m.index);
                if (!p.picker.have(m.index)) ++l.useful;
                update_interest(p, l);
                // A new piece at an unchoked neighbour may be the only thing left to ask it for.
                fill_requests(p, l);
            }
            break;
        case MsgKind::interested:
            if (!l.peer_interested) {
                l.peer_interested = true;
                count_interested(p, l, +1);
                if (l.am_choking) l.waiting_since = now_;
                else make_room_for(p, l);
                fill_free_slot(p);
            }
            break;
        case MsgKind::not_interested:
            if (l.peer_interested) {
                count_interested(p, l, -1);
                l.peer_interested = false;
                if (!l.am_choking) {
                    if (config_.choking && !preset_params(config_.preset).unchoke_faster_uninterested)
                        set_choke(p, l, true, "choked " + std::to_string(l.remote) + ": no longer interested, so its slot is free for another (free-slot rule)");
                    fill_free_slot(p);
                }
            }
            break;
        case MsgKind::choke:
            l.peer_choking = true;
            drop_requests(p, l);  // BEP 3: a choke discards the requests not yet served
            refill_links(p);      // those blocks can now come from someone else
            break;
        case MsgKind::unchoke:
            l.peer_choking = false;
            l.window_start = now_;  // the rate window measures from the unchoke, not from an idle spell
            l.window_bytes = 0;
            fill_requests(p, l);
            break;
        case MsgKind::request: serve_request(p, l, m); break;
        case MsgKind::piece: on_block(p, l, m); break;
        case MsgKind::cancel: cancel_queued_block(p, l, m); break;
        case MsgKind::keep_alive: break;
    }
}

void Swarm::update_interest(Peer& p, Link& l) {
    const bool want = l.useful > 0 && !p.complete();
    if (want == l.am_interested) return;
    l.am_interested = want;
    send_frame(l, want ? MsgKind::interested : MsgKind::not_interested);
    trace(want ? TraceKind::interested : TraceKind::not_interested, p.id, l.remote);
    if (want) fill_requests(p, l);
}

void Swarm::fill_requests(Peer& p, Link& l) {
    if (l.peer_choking || !l.am_interested || !l.open) return;
    const double depth = l.recent_rate * to_seconds(config_.request_horizon) / block_size;
    // Slow start, as TCP grows its window: each block that arrived in the current rate window allows
    // one more request, so a fresh unchoke is not held to `pipeline` blocks per round trip until the
    // first rate measurement.
    const int arrived = static_cast<int>(l.window_bytes / block_size);
    const int target = std::clamp(std::max(static_cast<int>(depth) + 1, arrived + config_.pipeline), config_.pipeline, 256);
    const int want = target - static_cast<int>(l.requested.size());
    if (want <= 0) return;
    const int neighbours = static_cast<int>(p.open_links);
    // Only endgame needs to know what this neighbour was already asked for.
    pending_.clear();
    if (p.picker.in_endgame())
        for (const Block& b : l.requested) pending_.push_back(BlockPick{.piece = b.piece, .begin = b.begin});
    PickParams params;
    params.random_first_pieces = config_.random_first_pieces;
    params.policy = config_.picker;
    p.picker.pick_into(picks_, l.remote_has, want, neighbours, rng_, params, pending_);
    const std::vector<BlockPick>& picks = picks_;
    if (l.requested.empty()) l.answered = now_;  // the wait for an answer starts now
    // Each request is its own segment, so a class stepping message by message sees every one arrive.
    for (const BlockPick& b : picks) {
        wire_.clear();
        encode_request(wire_, b.piece, b.begin, b.length);
        send(l, wire_);
        l.requested.push_back(Block{b.piece, b.begin});
        if (b.begin == 0 || b.reason == PickReason::endgame) trace(TraceKind::piece_requested, p.id, l.remote, b.piece, 0, 0, describe(b) + " from peer " + std::to_string(l.remote));
    }
}

void Swarm::refill_links(Peer& p) {
    for (Link& l : links_of(p)) fill_requests(p, l);
}

// Over TCP a request is never lost, but a lecturer can lose one (or the block that answers it) with a
// what-if, and a neighbour may simply stop answering. Like real clients, a peer that has had no block
// from a neighbour for a minute while requests are outstanding drops them and asks again, from
// whoever has the blocks (the same neighbour included). Checked at each choking round.
void Swarm::time_out_requests(Peer& p) {
    constexpr SimTime request_timeout = seconds(60);
    bool dropped = false;
    for (Link& l : links_of(p)) {
        if (l.requested.empty() || now_ - l.answered < request_timeout) continue;
        trace(TraceKind::request_timeout, p.id, l.remote, 0, static_cast<uint32_t>((now_ - l.answered) / seconds(1)),
              static_cast<uint32_t>(l.requested.size()));
        drop_requests(p, l);
        dropped = true;
    }
    if (dropped) refill_links(p);
}

void Swarm::drop_requests(Peer& p, Link& l) {
    for (const Block& b : l.requested) p.picker.on_request_dropped(b.piece, b.begin);
    l.requested.clear();
}

void Swarm::serve_request(Peer& p, Link& l, const Message& m) {
    if (l.am_choking || p.free_rider || !p.picker.have(m.index)) return;  // BEP 3: requests while choked are dropped
    std::vector<uint8_t>& out = wire_;
    out.clear();
    if (real_payload_) {
        std::vector<uint8_t> block(m.length);
        generate_content(config_.rng_seed, static_cast<uint64_t>(m.index) * meta_.piece_length + m.begin, block.data(), block.size());
        if (p.corrupt_blocks > 0 && !block.empty()) {
            --p.corrupt_blocks;
            block[block.size() / 2] ^= 0x20;
        }
        encode_piece(out, m.index, m.begin, block.data(), block.size());
        send(l, out);
    } else {
        encode_piece_header(out, m.index, m.begin, m.length);
        // The reference names the block: any receiver can regenerate exactly those bytes.
        const uint64_t ref = (static_cast<uint64_t>(m.index) << 32 | m.begin) + 1;
        send(l, out, m.length, ref);
    }
    l.served_since_unchoke += m.length;
    // A seed hands a slot on only where a piece ends: choked half-way through a piece only the seed
    // has, a leecher could neither finish nor share it, and others would fetch it from the seed again.
    if (p.complete() && config_.seed_rotation && config_.choking && m.begin + m.length >= meta_.piece_size(m.index))
        rotate_seed_slot(p, l, m.index);
}

// A CANCEL for a block still in our send queue takes it out; one already on the wire goes on.
void Swarm::cancel_queued_block(Peer& p, Link& l, const Message& m) {
    std::vector<uint8_t>& header = wire_;
    header.clear();
    encode_piece_header(header, m.index, m.begin, m.length);
    net_.discard_queued(l.conn, l.side, [&](const Segment& s) {
        if (s.bytes.size() < header.size() || !std::equal(header.begin(), header.end(), s.bytes.begin())) return false;
        if (spoiled(s)) ++p.corrupt_blocks;
        return true;
    });
}

// The corrupt-block what-if spoils a block as it is queued. One that no receiver takes in reached
// nobody's SHA-1 check, so the what-if has not happened yet and the sender's next block carries it:
// a block taken back before it is sent (its request cancelled, voided by a choke, or lost with its
// connection), or one that arrives for a piece its receiver has since got from someone else.
bool Swarm::spoiled(PieceIndex piece, uint32_t begin, const uint8_t* block, size_t size) const {
    if (!real_payload_ || size == 0) return false;
    uint8_t true_byte = 0;
    generate_content(config_.rng_seed, static_cast<uint64_t>(piece) * meta_.piece_length + begin + size / 2, &true_byte, 1);
    return block[size / 2] != true_byte;
}

bool Swarm::spoiled(const Segment& s) const {
    const uint8_t* b = s.bytes.data();
    if (s.ref_length != 0 || s.bytes.size() <= piece_header_size || b[4] != 7) return false;  // 7: PIECE
    return spoiled(load_u32(b + 5), load_u32(b + 9), b + piece_header_size, s.bytes.size() - piece_header_size);
}

void Swarm::keep_unsent_corruption(ConnId c, int side, bool with_head) {
    const Connection& conn = net_.conn(c);
    auto it = conn.dir[side].queue.begin();
    if (conn.flowing[side] && !with_head && it != conn.dir[side].queue.end()) ++it;
    for (; it != conn.dir[side].queue.end(); ++it)
        if ((with_head || it->size() > Net::bulk_threshold) && spoiled(*it)) ++peers_[conn.owner[side]].corrupt_blocks;
}

// Closes a connection between two peers from this side; what either side had not yet sent is lost.
void Swarm::close_peer_conn(ConnId c, int side) {
    if (real_payload_ && net_.conn(c).state != ConnState::closed)
        for (int d = 0; d < 2; ++d) keep_unsent_corruption(c, d, true);
    net_.close(c, side, queue_, now_);
}

void Swarm::rotate_seed_slot(Peer& p, Link& l, PieceIndex last_piece) {
    // After a piece, a slot held through seed_slot_rounds choking rounds or for seed_rotation_bytes
    // passes on; so does one that has had a piece while a neighbour with no piece waits.
    const bool long_held = l.rounds_unchoked >= preset_params(config_.preset).seed_slot_rounds;
    if (!long_held && l.served_since_unchoke < std::min<uint64_t>(config_.seed_rotation_bytes, meta_.piece_length)) return;
    // The longest-waiting neighbour, but one with no piece at all goes first: until it has a piece it
    // has nothing to trade, so a newcomer gets a slot after one piece, anyone else after the full amount.
    Link* next = nullptr;
    auto before = [](const Link& a, const Link& b) {
        return (a.remote_count == 0) != (b.remote_count == 0) ? a.remote_count == 0 : a.waiting_since < b.waiting_since;
    };
    for (Link& n : links_of(p))
        if (n.open && n.peer_interested && n.am_choking && (!next || before(n, *next))) next = &n;
    if (!next) return;
    const bool newcomer = next->remote_count == 0;
    if (!newcomer && !long_held && l.served_since_unchoke < config_.seed_rotation_bytes) return;
    const std::string waited = format_time(now_ - next->waiting_since);
    const PeerId from = l.remote, to = next->remote;
    const std::string had = l.served_since_unchoke >= config_.seed_rotation_bytes || !long_held
                                ? "has had " + std::to_string(l.served_since_unchoke / 1024) + " KiB from us, a seed"
                                : "has had a seed slot through " + std::to_string(l.rounds_unchoked) + " choking rounds";
    set_choke(p, l, true,
              "choked " + std::to_string(from) + ": " + had + "; at the end of piece " + std::to_string(last_piece) +
                  " the slot passes to " + std::to_string(to) +
                  (newcomer ? ", who has no piece yet (seed rotation)" : " (seed rotation)"),
              /*finish_queued=*/true);  // the blocks already queued keep the link busy while `to` starts asking
    set_choke(p, *next, false,
              "unchoked " + std::to_string(to) + ": waited " + waited + " for a seed slot" +
                  (newcomer ? " and has no piece yet" : "") + " (seed rotation)");
}

void Swarm::on_block(Peer& p, Link& l, const Message& m) {
    // A block whose request was voided by a choke may still arrive; it is kept if still needed.
    const auto it = std::find(l.requested.begin(), l.requested.end(), Block{m.index, m.begin});
    if (it != l.requested.end()) l.requested.erase(it);
    l.answered = now_;
    l.window_bytes += m.length;
    if (now_ - l.window_start >= milliseconds(250)) {
        l.recent_rate = static_cast<double>(l.window_bytes) / to_seconds(now_ - l.window_start);
        l.window_start = now_;
        l.window_bytes = 0;
    }
    p.downloaded += m.length;
    peers_[l.remote].uploaded += m.length;
    p.received_from[peers_[l.remote].rate_class] += m.length;
    // Choking ranks by payload rates, as clients do: control messages say nothing about reciprocity.
    l.got_round += m.length;
    if (Link* back = find_link(peers_[l.remote], l.conn, 1 - l.side)) back->sent_round += m.length;  // their end
    // A block we already had (endgame's duplicates, mostly) used the sender's upload for nothing.
    if (p.picker.have(m.index) || p.picker.block_state(m.index, m.begin / block_size) == BlockState::received)
        metrics_.duplicate_bytes += m.length;
    if (p.picker.have(m.index)) {
        if (real_payload_ && spoiled(m.index, m.begin, m.block.data(), m.block.size())) ++peers_[l.remote].corrupt_blocks;
        fill_requests(p, l);
        return;
    }
    const PeerId from = l.remote;
    if (real_payload_) {
        PieceInProgress& part = p.piece_data[m.index];
        part.bytes.resize(meta_.piece_size(m.index));
        std::copy(m.block.begin(), m.block.end(), part.bytes.begin() + m.begin);
        if (std::find(part.senders.begin(), part.senders.end(), from) == part.senders.end()) part.senders.push_back(from);
    }
    const ConnId conn = l.conn;
    // Endgame: the same block may be on its way from other neighbours too; cancel those requests.
    const bool duplicated = p.picker.block_requests(m.index, m.begin / block_size) > 1;
    for (Link& other : links_of(p)) {
        if (!duplicated) break;
        if (other.conn == conn) continue;
        const auto dup = std::find(other.requested.begin(), other.requested.end(), Block{m.index, m.begin});
        if (dup == other.requested.end()) continue;
        other.requested.erase(dup);
        wire_.clear();
        encode_cancel(wire_, m.index, m.begin, m.length);
        send(other, wire_);
    }
    if (p.picker.on_block_received(m.index, m.begin)) piece_done(p, m.index, from);
    if (Link* again = find_link(p, conn)) fill_requests(p, *again);
}

// The SHA-1 check of a piece assembled from real bytes. A failed piece is discarded and asked for
// again. As libtorrent does, a neighbour that sent every block of it is banned: it alone can be to
// blame. When several sent blocks, the trace names them all and none is banned on one failure.
bool Swarm::piece_failed(Peer& p, PieceIndex piece) {
    const auto part = p.piece_data.find(piece);
    const bool good = part != p.piece_data.end() && sha1(part->second.bytes.data(), part->second.bytes.size()) == meta_.piece_hashes[piece];
    const std::vector<PeerId> senders = part != p.piece_data.end() ? std::move(part->second.senders) : std::vector<PeerId>{};
    if (part != p.piece_data.end()) p.piece_data.erase(part);
    if (good) return false;
    ++metrics_.bad_pieces;
    metrics_.duplicate_bytes += meta_.piece_size(piece);  // discarded, fetched again
    p.picker.on_piece_failed(piece);
    std::string names;
    for (const PeerId s : senders) names += (names.empty() ? "" : ", ") + std::to_string(s);
    trace(TraceKind::piece_failed, p.id, senders.size() == 1 ? senders[0] : no_peer, piece,
          static_cast<uint32_t>(senders.size()), 0, senders.size() > 1 ? names : std::string());
    if (senders.size() == 1)
        ban(p, senders[0], "sent every block of piece " + std::to_string(piece) + ", which failed its SHA-1 check: banned");
    refill_links(p);  // the piece's blocks can be asked for again, from the others
    return true;
}

void Swarm::ban(Peer& p, PeerId remote, const std::string& why) {
    p.banned.push_back(remote);
    for (Link& l : links_of(p)) {
        if (l.remote != remote) continue;
        const ConnId c = l.conn;
        trace(TraceKind::protocol_error, p.id, remote, 0, 0, 0, why);
        close_peer_conn(c, l.side);
        remove_link(p, c);
        fill_free_slot(p);
        return;
    }
}

void Swarm::piece_done(Peer& p, PieceIndex piece, PeerId from) {
    if (real_payload_ && piece_failed(p, piece)) return;
    p.have.set(piece);
    ++p.have_count;
    ++copies_[piece];
    p.picker.mark_have(piece);
    trace(TraceKind::piece_verified, p.id, from, piece, p.have_count, copies_[piece]);
    std::vector<uint8_t>& have = have_wire_;  // not wire_: update_interest below encodes with it
    have.clear();
    encode_have(have, piece);
    // Every neighbour hears of it: a few dozen links and connections scattered in memory. Ask for
    // all of them first, then for what they point to, so the loads overlap instead of queueing.
    if constexpr (prefetch_hints) {
        for (const LinkId id : p.links) {
            swarmscope::prefetch(&links_[id]);
            net_.prefetch(id / 2);  // a link's connection is in its id
        }
        // A neighbour we are not interested in has nothing we lacked (Link::useful is 0), so not this
        // piece either: only the others' bitfields need looking at.
        for (const Link& l : links_of(p))
            if (l.am_interested && l.remote_has.size() > piece) swarmscope::prefetch(&l.remote_has.words()[piece / 64]);
    }
    for (Link& l : links_of(p)) {
        if (!l.handshake_sent()) continue;  // the bitfield it sends later will include the piece
        send(l, have);
        if (l.am_interested && l.remote_has[piece]) {
            --l.useful;
            update_interest(p, l);
        }
    }
    if (p.complete()) {
        p.completed_at = now_;
        trace(TraceKind::completed, p.id);
        if (!p.initial_seed) {
            ++metrics_.completed;
            if (metrics_.completed == leechers()) metrics_.distribution_time = now_;
        }
        announce(p, AnnounceEvent::completed);
        if (config_.after_complete == AfterComplete::leave) queue_.push(now_, EventKind::peer_leaves, p.id);
        else if (config_.after_complete == AfterComplete::linger) queue_.push(now_ + config_.linger, EventKind::peer_leaves, p.id);
    }
}

ChokeInput Swarm::choke_input(const Peer& p) const {
    ChokeInput in;
    in.we_are_seed = p.complete();
    in.current_optimistic = p.optimistic;
    in.params = preset_params(config_.preset);
    in.seed_rotation = config_.seed_rotation;
    in.now = now_;
    for (const Link& l : links_of(p)) {
        if (!l.open) continue;
        ChokeCandidate c;
        c.id = l.remote;
        c.interested = l.peer_interested;
        c.choked_by_us = l.am_choking;
        c.download_rate = l.down_rate;
        c.upload_rate = l.up_rate;
        c.rounds_unchoked = l.rounds_unchoked;
        c.waiting_since = l.waiting_since;
        in.candidates.push_back(c);
    }
    std::sort(in.candidates.begin(), in.candidates.end(),
              [](const ChokeCandidate& a, const ChokeCandidate& b) { return a.id < b.id; });
    return in;
}

void Swarm::set_choke(Peer& p, Link& l, bool choke, const std::string& why, bool finish_queued) {
    if (l.am_choking == choke) return;
    count_interested(p, l, -1);
    l.am_choking = choke;
    count_interested(p, l, +1);
    if (choke) {
        l.waiting_since = now_;
        l.rounds_unchoked = 0;
        // Requests not yet served are void after a choke; blocks already queued may still go out.
        if (!finish_queued) {
            if (real_payload_) keep_unsent_corruption(l.conn, l.side, false);
            net_.discard_queued_bulk(l.conn, l.side);
        }
    } else {
        l.served_since_unchoke = 0;
    }
    send_frame(l, choke ? MsgKind::choke : MsgKind::unchoke);
    trace(choke ? TraceKind::choke : TraceKind::unchoke, p.id, l.remote, 0, 0, 0, why);
}

void Swarm::choke_round(Peer& p) {
    const ChokeParams params = preset_params(config_.preset);
    queue_.push(now_ + params.round, EventKind::choke_round, p.id, 0, p.generation);
    const double secs = to_seconds(params.round);
    for (Link& l : links_of(p)) {
        // A 20-second moving average: half this round, half the one before.
        l.down_rate = 0.5 * l.down_rate + 0.5 * static_cast<double>(l.got_round) / secs;
        l.up_rate = 0.5 * l.up_rate + 0.5 * static_cast<double>(l.sent_round) / secs;
        l.got_round = l.sent_round = 0;
    }
    time_out_requests(p);
    if (p.free_rider || !config_.choking) return;  // never unchokes anyone, or never chokes
    ChokeInput in = choke_input(p);
    const int rounds_per_optimistic = static_cast<int>(params.optimistic_period / params.round);
    in.optimistic_round = p.rounds % static_cast<uint32_t>(std::max(1, rounds_per_optimistic)) == 0;
    ++p.rounds;
    ChokeDecision d = ::swarmscope::choke_round(in, rng_);
    p.optimistic = d.optimistic;
    trace(TraceKind::choke_round, p.id, no_peer, in.optimistic_round ? 1 : 0, static_cast<uint32_t>(d.unchoked.size()),
          static_cast<uint32_t>(std::count_if(in.candidates.begin(), in.candidates.end(),
                                              [](const ChokeCandidate& c) { return c.interested; })),
          summarize_round(d, in.we_are_seed, p.rounds == 1 || in.optimistic_round));
    for (const ChokeReason& r : d.reasons) {
        for (Link& l : links_of(p)) {
            if (l.remote != r.id || !l.open) continue;
            l.rounds_unchoked = r.unchoke ? l.rounds_unchoked + 1 : 0;
            set_choke(p, l, !r.unchoke, r.text);
        }
    }
    // The decision's reasons move into the record, so keeping them costs no copy.
    if (choke_records_.size() < peers_.size()) choke_records_.resize(peers_.size());
    choke_records_[p.id] = ChokeRecord{now_, in.optimistic_round, in.we_are_seed, d.optimistic, std::move(d.reasons), d.wording};
}

// BEP 3: a neighbour unchoked while not interested, because it uploads to us faster than our slowest
// downloader, may become interested; then the downloader with the worst rate is choked, so we upload
// to no more neighbours than the preset's slots.
void Swarm::make_room_for(Peer& p, Link& l) {
    const ChokeParams params = preset_params(config_.preset);
    if (!config_.choking || !params.unchoke_faster_uninterested || p.unchoked_interested <= upload_slots(params)) return;
    const bool seed = p.complete();
    Link* worst = nullptr;
    double worst_rate = 0;
    for (Link& o : links_of(p)) {
        if (&o == &l || !o.open || !o.peer_interested || o.am_choking || o.remote == p.optimistic) continue;
        const double rate = seed ? o.up_rate : o.down_rate;  // as the choking round ranks them
        if (!worst || rate < worst_rate) worst = &o, worst_rate = rate;
    }
    if (!worst) return;
    set_choke(p, *worst, true,
              "choked " + std::to_string(worst->remote) + ": the slowest of our downloaders, " + format_rate(worst_rate) +
                  "; " + std::to_string(l.remote) + ", unchoked while not interested because it " +
                  (seed ? "downloads from us" : "uploads to us") + " faster, became interested (BEP 3)");
}

void Swarm::fill_free_slot(Peer& p) {
    if (p.free_rider || p.status != PeerStatus::online || p.choked_interested == 0) return;
    if (!config_.choking) {  // the baseline without choking: whoever is interested is served
        for (Link& l : links_of(p))
            if (l.open && l.peer_interested && l.am_choking)
                set_choke(p, l, false, "unchoked " + std::to_string(l.remote) +
                                           ": interested, and choking is off (a baseline, not BitTorrent: every "
                                           "interested neighbour is served)");
        return;
    }
    if (p.unchoked_interested >= upload_slots(preset_params(config_.preset))) return;  // the common case, cheaply
    ChokeInput in = choke_input(p);
    ChokeReason reason;
    const PeerId pick = pick_free_slot(in, rng_, &reason);
    if (pick == no_peer) return;
    for (Link& l : links_of(p))
        if (l.remote == pick) set_choke(p, l, false, reason.text);
}

}  // namespace swarmscope

// What-ifs: changes a lecturer makes to a running swarm between steps ("what if peer 4 left now?").
// Each is recorded in the trace, so the log shows it and replays see it at the same place.
#include <cstdio>

#include "swarm.h"

namespace swarmscope {

namespace {

std::string no_such_peer(PeerId id, size_t count) {
    return "peer " + std::to_string(id) + " does not exist (the swarm has " + std::to_string(count) + " peers)";
}

}  // namespace

const char* change_kind_name(ChangeKind kind) {
    switch (kind) {
        case ChangeKind::join: return "join";
        case ChangeKind::leave: return "leave";
        case ChangeKind::free_rider: return "free_rider";
        case ChangeKind::stop_free_riding: return "stop_free_riding";
        case ChangeKind::set_upload: return "upload";
        case ChangeKind::corrupt_block: return "corrupt_block";
        case ChangeKind::add_leecher: return "add_leecher";
        case ChangeKind::remove: return "remove";
    }
    return "?";
}

// A what-if the set-up scheduled (a lesson's "at 60 s, peer 4 becomes a free rider"). One that no longer
// applies (the peer has left, say) is skipped, and the trace says why.
void Swarm::scheduled_change(const ScheduledChange& c) {
    std::string error;
    switch (c.kind) {
        case ChangeKind::join:
        case ChangeKind::leave: return;  // queued as arrivals and departures
        case ChangeKind::free_rider: error = set_free_rider(c.peer, true); break;
        case ChangeKind::stop_free_riding: error = set_free_rider(c.peer, false); break;
        case ChangeKind::set_upload: error = set_peer_upload(c.peer, c.value); break;
        case ChangeKind::corrupt_block: error = corrupt_next_block(c.peer); break;
        case ChangeKind::add_leecher: error = add_leecher(); break;
        case ChangeKind::remove: error = remove_peer(c.peer); break;
    }
    if (!error.empty())
        trace(TraceKind::intervention, c.peer < peers_.size() ? c.peer : no_peer, no_peer, 0, 0, 0,
              std::string("scheduled ") + change_kind_name(c.kind) + " skipped: " + error);
}

std::string Swarm::add_leecher(PeerId* added) {
    Peer p;
    p.id = static_cast<PeerId>(peers_.size());
    init_peer(p, false);
    peers_.push_back(std::move(p));
    ++leecher_delta_;
    if (added) *added = peers_.back().id;
    trace(TraceKind::intervention, peers_.back().id, no_peer, 0, 0, 0, "a new leecher joins the swarm");
    peer_arrive(peers_.back().id);
    return {};
}

std::string Swarm::remove_peer(PeerId id) {
    if (id >= peers_.size()) return no_such_peer(id, peers_.size());
    Peer& p = peers_[id];
    if (p.removed) return "peer " + std::to_string(id) + " was already removed";
    trace(TraceKind::intervention, id, no_peer, 0, 0, 0, "removed from the swarm for good");
    peer_leave(id);
    p.removed = true;
    if (!p.initial_seed && !p.complete()) --leecher_delta_;  // the run no longer waits for it
    return {};
}

std::string Swarm::make_leave(PeerId id) {
    if (id >= peers_.size()) return no_such_peer(id, peers_.size());
    if (peers_[id].status != PeerStatus::online) return "peer " + std::to_string(id) + " is not in the swarm";
    trace(TraceKind::intervention, id, no_peer, 0, 0, 0, "told to leave now; it keeps its pieces");
    peer_leave(id);
    return {};
}

std::string Swarm::make_rejoin(PeerId id) {
    if (id >= peers_.size()) return no_such_peer(id, peers_.size());
    const Peer& p = peers_[id];
    if (p.removed) return "peer " + std::to_string(id) + " was removed and cannot rejoin";
    if (p.status == PeerStatus::online) return "peer " + std::to_string(id) + " is already in the swarm";
    trace(TraceKind::intervention, id, no_peer, 0, 0, 0, "told to rejoin now");
    peer_arrive(id);
    return {};
}

std::string Swarm::set_peer_upload(PeerId id, double bytes_per_second) {
    if (id >= peers_.size()) return no_such_peer(id, peers_.size());
    if (!(bytes_per_second > 0)) return "an upload rate must be more than 0 B/s";
    trace(TraceKind::intervention, id, no_peer, 0, 0, 0, "upload set to " + format_rate(bytes_per_second));
    net_.set_upload(peers_[id].host, bytes_per_second, queue_, now_);
    return {};
}

std::string Swarm::set_free_rider(PeerId id, bool free_rider) {
    if (id >= peers_.size()) return no_such_peer(id, peers_.size());
    Peer& p = peers_[id];
    if (p.free_rider == free_rider) return {};
    trace(TraceKind::intervention, id, no_peer, 0, 0, 0,
          free_rider ? "becomes a free rider: it will upload nothing" : "stops free riding");
    p.free_rider = free_rider;
    if (free_rider)
        for (Link& l : links_of(p)) set_choke(p, l, true, "choked " + std::to_string(l.remote) + ": we became a free rider");
    else
        fill_free_slot(p);
    return {};
}

std::string Swarm::drop_in_flight(ConnId conn, int dir, size_t index) {
    if (conn >= net_.connection_count() || dir < 0 || dir > 1) return "no such connection";
    const Connection& c = net_.conn(conn);
    if (!net_.drop_in_flight(conn, dir, index)) return "no message in flight there";
    const PeerId from = c.owner[dir], to = c.owner[1 - dir];
    trace(TraceKind::intervention, from == tracker_owner ? no_peer : from, to == tracker_owner ? no_peer : to, 0, 0, 0,
          "a message on its way was lost");
    return {};
}

std::string Swarm::resend_bitfield(PeerId id, PeerId neighbour) {
    if (id >= peers_.size()) return no_such_peer(id, peers_.size());
    Peer& p = peers_[id];
    for (Link& l : links_of(p)) {
        if (l.remote != neighbour || !l.handshake_sent()) continue;
        trace(TraceKind::intervention, id, neighbour, 0, 0, 0,
              "sends its bitfield again to peer " + std::to_string(neighbour) + ", late (as some clients do)");
        wire_.clear();
        encode_bitfield(wire_, p.have);
        send(l, wire_);
        return {};
    }
    return "peer " + std::to_string(id) + " has no connection to peer " + std::to_string(neighbour) +
           " on which it has sent its handshake";
}

std::string Swarm::corrupt_next_block(PeerId id) {
    if (id >= peers_.size()) return no_such_peer(id, peers_.size());
    if (!real_payload_)
        return "blocks in this swarm travel by reference and are not hashed, so a wrong byte cannot be sent";
    trace(TraceKind::intervention, id, no_peer, 0, 0, 0, "the next block it sends will have one byte wrong");
    ++peers_[id].corrupt_blocks;
    return {};
}

std::string Swarm::set_preset(ChokePreset preset) {
    trace(TraceKind::intervention, no_peer, no_peer, 0, 0, 0, std::string("choking preset switched to ") + preset_name(preset));
    config_.preset = preset;
    return {};
}

}  // namespace swarmscope

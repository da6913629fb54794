#include "trace.h"

#include <cstdio>
#include <string_view>

namespace swarmscope {

namespace {

void mix(uint64_t& h, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) {
        h ^= (v >> (8 * i)) & 0xFF;
        h *= 0x100000001B3ull;  // FNV-1a prime
    }
}

void mix_record(uint64_t& h, const TraceEvent& e, std::string_view text) {
    mix(h, static_cast<uint64_t>(e.time), 8);
    mix(h, static_cast<uint64_t>(e.kind), 1);
    mix(h, e.peer, 4);
    mix(h, e.other, 4);
    mix(h, e.piece, 4);
    mix(h, e.n1, 4);
    mix(h, e.n2, 4);
    for (char c : text) mix(h, static_cast<uint8_t>(c), 1);
}

std::string peer_name(PeerId p) { return "peer " + std::to_string(p); }

}  // namespace

const char* trace_kind_name(TraceKind kind) {
    switch (kind) {
        case TraceKind::peer_joined: return "joined";
        case TraceKind::announce: return "announce";
        case TraceKind::tracker_reply: return "tracker reply";
        case TraceKind::tracker_failure: return "tracker failure";
        case TraceKind::connecting: return "connecting";
        case TraceKind::connected: return "connected";
        case TraceKind::handshake: return "handshake";
        case TraceKind::bitfield: return "bitfield";
        case TraceKind::interested: return "interested";
        case TraceKind::not_interested: return "not interested";
        case TraceKind::unchoke: return "unchoke";
        case TraceKind::choke: return "choke";
        case TraceKind::piece_requested: return "request";
        case TraceKind::piece_verified: return "piece";
        case TraceKind::piece_failed: return "bad piece";
        case TraceKind::completed: return "completed";
        case TraceKind::left: return "left";
        case TraceKind::rejoined: return "rejoined";
        case TraceKind::disconnected: return "disconnected";
        case TraceKind::protocol_error: return "protocol error";
        case TraceKind::choke_round: return "choke round";
        case TraceKind::intervention: return "what-if";
        case TraceKind::request_timeout: return "request timeout";
        case TraceKind::bitfield_replaced: return "late bitfield";
    }
    return "?";
}

std::string format_time(SimTime t) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f s", to_seconds(t));
    return buf;
}

Trace::Trace(bool keep_events, bool pieces_hashed)
    : log_(keep_events ? std::make_shared<Log>() : nullptr), pieces_hashed_(pieces_hashed) {}

TraceView Trace::events() const {
    if (!log_) return {nullptr, 0};
    return {&log_->events, static_cast<size_t>(count_ - first_)};
}

void Trace::add(TraceEvent e, const std::string& text) {
    mix_record(hash_, e, text);
    if (log_) {
        const size_t at = static_cast<size_t>(count_ - first_);
        if (log_->events.size() > at) {
            // A restored copy replaying its future writes the same records again: they stay, so the
            // records of a later keyframe are still there when it is restored.
            const TraceEvent& old = log_->events[at];
            if (old.time == e.time && old.kind == e.kind && old.peer == e.peer && old.other == e.other &&
                old.piece == e.piece && old.n1 == e.n1 && old.n2 == e.n2 &&
                (old.text == 0 ? text.empty() : log_->texts[old.text - 1] == text)) {
                ++count_;
                return;
            }
            // A new future (a what-if): drop the records after our own.
            log_->events.truncate(at);
            uint32_t texts = 0;
            for (size_t i = log_->events.size(); i > 0 && texts == 0; --i) texts = log_->events[i - 1].text;
            log_->texts.truncate(texts);
        }
        if (!text.empty()) {
            log_->texts.push_back(text);
            e.text = static_cast<uint32_t>(log_->texts.size());
        }
        log_->events.push_back(e);
    }
    ++count_;
}

uint64_t Trace::hash_with(uint64_t h, const TraceEvent& e) const {
    mix_record(h, e, e.text && log_ ? std::string_view(log_->texts[e.text - 1]) : std::string_view());
    return h;
}

std::string Trace::reason(const TraceEvent& e) const {
    const std::string text = e.text && log_ ? log_->texts[e.text - 1] : std::string();
    const std::string other = peer_name(e.other);
    switch (e.kind) {
        case TraceKind::peer_joined: return "joined the swarm";
        case TraceKind::announce: {
            static const char* names[] = {"re-announced to the tracker", "announced itself to the tracker (started)",
                                          "told the tracker it completed", "told the tracker it is leaving (stopped)"};
            return names[e.n1 < 4 ? e.n1 : 0];
        }
        case TraceKind::tracker_reply:
            return "tracker returned " + std::to_string(e.n1) + " of " + std::to_string(e.n2) + " other peers";
        case TraceKind::tracker_failure: return "tracker refused the announce: " + text;
        case TraceKind::connecting: return "opening a connection to " + other;
        case TraceKind::connected: return "connected to " + other + "; now neighbours";
        case TraceKind::handshake: return "handshake from " + other + " (same torrent)";
        case TraceKind::bitfield:
            return other + "'s bitfield: it has " + std::to_string(e.n1) + " pieces";
        case TraceKind::interested: return "interested in " + other + ": it has pieces we lack";
        case TraceKind::not_interested: return "not interested in " + other + " any more: it has nothing we lack";
        case TraceKind::unchoke:
        case TraceKind::choke:
        case TraceKind::piece_requested: return text;
        case TraceKind::piece_verified:
            return "piece " + std::to_string(e.piece) +
                   (pieces_hashed_ ? " verified by SHA-1"
                                   : " complete; SHA-1 check skipped: its blocks travelled by reference, not as bytes "
                                     "(files over 16 MiB), so there was nothing to hash") +
                   " (now " + std::to_string(e.n1) + " pieces; " + std::to_string(e.n2) +
                   " copies in the swarm); HAVE sent to neighbours";
        case TraceKind::piece_failed:
            return "piece " + std::to_string(e.piece) + " failed its SHA-1 check; its blocks, from " +
                   (e.other != no_peer ? other : "peers " + text) + ", are discarded and asked for again";
        case TraceKind::completed: return "has the whole file";
        case TraceKind::left: return "left the swarm holding " + std::to_string(e.n1) + " pieces";
        case TraceKind::rejoined: return "rejoined with the " + std::to_string(e.n1) + " pieces it kept";
        case TraceKind::disconnected: return "connection to " + other + " closed";
        case TraceKind::protocol_error: return "closed the connection to " + other + ": " + text;
        case TraceKind::choke_round: return text;
        case TraceKind::intervention: return "what-if: " + text;
        case TraceKind::request_timeout:
            return "no block from " + other + " for " + std::to_string(e.n1) + " s: its " + std::to_string(e.n2) +
                   " outstanding requests are dropped and asked again";
        case TraceKind::bitfield_replaced:
            return "a late bitfield from " + other + ": it has " + std::to_string(e.n1) + " pieces; it replaces the " +
                   std::to_string(e.n2) + " we knew of, and the copies are counted again (as libtorrent does)";
    }
    return text;
}

std::string Trace::line(const TraceEvent& e) const {
    if (e.peer == no_peer) return "t=" + format_time(e.time) + "  " + reason(e);
    return "t=" + format_time(e.time) + "  " + peer_name(e.peer) + ": " + reason(e);
}

}  // namespace swarmscope

#include "state_summary.h"

#include <algorithm>
#include <cstdio>

#include "swarm.h"

namespace swarmscope {

const char* peer_status_name(PeerStatus status) {
    switch (status) {
        case PeerStatus::waiting: return "not joined yet";
        case PeerStatus::online: return "online";
        case PeerStatus::offline: return "offline";
    }
    return "unknown";
}

StateSummary summarize_state(const Swarm& swarm, size_t trace_lines) {
    StateSummary s;
    s.time = swarm.now();
    s.piece_count = swarm.metainfo().piece_count();
    s.copies = swarm.copies();
    for (const Peer& p : swarm.peers()) {
        PeerSummary ps;
        ps.id = p.id;
        ps.pieces = p.have_count;
        ps.complete = p.complete();
        ps.seed = p.initial_seed;
        ps.status = p.status;
        ps.neighbours = static_cast<uint32_t>(p.links.size());
        for (const Link& l : swarm.links_of(p)) {
            ps.unchoked_by += !l.peer_choking;
            ps.unchoking += !l.am_choking;
        }
        s.peers.push_back(ps);
    }
    const auto events = swarm.trace().events();
    for (size_t i = events.size() - std::min(events.size(), trace_lines); i < events.size(); ++i)
        s.last_trace.push_back(swarm.trace().line(events[i]));
    return s;
}

std::string format_state_summary(const StateSummary& s) {
    std::string out;
    char buf[160];
    for (const PeerSummary& p : s.peers) {
        std::snprintf(buf, sizeof buf, "peer %u%s: %u/%u pieces", p.id, p.seed ? " (seed)" : "", p.pieces, s.piece_count);
        out += buf;
        if (p.status != PeerStatus::online) (out += ", ") += peer_status_name(p.status);
        std::snprintf(buf, sizeof buf, ", %u %s, unchoked by %u, unchoking %u\n", p.neighbours,
                      p.neighbours == 1 ? "neighbour" : "neighbours", p.unchoked_by, p.unchoking);
        out += buf;
    }
    // 32 pieces to a row keeps a 1024-piece torrent to 32 lines a person can still scan.
    constexpr size_t row = 32;
    out += "copies of each piece:\n";
    for (size_t first = 0; first < s.copies.size(); first += row) {
        const size_t last = std::min(s.copies.size(), first + row) - 1;
        std::snprintf(buf, sizeof buf, "  pieces %zu-%zu:", first, last);
        out += buf;
        for (size_t i = first; i <= last; ++i) (out += ' ') += std::to_string(s.copies[i]);
        out += '\n';
    }
    if (!s.last_trace.empty()) {
        std::snprintf(buf, sizeof buf, "last %zu trace lines:\n", s.last_trace.size());
        out += buf;
        for (const std::string& line : s.last_trace) ((out += "  ") += line) += '\n';
    }
    return out;
}

}  // namespace swarmscope

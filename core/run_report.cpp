#include "run_report.h"

#include <algorithm>
#include <cstdio>

namespace swarmscope {

ModelInput model_input(const SwarmConfig& c) {
    ModelInput in;
    in.file_bytes = static_cast<double>(c.file_bytes());
    in.peers = c.peers;
    in.server_up = c.server_up;
    for (int i = 0; i < c.peers; ++i) {
        // A free rider's upload capacity never reaches the swarm.
        in.peer_up.push_back(i >= c.peers - c.free_riders ? 0.0 : c.peer_up);
        in.peer_down.push_back(c.peer_down);
    }
    return in;
}

RunReport make_report(const Swarm& swarm) {
    RunReport r;
    const ModelInput in = model_input(swarm.config());
    r.bound_p2p = p2p_bound(in);
    r.bound_cs = client_server_bound(in);
    const SwarmMetrics& m = swarm.metrics();
    r.peers_completed = m.completed;
    if (m.distribution_time >= 0) {
        r.distribution_time_s = to_seconds(m.distribution_time);
        r.ratio_to_bound = r.distribution_time_s / r.bound_p2p.seconds;
    }
    std::vector<double> done;
    for (const Peer& p : swarm.peers())
        if (!p.initial_seed && p.completed_at >= 0) done.push_back(to_seconds(p.completed_at - std::max<SimTime>(0, p.joined_at)));
    if (!done.empty()) {
        std::sort(done.begin(), done.end());
        r.median_completion_s = done[done.size() / 2];
    }
    r.messages = m.messages;
    r.messages_by_kind = m.by_kind;
    r.bytes = m.bytes;
    r.events = m.events;
    r.trace_hash = swarm.trace().hash();
    r.sim_time_s = to_seconds(swarm.now());
    return r;
}

std::string messages_by_kind_line(const RunReport& r) {
    std::vector<size_t> kinds;
    for (size_t k = 0; k < r.messages_by_kind.size(); ++k)
        if (r.messages_by_kind[k] > 0) kinds.push_back(k);
    std::stable_sort(kinds.begin(), kinds.end(),
                     [&](size_t a, size_t b) { return r.messages_by_kind[a] > r.messages_by_kind[b]; });
    std::string line = "  by kind          ";
    for (size_t i = 0; i < kinds.size(); ++i) {
        line += i == 0 ? " " : ", ";
        line += kind_name(static_cast<MsgKind>(kinds[i]));
        line += ' ';
        line += std::to_string(r.messages_by_kind[kinds[i]]);
    }
    return line;
}

std::string hex64(uint64_t v) {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

}  // namespace swarmscope

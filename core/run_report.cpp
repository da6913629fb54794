#include "run_report.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "piece_history.h"

namespace swarmscope {

ModelInput model_input(const SwarmConfig& c) {
    ModelInput in;
    in.file_bytes = static_cast<double>(c.file_bytes());
    in.peers = c.peers;
    in.server_up = c.server_up;
    for (int i = 0; i < c.peers; ++i) {
        // A free rider's upload capacity never reaches the swarm.
        in.peer_up.push_back(i >= c.peers - c.free_riders ? 0.0 : c.upload_of(i));
        in.peer_down.push_back(c.download_of(i));
    }
    return in;
}

namespace {

CopySpread copy_spread(const Swarm& swarm) {
    PieceHistory history(swarm);
    history.update(swarm.trace());
    const std::vector<CopiesSample>& s = history.samples();
    CopySpread out;
    if (s.empty()) return out;
    const SimTime end = swarm.metrics().distribution_time >= 0 ? swarm.metrics().distribution_time : swarm.now();
    double span = 0;
    for (size_t k = 0; k < s.size(); ++k) {
        const SimTime until = k + 1 < s.size() ? std::min(s[k + 1].time, end) : end;
        if (until <= s[k].time) continue;
        const double w = to_seconds(until - s[k].time);
        span += w;
        out.min_mean += w * s[k].min;
        out.stddev_mean += w * s[k].stddev;
        out.mean_mean += w * s[k].mean;
    }
    if (span > 0) out.min_mean /= span, out.stddev_mean /= span, out.mean_mean /= span;
    return out;
}

// What the reason of an unchoke says brought it about.
std::string unchoke_cause(const std::string& why) {
    if (why.find("optimistic") != std::string::npos) return "optimistic unchoke";
    if (why.find("(seed rotation)") != std::string::npos) return "seed rotation";
    if (why.find("free-slot rule") != std::string::npos) return "free slot";
    if (why.find("(BEP 3)") != std::string::npos) return "uninterested but faster (BEP 3)";
    if (why.find("choking is off") != std::string::npos) return "choking off";
    return "regular unchoke";
}

std::vector<FirstPiece> late_first_pieces(const Swarm& swarm) {
    std::vector<FirstPiece> out;
    std::vector<size_t> index(swarm.peers().size(), SIZE_MAX);
    for (const Peer& p : swarm.peers())
        if (!p.initial_seed && p.joined_at > 0) {
            index[p.id] = out.size();
            FirstPiece f;
            f.peer = p.id;
            f.joined_s = to_seconds(p.joined_at);
            out.push_back(f);
        }
    if (out.empty()) return out;
    const TraceView events = swarm.trace().events();
    // The last unchoke of each late joiner by each neighbour, as the records go by.
    std::vector<std::vector<std::pair<PeerId, size_t>>> unchokes(out.size());
    for (size_t i = 0; i < events.size(); ++i) {
        const TraceEvent& e = events[i];
        if (e.kind == TraceKind::unchoke && e.other < index.size() && index[e.other] != SIZE_MAX) {
            auto& u = unchokes[index[e.other]];
            auto at = std::find_if(u.begin(), u.end(), [&](const auto& x) { return x.first == e.peer; });
            if (at == u.end()) u.emplace_back(e.peer, i);
            else at->second = i;
        }
        if (e.kind != TraceKind::piece_verified || e.peer >= index.size() || index[e.peer] == SIZE_MAX) continue;
        FirstPiece& f = out[index[e.peer]];
        if (f.first_piece_s >= 0) continue;
        f.first_piece_s = to_seconds(e.time);
        f.from = e.other;
        if (e.other < swarm.peers().size()) {
            const Peer& from = swarm.peers()[e.other];
            f.from_seed = from.initial_seed || (from.completed_at >= 0 && from.completed_at <= e.time);
        }
        for (const auto& [who, at] : unchokes[index[e.peer]])
            if (who == e.other) f.through = unchoke_cause(swarm.trace().reason(events[at]));
    }
    return out;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::vector<ClassFigures> class_figures(const Swarm& swarm) {
    const SwarmConfig& c = swarm.config();
    const size_t count = static_cast<size_t>(c.up_class_count());
    std::vector<ClassFigures> out(count);
    std::vector<std::vector<double>> done(count);
    std::vector<std::vector<double>> received(count, std::vector<double>(count + 2, 0.0));
    std::vector<double> downloading(count, 0.0);
    for (const Peer& p : swarm.peers()) {
        if (p.initial_seed || p.rate_class >= count) continue;  // leechers in a class only
        ClassFigures& k = out[p.rate_class];
        k.upload = c.upload_of(static_cast<int>(p.id));
        ++k.peers;
        if (p.joined_at < 0) continue;
        const SimTime until = p.completed_at >= 0 ? p.completed_at : swarm.now();
        downloading[p.rate_class] += to_seconds(until - p.joined_at);
        if (p.completed_at >= 0) done[p.rate_class].push_back(to_seconds(p.completed_at - p.joined_at));
        for (size_t from = 0; from < p.received_from.size(); ++from)
            received[p.rate_class][from] += static_cast<double>(p.received_from[from]);
    }
    for (size_t i = 0; i < count; ++i) {
        ClassFigures& k = out[i];
        k.completed = static_cast<int>(done[i].size());
        if (!done[i].empty()) {
            double sum = 0;
            for (double d : done[i]) sum += d;
            k.mean_completion_s = sum / static_cast<double>(done[i].size());
            k.median_completion_s = median(done[i]);
        }
        const double span = downloading[i];
        for (size_t from = 0; from < count; ++from) k.from_class.push_back(span > 0 ? received[i][from] / span : 0);
        k.from_seeds = span > 0 ? received[i][count + 1] / span : 0;  // after the leechers in no class
    }
    return out;
}

}  // namespace

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
    if (!done.empty()) r.median_completion_s = median(std::move(done));
    r.messages = m.messages;
    r.messages_by_kind = m.by_kind;
    r.bytes = m.bytes;
    r.events = m.events;
    r.trace_hash = swarm.trace().hash();
    r.sim_time_s = to_seconds(swarm.now());
    r.duplicate_bytes = m.duplicate_bytes;
    // Blocks still crossing a link at the end are not counted as uploaded yet: a small undercount.
    const SimTime end = m.distribution_time >= 0 ? m.distribution_time : swarm.now();
    double seed_sent = 0, leecher_sent = 0, leecher_capacity = 0;
    for (const Peer& p : swarm.peers()) {
        if (p.initial_seed) {
            seed_sent += static_cast<double>(p.uploaded);
            continue;
        }
        if (p.joined_at < 0 || p.free_rider) continue;
        leecher_sent += static_cast<double>(p.uploaded);
        leecher_capacity += swarm.net().host(p.host).upload * to_seconds(end - p.joined_at);
    }
    const double seed_capacity = swarm.config().server_up * to_seconds(end);
    r.seed_upload_utilisation = seed_capacity > 0 ? seed_sent / seed_capacity : 0;
    r.leecher_upload_utilisation = leecher_capacity > 0 ? leecher_sent / leecher_capacity : 0;
    r.classes = class_figures(swarm);
    if (swarm.trace().keeps_events() && swarm.trace().first() == 0) {
        r.from_records = true;
        r.spread = copy_spread(swarm);
        r.late_first_pieces = late_first_pieces(swarm);
    }
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

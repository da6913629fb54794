#include "narration.h"

#include <algorithm>

namespace swarmscope {

namespace {

// Connections a joining peer opens count towards its join only if they come up this soon after the
// tracker's reply; later ones belong to the ordinary life of the swarm.
constexpr SimTime join_window = seconds(5);
constexpr size_t none = static_cast<size_t>(-1);

enum class JoinStage : uint8_t { announcing, awaiting_reply, connecting, done };

// What a join entry gathers before its sentence is written.
struct JoinStory {
    size_t entry = 0;
    PeerId peer = no_peer;
    bool rejoin = false;
    uint32_t pieces = 0;
    JoinStage stage = JoinStage::announcing;
    SimTime reply_time = 0;
    uint32_t returned = 0, registered = 0;
    std::string failure;
    bool left_early = false;
    std::vector<PeerId> dialled, reached;
};

struct PeerFacts {
    size_t open_join = none;  // index into the join stories
    SimTime first_joined = -1;
    bool verified = false, left = false;
    uint32_t held = 0;  // pieces after its latest verified piece
};

std::string peer_name(PeerId p) { return "peer " + std::to_string(p); }

std::string pieces_text(uint32_t n) { return std::to_string(n) + (n == 1 ? " piece" : " pieces"); }

bool contains(const std::vector<PeerId>& ids, PeerId id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); }

// The trace does not record the file's piece count, so it is read off the events: a completing peer's
// last verified piece brings its count to the total, and a peer that hands out a non-empty bitfield
// before it ever verified a piece or left started as a seed, with every piece.
struct FileFacts {
    uint32_t pieces = 0;  // 0: not known from this trace
    std::vector<bool> seed;
};

FileFacts file_facts(const TraceView& events) {
    FileFacts f;
    std::vector<PeerFacts> peers;
    uint32_t from_completion = 0, from_seed = 0;
    for (const TraceEvent& e : events) {
        if (e.peer == no_peer) continue;
        const PeerId top = e.other != no_peer ? std::max(e.peer, e.other) : e.peer;
        if (peers.size() <= top) peers.resize(top + 1);
        PeerFacts& p = peers[e.peer];
        switch (e.kind) {
            case TraceKind::piece_verified:
                p.verified = true;
                p.held = e.n1;
                break;
            case TraceKind::left: p.left = true; break;
            case TraceKind::completed: from_completion = p.held; break;
            case TraceKind::bitfield:
                if (e.other != no_peer && e.n1 > 0 && !peers[e.other].verified && !peers[e.other].left) {
                    if (f.seed.size() <= e.other) f.seed.resize(e.other + 1, false);
                    f.seed[e.other] = true;
                    from_seed = std::max(from_seed, e.n1);
                }
                break;
            default: break;
        }
    }
    f.pieces = from_completion ? from_completion : from_seed;
    return f;
}

std::string join_text(const JoinStory& j, bool seed) {
    std::string s = peer_name(j.peer);
    if (j.rejoin) s += " rejoined with " + pieces_text(j.pieces);
    else s += seed ? " joined as a seed" : " joined";
    if (j.stage == JoinStage::announcing) return s;
    s += ": announced to the tracker; ";
    if (!j.failure.empty()) return s + j.failure;
    if (j.stage == JoinStage::awaiting_reply)
        return s + (j.left_early ? "left before the reply came" : "waiting for the reply");
    if (j.registered == 0) return s + "the tracker knew no other peers yet";
    s += "the tracker returned " + std::to_string(j.returned) + " of " + std::to_string(j.registered) +
         (j.registered == 1 ? " peer" : " peers");
    if (j.returned == 0) return s;
    return s + "; connected to " + std::to_string(j.reached.size()) + " of them";
}

}  // namespace

std::vector<NarrationEntry> narrate(const Trace& trace) {
    std::vector<NarrationEntry> out;
    if (!trace.keeps_events()) return out;
    const TraceView events = trace.events();
    const FileFacts file = file_facts(events);
    std::vector<PeerFacts> peers;
    std::vector<JoinStory> joins;
    std::vector<bool> piece_seen;

    auto add = [&](size_t i, NarrationKind kind, std::string text) {
        NarrationEntry n;
        n.time = events[i].time;
        n.peer = events[i].peer;
        n.kind = kind;
        n.text = std::move(text);
        n.first_event = n.last_event = i;
        out.push_back(std::move(n));
    };

    for (size_t i = 0; i < events.size(); ++i) {
        const TraceEvent& e = events[i];
        if (e.peer == no_peer) continue;
        if (peers.size() <= e.peer) peers.resize(e.peer + 1);
        PeerFacts& p = peers[e.peer];
        JoinStory* join = p.open_join != none ? &joins[p.open_join] : nullptr;
        switch (e.kind) {
            case TraceKind::peer_joined:
            case TraceKind::rejoined: {
                if (p.first_joined < 0) p.first_joined = e.time;
                JoinStory j;
                j.entry = out.size();
                j.peer = e.peer;
                j.rejoin = e.kind == TraceKind::rejoined;
                j.pieces = e.n1;
                p.open_join = joins.size();
                joins.push_back(j);
                add(i, j.rejoin ? NarrationKind::rejoined : NarrationKind::joined, {});
                break;
            }
            case TraceKind::announce:
                if (join && join->stage == JoinStage::announcing) {
                    join->stage = JoinStage::awaiting_reply;
                    out[join->entry].last_event = i;
                }
                break;
            case TraceKind::tracker_reply:
                if (join && join->stage == JoinStage::awaiting_reply) {
                    join->stage = JoinStage::connecting;
                    join->reply_time = e.time;
                    join->returned = e.n1;
                    join->registered = e.n2;
                    out[join->entry].last_event = i;
                }
                break;
            case TraceKind::tracker_failure:
                if (join && join->stage == JoinStage::awaiting_reply) {
                    join->stage = JoinStage::done;
                    join->failure = trace.reason(e);
                    out[join->entry].last_event = i;
                    p.open_join = none;
                }
                break;
            case TraceKind::connecting:
                // The peer dials the peers it was given in the same instant the reply arrives.
                if (join && join->stage == JoinStage::connecting && e.time == join->reply_time) {
                    join->dialled.push_back(e.other);
                    out[join->entry].last_event = i;
                }
                break;
            case TraceKind::connected:
                if (join && join->stage == JoinStage::connecting && e.time <= join->reply_time + join_window &&
                    contains(join->dialled, e.other) && !contains(join->reached, e.other)) {
                    join->reached.push_back(e.other);
                    out[join->entry].last_event = i;
                }
                break;
            case TraceKind::left: {
                if (join) {
                    join->left_early = true;
                    p.open_join = none;
                }
                std::string text = peer_name(e.peer);
                if (file.pieces > 0 && e.n1 == file.pieces) text += " left with the whole file";
                else if (file.pieces > 0 && e.n1 < file.pieces)
                    text += " left holding " + std::to_string(e.n1) + " of " + pieces_text(file.pieces);
                else text += " left holding " + pieces_text(e.n1);
                add(i, NarrationKind::left, text);
                break;
            }
            case TraceKind::completed: {
                std::string text = peer_name(e.peer) + " has the whole file";
                if (p.first_joined >= 0) text += " (took " + format_time(e.time - p.first_joined) + ")";
                add(i, NarrationKind::completed, text);
                break;
            }
            case TraceKind::piece_verified:
                // Initial seeds never verify a piece, so the first verification is the first copy outside them.
                if (piece_seen.size() <= e.piece) piece_seen.resize(e.piece + 1, false);
                if (!piece_seen[e.piece]) {
                    piece_seen[e.piece] = true;
                    std::string text = "piece " + std::to_string(e.piece) + " reached the swarm's peers for the first time (" +
                                        peer_name(e.peer) + " got it";
                    text += e.other != no_peer ? " from " + peer_name(e.other) + ")" : ")";
                    add(i, NarrationKind::first_copy, text);
                }
                break;
            case TraceKind::choke_round: {
                add(i, NarrationKind::choke_round, peer_name(e.peer) + ": " + trace.reason(e));
                // The round's own chokes and unchokes follow it directly, in the same instant.
                size_t last = i;
                while (last + 1 < events.size()) {
                    const TraceEvent& n = events[last + 1];
                    if (n.peer != e.peer || n.time != e.time || (n.kind != TraceKind::choke && n.kind != TraceKind::unchoke))
                        break;
                    ++last;
                }
                out.back().last_event = last;
                i = last;
                break;
            }
            default: break;
        }
    }
    for (const JoinStory& j : joins)
        out[j.entry].text = join_text(j, j.peer < file.seed.size() && file.seed[j.peer] && !j.rejoin);
    return out;
}

std::string format_entry(const NarrationEntry& entry) { return "t=" + format_time(entry.time) + ", " + entry.text; }

}  // namespace swarmscope

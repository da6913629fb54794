#include "narration.h"

#include <algorithm>

namespace swarmscope {

namespace {

// Connections a joining peer opens count towards its join only if they come up this soon after the
// tracker's reply; later ones belong to the ordinary life of the swarm.
constexpr SimTime join_window = seconds(5);
constexpr size_t none = static_cast<size_t>(-1);

enum class JoinStage : uint8_t { announcing, awaiting_reply, connecting, done };

}  // namespace

// What a join entry gathers before its sentence is written.
struct Narrator::JoinStory {
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

struct Narrator::PeerFacts {
    size_t open_join = none;  // index into the join stories
    SimTime first_joined = -1;
    bool verified = false, left = false;
    uint32_t held = 0;  // pieces after its latest verified piece
};

namespace {

std::string peer_name(PeerId p) { return "peer " + std::to_string(p); }

std::string pieces_text(uint32_t n) { return std::to_string(n) + (n == 1 ? " piece" : " pieces"); }

bool contains(const std::vector<PeerId>& ids, PeerId id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); }

std::string left_text(PeerId peer, uint32_t held, uint32_t file_pieces) {
    std::string text = peer_name(peer);
    if (file_pieces > 0 && held == file_pieces) text += " left with the whole file";
    else if (file_pieces > 0 && held < file_pieces) text += " left holding " + std::to_string(held) + " of " + pieces_text(file_pieces);
    else text += " left holding " + pieces_text(held);
    return text;
}

}  // namespace

std::string Narrator::join_text(const JoinStory& j, bool seed) {
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

Narrator::Narrator() = default;
Narrator::~Narrator() = default;

void Narrator::clear() {
    out_.clear();
    peers_.clear();
    joins_.clear();
    piece_seen_.clear();
    file_peers_.clear();
    file_seed_.clear();
    lefts_.clear();
    from_completion_ = from_seed_ = 0;
    open_round_ = none;
    read_ = 0;
    hash_ = seen_hash_ = Trace::empty_hash;
}

void Narrator::update(const Trace& trace) {
    if (!trace.keeps_events()) {
        clear();
        return;
    }
    const TraceView events = trace.events();
    if (events.size() == read_ && trace.hash() == seen_hash_) return;  // the common case, every frame
    // A trace that does not start at the first record cannot be followed record by record (the hash
    // of what was read would not be its hash): it is read whole when it changes. Going back reads
    // from the start too.
    if (trace.first() != 0 || events.size() < read_) clear();
    read(trace, events);
    // The hash tells whether what was read before is a prefix of this trace. If not (another branch,
    // or another trace altogether), read it all again.
    if (trace.first() == 0 && hash_ != trace.hash()) {
        clear();
        read(trace, events);
    }
    seen_hash_ = trace.hash();
}

void Narrator::read(const Trace& trace, const TraceView& events) {
    const uint32_t pieces_before = file_pieces();
    bool seed_changed = false;
    std::vector<size_t> touched;  // join stories changed by these records
    for (; read_ < events.size(); ++read_) {
        const size_t i = read_;
        const TraceEvent& e = events[i];
        hash_ = trace.hash_with(hash_, e);
        seed_changed |= learn_file(e);
        if (e.peer == no_peer) continue;
        // A choking round's own chokes and unchokes follow it directly, in the same instant.
        if (open_round_ != none) {
            NarrationEntry& round = out_[open_round_];
            if (e.peer == round.peer && e.time == round.time && i == round.last_event + 1 &&
                (e.kind == TraceKind::choke || e.kind == TraceKind::unchoke)) {
                round.last_event = i;
                continue;
            }
            open_round_ = none;
        }
        if (peers_.size() <= e.peer) peers_.resize(e.peer + 1);
        PeerFacts& p = peers_[e.peer];
        JoinStory* join = p.open_join != none ? &joins_[p.open_join] : nullptr;
        const size_t join_index = p.open_join;
        auto add = [&](NarrationKind kind, std::string text) {
            NarrationEntry n;
            n.time = e.time;
            n.peer = e.peer;
            n.kind = kind;
            n.text = std::move(text);
            n.first_event = n.last_event = i;
            out_.push_back(std::move(n));
        };
        auto joined_on = [&] {
            out_[join->entry].last_event = i;
            touched.push_back(join_index);
        };
        switch (e.kind) {
            case TraceKind::peer_joined:
            case TraceKind::rejoined: {
                if (p.first_joined < 0) p.first_joined = e.time;
                JoinStory j;
                j.entry = out_.size();
                j.peer = e.peer;
                j.rejoin = e.kind == TraceKind::rejoined;
                j.pieces = e.n1;
                p.open_join = joins_.size();
                touched.push_back(joins_.size());
                joins_.push_back(j);
                add(j.rejoin ? NarrationKind::rejoined : NarrationKind::joined, {});
                break;
            }
            case TraceKind::announce:
                if (join && join->stage == JoinStage::announcing) {
                    join->stage = JoinStage::awaiting_reply;
                    joined_on();
                }
                break;
            case TraceKind::tracker_reply:
                if (join && join->stage == JoinStage::awaiting_reply) {
                    join->stage = JoinStage::connecting;
                    join->reply_time = e.time;
                    join->returned = e.n1;
                    join->registered = e.n2;
                    joined_on();
                }
                break;
            case TraceKind::tracker_failure:
                if (join && join->stage == JoinStage::awaiting_reply) {
                    join->stage = JoinStage::done;
                    join->failure = trace.reason(e);
                    joined_on();
                    p.open_join = none;
                }
                break;
            case TraceKind::connecting:
                // The peer dials the peers it was given in the same instant the reply arrives.
                if (join && join->stage == JoinStage::connecting && e.time == join->reply_time) {
                    join->dialled.push_back(e.other);
                    joined_on();
                }
                break;
            case TraceKind::connected:
                if (join && join->stage == JoinStage::connecting && e.time <= join->reply_time + join_window &&
                    contains(join->dialled, e.other) && !contains(join->reached, e.other)) {
                    join->reached.push_back(e.other);
                    joined_on();
                }
                break;
            case TraceKind::left: {
                if (join) {
                    join->left_early = true;
                    touched.push_back(join_index);
                    p.open_join = none;
                }
                lefts_.push_back(out_.size());
                add(NarrationKind::left, left_text(e.peer, e.n1, file_pieces()));
                break;
            }
            case TraceKind::completed: {
                std::string text = peer_name(e.peer) + " has the whole file";
                if (p.first_joined >= 0) text += " (took " + format_time(e.time - p.first_joined) + ")";
                add(NarrationKind::completed, text);
                break;
            }
            case TraceKind::piece_verified:
                // Initial seeds never verify a piece, so the first verification is the first copy outside them.
                if (piece_seen_.size() <= e.piece) piece_seen_.resize(e.piece + 1, false);
                if (!piece_seen_[e.piece]) {
                    piece_seen_[e.piece] = true;
                    std::string text = "piece " + std::to_string(e.piece) + " reached the swarm's peers for the first time (" +
                                       peer_name(e.peer) + " got it";
                    text += e.other != no_peer ? " from " + peer_name(e.other) + ")" : ")";
                    add(NarrationKind::first_copy, text);
                }
                break;
            case TraceKind::choke_round:
                add(NarrationKind::choke_round, peer_name(e.peer) + ": " + trace.reason(e));
                open_round_ = out_.size() - 1;
                break;
            default: break;
        }
    }
    // What the file is, read off the records so far, words the departures and the seeds' joins.
    if (file_pieces() != pieces_before)
        for (size_t k : lefts_) out_[k].text = left_text(out_[k].peer, events[out_[k].first_event].n1, file_pieces());
    auto write_join = [&](const JoinStory& j) {
        out_[j.entry].text = join_text(j, j.peer < file_seed_.size() && file_seed_[j.peer] && !j.rejoin);
    };
    if (seed_changed) {
        for (const JoinStory& j : joins_) write_join(j);
    } else {
        for (size_t k : touched) write_join(joins_[k]);
    }
}

// The trace does not record the file's piece count, so it is read off the events: a completing peer's
// last verified piece brings its count to the total, and a peer that hands out a non-empty bitfield
// before it ever verified a piece or left started as a seed, with every piece. True if a seed was found.
bool Narrator::learn_file(const TraceEvent& e) {
    if (e.peer == no_peer) return false;
    const PeerId top = e.other != no_peer ? std::max(e.peer, e.other) : e.peer;
    if (file_peers_.size() <= top) file_peers_.resize(top + 1);
    PeerFacts& p = file_peers_[e.peer];
    switch (e.kind) {
        case TraceKind::piece_verified:
            p.verified = true;
            p.held = e.n1;
            break;
        case TraceKind::left: p.left = true; break;
        case TraceKind::completed: from_completion_ = p.held; break;
        case TraceKind::bitfield:
            if (e.other != no_peer && e.n1 > 0 && !file_peers_[e.other].verified && !file_peers_[e.other].left) {
                from_seed_ = std::max(from_seed_, e.n1);
                if (file_seed_.size() <= e.other) file_seed_.resize(e.other + 1, false);
                if (!file_seed_[e.other]) {
                    file_seed_[e.other] = true;
                    return true;
                }
            }
            break;
        default: break;
    }
    return false;
}

uint32_t Narrator::file_pieces() const { return from_completion_ ? from_completion_ : from_seed_; }

std::vector<NarrationEntry> narrate(const Trace& trace) {
    Narrator n;
    n.update(trace);
    return n.entries();
}

std::string format_entry(const NarrationEntry& entry) { return "t=" + format_time(entry.time) + ", " + entry.text; }

}  // namespace swarmscope

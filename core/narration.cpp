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

// Every clause the narration tells, in English; the page's tables hold the same keys in each language.
struct PhraseEnglish {
    const char* key;
    const char* english;
};
constexpr PhraseEnglish phrase_english[] = {
    {"narr.joined", "peer {0} joined"},
    {"narr.joined_seed", "peer {0} joined as a seed"},
    {"narr.rejoined.one", "peer {0} rejoined with {1} piece"},
    {"narr.rejoined.other", "peer {0} rejoined with {1} pieces"},
    {"narr.announced", ": announced to the tracker; "},
    {"narr.tracker_refused", "{0}"},
    {"narr.left_before_reply", "left before the reply came"},
    {"narr.waiting_reply", "waiting for the reply"},
    {"narr.tracker_alone", "the tracker knew no other peers yet"},
    {"narr.tracker_returned.one", "the tracker returned {0} of {1} peer"},
    {"narr.tracker_returned.other", "the tracker returned {0} of {1} peers"},
    {"narr.connected_to", "; connected to {0} of them"},
    {"narr.left_whole", "peer {0} left with the whole file"},
    {"narr.left_part.one", "peer {0} left holding {1} of {2} piece"},
    {"narr.left_part.other", "peer {0} left holding {1} of {2} pieces"},
    {"narr.left_holding.one", "peer {0} left holding {1} piece"},
    {"narr.left_holding.other", "peer {0} left holding {1} pieces"},
    {"narr.completed", "peer {0} has the whole file"},
    {"narr.took", " (took {0})"},
    {"narr.first_copy", "piece {0} reached the swarm's peers for the first time (peer {1} got it)"},
    {"narr.first_copy_from", "piece {0} reached the swarm's peers for the first time (peer {1} got it from peer {2})"},
    {"narr.round", "peer {0}: {1}"},
    {"narr.round_head", "peer {0}: choke round: "},
    {"narr.round_head_seed", "peer {0}: choke round as a seed: "},
    {"narr.round_unchoked", "unchoked {0}"},
    {"narr.round_nobody", "unchoked nobody"},
    {"narr.round_optimistic_new", "; optimistic {0} (new random pick)"},
    {"narr.round_optimistic_kept", "; optimistic {0} (kept)"},
    {"narr.round_choked", "; choked {0}"},
};

std::string num(uint64_t n) { return std::to_string(n); }

// "narr.x.one" or "narr.x.other" by the count.
const char* plural(uint64_t n, const char* one, const char* other) { return n == 1 ? one : other; }

std::string words(const std::vector<Phrase>& phrases) {
    std::string out;
    for (const Phrase& p : phrases) out += fill_phrase(narration_english(p.key), p.args);
    return out;
}

void set_words(NarrationEntry& entry, std::vector<Phrase> phrases) {
    entry.text = words(phrases);
    entry.phrases = std::move(phrases);
}

bool contains(const std::vector<PeerId>& ids, PeerId id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); }

// A choking round's line (as Swarm writes it: "choke round: unchoked 3 (52 KiB/s), 7 (40 KiB/s);
// optimistic 4 (new random pick); choked 2, 8"), clause by clause; a line of another shape is one phrase.
std::vector<Phrase> round_phrases(PeerId peer, const std::string& line) {
    auto starts = [](std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; };
    std::vector<Phrase> out;
    std::string_view rest = line;
    constexpr std::string_view head = "choke round: ", head_seed = "choke round as a seed: ";
    if (starts(rest, head)) out.push_back({"narr.round_head", {num(peer)}}), rest.remove_prefix(head.size());
    else if (starts(rest, head_seed)) out.push_back({"narr.round_head_seed", {num(peer)}}), rest.remove_prefix(head_seed.size());
    else return {{"narr.round", {num(peer), line}}};
    bool first = true;
    while (!rest.empty()) {
        const size_t cut = rest.find("; ");
        const std::string_view part = rest.substr(0, cut);
        rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 2);
        constexpr std::string_view unchoked = "unchoked ", optimistic = "optimistic ", choked = "choked ";
        constexpr std::string_view fresh = " (new random pick)", kept = " (kept)";
        auto ends = [](std::string_view s, std::string_view suffix) {
            return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
        };
        if (first && part == "unchoked nobody") out.push_back({"narr.round_nobody", {}});
        else if (first && starts(part, unchoked)) out.push_back({"narr.round_unchoked", {std::string(part.substr(unchoked.size()))}});
        else if (!first && starts(part, optimistic) && ends(part, fresh))
            out.push_back({"narr.round_optimistic_new", {std::string(part.substr(optimistic.size(), part.size() - optimistic.size() - fresh.size()))}});
        else if (!first && starts(part, optimistic) && ends(part, kept))
            out.push_back({"narr.round_optimistic_kept", {std::string(part.substr(optimistic.size(), part.size() - optimistic.size() - kept.size()))}});
        else if (!first && starts(part, choked)) out.push_back({"narr.round_choked", {std::string(part.substr(choked.size()))}});
        else return {{"narr.round", {num(peer), line}}};
        first = false;
    }
    return out;
}

std::vector<Phrase> left_phrases(PeerId peer, uint32_t held, uint32_t file_pieces) {
    if (file_pieces > 0 && held == file_pieces) return {{"narr.left_whole", {num(peer)}}};
    if (file_pieces > 0 && held < file_pieces)
        return {{plural(file_pieces, "narr.left_part.one", "narr.left_part.other"), {num(peer), num(held), num(file_pieces)}}};
    return {{plural(held, "narr.left_holding.one", "narr.left_holding.other"), {num(peer), num(held)}}};
}

}  // namespace

std::vector<Phrase> Narrator::join_phrases(const JoinStory& j, bool seed) {
    std::vector<Phrase> out;
    if (j.rejoin) out.push_back({plural(j.pieces, "narr.rejoined.one", "narr.rejoined.other"), {num(j.peer), num(j.pieces)}});
    else out.push_back({seed ? "narr.joined_seed" : "narr.joined", {num(j.peer)}});
    if (j.stage == JoinStage::announcing) return out;
    out.push_back({"narr.announced", {}});
    if (!j.failure.empty()) out.push_back({"narr.tracker_refused", {j.failure}});
    else if (j.stage == JoinStage::awaiting_reply) out.push_back({j.left_early ? "narr.left_before_reply" : "narr.waiting_reply", {}});
    else if (j.registered == 0) out.push_back({"narr.tracker_alone", {}});
    else {
        out.push_back({plural(j.registered, "narr.tracker_returned.one", "narr.tracker_returned.other"), {num(j.returned), num(j.registered)}});
        if (j.returned > 0) out.push_back({"narr.connected_to", {num(j.reached.size())}});
    }
    return out;
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
        auto add = [&](NarrationKind kind, std::vector<Phrase> phrases) {
            NarrationEntry n;
            n.time = e.time;
            n.peer = e.peer;
            n.kind = kind;
            set_words(n, std::move(phrases));
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
                add(NarrationKind::left, left_phrases(e.peer, e.n1, file_pieces()));
                break;
            }
            case TraceKind::completed: {
                std::vector<Phrase> phrases = {{"narr.completed", {num(e.peer)}}};
                if (p.first_joined >= 0) phrases.push_back({"narr.took", {format_time(e.time - p.first_joined)}});
                add(NarrationKind::completed, std::move(phrases));
                break;
            }
            case TraceKind::piece_verified:
                // Initial seeds never verify a piece, so the first verification is the first copy outside them.
                if (piece_seen_.size() <= e.piece) piece_seen_.resize(e.piece + 1, false);
                if (!piece_seen_[e.piece]) {
                    piece_seen_[e.piece] = true;
                    if (e.other != no_peer) add(NarrationKind::first_copy, {{"narr.first_copy_from", {num(e.piece), num(e.peer), num(e.other)}}});
                    else add(NarrationKind::first_copy, {{"narr.first_copy", {num(e.piece), num(e.peer)}}});
                }
                break;
            case TraceKind::choke_round:
                add(NarrationKind::choke_round, round_phrases(e.peer, trace.reason(e)));
                open_round_ = out_.size() - 1;
                break;
            default: break;
        }
    }
    // What the file is, read off the records so far, words the departures and the seeds' joins.
    if (file_pieces() != pieces_before)
        for (size_t k : lefts_) set_words(out_[k], left_phrases(out_[k].peer, events[out_[k].first_event].n1, file_pieces()));
    auto write_join = [&](const JoinStory& j) {
        set_words(out_[j.entry], join_phrases(j, j.peer < file_seed_.size() && file_seed_[j.peer] && !j.rejoin));
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

const char* narration_english(const char* key) {
    for (const PhraseEnglish& p : phrase_english)
        if (std::string_view(p.key) == key) return p.english;
    return key;
}

std::string format_entry(const NarrationEntry& entry) { return "t=" + format_time(entry.time) + ", " + entry.text; }

}  // namespace swarmscope

// Narration: the trace grouped into the moments a class follows (joins, choke rounds, completions,
// departures, the first copy of each piece), each a sentence pointing back at the events it sums up.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ids.h"
#include "phrase.h"
#include "sim_time.h"
#include "trace.h"

namespace swarmscope {

enum class NarrationKind : uint8_t { joined, rejoined, choke_round, completed, left, first_copy };


// The English of each phrase key ("narr.joined" -> "peer {0} joined"), for the command line and tests.
const char* narration_english(const char* key);

struct NarrationEntry {
    SimTime time = 0;
    PeerId peer = no_peer;
    NarrationKind kind = NarrationKind::joined;
    std::string text;  // without the time: "peer 9 joined: announced to the tracker; ..."
    std::vector<Phrase> phrases;  // the same, clause by clause, for the page to tell in its language
    size_t first_event = 0, last_event = 0;  // indices into Trace::events(), both included
};

// Entries in time order. Needs a trace that keeps its events; otherwise there is nothing to group.
std::vector<NarrationEntry> narrate(const Trace& trace);

// The same entries, kept up to date as the trace grows: each update() reads only the records added
// since the last one, so a canvas can narrate every frame. A trace that is not a continuation of the
// one read (going back, another branch, another swarm) is read again from the start.
class Narrator {
public:
    Narrator();
    ~Narrator();
    void update(const Trace& trace);
    const std::vector<NarrationEntry>& entries() const { return out_; }

private:
    struct JoinStory;
    struct PeerFacts;
    void clear();
    void read(const Trace& trace, const TraceView& events);
    bool learn_file(const TraceEvent& e);
    uint32_t file_pieces() const;
    static std::vector<Phrase> join_phrases(const JoinStory& j, bool seed);

    std::vector<NarrationEntry> out_;
    std::vector<PeerFacts> peers_;
    std::vector<JoinStory> joins_;
    std::vector<bool> piece_seen_;
    size_t open_round_ = static_cast<size_t>(-1);  // the choking round entry its chokes and unchokes may still join
    // What the records tell of the file: its piece count and which peers started as seeds.
    std::vector<PeerFacts> file_peers_;
    std::vector<bool> file_seed_;
    uint32_t from_completion_ = 0, from_seed_ = 0;
    std::vector<size_t> lefts_;  // departure entries, worded with the piece count
    size_t read_ = 0;            // records read, from the first one the trace keeps
    uint64_t hash_ = Trace::empty_hash;       // of the records read
    uint64_t seen_hash_ = Trace::empty_hash;  // the trace's hash at the last update
};
// "t=12.345 s, peer 4 has the whole file (took 12.345 s)"
std::string format_entry(const NarrationEntry& entry);

}  // namespace swarmscope

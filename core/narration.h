// Narration: the trace grouped into the moments a class follows (joins, choke rounds, completions,
// departures, the first copy of each piece), each a sentence pointing back at the events it sums up.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ids.h"
#include "sim_time.h"
#include "trace.h"

namespace swarmscope {

enum class NarrationKind : uint8_t { joined, rejoined, choke_round, completed, left, first_copy };

struct NarrationEntry {
    SimTime time = 0;
    PeerId peer = no_peer;
    NarrationKind kind = NarrationKind::joined;
    std::string text;  // without the time: "peer 9 joined: announced to the tracker; ..."
    size_t first_event = 0, last_event = 0;  // indices into Trace::events(), both included
};

// Entries in time order. Needs a trace that keeps its events; otherwise there is nothing to group.
std::vector<NarrationEntry> narrate(const Trace& trace);
// "t=12.345 s, peer 4 has the whole file (took 12.345 s)"
std::string format_entry(const NarrationEntry& entry);

}  // namespace swarmscope

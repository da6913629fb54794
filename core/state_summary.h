// The swarm at a glance, where a breakpoint stopped it: each peer's pieces and neighbours, the copies of
// each piece, and the latest trace lines. Plain data first, so the command line, its JSON and the shell
// show the same numbers; then one text rendering.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ids.h"
#include "sim_time.h"

namespace swarmscope {

class Swarm;
enum class PeerStatus : uint8_t;

struct PeerSummary {
    PeerId id = 0;
    uint32_t pieces = 0;
    bool complete = false;
    bool seed = false;          // an initial seed
    PeerStatus status{};
    uint32_t neighbours = 0;    // open connections to other peers
    uint32_t unchoked_by = 0;   // neighbours that let it download from them
    uint32_t unchoking = 0;     // neighbours it lets download from it
};

struct StateSummary {
    SimTime time = 0;
    uint32_t piece_count = 0;
    std::vector<PeerSummary> peers;
    std::vector<uint32_t> copies;        // per piece, among online peers
    std::vector<std::string> last_trace; // oldest first
};

StateSummary summarize_state(const Swarm& swarm, size_t trace_lines = 10);

// "status" as a learner reads it: "online", "offline", "not joined yet".
const char* peer_status_name(PeerStatus status);

// Lines such as "peer 0: 12/64 pieces, 4 neighbours, unchoked by 2, unchoking 3", a compact row of
// copies per piece (32 to a line), then the trace lines; each line ends in '\n'.
std::string format_state_summary(const StateSummary& summary);

}  // namespace swarmscope

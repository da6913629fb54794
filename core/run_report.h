// A finished (or stopped) run summarised: the numbers the CLI prints and the tests check.
#pragma once
#include <array>
#include <cstdint>
#include <string>

#include "model.h"
#include "swarm.h"

namespace swarmscope {

struct RunReport {
    double distribution_time_s = -1;  // -1 when not every leecher finished
    Bound bound_p2p, bound_cs;
    double ratio_to_bound = 0;
    int peers_completed = 0;
    double median_completion_s = 0;
    uint64_t messages = 0, bytes = 0, events = 0;
    std::array<uint64_t, 11> messages_by_kind{};  // indexed by MsgKind
    uint64_t trace_hash = 0;
    double sim_time_s = 0;
};

ModelInput model_input(const SwarmConfig& config);
RunReport make_report(const Swarm& swarm);
// "  piece 2048000, have 1500000, request 2049000": the kinds that occurred, most frequent first.
std::string messages_by_kind_line(const RunReport& r);
std::string hex64(uint64_t v);

}  // namespace swarmscope

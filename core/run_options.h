// Parsing the command line's rates, sizes and options into a SwarmConfig, with errors a person can act on.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "condition.h"
#include "result.h"
#include "swarm_config.h"

namespace swarmscope {

// "1MiB/s", "256KiB/s", "1MB/s", "500000" (bytes per second); SI prefixes are powers of 1000.
Result<double> parse_rate(std::string_view text);
// "256KiB", "16384"
Result<double> parse_size(std::string_view text);

struct RunOptions {
    SwarmConfig config;
    bool json = false;
    bool trace = false;
    bool narrate = false;
    // --until: a breakpoint (condition.h) at which the run stops and shows the swarm's state. Only
    // parsed here; its peer and piece numbers are checked once the swarm exists.
    std::optional<Condition> until;
};

// Options not given keep their value in `base`.
Result<RunOptions> parse_run_options(const std::vector<std::string>& args, const SwarmConfig& base = {});

}  // namespace swarmscope

// The shell's state as JSON: what window.swarmscope.state() returns and what the desktop app prints.
#pragma once
#include <nlohmann/json.hpp>

#include "shell_state.h"

namespace swarmscope {

nlohmann::json state_to_json(const ShellState& state);

}  // namespace swarmscope

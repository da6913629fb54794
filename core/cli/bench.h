// `swarmscope bench`: how fast the simulator runs, on fixed scenarios, in wire messages and simulated
// seconds per wall-clock second. It prints numbers; it asserts nothing.
#pragma once
#include <string>
#include <vector>

namespace swarmscope {

int run_bench(const std::vector<std::string>& args);

}  // namespace swarmscope

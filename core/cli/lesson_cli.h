// swarmscope lesson check FILE... / swarmscope lesson run FILE [--json]
#pragma once
#include <string>
#include <vector>

namespace swarmscope {

int run_lesson_command(const std::vector<std::string>& args);

}  // namespace swarmscope

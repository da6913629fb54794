// The one place the program's version is read from.
#pragma once
#include <string_view>

namespace swarmscope {

std::string_view version();

}  // namespace swarmscope

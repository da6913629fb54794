#include "version.h"

namespace swarmscope {

std::string_view version() { return SWARMSCOPE_VERSION; }

}  // namespace swarmscope

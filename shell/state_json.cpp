#include "state_json.h"

#include <string>

#include "version.h"

namespace swarmscope {

nlohmann::json state_to_json(const ShellState& s) {
    nlohmann::json widgets = nlohmann::json::object();
    for (const auto& [name, r] : s.widgets) widgets[name] = {{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}};
    return {
        {"version", std::string(version())},
        {"frame", s.frame},
        {"width", s.width},
        {"height", s.height},
        {"pixel_ratio", s.pixel_ratio},
        {"fps", s.fps},
        {"help_open", s.help_open},
        {"theme", s.theme == Theme::dark ? "dark" : "light"},
        {"commands_run", s.commands_run},
        {"last_command", s.last_command},
        {"widgets", widgets},
    };
}

}  // namespace swarmscope

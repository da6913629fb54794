// What a frame of panels hands back: the commands the lecturer gave, and where things were drawn.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shell_state.h"

namespace swarmscope {

struct UiOutput {
    std::vector<std::string> commands;    // run after the frame, in order
    std::map<std::string, Rect> widgets;  // where the named controls were drawn
    std::vector<PeerOnScreen> peer_screen;
    std::vector<std::pair<size_t, PeerOnScreen>> message_screen;
    std::optional<ViewTransform> view;    // zoom and pan changed by the mouse
    std::optional<std::string> editor_text;  // the lesson editor's text, when it was edited this frame
};

// Records where the last ImGui item was drawn, under `name`, for tests and scripts.
void remember(UiOutput& out, const char* name);
inline void remember(UiOutput& out, const std::string& name) { remember(out, name.c_str()); }

}  // namespace swarmscope

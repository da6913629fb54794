// What the shell shows, as plain data: the UI reads it every frame and changes it only through commands.
#pragma once
#include <map>
#include <string>

namespace swarmscope {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
};

enum class Theme { dark, light };

struct ShellState {
    int frame = 0;
    float width = 0, height = 0;  // logical (CSS) pixels
    float pixel_ratio = 1;        // device pixels per logical pixel
    float fps = 0;
    bool help_open = false;
    Theme theme = Theme::dark;
    int commands_run = 0;
    std::string last_command;
    // Where the named controls were drawn last frame, in logical pixels: browser tests click them.
    std::map<std::string, Rect> widgets;
};

}  // namespace swarmscope

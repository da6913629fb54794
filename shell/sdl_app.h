// The SDL2 + OpenGL (desktop) / WebGL2 (browser) frame loop around the shell's UI.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "commands.h"
#include "shell_state.h"

struct SDL_Window;

namespace swarmscope {

class SdlApp {
public:
    // Creates the window and GL context; on failure returns false and says why in `error`.
    bool init(const char* title, int width, int height, std::string& error);
    void frame();  // events, UI, commands, render: one frame
    void shutdown();

    bool quit_requested() const { return quit_; }
    const ShellState& state() const { return state_; }
    CommandResult command(std::string_view text);
    // A whole lesson text for the editor (a file opened, a share link, the browser's saved copy); see editor_load.
    CommandResult load_lesson_text(std::string text, std::string name, bool run) {
        return editor_load(state_, std::move(text), std::move(name), run);
    }
    // What the commands asked of the platform since the last call ("share", "download", "open").
    std::vector<std::string> take_platform_requests() { return std::exchange(state_.platform_requests, {}); }
    // Called with the lesson editor's text each time it is typed into (the page saves it in the browser).
    void on_editor_changed(std::function<void(const std::string&)> f) { editor_changed_ = std::move(f); }
    // Plays by this much wall time per frame instead of the real frame's, for measuring frame budgets.
    void set_fixed_frame_dt(double seconds) { fixed_dt_ = seconds; }
    // Keeps a copy of the next frame drawn (RGBA, top row first, device pixels) for screenshots.
    void capture_next_frame() { capture_ = true; }
    const std::vector<uint8_t>& captured(int& width, int& height) const {
        width = captured_w_;
        height = captured_h_;
        return captured_;
    }

private:
    void sync_canvas_size();
    void sync_pixel_ratio();
    void read_back_buffer();
    double wall_now() const;

    SDL_Window* window_ = nullptr;
    void* gl_ = nullptr;
    ShellState state_;
    Theme applied_theme_ = Theme::dark;
    bool applied_presentation_ = false;
    float font_ratio_ = 0, font_size_ = 0;
    double last_frame_ = -1;  // wall clock, seconds
    double panels_ms_ = 0;    // what drawing the panels took last frame
    double fixed_dt_ = -1;
    bool quit_ = false;
    std::function<void(const std::string&)> editor_changed_;
    bool capture_ = false;
    std::vector<uint8_t> captured_;
    int captured_w_ = 0, captured_h_ = 0;
};

}  // namespace swarmscope

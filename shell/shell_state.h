// What the shell shows, as plain data: the UI reads it every frame and changes it only through commands.
#pragma once
#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "glyph_supply.h"
#include "session.h"

namespace swarmscope {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
};

enum class Theme { dark, light };

// Where a peer was drawn, in logical (CSS) pixels, so tests and scripts can click it.
struct PeerOnScreen {
    PeerId id = 0;
    float x = 0, y = 0, r = 0;
};

// The swarm view's zoom and pan, in logical pixels around the view's centre.
struct ViewTransform {
    float zoom = 1;
    float pan_x = 0, pan_y = 0;
};

// CPU time of the last frames (simulation and UI, before the GPU), for frame_ms in the state.
class FrameTimes {
public:
    void add(double ms) {
        ms_[next_ % ms_.size()] = ms;
        ++next_;
    }
    double percentile(double p) const;

private:
    std::array<double, 300> ms_{};
    size_t next_ = 0;
};

// Panels a lecturer can show or hide (`panel NAME show|hide`), in menu order.
inline const std::vector<std::string>& panel_names() {
    static const std::vector<std::string> names = {"lessons", "editor", "inspector", "narration", "pieces", "chart", "legend", "setup", "about", "help"};
    return names;
}

// The lesson editor's text and what is wrong with it, checked as it is typed.
struct LessonEditor {
    std::string text;
    std::string name;        // the shipped lesson it started from, or "" for one opened from a file or link
    // The text's first problem: its English message (without its place; empty when the text loads),
    // and its key and args for the page's language.
    Error problem;
    int error_line = 0, error_column = 0;
    int serial = 0;          // bumps when a command replaces the text, so the editor widget reloads it
    bool dirty = false;      // edited since it was last run
};

struct ShellState {
    int frame = 0;
    float width = 0, height = 0;  // logical (CSS) pixels
    float pixel_ratio = 1;        // device pixels per logical pixel
    float fps = 0;
    Theme theme = Theme::dark;
    bool presentation = false;    // large type, high contrast, panels laid out for 1280x720
    int commands_run = 0;
    std::string last_command;
    std::set<std::string> panels = {"lessons", "inspector", "narration", "pieces", "chart", "legend"};
    // The tab last asked for by `panel NAME show` (narration, pieces, chart): brought to the front once.
    std::string tab_request;
    int tab_serial = 0;
    Session session;
    LessonEditor editor;
    // What only the platform can do (the page: share link, download, open a file), asked for by a
    // command and taken by the page's glue after the frame: "share", "download", "open".
    std::vector<std::string> platform_requests;
    ViewTransform view;
    // The last breakpoint that did not parse or name real peers: message "column N: ..." (English),
    // offset the column, key and args its words for the page; an empty message when there is none.
    Error breakpoint_problem;
    std::string notice;             // the last command's message (English, as scripts read it)
    std::string notice_shown;       // the same in the page's language, shown in the status bar
    FrameTimes frame_times;
    // Where the named controls were drawn last frame, in logical pixels: browser tests click them.
    std::map<std::string, Rect> widgets;
    std::vector<PeerOnScreen> peer_screen;
    // In-flight messages as drawn last frame (index into session.in_flight()), for clicks and tests.
    std::vector<std::pair<size_t, PeerOnScreen>> message_screen;

    // The page's language ("en", "es", "ko"): the UI's strings come from its table.
    std::string lang = "en";
    // A language chosen whose table is not here yet (the page fetches lang/LANG.json); "" when none.
    std::string lang_wanted;
    bool lang_requested = false;  // its fetch has started
    // Characters the text on screen needs beyond the embedded font: the panels add the text they are
    // about to show (a cache of what to fetch, so it may change under a const view).
    mutable GlyphSupply glyphs;

    bool panel_open(const std::string& name) const { return panels.count(name) > 0; }
};

}  // namespace swarmscope

// swarmscope-desktop: the page's UI in a native window (SDL2 + OpenGL 3).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "png_writer.h"
#include "sdl_app.h"
#include "state_json.h"
#include "version.h"

namespace {

const char* usage =
    "usage: swarmscope-desktop [--lesson FILE.json] [--frames N] [--screenshot FILE.png] [--print-state] [--command TEXT]...\n"
    "  --lesson FILE        open a lesson file (in the editor too); its problems are shown at their line and column\n"
    "  --frames N           quit after N frames (default: run until the window is closed)\n"
    "  --screenshot FILE    save the last frame as PNG (needs --frames)\n"
    "  --print-state        print the final state as JSON on exit\n"
    "  --command TEXT       run a shell command before the first frame (repeatable)\n"
    "  --frame-dt SECONDS   advance play by this much wall time per frame, whatever the real frame took\n"
    "                       (measures the frame budget at a given rate: 0.0167 is 60 frames a second)\n"
    "  --version, --help\n";

struct Options {
    int frames = -1;
    std::string screenshot;
    bool print_state = false;
    std::vector<std::string> commands;
    double frame_dt = -1;
    std::string lesson;
};

int bad_argument(const std::string& why) {
    std::fprintf(stderr, "swarmscope-desktop: %s\n%s", why.c_str(), usage);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--help") {
            std::fputs(usage, stdout);
            return 0;
        } else if (a == "--version") {
            std::printf("swarmscope-desktop %s\n", std::string(swarmscope::version()).c_str());
            return 0;
        } else if (a == "--frames" && has_value) {
            char* end = nullptr;
            opt.frames = static_cast<int>(std::strtol(argv[++i], &end, 10));
            if (*end != '\0' || opt.frames <= 0) return bad_argument("--frames needs a positive whole number");
        } else if (a == "--screenshot" && has_value) {
            opt.screenshot = argv[++i];
        } else if (a == "--frame-dt" && has_value) {
            char* end = nullptr;
            opt.frame_dt = std::strtod(argv[++i], &end);
            if (*end != '\0' || !(opt.frame_dt > 0 && opt.frame_dt <= 1)) return bad_argument("--frame-dt needs seconds, more than 0 and at most 1");
        } else if (a == "--lesson" && has_value) {
            opt.lesson = argv[++i];
        } else if (a == "--command" && has_value) {
            opt.commands.push_back(argv[++i]);
        } else if (a == "--print-state") {
            opt.print_state = true;
        } else {
            return bad_argument("unknown or incomplete option '" + a + "'");
        }
    }
    if (!opt.screenshot.empty() && opt.frames < 0) return bad_argument("--screenshot needs --frames");

    swarmscope::SdlApp app;
    std::string error;
    if (!app.init("Swarmscope", 1280, 720, error)) {
        std::fprintf(stderr, "swarmscope-desktop: %s\n", error.c_str());
        return 1;
    }
    if (opt.frame_dt > 0) app.set_fixed_frame_dt(opt.frame_dt);
    if (!opt.lesson.empty()) {
        std::ifstream in(opt.lesson, std::ios::binary);
        if (!in) return bad_argument("cannot read the lesson file " + opt.lesson);
        std::ostringstream text;
        text << in.rdbuf();
        std::string name = opt.lesson.substr(opt.lesson.find_last_of('/') + 1);
        name = name.substr(0, name.rfind('.'));
        const swarmscope::CommandResult r = app.load_lesson_text(text.str(), name, true);
        if (!r.ok) std::fprintf(stderr, "swarmscope-desktop: %s: %s\n", opt.lesson.c_str(), r.message.c_str());
    }
    for (const std::string& c : opt.commands) {
        const swarmscope::CommandResult r = app.command(c);
        if (!r.ok) std::fprintf(stderr, "swarmscope-desktop: %s\n", r.message.c_str());
    }
    while (!app.quit_requested() && (opt.frames < 0 || app.state().frame < opt.frames)) {
        if (!opt.screenshot.empty() && app.state().frame == opt.frames - 1) app.capture_next_frame();
        app.frame();
        // The page's Download, Open and Share: here Download writes NAME.json in the working folder.
        for (const std::string& request : app.take_platform_requests()) {
            if (request == "download") {
                const std::string name = (app.state().editor.name.empty() ? "lesson" : app.state().editor.name) + ".json";
                std::ofstream(name, std::ios::binary) << app.state().editor.text;
                std::fprintf(stderr, "swarmscope-desktop: the lesson was written to %s\n", name.c_str());
            } else {
                std::fprintf(stderr, "swarmscope-desktop: %s works in the page; here, open a lesson with --lesson FILE\n",
                             request == "share" ? "sharing a link" : "opening a file");
            }
        }
    }
    int status = 0;
    if (!opt.screenshot.empty()) {
        int w = 0, h = 0;
        const std::vector<uint8_t>& rgba = app.captured(w, h);
        if (rgba.empty() || !swarmscope::write_png(opt.screenshot, rgba.data(), w, h)) {
            std::fprintf(stderr, "swarmscope-desktop: could not write %s\n", opt.screenshot.c_str());
            status = 1;
        }
    }
    if (opt.print_state) std::printf("%s\n", swarmscope::state_to_json(app.state()).dump().c_str());
    app.shutdown();
    return status;
}

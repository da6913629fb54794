// The web page's entry point: the shell's frame loop driven by the browser, plus the functions
// behind window.swarmscope (web/swarmscope.js).
#include <emscripten.h>

#include <cstdio>
#include <string>

#include "sdl_app.h"
#include "state_json.h"

namespace {

swarmscope::SdlApp app;

void frame() {
    app.frame();
    // The page hides its loading message once something has been drawn.
    if (app.state().frame == 1) EM_ASM({ if (Module.onFirstFrame) Module.onFirstFrame(); });
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* swarmscope_state_json() {
    static std::string json;
    json = swarmscope::state_to_json(app.state()).dump();
    return json.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* swarmscope_command(const char* text) {
    static std::string json;
    const swarmscope::CommandResult r = app.command(text ? text : "");
    json = nlohmann::json{{"ok", r.ok}, {"message", r.message}}.dump();
    return json.c_str();
}

}  // extern "C"

int main() {
    std::string error;
    if (!app.init("Swarmscope", 1280, 720, error)) {
        std::fprintf(stderr, "swarmscope: %s\n", error.c_str());
        EM_ASM({ if (Module.onStartFailed) Module.onStartFailed(UTF8ToString($0)); }, error.c_str());
        return 1;
    }
    emscripten_set_main_loop(frame, 0, 1);  // never returns
    return 0;
}

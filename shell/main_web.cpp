// The web page's entry point: the shell's frame loop driven by the browser, plus the functions
// behind window.swarmscope (web/swarmscope.js): state and commands, the lesson editor's text (saved in
// the browser as it is typed), and what only the page can do (share link, download, open a file).
#include <emscripten.h>

#include <cstdio>
#include <string>

#include "i18n.h"
#include "json_positions.h"
#include "lesson.h"
#include "sdl_app.h"
#include "state_json.h"

namespace {

swarmscope::SdlApp app;

void frame() {
    app.frame();
    // The page hides its loading message once something has been drawn.
    if (app.state().frame == 1) EM_ASM({ if (Module.onFirstFrame) Module.onFirstFrame(); });
    // What the commands asked of the page (the editor's Share, Download and Open); the page's
    // handlers never throw into the frame loop.
    for (const std::string& request : app.take_platform_requests())
        EM_ASM({
            try {
                if (Module.onPlatformRequest) Module.onPlatformRequest(UTF8ToString($0));
            } catch (e) {
                console.warn('swarmscope: ' + UTF8ToString($0) + ' failed: ' + e);
            }
        }, request.c_str());
}

const char* keep(std::string& slot, std::string value) {
    slot = std::move(value);
    return slot.c_str();
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* swarmscope_state_json() {
    static std::string json;
    return keep(json, swarmscope::state_to_json(app.state()).dump());
}

EMSCRIPTEN_KEEPALIVE const char* swarmscope_command(const char* text) {
    static std::string json;
    const swarmscope::CommandResult r = app.command(text ? text : "");
    return keep(json, nlohmann::json{{"ok", r.ok}, {"message", r.message}}.dump());
}

// A language's table the page has fetched for its own messages (lang/LANG.json), handed over so the
// canvas need not fetch it again; then `lang LANG` switches at once.
EMSCRIPTEN_KEEPALIVE int swarmscope_add_table(const char* lang, const char* json) {
    return swarmscope::add_table(lang ? lang : "", json ? json : "") ? 1 : 0;
}

// The lesson editor's whole text, as typed.
EMSCRIPTEN_KEEPALIVE const char* swarmscope_editor_text() {
    static std::string text;
    return keep(text, app.state().editor.text);
}

// Puts a whole lesson text in the editor (a file opened, a share link, the browser's saved copy) and,
// with `run`, plays it. A text that does not load stays in the editor with its problem shown.
EMSCRIPTEN_KEEPALIVE const char* swarmscope_load_lesson(const char* text, const char* name, int run) {
    static std::string json;
    const swarmscope::CommandResult r = app.load_lesson_text(text ? text : "", name ? name : "", run != 0);
    return keep(json, nlohmann::json{{"ok", r.ok}, {"message", r.message}}.dump());
}

// Checks a lesson text without loading it: {ok, line, column, message, format, newer}. `newer` says the
// text declares a lesson format newer than this program reads.
EMSCRIPTEN_KEEPALIVE const char* swarmscope_check_lesson(const char* text) {
    static std::string json;
    const std::string_view t = text ? text : "";
    nlohmann::json out = {{"ok", true}, {"line", 0}, {"column", 0}, {"message", ""}, {"format", nullptr}, {"newer", false}};
    const nlohmann::json root = nlohmann::json::parse(t.begin(), t.end(), nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
    if (root.is_object() && root.contains("format") && root["format"].is_number_integer()) {
        const long long format = root["format"].get<long long>();
        out["format"] = format;
        out["newer"] = format > swarmscope::lesson_format;
    }
    const swarmscope::Result<swarmscope::Lesson> lesson = swarmscope::parse_lesson(t);
    if (!lesson) {
        const swarmscope::TextPlace p = swarmscope::place_of(t, lesson.error().offset);
        out["ok"] = false;
        out["line"] = p.line;
        out["column"] = p.column;
        out["message"] = lesson.error().message;
    }
    return keep(json, out.dump());
}

}  // extern "C"

int main() {
    std::string error;
    if (!app.init("Swarmscope", 1280, 720, error)) {
        std::fprintf(stderr, "swarmscope: %s\n", error.c_str());
        EM_ASM({ if (Module.onStartFailed) Module.onStartFailed(UTF8ToString($0)); }, error.c_str());
        return 1;
    }
    // Each edit goes to the page, which keeps it in the browser. The serial says which text the edit
    // started from (it bumps when a lesson, a file or a link replaces the editor's text).
    app.on_editor_changed([](const std::string& text) {
        EM_ASM({
            try {
                if (Module.onEditorChanged) Module.onEditorChanged(UTF8ToString($0), UTF8ToString($1), $2);
            } catch (e) {
                console.warn('swarmscope: could not keep the edited lesson: ' + e);
            }
        }, text.c_str(), app.state().editor.name.c_str(), app.state().editor.serial);
    });
    emscripten_set_main_loop(frame, 0, 1);  // never returns
    return 0;
}

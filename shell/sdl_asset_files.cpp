#include "sdl_asset_files.h"

#include <SDL.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "commands.h"
#include "glyph_supply.h"
#include "i18n.h"
#include "shell_state.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace swarmscope {

namespace {

using Done = std::function<void(std::optional<std::string>)>;  // the file's bytes, or nothing

#ifdef __EMSCRIPTEN__
void fetched(void* arg, void* data, int size) {
    auto* done = static_cast<Done*>(arg);
    (*done)(std::string(static_cast<const char*>(data), static_cast<size_t>(size)));
    delete done;
}

void failed(void* arg) {
    auto* done = static_cast<Done*>(arg);
    (*done)(std::nullopt);
    delete done;
}
#endif

// `path` beside the page (over HTTP, later) or beside the executable (now).
void fetch_beside(const std::string& path, Done done) {
#ifdef __EMSCRIPTEN__
    emscripten_async_wget_data(path.c_str(), new Done(std::move(done)), fetched, failed);
#else
    char* base = SDL_GetBasePath();
    std::ifstream in((base ? std::string(base) : std::string()) + path, std::ios::binary);
    SDL_free(base);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    done(in ? std::optional<std::string>(bytes.str()) : std::nullopt);
#endif
}

}  // namespace

// The supply and the state live as long as the program: the callbacks may hold them.
void fetch_font_files(GlyphSupply& supply, const std::function<bool(char32_t)>& atlas_has) {
    for (const std::string& name : supply.take_requests(atlas_has))
        fetch_beside("fonts/" + name, [&supply, name](std::optional<std::string> bytes) {
            if (bytes) supply.on_file(name, std::move(*bytes));
            else supply.on_failed(name);
        });
}

void fetch_language_table(ShellState& state) {
    if (state.lang_wanted.empty() || state.lang_requested) return;
    state.lang_requested = true;
    if (has_table(state.lang_wanted)) {  // built in (the desktop app): nothing to fetch
        state.lang_wanted.clear();
        return;
    }
    const std::string lang = state.lang_wanted;
    fetch_beside("lang/" + lang + ".json", [&state, lang](std::optional<std::string> text) {
        if (text && add_table(lang, *text) && state.lang == lang) language_arrived(state);
        if (state.lang_wanted == lang) state.lang_wanted.clear();  // arrived, or not: English stays
    });
}

}  // namespace swarmscope

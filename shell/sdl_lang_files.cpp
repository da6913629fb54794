#include "sdl_lang_files.h"

#include <string>

#include "commands.h"
#include "i18n.h"
#include "shell_state.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace swarmscope {

namespace {

#ifdef __EMSCRIPTEN__
struct Fetch {
    ShellState* state;
    std::string lang;
};

void fetched(void* arg, void* data, int size) {
    auto* f = static_cast<Fetch*>(arg);
    add_table(f->lang, std::string_view(static_cast<const char*>(data), static_cast<size_t>(size)));
    if (f->state->lang == f->lang) language_arrived(*f->state);
    if (f->state->lang_wanted == f->lang) f->state->lang_wanted.clear();  // a broken table: English stays
    delete f;
}

void failed(void* arg) {
    auto* f = static_cast<Fetch*>(arg);
    if (f->state->lang_wanted == f->lang) f->state->lang_wanted.clear();  // English stays
    delete f;
}
#endif

}  // namespace

void fetch_language_table(ShellState& state) {
    if (state.lang_wanted.empty() || state.lang_requested) return;
    state.lang_requested = true;
#ifdef __EMSCRIPTEN__
    // The state lives as long as the page: the callbacks may hold it.
    emscripten_async_wget_data(("lang/" + state.lang_wanted + ".json").c_str(), new Fetch{&state, state.lang_wanted}, fetched, failed);
#else
    state.lang_wanted.clear();  // every table is built in: nothing to fetch
#endif
}

}  // namespace swarmscope

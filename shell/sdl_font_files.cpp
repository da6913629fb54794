#include "sdl_font_files.h"

#include <SDL.h>

#include <fstream>
#include <sstream>
#include <string>

#include "glyph_supply.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace swarmscope {

namespace {

#ifdef __EMSCRIPTEN__
struct Fetch {
    GlyphSupply* supply;
    std::string name;
};

void fetched(void* arg, void* data, int size) {
    auto* f = static_cast<Fetch*>(arg);
    f->supply->on_file(f->name, std::string(static_cast<const char*>(data), static_cast<size_t>(size)));
    delete f;
}

void failed(void* arg) {
    auto* f = static_cast<Fetch*>(arg);
    f->supply->on_failed(f->name);
    delete f;
}
#else
std::string font_dir() {
    char* base = SDL_GetBasePath();
    std::string dir = base ? std::string(base) + "fonts/" : "fonts/";
    SDL_free(base);
    return dir;
}
#endif

}  // namespace

void fetch_font_files(GlyphSupply& supply, const std::function<bool(char32_t)>& atlas_has) {
    for (const std::string& name : supply.take_requests(atlas_has)) {
#ifdef __EMSCRIPTEN__
        // The supply lives as long as the page: the callbacks may hold it.
        emscripten_async_wget_data(("fonts/" + name).c_str(), new Fetch{&supply, name}, fetched, failed);
#else
        std::ifstream in(font_dir() + name, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        if (in) supply.on_file(name, bytes.str());
        else supply.on_failed(name);
#endif
    }
}

}  // namespace swarmscope

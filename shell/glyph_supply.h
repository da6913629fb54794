// Characters beyond the embedded Latin font (Hangul, kana, Han, symbols), fetched only when the text on
// screen needs them. The fonts are pieces of Noto Sans CJK (see assets/fonts/split_cjk.py); chunks.txt
// says which piece holds which characters. The platform fetches the files (the page over HTTP, the
// desktop app from its fonts/ folder); the atlas is rebuilt with the new characters between frames.
#pragma once
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace swarmscope {

class GlyphSupply {
public:
    static constexpr const char* manifest_name = "chunks.txt";

    // Remembers every character of the text (UTF-8); cheap for text it has seen before.
    void need(std::string_view utf8);

    // The files to fetch now (each asked for once): the manifest first, then the fonts holding needed
    // characters the atlas does not draw. `atlas_has` says whether the atlas draws a character.
    std::vector<std::string> take_requests(const std::function<bool(char32_t)>& atlas_has);
    void on_file(const std::string& name, std::string bytes);
    void on_failed(const std::string& name);

    // A font arrived since the atlas was last built.
    bool atlas_stale() const { return stale_; }
    void atlas_rebuilt() {
        stale_ = false;
        changed_ = true;  // recount what is missing against the new atlas
    }

    struct Face {
        std::string name;
        const std::string* bytes;       // owned here, kept while the atlas uses them
        std::vector<char32_t> chars;    // the needed characters this font is to draw
    };
    std::vector<Face> faces() const;

    // Needed characters no font draws (not in the atlas, and no file has them or the file failed),
    // and those still on their way.
    int missing() const { return missing_; }
    int pending() const { return pending_; }

    // The fonts fetched so far, with their sizes in bytes (the manifest included).
    const std::map<std::string, size_t>& fetched() const { return fetched_; }

private:
    struct Chunk {
        std::string name;
        std::vector<std::pair<char32_t, char32_t>> runs;
        bool contains(char32_t c) const;
    };
    void parse_manifest(const std::string& text);
    const Chunk* chunk_of(char32_t c) const;

    std::set<char32_t> needed_;
    std::vector<Chunk> chunks_;
    bool manifest_loaded_ = false;
    std::set<std::string> asked_, failed_;
    std::map<std::string, std::string> fonts_;   // name -> bytes
    std::map<std::string, size_t> fetched_;
    bool stale_ = false;
    bool changed_ = true;
    int missing_ = 0, pending_ = 0;
};

// Decodes UTF-8, replacing a malformed sequence by U+FFFD.
std::vector<char32_t> utf8_chars(std::string_view text);

}  // namespace swarmscope

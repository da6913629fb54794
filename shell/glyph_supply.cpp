#include "glyph_supply.h"

#include <sstream>

namespace swarmscope {

std::vector<char32_t> utf8_chars(std::string_view text) {
    std::vector<char32_t> out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        const int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > text.size()) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t c = len == 1 ? b : b & (0x7F >> len);
        bool ok = true;
        for (int k = 1; k < len; ++k) {
            const auto cont = static_cast<unsigned char>(text[i + k]);
            if ((cont >> 6) != 0x2) ok = false;
            c = (c << 6) | (cont & 0x3F);
        }
        out.push_back(ok ? c : 0xFFFD);
        i += ok ? len : 1;
    }
    return out;
}

void GlyphSupply::need(std::string_view utf8) {
    // Plain ASCII is always in the embedded font: skip the decoding for it.
    bool ascii = true;
    for (char ch : utf8) ascii = ascii && static_cast<unsigned char>(ch) < 0x80;
    if (ascii) return;
    for (char32_t c : utf8_chars(utf8))
        if (c >= 0x20 && c != 0x7F && needed_.insert(c).second) changed_ = true;
}

bool GlyphSupply::Chunk::contains(char32_t c) const {
    for (const auto& [lo, hi] : runs)
        if (c >= lo && c <= hi) return true;
    return false;
}

const GlyphSupply::Chunk* GlyphSupply::chunk_of(char32_t c) const {
    for (const Chunk& chunk : chunks_)
        if (chunk.contains(c)) return &chunk;
    return nullptr;
}

void GlyphSupply::parse_manifest(const std::string& text) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] == '#') continue;
        const size_t space = line.find(' ');
        if (space == std::string::npos) continue;
        Chunk chunk{line.substr(0, space), {}};
        unsigned long end = 0;
        std::istringstream runs(line.substr(space + 1));
        std::string run;
        while (std::getline(runs, run, ',')) {
            const size_t plus = run.find('+');
            unsigned long gap = 0, extra = 0;
            try {
                gap = std::stoul(run.substr(0, plus), nullptr, 16);
                if (plus != std::string::npos) extra = std::stoul(run.substr(plus + 1), nullptr, 16);
            } catch (const std::exception&) {
                break;  // a damaged line keeps what it had so far
            }
            const unsigned long lo = end + gap;
            end = lo + extra;
            chunk.runs.emplace_back(static_cast<char32_t>(lo), static_cast<char32_t>(end));
        }
        chunks_.push_back(std::move(chunk));
    }
}

std::vector<std::string> GlyphSupply::take_requests(const std::function<bool(char32_t)>& atlas_has) {
    std::vector<std::string> out;
    if (!changed_) return out;
    changed_ = false;
    missing_ = pending_ = 0;
    auto ask = [&](const std::string& name) {
        if (asked_.insert(name).second) out.push_back(name);
    };
    for (char32_t c : needed_) {
        if (atlas_has(c)) continue;
        if (c > 0xFFFF || failed_.count(manifest_name)) {  // the glyph tables hold 16-bit characters only
            ++missing_;
            continue;
        }
        if (!manifest_loaded_) {
            ++pending_;
            ask(manifest_name);
            continue;
        }
        const Chunk* chunk = chunk_of(c);
        const std::string file = chunk ? chunk->name + ".otf" : "";
        if (!chunk || failed_.count(file) || (fonts_.count(file) && !stale_)) ++missing_;
        else {
            ++pending_;
            ask(file);
        }
    }
    return out;
}

void GlyphSupply::on_file(const std::string& name, std::string bytes) {
    fetched_[name] = bytes.size();
    changed_ = true;
    if (name == manifest_name) {
        parse_manifest(bytes);
        manifest_loaded_ = true;
        return;
    }
    fonts_[name] = std::move(bytes);
    stale_ = true;
}

void GlyphSupply::on_failed(const std::string& name) {
    failed_.insert(name);
    changed_ = true;
}

std::vector<GlyphSupply::Face> GlyphSupply::faces() const {
    std::vector<Face> out;
    for (const Chunk& chunk : chunks_) {
        auto font = fonts_.find(chunk.name + ".otf");
        if (font == fonts_.end()) continue;
        Face face{font->first, &font->second, {}};
        for (char32_t c : needed_)
            if (c <= 0xFFFF && chunk_of(c) == &chunk) face.chars.push_back(c);
        if (!face.chars.empty()) out.push_back(std::move(face));
    }
    return out;
}

}  // namespace swarmscope

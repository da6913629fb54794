#include "json_positions.h"

namespace swarmscope {

namespace {

// A small recursive reader that only tracks where values begin; nlohmann_json does the real parsing.
class Scanner {
public:
    explicit Scanner(std::string_view text) : s_(text) {}

    void run() {
        skip();
        value("");
    }
    std::unordered_map<std::string, size_t> offsets;

private:
    void skip() {
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                ++i_;
            } else if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '/') {
                while (i_ < s_.size() && s_[i_] != '\n') ++i_;
            } else if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '*') {
                const size_t end = s_.find("*/", i_ + 2);
                i_ = end == std::string_view::npos ? s_.size() : end + 2;
            } else {
                return;
            }
        }
    }

    std::string string() {  // at the opening quote; returns the raw contents (escapes kept)
        const size_t start = ++i_;
        while (i_ < s_.size() && s_[i_] != '"') i_ += s_[i_] == '\\' ? 2 : 1;
        const std::string out(s_.substr(start, std::min(i_, s_.size()) - start));
        ++i_;
        return out;
    }

    void value(const std::string& pointer) {
        if (i_ >= s_.size() || ++depth_ > 512) return;
        offsets[pointer] = i_;
        const char c = s_[i_];
        if (c == '{') {
            ++i_;
            for (skip(); i_ < s_.size() && s_[i_] != '}'; skip()) {
                if (s_[i_] == ',') { ++i_; continue; }
                if (s_[i_] != '"') return;
                const size_t key_at = i_;
                const std::string key = string();
                skip();
                if (i_ < s_.size() && s_[i_] == ':') ++i_;
                skip();
                offsets[pointer + "/" + key + "#key"] = key_at;
                value(pointer + "/" + key);
            }
            ++i_;
        } else if (c == '[') {
            ++i_;
            size_t index = 0;
            for (skip(); i_ < s_.size() && s_[i_] != ']'; skip()) {
                if (s_[i_] == ',') { ++i_; continue; }
                value(pointer + "/" + std::to_string(index++));
            }
            ++i_;
        } else if (c == '"') {
            string();
        } else {
            while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ']' && s_[i_] != ' ' && s_[i_] != '\n' &&
                   s_[i_] != '\r' && s_[i_] != '\t' && s_[i_] != '/')
                ++i_;
        }
        --depth_;
    }

    std::string_view s_;
    size_t i_ = 0;
    int depth_ = 0;
};

}  // namespace

std::unordered_map<std::string, size_t> json_value_offsets(std::string_view text) {
    Scanner scanner(text);
    scanner.run();
    return std::move(scanner.offsets);
}

TextPlace place_of(std::string_view text, size_t byte_offset) {
    TextPlace p;
    for (size_t i = 0; i < byte_offset && i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++p.line;
            p.column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++p.column;
        }
    }
    return p;
}

}  // namespace swarmscope

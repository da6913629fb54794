// Where each value of a JSON text starts, by JSON pointer ("/steps/2/until"), so that errors found after
// parsing (a wrong type, an unknown setting, a condition that does not parse) point at a line and column.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

namespace swarmscope {

// The text must already have parsed (comments allowed); for text that does not, the map is partial.
std::unordered_map<std::string, size_t> json_value_offsets(std::string_view text);

struct TextPlace {
    int line = 1;    // 1-based
    int column = 1;  // 1-based, in characters (UTF-8 sequences count once), as an editor counts them
};
TextPlace place_of(std::string_view text, size_t byte_offset);

}  // namespace swarmscope

// The lessons shipped in lessons/, built into the program (embed_lessons.cmake), in the picker's order.
#pragma once
#include <string_view>
#include <vector>

namespace swarmscope {

struct ShippedLesson {
    std::string_view name;  // "joining", "es/joining": the name #lesson= and `lesson open` take
    std::string_view text;  // the JSON, comments and all, as the editor shows it
};

const std::vector<ShippedLesson>& shipped_lessons();

}  // namespace swarmscope

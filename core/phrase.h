// Words with values in them, told from a template of the page's tables: "peer {0} joined" with {"3"}.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace swarmscope {

// One clause: a key of the page's tables ("narr.joined") and the values it names. The page tells it in its
// language from these; the core's English is made from the same key (narration_english, error_english).
struct Phrase {
    const char* key = "";
    std::vector<std::string> args;
    friend bool operator==(const Phrase& a, const Phrase& b) { return std::string_view(a.key) == b.key && a.args == b.args; }
};

// Fills {0}, {1}, ... of a template with the arguments.
std::string fill_phrase(std::string_view format, const std::vector<std::string>& args);

}  // namespace swarmscope

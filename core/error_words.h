// The words of the errors a class meets in the page: breakpoint conditions, lesson scripts and their
// set-up, what-ifs. Each is a key of the page's tables ("err.cond.empty") with values for its {0}, {1}...;
// the English here makes Error::message, and shell/lang/*.json say the same in each language (a test holds
// the English table equal to this one).
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"

namespace swarmscope {

struct ErrorWords {
    const char* key;
    const char* english;
};

std::span<const ErrorWords> error_table();
// The English template of a key; the key itself when there is none.
std::string_view error_english(std::string_view key);
// An error in those words: message is the English, key and args travel for the page.
Error keyed_error(std::string key, std::vector<std::string> args = {}, std::size_t offset = 0);

}  // namespace swarmscope

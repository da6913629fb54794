#include "error_words.h"

#include "phrase.h"

namespace swarmscope {

namespace {

// Quoted words of the condition language ('peer', 'choke round') stay as typed in every language.
constexpr ErrorWords table[] = {
    // Where: a condition's column, a lesson's line and column.
    {"err.at_column", "column {0}: {1}"},
    // Breakpoint conditions (condition.cpp).
    {"err.cond.empty", "the condition is empty"},
    {"err.cond.too_long", "the condition is longer than {0} characters"},
    {"err.cond.too_deep", "nested too deeply (more than {0} levels)"},
    {"err.cond.unbalanced_close", "unbalanced ')'"},
    {"err.cond.unclosed_open", "unbalanced '('; no ')' closes it"},
    {"err.cond.expected_and_or", "expected 'and' or 'or', found {0}"},
    {"err.cond.expected_and_or_close", "expected 'and', 'or' or ')', found {0}"},
    {"err.cond.nothing_before_close", "expected a condition before ')'"},
    {"err.cond.nothing_after", "expected a condition after {0}"},
    {"err.cond.unexpected", "unexpected {0}; expected {1} or {2}"},
    {"err.cond.unknown_word", "unknown word {0}; expected {1} or {2}"},
    {"err.cond.unknown_word_after", "unknown word {0} after {1}; expected {2} or {3}"},
    {"err.cond.expected_after", "expected {0} after {1}"},
    {"err.cond.expected_either_after", "expected {0} or {1} after {2}"},
    {"err.cond.expected_number_after", "expected a number after {0}"},
    {"err.cond.expected_peer_number", "expected a peer number after 'peer'"},
    {"err.cond.expected_piece_number", "expected a piece number after 'piece'"},
    {"err.cond.expected_comparison", "expected a comparison {0}"},
    {"err.cond.expected_time", "expected a time such as 90s or 2min after {0}"},
    {"err.cond.number_too_large", "number {0} is too large"},
    {"err.cond.time_too_large", "time {0} is too large"},
    {"err.cond.fraction", "use a whole number of a smaller unit, such as 1500ms rather than 1.5s"},
    {"err.cond.unknown_unit", "unknown time unit {0}; use us, ms, s, min or h"},
    {"err.cond.needs_peer_number", "{0} needs a peer number"},
    {"err.cond.state_needs_peer", "{0} needs a peer number; 'any peer' goes only with events such as unchokes or leaves"},
    {"err.cond.no_such_peer", "peer {0} does not exist (the swarm has {1} peers)"},
    {"err.cond.no_such_peer_of_one", "peer {0} does not exist (the swarm has 1 peer)"},
    {"err.cond.no_such_piece", "piece {0} does not exist (the file has {1} pieces)"},
    {"err.cond.no_such_piece_of_one", "piece {0} does not exist (the file has 1 piece)"},
};

}  // namespace

std::span<const ErrorWords> error_words() { return table; }

std::string_view error_english(std::string_view key) {
    for (const ErrorWords& w : table)
        if (key == w.key) return w.english;
    return key;
}

Error keyed_error(std::string key, std::vector<std::string> args, std::size_t offset) {
    std::string message = fill_phrase(error_english(key), args);
    return Error{std::move(message), offset, std::move(key), std::move(args)};
}

}  // namespace swarmscope

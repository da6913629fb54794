#include "error_words.h"

#include "phrase.h"

namespace swarmscope {

namespace {

// Quoted words of the condition language ('peer', 'choke round') stay as typed in every language.
constexpr ErrorWords table[] = {
    // Where: a condition's column, a lesson's line and column.
    {"err.at_column", "column {0}: {1}"},
    // The kinds of JSON value a lesson can hold where another was expected ("found a list"); the page
    // tells an argument that is one of these in its language.
    {"err.kind.object", "an object"},
    {"err.kind.list", "a list"},
    {"err.kind.text", "text"},
    {"err.kind.boolean", "true or false"},
    {"err.kind.null", "null"},
    {"err.kind.number", "a number"},
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
    // Set-up options, on the command line and in a lesson's "setup" (run_options.cpp). The option ("--peer-up")
    // is always an argument: a lesson names it "peer_up".
    {"err.opt.not_a_number", "'{0}' does not start with a number"},
    {"err.opt.unknown_unit", "unknown unit '{0}' in '{1}'; use B, KB, KiB, MB, MiB, GB or GiB"},
    {"err.opt.flag_not_a_number", "{0}: '{1}' does not start with a number"},
    {"err.opt.flag_unknown_unit", "{0}: unknown unit '{1}' in '{2}'; use B, KB, KiB, MB, MiB, GB or GiB"},
    {"err.opt.whole_number", "{0} needs a whole number from {1} to {2}, not '{3}'"},
    {"err.opt.count_whole_number", "{0}'s COUNT needs a whole number from {1} to {2}, not '{3}'"},
    {"err.opt.seconds_whole_number", "{0}'s SECONDS needs a whole number from {1} to {2}, not '{3}'"},
    {"err.opt.not_positive", "{0} must be more than 0"},
    {"err.opt.classes_need_counts", "{0} takes one RATE, or classes RATE:COUNT,RATE:COUNT,... each with its count, not '{1}'"},
    {"err.opt.class_counts", "{0}: the classes' counts add up to {1} peers, but {2} is {3}; they must be equal"},
    {"err.opt.needs_value", "unknown option '{0}' or it needs a value"},
    {"err.opt.unknown_option", "unknown option '{0}'"},
    {"err.opt.piece_size_range", "{0} must be 1 B to 16 MiB"},
    {"err.opt.unknown_preset", "unknown preset '{0}'; use textbook, bep3 or mainline"},
    {"err.opt.unknown_picker", "unknown picker '{0}'; use rarest, random or sequential"},
    {"err.opt.on_off", "{0} takes on or off, not '{1}'"},
    {"err.opt.after_complete", "{0} takes stay, leave or a number of seconds, not '{1}'"},
    {"err.opt.late_form", "{0} takes COUNT@SECONDS, e.g. 5@30, not '{1}'"},
    {"err.opt.cannot_exceed", "{0} cannot exceed {1}"},
    {"err.opt.late_exceeds", "{0} cannot make more leechers late than {1}"},
    // Lesson scripts (lesson.cpp). A condition in a lesson keeps its "err.cond.*" words; a set-up value, the
    // options' words above. The JSON parser's own English ("expected '}'") and the kind of value found ("a list")
    // are arguments.
    {"err.lesson.json", "the JSON does not parse: {0}"},
    {"err.lesson.json_expected", "the JSON does not parse: {0}; {1}"},
    {"err.lesson.json_literal", "the JSON does not parse: unexpected text (a missing quote or comma?)"},
    {"err.lesson.json_literal_expected", "the JSON does not parse: unexpected text (a missing quote or comma?); {0}"},
    {"err.lesson.json_line_end", "the JSON does not parse: a line ends inside a text (a missing closing quote?)"},
    {"err.lesson.json_line_end_expected", "the JSON does not parse: a line ends inside a text (a missing closing quote?); {0}"},
    {"err.lesson.json_ends", "the JSON does not parse: the text ends too soon (a missing ] or }?)"},
    {"err.lesson.json_ends_expected", "the JSON does not parse: the text ends too soon (a missing ] or }?); {0}"},
    {"err.lesson.json_exception", "{0}"},
    {"err.lesson.not_object.lesson", "expected an object (in braces) for a lesson, found {0}"},
    {"err.lesson.not_object.setup", "expected an object (in braces) for the set-up, found {0}"},
    {"err.lesson.not_object.latency", "expected an object (in braces) for the latency, found {0}"},
    {"err.lesson.not_object.change", "expected an object (in braces) for a change, found {0}"},
    {"err.lesson.not_object.class", "expected an object (in braces) for a class of peers, found {0}"},
    {"err.lesson.not_object.compare", "expected an object (in braces) for \"compare\", found {0}"},
    {"err.lesson.not_object.sweep", "expected an object (in braces) for \"sweep\", found {0}"},
    {"err.lesson.not_object.step", "expected an object (in braces) for a step, found {0}"},
    {"err.lesson.not_object.step_by", "expected an object (in braces) for \"step\", found {0}"},
    {"err.lesson.not_object.question", "expected an object (in braces) for a question, found {0}"},
    {"err.lesson.not_object.highlight", "expected an object (in braces) for a highlight, found {0}"},
    {"err.lesson.unknown_key.lesson", "unknown key \"{0}\" in a lesson; expected {1}"},
    {"err.lesson.unknown_key.setup", "unknown key \"{0}\" in the set-up; expected {1}"},
    {"err.lesson.unknown_key.latency", "unknown key \"{0}\" in the latency; expected {1}"},
    {"err.lesson.unknown_key.change", "unknown key \"{0}\" in a change; expected {1}"},
    {"err.lesson.unknown_key.class", "unknown key \"{0}\" in a class of peers; expected {1}"},
    {"err.lesson.unknown_key.compare", "unknown key \"{0}\" in \"compare\"; expected {1}"},
    {"err.lesson.unknown_key.sweep", "unknown key \"{0}\" in \"sweep\"; expected {1}"},
    {"err.lesson.unknown_key.step", "unknown key \"{0}\" in a step; expected {1}"},
    {"err.lesson.unknown_key.step_by", "unknown key \"{0}\" in \"step\"; expected {1}"},
    {"err.lesson.unknown_key.question", "unknown key \"{0}\" in a question; expected {1}"},
    {"err.lesson.unknown_key.highlight", "unknown key \"{0}\" in a highlight; expected {1}"},
    {"err.lesson.missing", "missing \"{0}\""},
    {"err.lesson.expected_text", "expected text here, found {0}"},
    {"err.lesson.empty_text", "this text is empty"},
    {"err.lesson.expected_whole_number", "expected a whole number here, found {0}"},
    {"err.lesson.whole_number_range", "expected a whole number from {0} to {1}"},
    {"err.lesson.expected_text_or_number", "expected text or a whole number, found {0}"},
    {"err.lesson.expected_boolean", "expected true or false, found {0}"},
    {"err.lesson.expected_list", "expected a list, found {0}"},
    {"err.lesson.number_at_least", "expected a number >= {0}"},
    {"err.lesson.time_range", "a time must be from 0 to 10 000 000 seconds"},
    {"err.lesson.expected_time", "expected a time such as 30s, 1500ms or 2min, not \"{0}\""},
    {"err.lesson.expected_rate_or_classes", "expected a rate such as \"16KiB/s\", or a list of classes {\"rate\", \"count\"}"},
    {"err.lesson.expected_rate", "expected a rate such as \"16KiB/s\""},
    {"err.lesson.latency_range", "latency needs min <= max <= 10s"},
    {"err.lesson.too_many_peers", "a lesson's swarm has at most 1000 peers"},
    {"err.lesson.expected_changes", "expected a list of changes, found {0}"},
    {"err.lesson.unknown_change", "unknown change \"{0}\"; expected {1}"},
    {"err.lesson.rate_not_positive", "the rate must be more than 0"},
    {"err.lesson.rate_without_upload", "\"rate\" goes only with \"do\": \"upload\""},
    {"err.lesson.format_not_whole", "\"format\" is a whole number"},
    {"err.lesson.newer_format", "this lesson is format {0}, made by a newer Swarmscope; this one reads format {1}"},
    {"err.lesson.format_too_small", "\"format\" starts at 1"},
    {"err.lesson.compare_rng_seed", "both swarms run on the same RNG seed"},
    {"err.lesson.unknown_setting", "unknown setting \"{0}\"; expected one of {1}"},
    {"err.lesson.sweep_values_count", "expected a list of 2 to 12 values"},
    {"err.lesson.compare_and_sweep", "a lesson has a \"compare\" or a \"sweep\", not both"},
    {"err.lesson.no_steps", "expected a list of at least one step"},
    {"err.lesson.until_and_step", "a step has \"until\" or \"step\", not both"},
    {"err.lesson.unknown_step_unit",
     "unknown unit \"{0}\"; expected event, message, announce, choke round, optimistic round, piece or completion"},
    {"err.lesson.expect_compared_alone", "\"expect_compared\" needs a \"compare\" swarm in the lesson"},
    {"err.lesson.expected_conditions", "expected a list of conditions, found {0}"},
    {"err.lesson.choices_count", "expected a list of 2 to 8 choices"},
    {"err.lesson.answer_not_a_choice", "the answer must be one of the choices, word for word"},
    {"err.lesson.tolerance_with_choices", "\"tolerance\" and \"unit\" go with a number answer, not with choices"},
    {"err.lesson.answer_not_number", "without \"choices\", the answer is a number"},
    {"err.lesson.connection_pair", "a connection is a pair of peers, [A, B]"},
    {"err.lesson.unknown_panel", "unknown panel \"{0}\"; expected narration, pieces, distribution, inspector or timeline"},
};

}  // namespace

std::span<const ErrorWords> error_table() { return table; }

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

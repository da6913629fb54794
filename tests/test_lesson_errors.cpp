// The errors of lesson scripts and set-up options carry their words as a key of the page's tables and its
// values (error_words.h): every error has a key, and its values fill the key's English back to the message.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "error_words.h"
#include "lesson.h"
#include "phrase.h"
#include "run_options.h"

using namespace swarmscope;

namespace {

bool in_table(const std::string& key) {
    for (const ErrorWords& w : error_table())
        if (key == w.key) return true;
    return false;
}

// The key is one of the table's, and its English with the values is the message after `place`.
void check_keyed(const Error& e, const std::string& place = {}) {
    INFO("message: " << e.message << "; key: " << e.key);
    REQUIRE_FALSE(e.key.empty());
    CHECK(in_table(e.key));
    CHECK(place + fill_phrase(error_english(e.key), e.args) == e.message);
}

std::set<std::string> keys_with_prefix(const std::string& prefix) {
    std::set<std::string> out;
    for (const ErrorWords& w : error_table())
        if (std::string(w.key).rfind(prefix, 0) == 0) out.insert(w.key);
    return out;
}

// A lesson of one step, with `setup` (an object's members) and `step` (a step's members) put in.
std::string lesson(const std::string& setup, const std::string& step = "", const std::string& more = "") {
    return R"({"format": 1, "title": "t", "setup": {"peers": 4, "pieces": 8)" + (setup.empty() ? "" : ", " + setup) + "}" + more +
           R"(, "steps": [{"text": "go")" + (step.empty() ? "" : ", " + step) + "}]}";
}

struct Case {
    std::string text;
    std::string key;
};

}  // namespace

TEST_CASE("every error of the set-up options has a key whose English, filled, is the message") {
    const std::vector<std::pair<std::vector<std::string>, const char*>> cases = {
        {{"--peers", "0"}, "err.opt.whole_number"},
        {{"--peer-up", "2MiB/s:0"}, "err.opt.count_whole_number"},
        {{"--late", "x@5"}, "err.opt.count_whole_number"},
        {{"--late", "3@soon"}, "err.opt.seconds_whole_number"},
        {{"--server-up", "fast"}, "err.opt.flag_not_a_number"},
        {{"--peer-up", "1MiB/s:5,"}, "err.opt.flag_not_a_number"},
        {{"--peer-down", "3furlongs"}, "err.opt.flag_unknown_unit"},
        {{"--piece-size", "3furlongs"}, "err.opt.flag_unknown_unit"},
        {{"--piece-size", "0.5"}, "err.opt.piece_size_range"},
        {{"--server-up", "0"}, "err.opt.not_positive"},
        {{"--peer-up", "0:10"}, "err.opt.not_positive"},
        {{"--peer-up", "2MiB/s:10,512KiB/s"}, "err.opt.classes_need_counts"},
        {{"--peers", "40", "--peer-up", "2MiB/s:10,512KiB/s:20"}, "err.opt.class_counts"},
        {{"--peer-down", "2MiB/s:11"}, "err.opt.class_counts"},
        {{"--warp"}, "err.opt.needs_value"},
        {{"--warp", "9"}, "err.opt.unknown_option"},
        {{"--preset", "greedy"}, "err.opt.unknown_preset"},
        {{"--picker", "fastest"}, "err.opt.unknown_picker"},
        {{"--choking", "maybe"}, "err.opt.on_off"},
        {{"--seed-rotation", "maybe"}, "err.opt.on_off"},
        {{"--after-complete", "later"}, "err.opt.after_complete"},
        {{"--late", "3"}, "err.opt.late_form"},
        {{"--peers", "3", "--free-riders", "4"}, "err.opt.cannot_exceed"},
        {{"--peers", "2", "--late", "3@5"}, "err.opt.late_exceeds"},
    };
    std::set<std::string> seen;
    for (const auto& [args, key] : cases) {
        const Result<RunOptions> o = parse_run_options(args);
        const std::string what = args.front() + " " + (args.size() > 1 ? args[1] : "");  // (clang 14 cannot capture a binding)
        INFO(what);
        REQUIRE_FALSE(o.ok());
        CHECK(o.error().key == key);
        check_keyed(o.error());
        // A list in the values has no "or" or "and": the template says it, in each language.
        for (const std::string& a : o.error().args)
            CHECK((a.find(" or ") == std::string::npos && a.find(" and ") == std::string::npos));
        seen.insert(o.error().key);
    }
    for (const Result<double>& r : {parse_rate("fast"), parse_size("3 parsecs")}) {
        REQUIRE_FALSE(r.ok());
        check_keyed(r.error());
        seen.insert(r.error().key);
    }
    for (const std::string& key : keys_with_prefix("err.opt.")) {
        INFO("no case makes " << key);
        CHECK(seen.count(key) == 1);
    }
    // The option names go in the values, so a lesson can say them its own way.
    const Error counts = parse_run_options({"--peers", "40", "--peer-up", "2MiB/s:10,512KiB/s:20"}).error();
    CHECK(counts.args == std::vector<std::string>{"--peer-up", "30", "--peers", "40"});
    // --until's condition keeps its own words; the option and the column are the place.
    const Error until = parse_run_options({"--until", "peer 1 chokes 2"}).error();
    CHECK(until.key == "err.cond.expected_either_after");
    check_keyed(until, "--until: column 15: ");
}

TEST_CASE("every error of a lesson has a key whose English, filled, is the message without its place") {
    const std::vector<Case> cases = {
        // The JSON itself.
        {R"({"format": 1, "title": "t", "steps": [{"text": "go"},]})", "err.lesson.json_expected"},
        {R"({"format": 1, "title": "t)", "err.lesson.json"},
        {R"({"format": 1, "title": nope, "steps": []})", "err.lesson.json_literal"},
        {R"({"format": 1, "title": "t", "steps": [{"text": "go"}]} x)", "err.lesson.json_literal_expected"},
        {"{\"format\": 1, \"title\": \"a\nb\", \"steps\": []}", "err.lesson.json_line_end"},
        {"{\"format\": 1, \"ti\ntle\": \"t\", \"steps\": []}", "err.lesson.json_line_end_expected"},
        {R"({"format": 1, "title": "t")", "err.lesson.json_ends_expected"},
        // The lesson's own words.
        {"[]", "err.lesson.not_object.lesson"},
        {R"({"format": 1, "steps": [{"text": "go"}]})", "err.lesson.missing"},
        {R"({"format": 2, "title": "t", "steps": [{"text": "go"}]})", "err.lesson.newer_format"},
        {R"({"format": 0, "title": "t", "steps": [{"text": "go"}]})", "err.lesson.format_too_small"},
        {R"({"format": "1", "title": "t", "steps": [{"text": "go"}]})", "err.lesson.format_not_whole"},
        {R"({"format": 1, "title": 5, "steps": [{"text": "go"}]})", "err.lesson.expected_text"},
        {R"({"format": 1, "title": "", "steps": [{"text": "go"}]})", "err.lesson.empty_text"},
        {R"({"format": 1, "title": "t", "steps": []})", "err.lesson.no_steps"},
        {R"({"format": 1, "title": "t", "steps": ["go"]})", "err.lesson.not_object.step"},
        {R"({"format": 1, "title": "t", "tite": "u", "steps": [{"text": "go"}]})", "err.lesson.unknown_key.lesson"},
        {R"({"format": 1, "title": "t", "setup": [], "steps": [{"text": "go"}]})", "err.lesson.not_object.setup"},
        {lesson(R"("peerz": 4)"), "err.lesson.unknown_key.setup"},
        {lesson(R"("choking": "off")"), "err.lesson.expected_boolean"},
        {lesson(R"("preset": true)"), "err.lesson.expected_text_or_number"},
        {lesson(R"("peers": 999, "seeds": 2)"), "err.lesson.too_many_peers"},
        {lesson(R"("latency": 5)"), "err.lesson.not_object.latency"},
        {lesson(R"("latency": {"min": "1s", "max": "2s", "mean": "1s"})"), "err.lesson.unknown_key.latency"},
        {lesson(R"("latency": {"min": "5s", "max": "1s"})"), "err.lesson.latency_range"},
        {lesson(R"("latency": {"min": "1s", "max": "2 days"})"), "err.lesson.expected_time"},
        {lesson(R"("latency": {"min": -1, "max": 2})"), "err.lesson.time_range"},
        {lesson(R"("peer_up": [])"), "err.lesson.expected_rate_or_classes"},
        {lesson(R"("peer_up": [5])"), "err.lesson.not_object.class"},
        {lesson(R"("peer_up": [{"rate": "1MiB/s", "count": 4, "kind": 1}])"), "err.lesson.unknown_key.class"},
        {lesson(R"("peer_up": [{"rate": true, "count": 4}])"), "err.lesson.expected_rate"},
        {lesson(R"("peer_up": [{"rate": "1MiB/s", "count": 0}])"), "err.lesson.whole_number_range"},
        {lesson(R"("peer_up": [{"rate": "1MiB/s", "count": "4"}])"), "err.lesson.expected_whole_number"},
        {lesson(R"("events": {})"), "err.lesson.expected_changes"},
        {lesson(R"("events": ["join"])"), "err.lesson.not_object.change"},
        {lesson(R"("events": [{"at": 1, "peer": 1, "do": "join", "why": 1}])"), "err.lesson.unknown_key.change"},
        {lesson(R"("events": [{"at": 1, "peer": 1, "do": "dance"}])"), "err.lesson.unknown_change"},
        {lesson(R"("events": [{"at": 1, "peer": 1, "do": "upload", "rate": 0}])"), "err.lesson.rate_not_positive"},
        {lesson(R"("events": [{"at": 1, "peer": 1, "do": "join", "rate": 5}])"), "err.lesson.rate_without_upload"},
        {lesson("", R"("until": "time >= 1s", "step": {"unit": "event"})"), "err.lesson.until_and_step"},
        {lesson("", R"("step": 3)"), "err.lesson.not_object.step_by"},
        {lesson("", R"("step": {"unit": "event", "by": 2})"), "err.lesson.unknown_key.step_by"},
        {lesson("", R"("step": {"unit": "round"})"), "err.lesson.unknown_step_unit"},
        {lesson("", R"("untill": "time >= 1s")"), "err.lesson.unknown_key.step"},
        {lesson("", R"("expect": "peer 1 complete")"), "err.lesson.expected_conditions"},
        {lesson("", R"("expect_compared": ["peer 1 complete"])"), "err.lesson.expect_compared_alone"},
        {lesson("", R"("highlight": [])"), "err.lesson.not_object.highlight"},
        {lesson("", R"("highlight": {"peer": [1]})"), "err.lesson.unknown_key.highlight"},
        {lesson("", R"("highlight": {"peers": 1})"), "err.lesson.expected_list"},
        {lesson("", R"("highlight": {"connections": [[1]]})"), "err.lesson.connection_pair"},
        {lesson("", R"("highlight": {"panels": ["graph"]})"), "err.lesson.unknown_panel"},
        {lesson("", R"("question": "why?")"), "err.lesson.not_object.question"},
        {lesson("", R"("question": {"prompt": "?", "answer": 1, "hint": "x"})"), "err.lesson.unknown_key.question"},
        {lesson("", R"("question": {"prompt": "?", "choices": ["a"], "answer": "a"})"), "err.lesson.choices_count"},
        {lesson("", R"("question": {"prompt": "?", "choices": ["a", "b"], "answer": "c"})"), "err.lesson.answer_not_a_choice"},
        {lesson("", R"("question": {"prompt": "?", "choices": ["a", "b"], "answer": "a", "unit": "s"})"),
         "err.lesson.tolerance_with_choices"},
        {lesson("", R"("question": {"prompt": "?", "answer": "a"})"), "err.lesson.answer_not_number"},
        {lesson("", R"("question": {"prompt": "?", "answer": 1, "tolerance": -1})"), "err.lesson.number_at_least"},
        {lesson("", "", R"(, "compare": 1)"), "err.lesson.not_object.compare"},
        {lesson("", "", R"(, "compare": {"label": "a", "other_label": "b", "setup": {}, "colour": 1})"),
         "err.lesson.unknown_key.compare"},
        {lesson("", "", R"(, "compare": {"label": "a", "other_label": "b", "setup": {"rng_seed": 3}})"),
         "err.lesson.compare_rng_seed"},
        {lesson("", "", R"(, "sweep": [])"), "err.lesson.not_object.sweep"},
        {lesson("", "", R"(, "sweep": {"setting": "peers", "values": [2, 4], "step": 2})"), "err.lesson.unknown_key.sweep"},
        {lesson("", "", R"(, "sweep": {"setting": "events", "values": [2, 4]})"), "err.lesson.unknown_setting"},
        {lesson("", "", R"(, "sweep": {"setting": "peers", "values": [2]})"), "err.lesson.sweep_values_count"},
        {lesson("", "", R"(, "sweep": {"setting": "peers", "values": [2, 4], "max_ratio": 0.5})"), "err.lesson.number_at_least"},
        {lesson("", "",
                R"(, "compare": {"label": "a", "other_label": "b", "setup": {}}, "sweep": {"setting": "peers", "values": [2, 4]})"),
         "err.lesson.compare_and_sweep"},
        // A set-up value goes through the options' parser, in the lesson's names.
        {lesson(R"("peers": "many")"), "err.opt.whole_number"},
        {lesson(R"("server_up": "3furlongs")"), "err.opt.flag_unknown_unit"},
        {lesson(R"("events": [{"at": 1, "peer": 1, "do": "upload", "rate": "fast"}])"), "err.opt.not_a_number"},
        // A condition keeps its own words.
        {lesson("", R"("until": "peer 1 chokes 2")"), "err.cond.expected_either_after"},
        {lesson("", R"("expect": ["peer 40 complete"])"), "err.cond.no_such_peer"},
    };
    std::set<std::string> seen;
    for (const Case& c : cases) {
        INFO(c.text);
        const Result<Lesson> l = parse_lesson(c.text);
        REQUIRE_FALSE(l.ok());
        CHECK(l.error().key == c.key);
        check_keyed(l.error());
        seen.insert(l.error().key);
    }
    // The rest are all made above but two kept for safety: the JSON's end without what was expected (nlohmann
    // names it each time), and nlohmann refusing a value once parsed.
    for (const std::string& key : keys_with_prefix("err.lesson.")) {
        if (key == "err.lesson.json_ends" || key == "err.lesson.json_exception") continue;
        INFO("no case makes " << key);
        CHECK(seen.count(key) == 1);
    }
}

TEST_CASE("a lesson's errors: the options' words in the lesson's names, a condition's without its column") {
    const std::string counts =
        lesson(R"("peers": 12, "peer_up": [{"rate": "32KiB/s", "count": 4}, {"rate": "8KiB/s", "count": 6}])");
    const Error c = parse_lesson(counts).error();
    CHECK(c.message == "peer_up: the classes' counts add up to 10 peers, but peers is 12; they must be equal");
    CHECK(c.key == "err.opt.class_counts");
    CHECK(c.args == std::vector<std::string>{"peer_up", "10", "peers", "12"});

    CHECK(parse_lesson(lesson(R"("free_riders": 5)")).error().message == "free_riders cannot exceed peers");
    CHECK(parse_lesson(lesson(R"("after_complete": "later")")).error().args ==
          std::vector<std::string>{"after_complete", "later"});

    const std::string cond = lesson("", R"("until": "peer 1 chokes 2")");
    const Error b = parse_lesson(cond).error();
    CHECK(b.key == "err.cond.expected_either_after");
    CHECK(b.args == std::vector<std::string>{"'peer'", "'any'", "'chokes'"});
    CHECK(b.message == "expected 'peer' or 'any' after 'chokes'");
    CHECK(b.offset == cond.find("peer 1 chokes") + 14);  // the condition's column 15, in the file

    const Error p = parse_lesson(lesson("", R"("expect": ["peer 40 complete"])")).error();
    CHECK(p.key == "err.cond.no_such_peer");
    CHECK(p.message == "peer 40 does not exist (the swarm has 5 peers)");

    const Error key = parse_lesson(lesson("", R"("untill": "time >= 1s")")).error();
    CHECK(key.message == "unknown key \"untill\" in a step; expected text, until, step, highlight, question, expect, expect_compared");
    CHECK(key.args == std::vector<std::string>{"untill", "text, until, step, highlight, question, expect, expect_compared"});

    const Error json = parse_lesson(R"({"format": 1, "title": "t", "steps": [{"text": "go"},]})").error();
    CHECK(json.message.rfind("the JSON does not parse: ", 0) == 0);
}

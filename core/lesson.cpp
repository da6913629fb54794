#include "lesson.h"

#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

#include "controller.h"
#include "error_words.h"
#include "json_positions.h"
#include "lecture_config.h"
#include "run_options.h"
#include "swarm.h"

namespace swarmscope {

namespace {

using nlohmann::json;

// Thrown inside the loader only, and turned into an Error that points at the offending value.
struct Fault {
    std::string pointer;             // JSON pointer of the value, or of its key with "#key"
    std::string key;                 // the words: a key of error_words.h ("err.lesson.missing") ...
    std::vector<std::string> args;   // ... and its values
    size_t extra = 0;                // characters into the value (a condition's column)
};

// The kind of value found. It goes into the words as an argument, so the page says it in English.
// In English; the page tells it in its language (its key is err.kind.*).
std::string type_word(const json& j) {
    switch (j.type()) {
        case json::value_t::object: return std::string(error_english("err.kind.object"));
        case json::value_t::array: return std::string(error_english("err.kind.list"));
        case json::value_t::string: return std::string(error_english("err.kind.text"));
        case json::value_t::boolean: return std::string(error_english("err.kind.boolean"));
        case json::value_t::null: return std::string(error_english("err.kind.null"));
        default: return std::string(error_english("err.kind.number"));
    }
}

void need(bool ok, const std::string& pointer, const char* key, std::vector<std::string> args = {}) {
    if (!ok) throw Fault{pointer, key, std::move(args)};
}

const json& member(const json& object, const std::string& key, const std::string& pointer) {
    need(object.contains(key), pointer, "err.lesson.missing", {key});
    return object.at(key);
}

std::string text_of(const json& j, const std::string& pointer, bool allow_empty = false) {
    need(j.is_string(), pointer, "err.lesson.expected_text", {type_word(j)});
    const std::string s = j.get<std::string>();
    need(allow_empty || !s.empty(), pointer, "err.lesson.empty_text");
    return s;
}

long long integer_of(const json& j, const std::string& pointer, long long lo, long long hi) {
    need(j.is_number_integer() || j.is_number_unsigned(), pointer, "err.lesson.expected_whole_number", {type_word(j)});
    const long long v = j.get<long long>();
    need(v >= lo && v <= hi, pointer, "err.lesson.whole_number_range", {std::to_string(lo), std::to_string(hi)});
    return v;
}

// `what` names the object in the keys of its errors: "step" for "err.lesson.unknown_key.step" ("... in a step").
void known_keys(const json& object, const std::string& pointer, const std::vector<const char*>& keys, const std::string& what) {
    if (!object.is_object()) throw Fault{pointer, "err.lesson.not_object." + what, {type_word(object)}};
    for (const auto& item : object.items()) {
        bool known = false;
        for (const char* k : keys) known = known || item.key() == k;
        if (known) continue;
        std::string list;
        for (const char* k : keys) list += std::string(list.empty() ? "" : ", ") + k;
        throw Fault{pointer + "/" + item.key() + "#key", "err.lesson.unknown_key." + what, {item.key(), list}};
    }
}

// 30, "30s", "1500ms", "2min": seconds when bare.
SimTime duration_of(const json& j, const std::string& pointer) {
    if (j.is_number()) {
        const double v = j.get<double>();
        need(v >= 0 && v < 1e7, pointer, "err.lesson.time_range");
        return static_cast<SimTime>(std::llround(v * 1e6));
    }
    const std::string s = text_of(j, pointer);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    const std::string unit(end);
    double scale = 0;
    if (unit == "s" || unit.empty()) scale = 1e6;
    else if (unit == "ms") scale = 1e3;
    else if (unit == "min") scale = 60e6;
    need(end != s.c_str() && scale > 0 && v >= 0 && v * scale < 1e13, pointer, "err.lesson.expected_time", {s});
    return static_cast<SimTime>(std::llround(v * scale));
}

// A rate as text ("16KiB/s") or bytes per second; classes as [{"rate": ..., "count": ...}, ...].
std::string rate_arg(const json& j, const std::string& pointer) {
    if (j.is_number()) return std::to_string(j.get<double>());
    if (j.is_string()) return j.get<std::string>();
    need(j.is_array() && !j.empty(), pointer, "err.lesson.expected_rate_or_classes");
    std::string out;
    for (size_t i = 0; i < j.size(); ++i) {
        const std::string at = pointer + "/" + std::to_string(i);
        known_keys(j[i], at, {"rate", "count"}, "class");
        const json& rate = member(j[i], "rate", at);
        need(rate.is_string() || rate.is_number(), at + "/rate", "err.lesson.expected_rate");
        out += (out.empty() ? "" : ",") + (rate.is_string() ? rate.get<std::string>() : std::to_string(rate.get<double>())) +
               ":" + std::to_string(integer_of(member(j[i], "count", at), at + "/count", 1, 100000));
    }
    return out;
}

const char* const setup_keys_text = "peers, seeds, pieces, piece_size, server_up, peer_up, peer_down, preset, picker, choking, "
                                    "seed_rotation, after_complete, free_riders, rng_seed, latency, events";

// The set-up keys in the order they are applied: the counts first, so the classes can be checked against them.
const char* const setup_order[] = {"peers",   "seeds",         "pieces",         "piece_size",  "server_up",
                                   "peer_up", "peer_down",     "preset",         "picker",      "choking",
                                   "seed_rotation", "after_complete", "free_riders", "rng_seed", "latency", "events"};

ChangeKind change_kind_of(const std::string& word, const std::string& pointer) {
    static const ChangeKind kinds[] = {ChangeKind::join,       ChangeKind::leave,       ChangeKind::free_rider,
                                       ChangeKind::stop_free_riding, ChangeKind::set_upload, ChangeKind::corrupt_block,
                                       ChangeKind::add_leecher, ChangeKind::remove};
    std::string list;
    for (ChangeKind k : kinds) {
        if (word == change_kind_name(k)) return k;
        list += std::string(list.empty() ? "" : ", ") + change_kind_name(k);
    }
    throw Fault{pointer, "err.lesson.unknown_change", {word, list}};
}

void apply_events(const json& events, const std::string& pointer, SwarmConfig& c) {
    need(events.is_array(), pointer, "err.lesson.expected_changes", {type_word(events)});
    for (size_t i = 0; i < events.size(); ++i) {
        const std::string at = pointer + "/" + std::to_string(i);
        known_keys(events[i], at, {"at", "peer", "do", "rate"}, "change");
        ScheduledChange s;
        s.time = duration_of(member(events[i], "at", at), at + "/at");
        s.kind = change_kind_of(text_of(member(events[i], "do", at), at + "/do"), at + "/do");
        if (s.kind != ChangeKind::add_leecher) {
            const long long total = c.peers + c.seeds;
            s.peer = static_cast<PeerId>(integer_of(member(events[i], "peer", at), at + "/peer", 0, total - 1));
        }
        if (s.kind == ChangeKind::set_upload) {
            const json& rate = member(events[i], "rate", at);
            Result<double> r = rate.is_number() ? Result<double>(rate.get<double>()) : parse_rate(text_of(rate, at + "/rate"));
            if (!r) throw Fault{at + "/rate", r.error().key, r.error().args};
            need(*r > 0, at + "/rate", "err.lesson.rate_not_positive");
            s.value = *r;
        } else {
            need(!events[i].contains("rate"), at + "/rate#key", "err.lesson.rate_without_upload");
        }
        c.schedule.push_back(s);
    }
}

// Applies a set-up object onto `c`, key by key, through the command line's own parser, so a lesson and
// `swarmscope run` accept exactly the same values and give the same messages.
void apply_setup(const json& setup, const std::string& pointer, SwarmConfig& c) {
    known_keys(setup, pointer, std::vector<const char*>(std::begin(setup_order), std::end(setup_order)), "setup");
    for (const char* key : setup_order) {
        if (!setup.contains(key)) continue;
        const json& v = setup.at(key);
        const std::string at = pointer + "/" + key;
        const std::string k = key;
        if (k == "events") {
            apply_events(v, at, c);
            continue;
        }
        if (k == "latency") {
            known_keys(v, at, {"min", "max"}, "latency");
            c.latency_min = duration_of(member(v, "min", at), at + "/min");
            c.latency_max = duration_of(member(v, "max", at), at + "/max");
            need(c.latency_min <= c.latency_max && c.latency_max <= seconds(10), at, "err.lesson.latency_range");
            continue;
        }
        std::string arg;
        if (k == "choking" || k == "seed_rotation") {
            need(v.is_boolean(), at, "err.lesson.expected_boolean", {type_word(v)});
            arg = v.get<bool>() ? "on" : "off";
        } else if (k == "server_up" || k == "peer_up" || k == "peer_down") {
            arg = rate_arg(v, at);
        } else if (v.is_number_integer() || v.is_number_unsigned()) {
            arg = std::to_string(v.get<long long>());
        } else {
            need(v.is_string(), at, "err.lesson.expected_text_or_number", {type_word(v)});
            arg = v.get<std::string>();
        }
        std::string flag = "--" + k;
        for (char& ch : flag) ch = ch == '_' ? '-' : ch;
        Result<RunOptions> parsed = parse_run_options({flag, arg}, c);
        if (!parsed) {  // the command line's words, in the lesson's: "peer_up", not "--peer-up"
            std::vector<std::string> args = parsed.error().args;
            for (std::string& a : args)
                for (size_t i = a.find("--"); i != std::string::npos; i = a.find("--", i)) {
                    a.erase(i, 2);
                    for (size_t j = i; j < a.size() && (std::isalnum(static_cast<unsigned char>(a[j])) || a[j] == '-'); ++j)
                        if (a[j] == '-') a[j] = '_';
                }
            throw Fault{at, parsed.error().key, std::move(args)};
        }
        c = parsed->config;
    }
    need(c.peers + c.seeds <= 1000, pointer, "err.lesson.too_many_peers");
}

std::optional<StepUnit> unit_of(std::string word) {
    for (char& ch : word) ch = ch == '_' ? ' ' : ch;
    for (int u = 0; u <= static_cast<int>(StepUnit::completion); ++u)
        if (word == step_unit_name(static_cast<StepUnit>(u))) return static_cast<StepUnit>(u);
    return std::nullopt;
}

Condition condition_of(const json& j, const std::string& pointer, const Swarm& swarm) {
    const std::string text = text_of(j, pointer);
    Result<Condition> c = parse_condition(text);
    // The condition's own words ("err.cond.*", without its column), at its column in the file.
    if (!c) throw Fault{pointer, c.error().key, c.error().args, c.error().offset};
    if (std::optional<Error> bad = validate(*c, swarm)) throw Fault{pointer, bad->key, bad->args, bad->offset};
    return std::move(*c);
}

LessonQuestion question_of(const json& q, const std::string& at) {
    known_keys(q, at, {"prompt", "choices", "answer", "tolerance", "unit", "explain"}, "question");
    LessonQuestion out;
    out.prompt = text_of(member(q, "prompt", at), at + "/prompt");
    if (q.contains("explain")) out.explain = text_of(q.at("explain"), at + "/explain");
    const json& answer = member(q, "answer", at);
    if (q.contains("choices")) {
        const json& choices = q.at("choices");
        need(choices.is_array() && choices.size() >= 2 && choices.size() <= 8, at + "/choices", "err.lesson.choices_count");
        for (size_t i = 0; i < choices.size(); ++i) out.choices.push_back(text_of(choices[i], at + "/choices/" + std::to_string(i)));
        const std::string right = text_of(answer, at + "/answer");
        for (size_t i = 0; i < out.choices.size(); ++i)
            if (out.choices[i] == right) out.answer = static_cast<int>(i);
        need(out.answer >= 0, at + "/answer", "err.lesson.answer_not_a_choice");
        need(!q.contains("tolerance") && !q.contains("unit"), at, "err.lesson.tolerance_with_choices");
    } else {
        need(answer.is_number(), at + "/answer", "err.lesson.answer_not_number");
        out.number = answer.get<double>();
        if (q.contains("tolerance")) {
            need(q.at("tolerance").is_number() && q.at("tolerance").get<double>() >= 0, at + "/tolerance", "err.lesson.number_at_least",
                 {"0"});
            out.tolerance = q.at("tolerance").get<double>();
        }
        if (q.contains("unit")) out.unit = text_of(q.at("unit"), at + "/unit");
    }
    return out;
}

LessonHighlight highlight_of(const json& h, const std::string& at, const Swarm& swarm) {
    known_keys(h, at, {"peers", "pieces", "connections", "panels"}, "highlight");
    LessonHighlight out;
    const long long peers = static_cast<long long>(swarm.peers().size()) - 1;
    const long long pieces = static_cast<long long>(swarm.copies().size()) - 1;
    auto list = [&](const char* key) -> const json& {
        const json& l = h.at(key);
        need(l.is_array(), at + "/" + key, "err.lesson.expected_list", {type_word(l)});
        return l;
    };
    if (h.contains("peers"))
        for (size_t i = 0; i < list("peers").size(); ++i)
            out.peers.push_back(static_cast<PeerId>(integer_of(h["peers"][i], at + "/peers/" + std::to_string(i), 0, peers)));
    if (h.contains("pieces"))
        for (size_t i = 0; i < list("pieces").size(); ++i)
            out.pieces.push_back(static_cast<PieceIndex>(integer_of(h["pieces"][i], at + "/pieces/" + std::to_string(i), 0, pieces)));
    if (h.contains("connections"))
        for (size_t i = 0; i < list("connections").size(); ++i) {
            const std::string c = at + "/connections/" + std::to_string(i);
            const json& pair = h["connections"][i];
            need(pair.is_array() && pair.size() == 2, c, "err.lesson.connection_pair");
            out.connections.emplace_back(static_cast<PeerId>(integer_of(pair[0], c + "/0", 0, peers)),
                                         static_cast<PeerId>(integer_of(pair[1], c + "/1", 0, peers)));
        }
    if (h.contains("panels"))
        for (size_t i = 0; i < list("panels").size(); ++i) {
            const std::string p = at + "/panels/" + std::to_string(i);
            const std::string name = text_of(h["panels"][i], p);
            need(name == "narration" || name == "pieces" || name == "distribution" || name == "inspector" || name == "timeline", p,
                 "err.lesson.unknown_panel", {name});
            out.panels.push_back(name);
        }
    return out;
}

std::vector<LessonCheck> checks_of(const json& list, const std::string& at, int which, const Swarm& swarm) {
    need(list.is_array(), at, "err.lesson.expected_conditions", {type_word(list)});
    std::vector<LessonCheck> out;
    for (size_t i = 0; i < list.size(); ++i) {
        const std::string c = at + "/" + std::to_string(i);
        out.push_back(LessonCheck{text_of(list[i], c), condition_of(list[i], c, swarm), which});
    }
    return out;
}

LessonStep step_of(const json& s, const std::string& at, const Swarm& swarm, bool compare) {
    known_keys(s, at, {"text", "until", "step", "highlight", "question", "expect", "expect_compared"}, "step");
    LessonStep out;
    out.text = text_of(member(s, "text", at), at + "/text");
    need(!(s.contains("until") && s.contains("step")), at, "err.lesson.until_and_step");
    if (s.contains("until")) {
        out.until_text = text_of(s.at("until"), at + "/until");
        out.until = condition_of(s.at("until"), at + "/until", swarm);
    }
    if (s.contains("step")) {
        const json& by = s.at("step");
        known_keys(by, at + "/step", {"unit", "count"}, "step_by");
        const std::string word = text_of(member(by, "unit", at + "/step"), at + "/step/unit");
        const std::optional<StepUnit> unit = unit_of(word);
        need(unit.has_value(), at + "/step/unit", "err.lesson.unknown_step_unit", {word});
        out.unit = *unit;
        out.count = by.contains("count") ? static_cast<int>(integer_of(by.at("count"), at + "/step/count", 1, 100000)) : 1;
    }
    if (s.contains("highlight")) out.highlight = highlight_of(s.at("highlight"), at + "/highlight", swarm);
    if (s.contains("question")) out.question = question_of(s.at("question"), at + "/question");
    if (s.contains("expect")) out.expect = checks_of(s.at("expect"), at + "/expect", 0, swarm);
    if (s.contains("expect_compared")) {
        need(compare, at + "/expect_compared#key", "err.lesson.expect_compared_alone");
        for (LessonCheck& c : checks_of(s.at("expect_compared"), at + "/expect_compared", 1, swarm)) out.expect.push_back(std::move(c));
    }
    return out;
}

Lesson lesson_of(const json& root, std::string name) {
    known_keys(root, "", {"$schema", "format", "title", "summary", "setup", "compare", "sweep", "steps"}, "lesson");
    Lesson l;
    l.name = std::move(name);
    const json& format = member(root, "format", "");
    need(format.is_number_integer(), "/format", "err.lesson.format_not_whole");
    need(format.get<long long>() <= lesson_format, "/format", "err.lesson.newer_format",
         {std::to_string(format.get<long long>()), std::to_string(lesson_format)});
    need(format.get<long long>() >= 1, "/format", "err.lesson.format_too_small");
    l.title = text_of(member(root, "title", ""), "/title");
    if (root.contains("summary")) l.summary = text_of(root.at("summary"), "/summary");
    l.config = lecture_config();
    if (root.contains("setup")) apply_setup(root.at("setup"), "/setup", l.config);
    if (root.contains("compare")) {
        const json& c = root.at("compare");
        known_keys(c, "/compare", {"label", "other_label", "setup"}, "compare");
        LessonCompare cmp;
        cmp.label = text_of(member(c, "label", "/compare"), "/compare/label");
        cmp.other_label = text_of(member(c, "other_label", "/compare"), "/compare/other_label");
        cmp.config = l.config;
        cmp.config.schedule.clear();  // the other swarm's events are its own, if it names them
        if (!member(c, "setup", "/compare").contains("events")) cmp.config.schedule = l.config.schedule;
        apply_setup(c.at("setup"), "/compare/setup", cmp.config);
        need(!c.at("setup").contains("rng_seed"), "/compare/setup/rng_seed#key", "err.lesson.compare_rng_seed");
        l.compare = std::move(cmp);
    }
    if (root.contains("sweep")) {
        const json& s = root.at("sweep");
        known_keys(s, "/sweep", {"setting", "values", "max_ratio"}, "sweep");
        LessonSweep sweep;
        sweep.setting = text_of(member(s, "setting", "/sweep"), "/sweep/setting");
        bool known = false;
        for (const char* k : setup_order) known = known || (sweep.setting == k && sweep.setting != "events" && sweep.setting != "latency");
        need(known, "/sweep/setting", "err.lesson.unknown_setting", {sweep.setting, setup_keys_text});
        const json& values = member(s, "values", "/sweep");
        need(values.is_array() && values.size() >= 2 && values.size() <= 12, "/sweep/values", "err.lesson.sweep_values_count");
        for (size_t i = 0; i < values.size(); ++i) {
            SwarmConfig c = l.config;
            apply_setup(json{{sweep.setting, values[i]}}, "/sweep/values/" + std::to_string(i), c);
            sweep.values.push_back(values[i].is_string() ? values[i].get<std::string>() : values[i].dump());
            sweep.configs.push_back(c);
        }
        if (s.contains("max_ratio")) {
            need(s.at("max_ratio").is_number() && s.at("max_ratio").get<double>() >= 1, "/sweep/max_ratio", "err.lesson.number_at_least",
                 {"1"});
            sweep.max_ratio = s.at("max_ratio").get<double>();
        }
        need(!l.compare, "/sweep", "err.lesson.compare_and_sweep");
        l.sweep = std::move(sweep);
    }
    const json& steps = member(root, "steps", "");
    need(steps.is_array() && !steps.empty(), "/steps", "err.lesson.no_steps");
    SwarmConfig probe = l.config;
    probe.keep_trace = false;
    const Swarm swarm(probe);  // peer and piece numbers are checked against it
    for (size_t i = 0; i < steps.size(); ++i)
        l.steps.push_back(step_of(steps[i], "/steps/" + std::to_string(i), swarm, l.compare.has_value()));
    return l;
}

}  // namespace

std::optional<bool> LessonQuestion::check(std::string_view answer_text) const {
    std::string a(answer_text);
    while (!a.empty() && a.back() == ' ') a.pop_back();
    while (!a.empty() && a.front() == ' ') a.erase(a.begin());
    if (a.empty()) return std::nullopt;
    if (multiple_choice()) {
        int index = -1;
        if (a.size() == 1 && std::isalpha(static_cast<unsigned char>(a[0]))) index = std::toupper(static_cast<unsigned char>(a[0])) - 'A';
        else if (a.find_first_not_of("0123456789") == std::string::npos && a.size() < 3) index = std::stoi(a) - 1;
        else
            for (size_t i = 0; i < choices.size(); ++i)
                if (choices[i] == a) index = static_cast<int>(i);
        if (index < 0 || index >= static_cast<int>(choices.size())) return std::nullopt;
        return index == answer;
    }
    char* end = nullptr;
    const double v = std::strtod(a.c_str(), &end);
    if (end == a.c_str() || !std::isfinite(v)) return std::nullopt;
    return std::fabs(v - *number) <= tolerance + 1e-9 * std::fabs(*number);
}

Result<Lesson> parse_lesson(std::string_view text, std::string name) {
    json root;
    try {
        root = json::parse(text.begin(), text.end(), nullptr, true, /*ignore_comments=*/true);
    } catch (const json::parse_error& e) {
        // nlohmann's message starts "[json.exception.parse_error.101] parse error at line 3, column 5: "; keep what follows.
        std::string why = e.what();
        const size_t colon = why.find(": ", why.find("parse error"));
        if (colon != std::string::npos) why = why.substr(colon + 2);
        // "syntax error while parsing object - invalid literal; last read: '...'; expected '}'": the place is
        // given already, so keep what went wrong and what was expected, in plainer words.
        std::string what, expected;
        size_t at = 0;
        while (at <= why.size()) {
            const size_t end = std::min(why.find("; ", at), why.size());
            std::string part = why.substr(at, end - at);
            const size_t dash = part.find(" - ");
            if (part.rfind("syntax error", 0) == 0 && dash != std::string::npos) part = part.substr(dash + 3);
            if (part.rfind("expected ", 0) == 0) expected = part;
            else if (part.rfind("last read", 0) != 0 && what.empty()) what = part;
            at = end + 2;
        }
        // Three common faults in plainer words of our own; the others in nlohmann's, as arguments.
        std::string key;
        std::vector<std::string> args;
        if (what == "invalid literal") key = "err.lesson.json_literal";  // "unexpected text (a missing quote or comma?)"
        else if (what.find("control character U+000A") != std::string::npos) key = "err.lesson.json_line_end";
        else if (what.rfind("unexpected end of input", 0) == 0) key = "err.lesson.json_ends";
        else {
            key = "err.lesson.json";
            args.push_back(what.empty() ? why : what);
        }
        if (!expected.empty()) {
            key += "_expected";
            args.push_back(expected);
        }
        const size_t offset = e.byte > 0 ? e.byte - 1 : 0;
        return keyed_error(std::move(key), std::move(args), std::min(offset, text.size()));
    }
    try {
        Lesson lesson = lesson_of(root, std::move(name));
        const std::unordered_map<std::string, size_t> offsets = json_value_offsets(text);
        for (size_t i = 0; i < lesson.steps.size(); ++i) {
            const auto at = offsets.find("/steps/" + std::to_string(i));
            if (at != offsets.end()) lesson.steps[i].line = place_of(text, at->second).line;
        }
        return lesson;
    } catch (const Fault& f) {
        const std::unordered_map<std::string, size_t> offsets = json_value_offsets(text);
        auto at = offsets.find(f.pointer);
        if (at == offsets.end()) at = offsets.find(f.pointer.substr(0, f.pointer.find('#')));
        size_t offset = at == offsets.end() ? 0 : at->second;
        if (f.extra > 0) offset += f.extra;  // into a condition: past the opening quote, to its column
        return keyed_error(f.key, f.args, offset);  // the words without a place: the offset is it
    } catch (const json::exception& e) {
        return keyed_error("err.lesson.json_exception", {e.what()});
    }
}

std::string lesson_error_text(std::string_view file, std::string_view text, const Error& error) {
    const TextPlace p = place_of(text, error.offset);
    return std::string(file) + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + error.message;
}

}  // namespace swarmscope

#include "run_options.h"

#include <cmath>
#include <cstdlib>
#include <utility>

#include "error_words.h"

namespace swarmscope {

namespace {

// A rate or size; `flag`, when given, starts the error ("--peer-up: unknown unit ...").
Result<double> parse_amount(std::string_view text, std::string_view suffix_name, const std::string& flag = {}) {
    const std::string s(text);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || !std::isfinite(v) || v < 0)
        return flag.empty() ? keyed_error("err.opt.not_a_number", {s}) : keyed_error("err.opt.flag_not_a_number", {flag, s});
    std::string unit(end);
    if (!suffix_name.empty() && unit.size() >= 2 && unit.substr(unit.size() - 2) == "/s") unit.resize(unit.size() - 2);
    struct Unit { const char* name; double factor; };
    static const Unit units[] = {{"", 1},         {"B", 1},          {"KB", 1e3},      {"KiB", 1024},
                                 {"MB", 1e6},     {"MiB", 1 << 20},  {"GB", 1e9},      {"GiB", 1 << 30},
                                 {"k", 1e3},      {"K", 1e3}};
    for (const Unit& u : units)
        if (unit == u.name) return v * u.factor;
    return flag.empty() ? keyed_error("err.opt.unknown_unit", {unit, s}) : keyed_error("err.opt.flag_unknown_unit", {flag, unit, s});
}

// `key` says which number of the option it is: the option's own, its COUNT or its SECONDS.
Result<long long> parse_int(const std::string& flag, const std::string& text, long long lo, long long hi,
                            const char* key = "err.opt.whole_number") {
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0' || v < lo || v > hi)
        return keyed_error(key, {flag, std::to_string(lo), std::to_string(hi), text});
    return v;
}

// "2MiB/s:10,512KiB/s:30": classes of leechers, in peer order; "1MiB/s": every leecher (no classes).
Result<std::vector<RateClass>> parse_rate_classes(const std::string& flag, const std::string& text) {
    std::vector<RateClass> classes;
    bool counted = false;
    size_t at = 0;
    while (true) {
        const size_t comma = text.find(',', at);
        const std::string item = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
        const size_t colon = item.find(':');
        Result<double> rate = parse_amount(item.substr(0, colon), "/s", flag);
        if (!rate) return rate.error();
        if (*rate <= 0) return keyed_error("err.opt.not_positive", {flag});
        RateClass k{*rate, 0};
        if (colon != std::string::npos) {
            const Result<long long> count = parse_int(flag, item.substr(colon + 1), 1, 100000, "err.opt.count_whole_number");
            if (!count) return count.error();
            k.count = static_cast<int>(*count);
            counted = true;
        }
        classes.push_back(k);
        if (comma == std::string::npos) break;
        at = comma + 1;
    }
    if (classes.size() == 1 && !counted) return classes;  // one rate, count 0: every leecher
    for (const RateClass& k : classes)
        if (k.count == 0)
            return keyed_error("err.opt.classes_need_counts", {flag, text});
    return classes;
}

// One option's rate and classes: a single rate is every leecher's (no classes); with classes, the
// rate is their mean.
std::optional<Error> set_rate_classes(const std::string& flag, const std::string& text, double& rate,
                                      std::vector<RateClass>& classes) {
    Result<std::vector<RateClass>> parsed = parse_rate_classes(flag, text);
    if (!parsed) return parsed.error();
    classes = std::move(*parsed);
    if (classes.front().count == 0) {
        rate = classes.front().rate;
        classes.clear();
        return std::nullopt;
    }
    double sum = 0;
    int count = 0;
    for (const RateClass& k : classes) sum += k.rate * k.count, count += k.count;
    rate = sum / count;
    return std::nullopt;
}

// The classes must cover the leechers exactly.
std::optional<Error> check_classes(const std::string& flag, const std::vector<RateClass>& classes, int peers) {
    if (classes.empty()) return std::nullopt;
    int count = 0;
    for (const RateClass& k : classes) count += k.count;
    if (count == peers) return std::nullopt;
    return keyed_error("err.opt.class_counts", {flag, std::to_string(count), "--peers", std::to_string(peers)});
}

}  // namespace

Result<double> parse_rate(std::string_view text) { return parse_amount(text, "/s"); }
Result<double> parse_size(std::string_view text) { return parse_amount(text, ""); }

Result<RunOptions> parse_run_options(const std::vector<std::string>& args, const SwarmConfig& base) {
    RunOptions o;
    o.config = base;
    SwarmConfig& c = o.config;
    std::pair<int, SimTime> late{0, 0};  // --late: how many of the last leechers join late, and when
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json") { o.json = true; continue; }
        if (a == "--trace") { o.trace = true; continue; }
        if (a == "--narrate") { o.narrate = true; continue; }
        if (i + 1 >= args.size()) return keyed_error("err.opt.needs_value", {a});
        const std::string& v = args[++i];
        auto set_int = [&](auto& field, long long lo, long long hi) -> std::optional<Error> {
            Result<long long> n = parse_int(a, v, lo, hi);
            if (!n) return n.error();
            field = static_cast<std::remove_reference_t<decltype(field)>>(*n);
            return std::nullopt;
        };
        auto set_rate = [&](double& field) -> std::optional<Error> {
            Result<double> r = parse_amount(v, "/s", a);
            if (!r) return r.error();
            if (*r <= 0) return keyed_error("err.opt.not_positive", {a});
            field = *r;
            return std::nullopt;
        };
        std::optional<Error> err;
        if (a == "--peers") err = set_int(c.peers, 1, 100000);
        else if (a == "--seeds") err = set_int(c.seeds, 1, 1000);
        else if (a == "--pieces") err = set_int(c.pieces, 1, 1 << 20);
        else if (a == "--piece-size") {
            Result<double> s = parse_amount(v, "", a);
            if (!s) err = s.error();
            else if (*s < 1 || *s > (1 << 24) || *s != std::floor(*s)) err = keyed_error("err.opt.piece_size_range", {a});
            else c.piece_size = static_cast<uint32_t>(*s);
        } else if (a == "--server-up") err = set_rate(c.server_up);
        else if (a == "--peer-up") err = set_rate_classes(a, v, c.peer_up, c.up_classes);
        else if (a == "--peer-down") err = set_rate_classes(a, v, c.peer_down, c.down_classes);
        else if (a == "--preset") {
            const std::optional<ChokePreset> p = parse_preset(v);
            if (!p) err = keyed_error("err.opt.unknown_preset", {v});
            else c.preset = *p;
        } else if (a == "--picker") {
            const std::optional<PiecePolicy> p = parse_piece_policy(v);
            if (!p) err = keyed_error("err.opt.unknown_picker", {v});
            else c.picker = *p;
        } else if (a == "--choking") {
            if (v != "on" && v != "off") err = keyed_error("err.opt.on_off", {a, v});
            c.choking = v == "on";
        } else if (a == "--seed-rotation") {
            if (v != "on" && v != "off") err = keyed_error("err.opt.on_off", {a, v});
            c.seed_rotation = v == "on";
        } else if (a == "--rng-seed") err = set_int(c.rng_seed, 0, 9007199254740991LL);
        else if (a == "--after-complete") {
            if (v == "stay") c.after_complete = AfterComplete::stay;
            else if (v == "leave") c.after_complete = AfterComplete::leave;
            else {
                long long secs = 0;
                err = set_int(secs, 0, 10000000);
                if (err) err = keyed_error("err.opt.after_complete", {a, v});
                c.after_complete = AfterComplete::linger;
                c.linger = seconds(secs);
            }
        } else if (a == "--free-riders") err = set_int(c.free_riders, 0, 100000);
        else if (a == "--late") {
            // COUNT@SECONDS: the last COUNT leechers join then, not at the start.
            const size_t at = v.find('@');
            const Result<long long> count = parse_int(a, v.substr(0, at), 0, 100000, "err.opt.count_whole_number");
            const Result<long long> secs =
                parse_int(a, at == std::string::npos ? "" : v.substr(at + 1), 0, 10000000, "err.opt.seconds_whole_number");
            if (at == std::string::npos) err = keyed_error("err.opt.late_form", {a, v});
            else if (!count) err = count.error();
            else if (!secs) err = secs.error();
            else late = {static_cast<int>(*count), seconds(*secs)};
        } else if (a == "--until") {
            Result<Condition> cond = parse_condition(v);
            if (!cond) {  // the condition's words and key; the option and column are the place
                err = cond.error();
                err->message = a + ": " + err->message;
            }
            else o.until = std::move(*cond);
        }
        else return keyed_error("err.opt.unknown_option", {a});
        if (err) return *err;
    }
    if (std::optional<Error> bad = check_classes("--peer-up", c.up_classes, c.peers)) return *bad;
    if (std::optional<Error> bad = check_classes("--peer-down", c.down_classes, c.peers)) return *bad;
    if (c.free_riders > c.peers) return keyed_error("err.opt.cannot_exceed", {"--free-riders", "--peers"});
    if (late.first > c.peers) return keyed_error("err.opt.late_exceeds", {"--late", "--peers"});
    for (int i = c.peers - late.first; i < c.peers; ++i) c.schedule.push_back({late.second, static_cast<PeerId>(i), ChangeKind::join});
    return o;
}

}  // namespace swarmscope

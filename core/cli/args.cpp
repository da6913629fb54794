#include "args.h"

#include <cmath>
#include <cstdlib>
#include <utility>

namespace swarmscope {

namespace {

Result<double> parse_amount(std::string_view text, std::string_view suffix_name) {
    const std::string s(text);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || !std::isfinite(v) || v < 0) return Error{"'" + s + "' does not start with a number", 0};
    std::string unit(end);
    if (!suffix_name.empty() && unit.size() >= 2 && unit.substr(unit.size() - 2) == "/s") unit.resize(unit.size() - 2);
    struct Unit { const char* name; double factor; };
    static const Unit units[] = {{"", 1},         {"B", 1},          {"KB", 1e3},      {"KiB", 1024},
                                 {"MB", 1e6},     {"MiB", 1 << 20},  {"GB", 1e9},      {"GiB", 1 << 30},
                                 {"k", 1e3},      {"K", 1e3}};
    for (const Unit& u : units)
        if (unit == u.name) return v * u.factor;
    return Error{"unknown unit '" + unit + "' in '" + s + "'; use B, KB, KiB, MB, MiB, GB or GiB", 0};
}

Result<long long> parse_int(const std::string& flag, const std::string& text, long long lo, long long hi) {
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0' || v < lo || v > hi)
        return Error{flag + " needs a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", not '" + text + "'", 0};
    return v;
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
        if (i + 1 >= args.size()) return Error{"unknown option '" + a + "' or it needs a value", 0};
        const std::string& v = args[++i];
        auto set_int = [&](auto& field, long long lo, long long hi) -> std::optional<Error> {
            Result<long long> n = parse_int(a, v, lo, hi);
            if (!n) return n.error();
            field = static_cast<std::remove_reference_t<decltype(field)>>(*n);
            return std::nullopt;
        };
        auto set_rate = [&](double& field) -> std::optional<Error> {
            Result<double> r = parse_rate(v);
            if (!r) return Error{a + ": " + r.error().message, 0};
            if (*r <= 0) return Error{a + " must be more than 0", 0};
            field = *r;
            return std::nullopt;
        };
        std::optional<Error> err;
        if (a == "--peers") err = set_int(c.peers, 1, 100000);
        else if (a == "--seeds") err = set_int(c.seeds, 1, 1000);
        else if (a == "--pieces") err = set_int(c.pieces, 1, 1 << 20);
        else if (a == "--piece-size") {
            Result<double> s = parse_size(v);
            if (!s) err = Error{a + ": " + s.error().message, 0};
            else if (*s < 1 || *s > (1 << 24) || *s != std::floor(*s)) err = Error{a + " must be 1 B to 16 MiB", 0};
            else c.piece_size = static_cast<uint32_t>(*s);
        } else if (a == "--server-up") err = set_rate(c.server_up);
        else if (a == "--peer-up") err = set_rate(c.peer_up);
        else if (a == "--peer-down") err = set_rate(c.peer_down);
        else if (a == "--preset") {
            const std::optional<ChokePreset> p = parse_preset(v);
            if (!p) err = Error{"unknown preset '" + v + "'; use textbook, bep3 or mainline", 0};
            else c.preset = *p;
        } else if (a == "--picker") {
            const std::optional<PiecePolicy> p = parse_piece_policy(v);
            if (!p) err = Error{"unknown picker '" + v + "'; use rarest, random or sequential", 0};
            else c.picker = *p;
        } else if (a == "--choking") {
            if (v != "on" && v != "off") err = Error{"--choking takes on or off, not '" + v + "'", 0};
            c.choking = v == "on";
        } else if (a == "--seed-rotation") {
            if (v != "on" && v != "off") err = Error{"--seed-rotation takes on or off, not '" + v + "'", 0};
            c.seed_rotation = v == "on";
        } else if (a == "--rng-seed") err = set_int(c.rng_seed, 0, 9007199254740991LL);
        else if (a == "--after-complete") {
            if (v == "stay") c.after_complete = AfterComplete::stay;
            else if (v == "leave") c.after_complete = AfterComplete::leave;
            else {
                long long secs = 0;
                err = set_int(secs, 0, 10000000);
                if (err) err = Error{"--after-complete takes stay, leave or a number of seconds, not '" + v + "'", 0};
                c.after_complete = AfterComplete::linger;
                c.linger = seconds(secs);
            }
        } else if (a == "--free-riders") err = set_int(c.free_riders, 0, 100000);
        else if (a == "--late") {
            // COUNT@SECONDS: the last COUNT leechers join then, not at the start.
            const size_t at = v.find('@');
            const Result<long long> count = parse_int("--late's COUNT", v.substr(0, at), 0, 100000);
            const Result<long long> secs = parse_int("--late's SECONDS", at == std::string::npos ? "" : v.substr(at + 1), 0, 10000000);
            if (at == std::string::npos) err = Error{"--late takes COUNT@SECONDS, e.g. 5@30, not '" + v + "'", 0};
            else if (!count) err = count.error();
            else if (!secs) err = secs.error();
            else late = {static_cast<int>(*count), seconds(*secs)};
        } else if (a == "--until") {
            Result<Condition> cond = parse_condition(v);
            if (!cond) err = Error{a + ": " + cond.error().message, cond.error().offset};
            else o.until = std::move(*cond);
        }
        else return Error{"unknown option '" + a + "'", 0};
        if (err) return *err;
    }
    if (c.free_riders > c.peers) return Error{"--free-riders cannot exceed --peers", 0};
    if (late.first > c.peers) return Error{"--late cannot make more leechers late than --peers", 0};
    for (int i = c.peers - late.first; i < c.peers; ++i) c.schedule.push_back({late.second, static_cast<PeerId>(i), true});
    return o;
}

}  // namespace swarmscope

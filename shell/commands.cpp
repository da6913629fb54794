#include "commands.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "json_positions.h"
#include "i18n.h"
#include "lesson_library.h"
#include "reason_words.h"
#include "run_options.h"
#include "version.h"

namespace swarmscope {

namespace {

using Words = std::vector<std::string>;

Words split_words(std::string_view text) {
    std::istringstream in{std::string(text)};
    Words words;
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}

std::string join(const Words& words, size_t from) {
    std::string out;
    for (size_t i = from; i < words.size(); ++i) out += (i > from ? " " : "") + words[i];
    return out;
}

CommandResult refuse(std::string message) { return {false, std::move(message), {}}; }
// A refusal a lecturer can meet by clicking (not only by typing), with its words for the status bar.
CommandResult refuse(std::string message, std::string shown) { return {false, std::move(message), std::move(shown)}; }
CommandResult done(std::string message) { return {true, std::move(message), {}}; }
// Done, and said on the status bar in the page's language.
CommandResult done(std::string message, std::string shown) { return {true, std::move(message), std::move(shown)}; }

std::optional<long long> whole_number(const std::string& s) {
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (*end != '\0' || v < 0) return std::nullopt;
    return v;
}

// "90s", "90 s", "1.5s", "250ms", "2min", "90" (seconds).
std::optional<SimTime> parse_time(const std::string& s) {
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || !std::isfinite(v) || v < 0) return std::nullopt;
    const std::string unit(end);
    double scale = 1e6;
    if (unit.empty() || unit == "s") scale = 1e6;
    else if (unit == "ms") scale = 1e3;
    else if (unit == "min" || unit == "m") scale = 60e6;
    else return std::nullopt;
    return static_cast<SimTime>(std::llround(v * scale));
}

std::optional<StepUnit> parse_unit(const std::string& s) {
    if (s == "event" || s == "events") return StepUnit::event;
    if (s == "message" || s == "messages" || s == "msg") return StepUnit::message;
    if (s == "announce" || s == "announces") return StepUnit::announce;
    if (s == "round" || s == "rounds" || s == "choke") return StepUnit::choke_round;
    if (s == "optimistic") return StepUnit::optimistic_round;
    if (s == "piece" || s == "pieces") return StepUnit::piece;
    if (s == "completion" || s == "completions") return StepUnit::completion;
    return std::nullopt;
}

const char* units_list = "event, message, announce, round, optimistic, piece, completion";

std::optional<bool> on_off(const std::string& word, bool current) {
    if (word == "on" || word == "show") return true;
    if (word == "off" || word == "hide") return false;
    if (word == "toggle") return !current;
    return std::nullopt;
}

std::string time_text(SimTime t) { return format_time(t); }

CommandResult help_command(ShellState& s, const Words& args) {
    if (args.size() > 1) return refuse("help takes at most one word: show, hide or toggle");
    const std::optional<bool> open = on_off(args.empty() ? "toggle" : args[0], s.panel_open("help"));
    if (!open) return refuse("help " + args[0] + ": expected show, hide or toggle");
    if (*open) s.panels.insert("help");
    else s.panels.erase("help");
    return done(*open ? "help shown" : "help hidden", tr(*open ? "notice.help_shown" : "notice.help_hidden"));
}

CommandResult theme_command(ShellState& s, const Words& args) {
    if (args.size() != 1) return refuse("theme needs one word: dark, light or toggle");
    if (args[0] == "dark") s.theme = Theme::dark;
    else if (args[0] == "light") s.theme = Theme::light;
    else if (args[0] == "toggle") s.theme = s.theme == Theme::dark ? Theme::light : Theme::dark;
    else return refuse("theme " + args[0] + ": expected dark, light or toggle");
    return done(s.theme == Theme::dark ? "dark theme" : "light theme", tr(s.theme == Theme::dark ? "notice.dark_theme" : "notice.light_theme"));
}

// The page's language: its UI table, and the characters that table needs fetched.
CommandResult lang_command(ShellState& s, const Words& args) {
    if (args.size() != 1) return refuse("lang needs one language: en, es or ko");
    if (!set_language(args[0])) return refuse("lang " + args[0] + ": no table for it; known: en, es, ko");
    s.lang = args[0];
    if (has_table(s.lang)) {
        language_arrived(s);
    } else if (s.lang_wanted != s.lang) {  // the page fetches it; its words are English until it comes
        s.lang_wanted = s.lang;
        s.lang_requested = false;
    }
    return done(std::string("language: ") + language_name(s.lang), tr("notice.language", {language_name(s.lang)}));
}

CommandResult play_command(ShellState& s, const std::string& name, const Words& args) {
    Session& session = s.session;
    if (name == "pause") {
        if (!args.empty()) return refuse("pause takes no arguments");
        session.set_playing(false);
        return done("paused at " + time_text(session.view_time()), tr("notice.paused_at", {time_text(session.view_time())}));
    }
    if (args.size() > 1 || (args.size() == 1 && args[0] != "toggle")) return refuse("play takes nothing or 'toggle'");
    const bool play = args.empty() ? true : !session.playing();
    if (play && session.swarm().done())
        return refuse("the swarm has finished: step back, seek or set up a new one", tr("notice.finished"));
    session.set_playing(play);
    const std::string speed = std::to_string(session.speed()).substr(0, 5);
    return done(play ? "playing at " + speed + "x" : "paused", play ? tr("notice.playing_at", {speed}) : tr("notice.paused"));
}

// The speeds the + and - keys move between.
const double speed_steps[] = {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};

CommandResult speed_command(ShellState& s, const Words& args) {
    if (args.size() != 1) return refuse("speed needs one value: a number from 0.1 to 1000, 'up' or 'down'");
    Session& session = s.session;
    double v = session.speed();
    if (args[0] == "up") {
        for (double step : speed_steps)
            if (step > v * 1.001) { v = step; break; }
    } else if (args[0] == "down") {
        for (auto it = std::rbegin(speed_steps); it != std::rend(speed_steps); ++it)
            if (*it < v * 0.999) { v = *it; break; }
    } else {
        std::string text = args[0];
        if (!text.empty() && text.back() == 'x') text.pop_back();
        char* end = nullptr;
        v = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0' || !std::isfinite(v)) return refuse("speed '" + args[0] + "' is not a number");
        if (v < 0.1 || v > 1000) return refuse("speed must be from 0.1 to 1000");
    }
    session.set_speed(v);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%g", session.speed());
    return done(std::string("speed ") + buf + "x", tr("notice.speed", {buf}));
}

CommandResult unit_command(ShellState& s, const Words& args) {
    if (args.size() != 1) return refuse(std::string("unit needs one of: ") + units_list);
    const std::optional<StepUnit> u = parse_unit(args[0]);
    if (!u) return refuse("unknown step unit '" + args[0] + "'; use " + units_list);
    s.session.set_unit(*u);
    return done(std::string("stepping by ") + step_unit_name(*u), tr("notice.stepping_by", {step_unit_words(*u)}));
}

CommandResult step_command(ShellState& s, const std::string& name, const Words& args, double wall_now) {
    Session& session = s.session;
    StepUnit unit = session.unit();
    long long count = 1;
    for (const std::string& a : args) {
        if (const std::optional<StepUnit> u = parse_unit(a)) unit = *u;
        else if (const std::optional<long long> n = whole_number(a); n && *n >= 1 && *n <= 100000) count = *n;
        else return refuse("unknown step unit '" + a + "'; use " + units_list + ", optionally with a count");
    }
    session.set_playing(false);
    long long moved = 0;
    for (long long i = 0; i < count; ++i) {
        if (name == "step" ? !session.step(unit, wall_now) : !session.back(unit)) break;
        ++moved;
    }
    if (moved == 0) {
        return name == "step" ? refuse("nothing further: the swarm has finished", tr("notice.nothing_further"))
                              : refuse("already at the start of the run", tr("notice.at_start"));
    }
    return done(std::string(name == "step" ? "stepped to " : "back to ") + time_text(session.swarm().now()) + " by " +
                    std::to_string(moved) + " " + step_unit_name(unit) + (moved == 1 ? "" : "s"),
                tr(name == "step" ? "notice.stepped_to" : "notice.back_to", {time_text(session.swarm().now()), std::to_string(moved), step_unit_words(unit)}));
}

CommandResult seek_command(ShellState& s, const Words& args) {
    Session& session = s.session;
    if (args.size() != 1) return refuse("seek needs one time, such as 'seek 90s', 'seek start' or 'seek end'");
    session.set_playing(false);
    if (args[0] == "start") {
        session.seek(0);
    } else if (args[0] == "end") {
        // The end of the run: every leecher has the file (or the time limit came first).
        session.seek(session.swarm().config().time_limit);
    } else {
        const std::optional<SimTime> t = parse_time(args[0]);
        if (!t) return refuse("seek: '" + args[0] + "' is not a time; write it as 90s, 1500ms or 2min");
        if (*t > session.swarm().config().time_limit) return refuse("seek: past the run's time limit");
        session.seek(*t);
    }
    return done("at " + time_text(session.view_time()), tr("notice.at", {time_text(session.view_time())}));
}

std::optional<PeerId> peer_arg(const ShellState& s, const std::string& word, std::string& error) {
    const std::optional<long long> n = whole_number(word);
    const size_t count = s.session.swarm().peers().size();
    if (!n) {
        error = "'" + word + "' is not a peer number";
        return std::nullopt;
    }
    if (static_cast<size_t>(*n) >= count) {
        error = "peer " + word + " does not exist (the swarm has " + std::to_string(count) + " peers, 0 to " +
                std::to_string(count - 1) + ")";
        return std::nullopt;
    }
    return static_cast<PeerId>(*n);
}

CommandResult select_command(ShellState& s, const Words& args) {
    Session& session = s.session;
    if (args.size() != 2) return refuse("select needs what and which: peer N, piece N, message N or connection N");
    Selection sel;
    std::string error;
    if (args[0] == "peer") {
        const std::optional<PeerId> p = peer_arg(s, args[1], error);
        if (!p) return refuse(error);
        sel.kind = SelectionKind::peer;
        sel.id = *p;
    } else if (args[0] == "piece") {
        const std::optional<long long> n = whole_number(args[1]);
        const uint32_t count = session.swarm().metainfo().piece_count();
        if (!n || *n >= count) return refuse("piece " + args[1] + " does not exist (the file has " + std::to_string(count) + " pieces)");
        sel.kind = SelectionKind::piece;
        sel.id = static_cast<uint32_t>(*n);
    } else if (args[0] == "message") {
        const std::optional<long long> n = whole_number(args[1]);
        const auto& msgs = session.in_flight();
        if (!n || static_cast<size_t>(*n) >= msgs.size())
            return refuse("no message " + args[1] + " in flight (there are " + std::to_string(msgs.size()) + ", numbered from 0)");
        const InFlightMessage& m = msgs[static_cast<size_t>(*n)];
        sel.kind = SelectionKind::message;
        sel.message = MessageKey{m.conn, m.dir, m.sent, m.part, m.stage, m.segment};
        sel.last_seen = m;
    } else if (args[0] == "connection") {
        const std::optional<long long> n = whole_number(args[1]);
        if (!n || static_cast<size_t>(*n) >= session.swarm().net().connection_count())
            return refuse("no connection " + args[1]);
        sel.kind = SelectionKind::connection;
        sel.id = static_cast<uint32_t>(*n);
    } else {
        return refuse("select " + args[0] + ": expected peer, piece, message or connection");
    }
    session.selection() = sel;
    if (sel.kind == SelectionKind::message)
        return done("selected " + in_flight_text(*sel.last_seen), tr("notice.selected_message", {in_flight_text(*sel.last_seen)}));
    return done("selected " + args[0] + " " + args[1], tr(("notice.selected_" + args[0]).c_str(), {args[1]}));
}

CommandResult break_command(ShellState& s, const Words& args) {
    Session& session = s.session;
    if (args.empty()) return refuse("break needs a condition, such as 'break piece 3 copies >= 4', or 'break off'");
    if (args.size() == 1 && args[0] == "off") {
        session.set_breakpoint(std::nullopt, "");
        s.breakpoint_problem = {};
        return done("breakpoint removed", tr("notice.breakpoint_removed"));
    }
    const std::string text = join(args, 0);
    Result<Condition> c = parse_condition(text);
    if (!c) {
        s.breakpoint_problem = c.error();
        return refuse("breakpoint: " + c.error().message, condition_error_words(c.error()));
    }
    if (const std::optional<Error> bad = validate(*c, session.swarm())) {
        s.breakpoint_problem = *bad;
        return refuse("breakpoint: " + bad->message, condition_error_words(*bad));
    }
    s.breakpoint_problem = {};
    const std::string described = describe(*c);
    session.set_breakpoint(std::move(*c), described);
    return done("playing will stop when " + described, tr("notice.breakpoint_set", {described}));
}

CommandResult whatif_command(ShellState& s, const Words& args) {
    Session& session = s.session;
    if (args.empty()) return refuse("whatif needs a change: leave N, rejoin N, freerider N, rate N RATE, corrupt N, bitfield N M, add, remove N or drop MESSAGE");
    WhatIf w;
    std::string error;
    const std::string& what = args[0];
    auto need_peer = [&](size_t n_args) -> bool {
        if (args.size() != n_args) {
            error = "whatif " + what + " needs a peer number" + (n_args == 3 ? " and a rate" : "");
            return false;
        }
        const std::optional<PeerId> p = peer_arg(s, args[1], error);
        if (!p) return false;
        w.peer = *p;
        return true;
    };
    std::string message, shown_key;  // the English, and its key in the UI tables (values: what, then the time)
    std::vector<std::string> shown_args;
    if (what == "leave" || what == "rejoin" || what == "remove") {
        if (!need_peer(2)) return refuse(error);
        w.kind = what == "leave" ? WhatIfKind::leave : what == "rejoin" ? WhatIfKind::rejoin : WhatIfKind::remove_peer;
        message = "peer " + args[1] + (what == "leave" ? " leaves" : what == "rejoin" ? " rejoins" : " is removed for good");
        shown_key = "notice.whatif." + what;
        shown_args = {args[1]};
    } else if (what == "freerider") {
        if (args.size() == 3 && (args[2] == "off" || args[2] == "on")) {
            const std::optional<PeerId> p = peer_arg(s, args[1], error);
            if (!p) return refuse(error);
            w.peer = *p;
            w.value = args[2] == "on" ? 1 : 0;
        } else {
            if (!need_peer(2)) return refuse(error);
            w.value = 1;
        }
        w.kind = WhatIfKind::free_rider;
        message = "peer " + args[1] + (w.value != 0 ? " becomes a free rider" : " uploads again");
        shown_key = w.value != 0 ? "notice.whatif.freerider" : "notice.whatif.uploads_again";
        shown_args = {args[1]};
    } else if (what == "rate") {
        if (!need_peer(3)) return refuse(error);
        const Result<double> r = parse_rate(args[2]);
        if (!r) return refuse("whatif rate: " + r.error().message);
        if (*r <= 0) return refuse("whatif rate: the rate must be more than 0");
        w.kind = WhatIfKind::set_upload;
        w.value = *r;
        message = "peer " + args[1] + " uploads at " + format_rate(*r);
        shown_key = "notice.whatif.rate";
        shown_args = {args[1], format_rate(*r)};
    } else if (what == "corrupt") {
        if (!need_peer(2)) return refuse(error);
        w.kind = WhatIfKind::corrupt_block;
        message = "the next block peer " + args[1] + " sends has one byte wrong";
        shown_key = "notice.whatif.corrupt";
        shown_args = {args[1]};
    } else if (what == "bitfield") {
        if (args.size() != 3) return refuse("whatif bitfield needs two peer numbers: who sends its bitfield again, and to whom");
        const std::optional<PeerId> p = peer_arg(s, args[1], error);
        if (!p) return refuse(error);
        const std::optional<PeerId> q = peer_arg(s, args[2], error);
        if (!q) return refuse(error);
        w.kind = WhatIfKind::resend_bitfield;
        w.peer = *p;
        w.neighbour = *q;
        message = "peer " + args[1] + " sends its bitfield to peer " + args[2] + " again";
        shown_key = "notice.whatif.bitfield";
        shown_args = {args[1], args[2]};
    } else if (what == "add") {
        if (args.size() != 1) return refuse("whatif add takes no arguments");
        w.kind = WhatIfKind::add_leecher;
        message = "a new leecher, peer " + std::to_string(session.swarm().peers().size()) + ", joins";
        shown_key = "notice.whatif.add";
        shown_args = {std::to_string(session.swarm().peers().size())};
    } else if (what == "drop") {
        if (args.size() != 2) return refuse("whatif drop needs a message number (as in 'select message N')");
        const std::optional<long long> n = whole_number(args[1]);
        const auto& msgs = session.in_flight();
        if (!n || static_cast<size_t>(*n) >= msgs.size())
            return refuse("no message " + args[1] + " in flight (there are " + std::to_string(msgs.size()) + ")",
                          tr("notice.no_message", {args[1], std::to_string(msgs.size())}));
        const InFlightMessage& m = msgs[static_cast<size_t>(*n)];
        if (m.stage != InFlightStage::propagating)
            return refuse("message " + args[1] + " has not left its sender yet (" + in_flight_stage_name(m.stage) +
                              "); only a message on the wire can be lost",
                          tr("notice.drop_not_sent", {args[1], stage_words(m.stage)}));
        if (m.dropped) return refuse("message " + args[1] + " is already lost", tr("notice.drop_lost", {args[1]}));
        w.kind = WhatIfKind::drop_message;
        w.conn = m.conn;
        w.dir = m.dir;
        w.index = static_cast<uint32_t>(m.segment);
        message = "lost on the way: " + in_flight_text(m);
        shown_key = "notice.whatif.drop";
        shown_args = {in_flight_text(m)};
    } else {
        return refuse("unknown what-if '" + what + "'; use leave, rejoin, freerider, rate, corrupt, bitfield, add, remove or drop");
    }
    const std::string err = session.apply(w);
    if (!err.empty()) return refuse("whatif " + what + ": " + err);
    shown_args.push_back(time_text(session.swarm().now()));
    return done(message + " at " + time_text(session.swarm().now()), tr(shown_key.c_str(), shown_args));
}

CommandResult setup_command(ShellState& s, const Words& args) {
    Session& session = s.session;
    if (args.size() == 1 && args[0] == "default") {
        session.restart(lecture_config());
        return done("the lecture swarm, restarted at t = 0", tr("notice.lecture_restarted"));
    }
    Words options;
    for (const std::string& a : args) {
        const size_t eq = a.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == a.size())
            return refuse("setup takes key=value pairs (peers=20 seeds=1 pieces=64 ...) or 'default'; '" + a + "' is not one");
        std::string key = a.substr(0, eq);
        std::replace(key.begin(), key.end(), '_', '-');
        options.push_back("--" + key);
        options.push_back(a.substr(eq + 1));
    }
    Result<RunOptions> o = parse_run_options(options, session.config());
    if (!o) {
        std::string why = o.error().message;
        if (why.rfind("--", 0) == 0) why = why.substr(2);
        Error shown = o.error();  // for the status bar, options named as typed here: "piece_size"
        for (std::string& arg : shown.args)
            if (arg.rfind("--", 0) == 0) {
                arg.erase(0, 2);
                std::replace(arg.begin(), arg.end(), '-', '_');
            }
        return refuse("setup: " + why, error_words(shown));
    }
    if (o->until) return refuse("setup: 'until' is not a set-up option; use 'break'");
    if (o->config.peers + o->config.seeds > 1000)
        return refuse("setup: at most 1000 peers and seeds on the canvas", tr("notice.setup_too_many"));
    session.restart(o->config);
    const std::string leechers = std::to_string(o->config.peers), seeds = std::to_string(o->config.seeds);
    return done("a new swarm of " + leechers + " leechers and " + seeds + " seed" + (o->config.seeds == 1 ? "" : "s") +
                    ", paused at t = 0",
                tr(o->config.seeds == 1 ? "notice.new_swarm.one_seed" : "notice.new_swarm", {leechers, seeds}));
}

CommandResult present_command(ShellState& s, const Words& args) {
    if (args.size() > 1) return refuse("present takes on, off or toggle");
    const std::optional<bool> on = on_off(args.empty() ? "toggle" : args[0], s.presentation);
    if (!on) return refuse("present " + args[0] + ": expected on, off or toggle");
    s.presentation = *on;
    return done(*on ? "presentation mode on" : "presentation mode off", tr(*on ? "notice.presentation_on" : "notice.presentation_off"));
}

CommandResult panel_command(ShellState& s, const Words& args) {
    const auto& names = panel_names();
    std::string known;
    for (const std::string& n : names) known += (known.empty() ? "" : ", ") + n;
    if (args.empty() || args.size() > 2) return refuse("panel needs a name and show, hide or toggle; panels: " + known);
    if (std::find(names.begin(), names.end(), args[0]) == names.end())
        return refuse("unknown panel '" + args[0] + "'; panels: " + known);
    if (args.size() == 2 && args[1] != "show" && args[1] != "hide" && args[1] != "toggle")
        return refuse("panel " + args[0] + " " + args[1] + ": expected show, hide or toggle");
    const std::optional<bool> open = on_off(args.size() == 1 ? "toggle" : args[1], s.panel_open(args[0]));
    if (!open) return refuse("panel " + args[0] + " " + args[1] + ": expected show, hide or toggle");
    if (*open) {
        s.panels.insert(args[0]);
        s.tab_request = args[0];
        ++s.tab_serial;
    } else {
        s.panels.erase(args[0]);
    }
    return done(args[0] + (*open ? " shown" : " hidden"), tr(*open ? "notice.panel_shown" : "notice.panel_hidden", {tr(("panel." + args[0]).c_str())}));
}

CommandResult view_command(ShellState& s, const Words& args) {
    if (args.size() != 1) return refuse("view needs one word: in, out or reset");
    if (args[0] == "in") s.view.zoom = std::min(8.0f, s.view.zoom * 1.25f);
    else if (args[0] == "out") s.view.zoom = std::max(0.25f, s.view.zoom / 1.25f);
    else if (args[0] == "reset") s.view = {};
    else return refuse("view " + args[0] + ": expected in, out or reset");
    const std::string zoom = std::to_string(static_cast<int>(std::lround(s.view.zoom * 100)));
    return done("zoom " + zoom + " %", tr("notice.zoom", {zoom}));
}

}  // namespace

const char* unit_word(StepUnit u) {
    switch (u) {
        case StepUnit::event: return "event";
        case StepUnit::message: return "message";
        case StepUnit::announce: return "announce";
        case StepUnit::choke_round: return "round";
        case StepUnit::optimistic_round: return "optimistic";
        case StepUnit::piece: return "piece";
        case StepUnit::completion: return "completion";
    }
    return "message";
}

const std::vector<CommandInfo>& command_list() {
    static const std::vector<CommandInfo> list = {
        {"play [toggle] / pause", "help.cmd.play"},
        {"speed X|up|down", "help.cmd.speed"},
        {"unit UNIT", "help.cmd.unit"},
        {"step [UNIT] [N] / back [UNIT] [N]", "help.cmd.step"},
        {"seek TIME|start|end", "help.cmd.seek"},
        {"select peer N|piece N|message N|connection N / deselect", "help.cmd.select"},
        {"break CONDITION|off", "help.cmd.break"},
        {"whatif leave N|rejoin N|freerider N|rate N RATE|corrupt N|bitfield N M|add|remove N|drop MESSAGE",
         "help.cmd.whatif"},
        {"setup key=value ... | setup default", "help.cmd.setup"},
        {"lesson list | open NAME [step K] | close", "help.cmd.lesson_list"},
        {"lesson next | prev | step K", "help.cmd.lesson_next"},
        {"lesson answer A|NUMBER | skip", "help.cmd.lesson_answer"},
        {"lesson apply | check", "help.cmd.lesson_apply"},
        {"editor show|hide|share|download|open", "help.cmd.editor"},
        {"present on|off|toggle", "help.cmd.present"},
        {"panel NAME show|hide|toggle", "help.cmd.panel"},
        {"view in|out|reset", "help.cmd.view"},
        {"help [show|hide|toggle]", "help.cmd.help"},
        {"theme dark|light|toggle", "help.cmd.theme"},
        {"lang en|es|ko", "help.cmd.lang"},
        {"version", "help.cmd.version"},
    };
    return list;
}

namespace {

// Loads the editor's text as the lesson on the canvas; a lesson that does not load leaves the canvas
// as it was and puts the problem, with its line and column, in the editor.
// Loads the editor's text and records its first problem (or none) in the editor: the refusal, if any.
std::optional<CommandResult> load_editor(LessonEditor& e, Result<Lesson>& lesson) {
    lesson = parse_lesson(e.text, e.name.empty() ? "edited" : e.name);
    if (lesson) {
        e.problem = {};
        e.error_line = e.error_column = 0;
        return std::nullopt;
    }
    const TextPlace p = place_of(e.text, lesson.error().offset);
    e.problem = lesson.error();
    e.error_line = p.line;
    e.error_column = p.column;
    return refuse("line " + std::to_string(p.line) + ", column " + std::to_string(p.column) + ": " + e.problem.message);
}

CommandResult apply_editor(ShellState& state, size_t step) {
    LessonEditor& e = state.editor;
    Result<Lesson> lesson = Error{};
    if (std::optional<CommandResult> refused = load_editor(e, lesson)) return *refused;
    e.dirty = false;
    const std::string title = lesson->title;
    const size_t steps = lesson->steps.size();
    state.session.open_lesson(std::move(*lesson), std::min(step, steps - 1));
    state.view = {};
    const std::string k = std::to_string(std::min(step, steps - 1) + 1), n = std::to_string(steps);
    return done("lesson: " + title + " (step " + k + " of " + n + ")", tr("notice.lesson_opened", {title, k, n}));
}

const ShippedLesson* find_shipped(const std::string& name) {
    for (const ShippedLesson& l : shipped_lessons())
        if (l.name == name) return &l;
    return nullptr;
}

std::string shipped_names() {
    std::string out;
    for (const ShippedLesson& l : shipped_lessons()) out += (out.empty() ? "" : ", ") + std::string(l.name);
    return out;
}

CommandResult lesson_command(ShellState& state, const Words& w, double) {
    Session& session = state.session;
    const std::string verb = w.empty() ? "" : w[0];
    // A lesson step's move: its English (or the session's refusal) and the status bar's words.
    auto result = [](const Error& error, const std::string& ok, const char* ok_key) {
        return error.message.empty() ? done(ok, tr(ok_key)) : refuse(error.message, error_words(error));
    };
    if (verb == "list" && w.size() == 1) return done("lessons: " + shipped_names());
    if (verb == "open" && (w.size() == 2 || (w.size() == 4 && w[2] == "step"))) {
        // In Spanish or Korean a lesson's translation (lessons/es/NAME.json) opens in its place.
        const ShippedLesson* l = state.lang != "en" && w[1].find('/') == std::string::npos ? find_shipped(state.lang + "/" + w[1]) : nullptr;
        if (!l) l = find_shipped(w[1]);
        if (!l) return refuse("no lesson named '" + w[1] + "'; the lessons are " + shipped_names());
        size_t step = 0;
        if (w.size() == 4) {
            const std::optional<long long> k = whole_number(w[3]);
            if (!k || *k < 1) return refuse("lesson open NAME step K takes a step number from 1");
            step = static_cast<size_t>(*k - 1);
        }
        state.editor.text = std::string(l->text);
        state.editor.name = std::string(l->name);
        ++state.editor.serial;
        state.glyphs.need(state.editor.text);
        return apply_editor(state, step);
    }
    if (verb == "apply" && w.size() == 1) return apply_editor(state, 0);
    if (verb == "check" && w.size() == 1) {  // the editor's text as typed: only the problem, nothing runs
        Result<Lesson> lesson = Error{};
        return load_editor(state.editor, lesson).value_or(done("the lesson loads", tr("notice.lesson_loads")));
    }
    if (!session.lesson() && verb != "open")
        return refuse("no lesson is open; lesson open NAME (lesson list names them)", tr("notice.no_lesson"));
    if (verb == "next" && w.size() == 1) return result(session.lesson_next(), "next", "notice.lesson_next");
    if (verb == "prev" && w.size() == 1) return result(session.lesson_prev(), "back to the start of the step", "notice.lesson_prev");
    if (verb == "skip" && w.size() == 1) return result(session.lesson_skip(), "question skipped", "notice.lesson_skipped");
    if (verb == "answer" && w.size() >= 2) {
        const std::string answer = join(w, 1);
        const Error error = session.lesson_answer(answer);
        if (!error.message.empty()) return refuse(error.message, error_words(error));
        const std::optional<std::string>& given = session.lesson()->answered();
        const std::optional<bool> right = given ? session.lesson()->current().question->check(*given) : std::nullopt;
        return done(right.value_or(false) ? "right" : "not quite", tr(right.value_or(false) ? "notice.right" : "notice.not_quite"));
    }
    if (verb == "step" && w.size() == 2) {
        const std::optional<long long> k = whole_number(w[1]);
        if (!k || *k < 1 || static_cast<size_t>(*k) > session.lesson()->step_count())
            return refuse("lesson step takes a step number from 1 to " + std::to_string(session.lesson()->step_count()));
        session.lesson_go_to(static_cast<size_t>(*k - 1));
        return done("step " + w[1], tr("notice.lesson_step", {w[1]}));
    }
    if (verb == "close" && w.size() == 1) {
        session.close_lesson();
        return done("lesson closed; the swarm stays for free play", tr("notice.lesson_closed"));
    }
    return refuse("lesson takes list, open NAME [step K], next, prev, answer A|NUMBER, skip, step K, apply, check or close");
}

CommandResult editor_command(ShellState& state, const Words& w) {
    const std::string verb = w.empty() ? "" : w[0];
    if (w.size() == 1 && (verb == "share" || verb == "download" || verb == "open")) {
        if (verb != "open" && state.editor.text.empty())
            return refuse("the editor is empty: open a lesson first", tr("notice.editor_empty"));
        state.platform_requests.push_back(verb);
        state.panels.insert("editor");
        return done(verb == "share" ? "making a link" : verb == "download" ? "downloading the lesson" : "choose a lesson file",
                    tr(("notice.editor_" + verb).c_str()));
    }
    if (w.size() == 1 && (verb == "show" || verb == "hide")) {
        if (verb == "show") state.panels.insert("editor");
        else state.panels.erase("editor");
        return done("editor " + verb, tr(verb == "show" ? "notice.editor_shown" : "notice.editor_hidden"));
    }
    return refuse("editor takes show, hide, share, download or open");
}

}  // namespace

CommandResult editor_load(ShellState& state, std::string text, std::string name, bool run) {
    state.editor.text = std::move(text);
    state.editor.name = std::move(name);
    state.editor.dirty = !run;
    state.glyphs.need(state.editor.text);  // the lesson's words, in whatever script they are in
    ++state.editor.serial;
    return run ? apply_editor(state, 0) : lesson_command(state, {"check"}, 0);
}

void language_arrived(ShellState& s) {
    if (s.lang_wanted == s.lang) s.lang_wanted.clear();
    for (const auto& [key, text] : table_entries(s.lang)) s.glyphs.need(text);
}

void editor_typed(ShellState& state, std::string text) {
    state.editor.text = std::move(text);
    state.editor.dirty = true;
    state.glyphs.need(state.editor.text);
    lesson_command(state, {"check"}, 0);
}

CommandResult run_command(ShellState& state, std::string_view text, double wall_now) {
    Words words = split_words(text);
    if (words.empty()) return refuse("empty command; try 'help'");
    const std::string name = words.front();
    words.erase(words.begin());
    CommandResult result;
    if (name == "help") result = help_command(state, words);
    else if (name == "theme") result = theme_command(state, words);
    else if (name == "lang") result = lang_command(state, words);
    else if (name == "version") result = words.empty() ? done("Swarmscope " + std::string(version())) : refuse("version takes no arguments");
    else if (name == "play" || name == "pause") result = play_command(state, name, words);
    else if (name == "speed") result = speed_command(state, words);
    else if (name == "unit") result = unit_command(state, words);
    else if (name == "step" || name == "back") result = step_command(state, name, words, wall_now);
    else if (name == "seek") result = seek_command(state, words);
    else if (name == "select") result = select_command(state, words);
    else if (name == "deselect") {
        if (!words.empty()) result = refuse("deselect takes no arguments");
        else {
            state.session.selection() = {};
            result = done("nothing selected", tr("notice.nothing_selected"));
        }
    }
    else if (name == "break") result = break_command(state, words);
    else if (name == "whatif") result = whatif_command(state, words);
    else if (name == "setup") result = setup_command(state, words);
    else if (name == "present") result = present_command(state, words);
    else if (name == "panel") result = panel_command(state, words);
    else if (name == "view") result = view_command(state, words);
    else if (name == "lesson") result = lesson_command(state, words, wall_now);
    else if (name == "editor") result = editor_command(state, words);
    else result = refuse("unknown command '" + name + "'; known: play, pause, speed, unit, step, back, seek, select, deselect, "
                         "break, whatif, setup, present, panel, view, lesson, editor, help, theme, lang, version");
    state.notice = result.message;
    state.notice_shown = result.shown.empty() ? result.message : result.shown;
    state.glyphs.need(state.notice_shown);  // a message may quote the lecturer's text, in any script
    if (result.ok) {
        ++state.commands_run;
        state.last_command = std::string(text);
    }
    return result;
}

}  // namespace swarmscope

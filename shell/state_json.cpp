#include "state_json.h"

#include <algorithm>
#include <string>

#include "commands.h"
#include "run_report.h"
#include "version.h"

namespace swarmscope {

namespace {

const char* selection_kind_name(SelectionKind k) {
    switch (k) {
        case SelectionKind::none: return "none";
        case SelectionKind::peer: return "peer";
        case SelectionKind::piece: return "piece";
        case SelectionKind::message: return "message";
        case SelectionKind::connection: return "connection";
    }
    return "none";
}


nlohmann::json selected_json(const Session& session) {
    const Selection& sel = session.selection();
    if (sel.kind == SelectionKind::none) return nullptr;
    nlohmann::json j = {{"kind", selection_kind_name(sel.kind)}};
    if (sel.kind == SelectionKind::message) {
        // A message's number is its place among those in flight now; it has none once it arrived.
        const InFlightMessage* m = session.selected_message();
        const auto& all = session.in_flight();
        j["id"] = m ? nlohmann::json(static_cast<size_t>(m - all.data())) : nlohmann::json(nullptr);
        if (sel.last_seen) j["text"] = in_flight_text(*sel.last_seen);
        j["arrived"] = m == nullptr;
    } else {
        j["id"] = sel.id;
    }
    return j;
}

}  // namespace

double FrameTimes::percentile(double p) const {
    const size_t n = std::min(next_, ms_.size());
    if (n == 0) return 0;
    std::vector<double> v(ms_.begin(), ms_.begin() + static_cast<std::ptrdiff_t>(n));
    const size_t k = std::min(n - 1, static_cast<size_t>(p / 100.0 * static_cast<double>(n)));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

namespace {

// {name, title, step, steps, question_open, ...}, or null without a lesson open.
nlohmann::json lesson_json(const ShellState& s) {
    const LessonRun* run = s.session.lesson();
    if (!run) return nullptr;
    nlohmann::json failures = nlohmann::json::array();
    for (const LessonFailure& f : run->failures()) failures.push_back({{"step", f.step + 1}, {"what", f.what}});
    nlohmann::json j = {
        {"name", run->lesson().name},
        {"title", run->lesson().title},
        {"step", run->step() + 1},
        {"steps", run->step_count()},
        {"question_open", run->question_open()},
        {"answered", run->answered() ? nlohmann::json(*run->answered()) : nlohmann::json()},
        {"at_step_end", run->at_step_end()},
        {"playing", s.session.lesson_playing()},
        {"failures", failures},
        {"compared", run->compared()},
    };
    if (run->compared()) j["compared_trace_hash"] = hex64(s.session.compared()->swarm().trace().hash());
    if (const std::optional<CompareOutcome>& o = run->compare_result()) j["compare"] = {{"time_s", o->time_s}, {"other_time_s", o->other_time_s}};
    if (run->lesson().sweep) {
        nlohmann::json points = nlohmann::json::array();
        for (const SweepPoint& p : run->sweep())
            points.push_back({{"value", p.value}, {"measured_s", p.measured_s}, {"bound_cs_s", p.bound_cs_s}, {"bound_p2p_s", p.bound_p2p_s}});
        j["sweep"] = points;
        j["sweep_runs"] = run->lesson().sweep->configs.size();
    }
    return j;
}

}  // namespace

nlohmann::json state_to_json(const ShellState& s) {
    const Session& session = s.session;
    const Swarm& swarm = session.swarm();
    nlohmann::json widgets = nlohmann::json::object();
    for (const auto& [name, r] : s.widgets) widgets[name] = {{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}};
    int online = 0, seeds = 0;
    for (const Peer& p : swarm.peers()) {
        if (p.status != PeerStatus::online) continue;
        ++online;
        seeds += p.complete();
    }
    nlohmann::json peer_screen = nlohmann::json::array();
    for (const PeerOnScreen& p : s.peer_screen) peer_screen.push_back({{"id", p.id}, {"x", p.x}, {"y", p.y}, {"r", p.r}});
    nlohmann::json message_screen = nlohmann::json::array();
    for (const auto& [index, p] : s.message_screen) {
        if (message_screen.size() >= 100) break;
        const InFlightMessage& m = session.in_flight()[index];
        message_screen.push_back({{"id", index}, {"kind", in_flight_kind_name(m.kind)}, {"stage", in_flight_stage_name(m.stage)},
                                  {"x", p.x}, {"y", p.y}, {"r", p.r}});
    }
    nlohmann::json panels = nlohmann::json::array();
    for (const std::string& name : panel_names())
        if (s.panel_open(name)) panels.push_back(name);
    const auto& narration = session.narration();
    std::string narration_last;
    for (auto it = narration.rbegin(); it != narration.rend(); ++it)
        if (it->time <= session.view_time()) {
            narration_last = format_entry(*it);
            break;
        }
    return {
        {"version", std::string(version())},
        {"frame", s.frame},
        {"width", s.width},
        {"height", s.height},
        {"pixel_ratio", s.pixel_ratio},
        {"fps", s.fps},
        {"help_open", s.panel_open("help")},
        {"theme", s.theme == Theme::dark ? "dark" : "light"},
        {"lang", s.lang},
        {"lang_loading", !s.lang_wanted.empty()},
        {"missing_glyphs", s.glyphs.missing()},
        {"glyphs_pending", s.glyphs.pending()},
        {"fonts_fetched", s.glyphs.fetched()},
        {"commands_run", s.commands_run},
        {"last_command", s.last_command},
        {"widgets", widgets},
        {"time_s", to_seconds(session.view_time())},
        {"event_time_s", to_seconds(swarm.now())},
        {"position", session.controller().position()},
        {"paused", !session.playing()},
        {"speed", session.speed()},
        {"speed_achieved", session.achieved_speed()},  // 0 while paused or not yet known
        {"step_unit", unit_word(session.unit())},
        {"selected", selected_json(session)},
        {"peers", online},
        {"leechers", swarm.leechers()},
        {"completed", swarm.metrics().completed},
        {"seeds", seeds},
        {"done", swarm.done()},
        {"messages_in_flight", session.in_flight().size()},
        {"narration_last", narration_last},
        {"breakpoint", session.breakpoint_text()},
        {"breakpoint_hit", session.breakpoint_hit()},
        {"what_ifs", session.controller().what_if_count()},
        {"trace_hash", hex64(swarm.trace().hash())},
        {"panels", panels},
        {"presentation", s.presentation},
        {"frame_ms", {{"p50", s.frame_times.percentile(50)}, {"p99", s.frame_times.percentile(99)}}},
        {"peer_screen", peer_screen},
        {"message_screen", message_screen},
        {"notice", s.notice},
        {"notice_shown", s.notice_shown},
        {"lesson", lesson_json(s)},
        {"editor", {{"error", s.editor.problem.message}, {"line", s.editor.error_line}, {"column", s.editor.error_column},
                    {"bytes", s.editor.text.size()}, {"dirty", s.editor.dirty}, {"name", s.editor.name}}},
    };
}

}  // namespace swarmscope

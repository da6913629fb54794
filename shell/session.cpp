#include "session.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace swarmscope {

namespace {

Error refusal(std::string english, const char* key, std::vector<std::string> args = {}) {
    return Error(std::move(english), 0, key, std::move(args));
}

}  // namespace

Session::Session(const SwarmConfig& config) { restart(config); }

Session::Session(Controller& borrowed) : config_(borrowed.swarm().config()), ctl_(&borrowed) { reset_views(); }

void Session::restart(const SwarmConfig& config) {
    close_lesson();
    config_ = config;
    config_.keep_trace = true;
    // Blocks held as real bytes make every keyframe carry each queued block: in a large swarm that is
    // tens of megabytes per keyframe and a stall each time one is taken. There blocks travel as
    // references to the generated file, as in large files (About this simulation says so).
    if (config_.real_payload < 0 && config_.peers + config_.seeds > real_payload_peers) config_.real_payload = 0;
    own_ = std::make_unique<Controller>(config_, canvas_controller_options());
    ctl_ = own_.get();
    reset_views();
}

void Session::open_lesson(Lesson lesson, size_t step) {
    lesson.config.keep_trace = true;
    if (lesson.compare) lesson.compare->config.keep_trace = true;
    lesson_ = std::make_unique<LessonRun>(std::move(lesson), canvas_controller_options());
    own_.reset();
    ctl_ = &lesson_->controller(0);
    config_ = ctl_->swarm().config();
    compared_ = lesson_->compared() ? std::make_unique<Session>(lesson_->controller(1)) : nullptr;
    lesson_target_.reset();
    if (step > 0) lesson_->go_to_step(step);
    reset_views();
    if (compared_) compared_->follow(view_time());
}

void Session::close_lesson() {
    if (!lesson_) return;
    compared_.reset();
    lesson_target_.reset();
    // The lesson's swarm stays on the canvas for free play.
    own_ = std::make_unique<Controller>(config_, canvas_controller_options());
    own_->go_to(ctl_->position());
    ctl_ = own_.get();
    lesson_.reset();
    reset_views();
}

void Session::start_lesson_motion() {
    flights_.clear();
    breakpoint_hit_.clear();
    if (!lesson_->current().moves()) {
        lesson_->finish_step();
        return;
    }
    lesson_->end_preview();
    lesson_target_ = lesson_->end_of_step();
    playing_ = lesson_target_.has_value();
    if (!lesson_target_) lesson_->finish_step();
}

Error Session::lesson_next() {
    if (!lesson_) return refusal("no lesson is open (lesson open NAME)", "notice.no_lesson");
    if (lesson_->question_open()) return refusal("answer the question first, or skip it", "notice.answer_first");
    if (lesson_target_) {  // pressed again while it plays: to the end at once
        lesson_target_.reset();
        playing_ = false;
        lesson_->finish_step();
    } else if (!lesson_->at_step_end()) {
        start_lesson_motion();
    } else if (lesson_->next()) {
        if (!lesson_->question_open()) start_lesson_motion();
    } else {
        return refusal("this is the last step", "notice.last_step");
    }
    refresh_views();
    if (compared_) compared_->follow(view_time());
    return {};
}

Error Session::lesson_prev() {
    if (!lesson_) return refusal("no lesson is open (lesson open NAME)", "notice.no_lesson");
    lesson_target_.reset();
    playing_ = false;
    flights_.clear();
    if (!lesson_->prev()) return refusal("this is the start of the lesson", "notice.lesson_start");
    refresh_views();
    if (compared_) compared_->follow(view_time());
    return {};
}

Error Session::lesson_answer(const std::string& text) {
    if (!lesson_) return refusal("no lesson is open (lesson open NAME)", "notice.no_lesson");
    if (!lesson_->current().question) return refusal("this step asks no question", "notice.no_question");
    if (!lesson_->question_open()) return refusal("the question was already answered", "notice.already_answered");
    const LessonQuestion& q = *lesson_->current().question;
    const std::optional<bool> right = lesson_->answer(text);
    if (!right)
        return q.multiple_choice() ? refusal("answer with a letter from A to " + std::string(1, static_cast<char>('A' + q.choices.size() - 1)),
                                             "notice.answer_letter", {std::string(1, static_cast<char>('A' + q.choices.size() - 1))})
                                   : refusal("answer with a number", "notice.answer_number");
    start_lesson_motion();
    refresh_views();
    return {};
}

Error Session::lesson_skip() {
    if (!lesson_) return refusal("no lesson is open (lesson open NAME)", "notice.no_lesson");
    if (!lesson_->question_open()) return refusal("no question is open", "notice.no_question_open");
    lesson_->skip_question();
    start_lesson_motion();
    refresh_views();
    return {};
}

void Session::lesson_go_to(size_t step) {
    if (!lesson_) return;
    lesson_target_.reset();
    playing_ = false;
    lesson_->go_to_step(step);
    refresh_views();
    if (compared_) compared_->follow(view_time());
}

void Session::lesson_work() {
    if (!lesson_) return;
    if (lesson_->sweep_pending()) lesson_->sweep_one();
    else if (lesson_->compared() && !lesson_->compare_result()) lesson_->compare_outcome();
}

void Session::follow(SimTime t) {
    if (ctl_->view_time() != t) ctl_->seek(t);
    refresh_views();
}

void Session::reset_views() {
    // The peers that join at t = 0 are on the canvas from the start, their first announces about to leave.
    if (ctl_->position() == 0) ctl_->seek(0);
    playing_ = false;
    selection_ = {};
    breakpoint_hit_.clear();
    marks_.clear();
    completions_.clear();
    marks_from_event_ = 0;
    furthest_time_ = 0;
    flights_.clear();
    branch_points_.clear();
    pieces_ = std::make_unique<PieceHistory>(ctl_->swarm());
    in_flight_position_ = UINT64_MAX;
    refresh_views();
}

void Session::set_speed(double speed) {
    speed_ = std::clamp(speed, 0.1, 1000.0);
    pace_.clear();
}

double Session::achieved_speed() const {
    if (pace_.size() < 2 || pace_.back().first - pace_.front().first < 0.5) return 0;
    return to_seconds(pace_.back().second - pace_.front().second) / (pace_.back().first - pace_.front().first);
}

bool Session::step(StepUnit unit, double wall_now) {
    const std::vector<InFlightMessage> before = in_flight_;
    breakpoint_hit_.clear();
    const bool moved = ctl_->step(unit);
    refresh_views();
    // What was in flight before and is gone now arrived during the step: let it fly on screen.
    if (unit == StepUnit::message || unit == StepUnit::event) {
        flights_.clear();
        for (const InFlightMessage& m : before) {
            const bool still = std::any_of(in_flight_.begin(), in_flight_.end(), [&](const InFlightMessage& n) {
                return n.conn == m.conn && n.dir == m.dir && n.sent == m.sent && n.part == m.part;
            });
            if (!still && !m.dropped) flights_.push_back(Flight{m, m.travelled, wall_now});
        }
    }
    return moved;
}

bool Session::back(StepUnit unit) {
    breakpoint_hit_.clear();
    flights_.clear();
    const bool moved = ctl_->back(unit);
    refresh_views();
    return moved;
}

void Session::seek(SimTime t) {
    breakpoint_hit_.clear();
    flights_.clear();
    ctl_->seek(std::max<SimTime>(0, t));
    refresh_views();
}

std::string Session::apply(const WhatIf& what_if) {
    const std::string error = ctl_->apply(what_if);
    if (!error.empty()) return error;
    // A new branch: the marks of the old future are gone with it.
    const SimTime now = swarm().now();
    std::erase_if(marks_, [now](const TimelineMark& m) { return m.time > now; });
    std::erase_if(completions_, [now](const CompletionPoint& p) { return p.time > now; });
    std::erase_if(branch_points_, [now](SimTime t) { return t > now; });
    marks_from_event_ = swarm().trace().count();
    furthest_time_ = now;
    in_flight_position_ = UINT64_MAX;  // the same position holds another state now
    branch_points_.push_back(now);
    marks_.push_back({now, TimelineMark::what_if});
    refresh_views();
    return {};
}

namespace {

// Events between two looks at the clock while playing: a fraction of a millisecond.
constexpr uint64_t play_slice = 256;

// What a frame may take for the simulation, the views and the panels together, before the GPU draws
// it: 7 ms at 10x and below (under 8 ms with room for a slow spell); more the faster the speed asked
// for (11 ms at 100x, 15 ms at 1000x), since there the lecturer wants the run to go by.
double frame_budget_ms(double speed) { return 7.0 + 4.0 * std::clamp(std::log10(std::max(1.0, speed / 10.0)), 0.0, 2.0); }
// The simulation gets what the rest of the frame leaves, and at least this; and at least this share of
// the time between frames. Where the page draws slowly (software WebGL: a dozen frames a second) a frame
// lasts 80 ms whatever the simulation does in it, and a few milliseconds of simulation would leave a
// busy swarm crawling at a fraction of the speed asked for.
constexpr double least_play_ms = 1.0;
constexpr double least_play_share = 0.12;

double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

// Plays towards this frame's view time in slices of events, looking at the clock between them, until
// the frame's budget is spent: the rest waits for the next frame, so a burst (two hundred peers joining
// at once) plays out over several frames, each stopping at its last event's time. The simulation's
// share is the frame's budget less what the views and the panels took (the most in the last frames:
// it swings from frame to frame with what the simulation left in the caches), and a slice is not
// begun if one as long as the last would overrun it. A keyframe that falls due is written a part at a
// time within the same budget, over as many frames as it takes, the swarm standing still meanwhile.
void Session::play_timed(double wall_dt, const Condition* breakpoint, bool& hit) {
    const double rest = *std::max_element(rest_ms_.begin(), rest_ms_.end());
    const double budget =
        frame_budget_ ? std::max({least_play_ms, least_play_share * wall_dt * 1000, frame_budget_ms(speed_) - rest}) : HUGE_VAL;
    const SimTime target = ctl_->view_time_after(wall_dt, speed_);
    const auto start = std::chrono::steady_clock::now();
    double done_ms = 0, last_ms = 0;  // so far; the last slice or part
    const auto time_left = [&] {
        const double now_ms = ms_since(start);
        last_ms = now_ms - done_ms;
        done_ms = now_ms;
        return done_ms + last_ms < budget;
    };
    for (;;) {
        if (!ctl_->write_keyframe(time_left)) return;
        hit = ctl_->play_to(target, breakpoint, play_slice);
        if (hit || ctl_->view_time() >= target || swarm().done() || !time_left()) return;
    }
}

void Session::set_breakpoint(std::optional<Condition> condition, std::string text) {
    breakpoint_ = std::move(condition);
    breakpoint_text_ = std::move(text);
    breakpoint_hit_.clear();
}

void Session::update(double wall_dt, double wall_now, double panels_ms) {
    wall_now_ = wall_now;
    std::erase_if(flights_, [wall_now](const Flight& f) { return wall_now - f.started > flight_seconds; });
    if (playing_ && lesson_target_) {  // a lesson step's motion: play up to its end, then settle there
        bool hit = false;
        play_timed(wall_dt, nullptr, hit);
        if (ctl_->view_time() >= lesson_target_->first || swarm().done()) {
            lesson_target_.reset();
            playing_ = false;
            lesson_->finish_step();
        }
    } else if (playing_) {
        bool hit = false;
        play_timed(wall_dt, breakpoint_ ? &*breakpoint_ : nullptr, hit);
        if (hit) {
            playing_ = false;
            breakpoint_hit_ = "stopped at the breakpoint: " + breakpoint_text_;
        }
        if (swarm().done()) playing_ = false;
    }
    if (playing_) {
        played_wall_ += wall_dt;
        pace_.emplace_back(played_wall_, view_time());
        while (pace_.size() > 2 && pace_[1].first <= played_wall_ - 1.0) pace_.pop_front();
    } else {
        pace_.clear();
    }
    const auto views_start = std::chrono::steady_clock::now();
    refresh_views();
    rest_ms_[rest_at_++ % rest_ms_.size()] = ms_since(views_start) + panels_ms;
    if (compared_) compared_->follow(view_time());
}

const InFlightMessage* Session::selected_message() const {
    if (selection_.kind != SelectionKind::message) return nullptr;
    const MessageKey& k = selection_.message;
    for (const InFlightMessage& m : in_flight_)
        if (m.conn == k.conn && m.dir == k.dir && m.sent == k.sent && m.part == k.part) return &m;
    return nullptr;
}

void Session::collect_marks() {
    const TraceView events = swarm().trace().events();
    for (size_t i = marks_from_event_; i < events.size(); ++i) {
        const TraceEvent& e = events[i];
        switch (e.kind) {
            case TraceKind::choke_round:
                // One mark per 10 s round of the swarm, not one per peer.
                if (marks_.empty() || std::none_of(marks_.end() - std::min<size_t>(marks_.size(), 64), marks_.end(),
                                                   [&](const TimelineMark& m) {
                                                       return m.kind == TimelineMark::round && e.time - m.time < seconds(5);
                                                   }))
                    marks_.push_back({e.time, TimelineMark::round});
                break;
            case TraceKind::peer_joined:
            case TraceKind::rejoined: marks_.push_back({e.time, TimelineMark::join}); break;
            case TraceKind::left: marks_.push_back({e.time, TimelineMark::leave}); break;
            case TraceKind::completed:
                marks_.push_back({e.time, TimelineMark::completion});
                completions_.push_back({e.time, static_cast<int>(completions_.size()) + 1});
                break;
            default: break;
        }
    }
    marks_from_event_ = std::max(marks_from_event_, events.size());
    furthest_time_ = std::max(furthest_time_, swarm().now());
}

void Session::refresh_views() {
    collect_marks();
    pieces_->update(swarm().trace());
    if (ctl_->position() != in_flight_position_ || view_time() != in_flight_time_) {
        in_flight_position_ = ctl_->position();
        in_flight_time_ = view_time();
        InFlightOptions options;
        options.at = view_time();
        options.payload = false;
        options.text = false;     // made for the one message a reader points at
        options.queued = false;   // not on the link yet, so not drawn
        messages_in_flight(swarm(), options, in_flight_);
    }
    if (const InFlightMessage* m = selected_message()) selection_.last_seen = *m;
    narrator_.update(swarm().trace());
}

}  // namespace swarmscope

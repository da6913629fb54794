// The lecture session: the swarm under the step-through controller, and what the lecturer has chosen
// about how to watch it (playing or paused, speed, step unit, selection, breakpoint, open panels).
// Panels read it through a const reference each frame; only commands (commands.cpp) change it.
#pragma once
#include <array>
#include <deque>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "condition.h"
#include "controller.h"
#include "in_flight.h"
#include "lecture_config.h"
#include "lesson_run.h"
#include "narration.h"
#include "piece_history.h"
#include "swarm_config.h"

namespace swarmscope {

enum class SelectionKind : uint8_t { none, peer, piece, message, connection };

// A message is named by where it travels and when it was sent, so the selection survives frames
// while the message is in flight (its place in the list changes as others arrive).
struct MessageKey {
    ConnId conn = 0;
    int dir = 0;
    SimTime sent = 0;
    size_t part = 0;
    InFlightStage stage = InFlightStage::queued;
    size_t segment = 0;
    friend bool operator==(const MessageKey&, const MessageKey&) = default;
};

struct Selection {
    SelectionKind kind = SelectionKind::none;
    uint32_t id = 0;               // peer, piece or connection
    MessageKey message;            // when kind == message
    std::optional<InFlightMessage> last_seen;  // the selected message as last drawn (kept after it arrives)
};

// A message that arrived during a step by message, drawn flying for a moment of wall time so a class
// can follow it whatever its simulated latency.
struct Flight {
    InFlightMessage message;
    double from = 0;      // how far along its link it was before the step
    double started = 0;   // wall clock, seconds
};

// Marks on the timeline's scrubber, collected as the run goes further than before.
struct TimelineMark {
    SimTime time = 0;
    enum Kind : uint8_t { round, join, leave, completion, what_if } kind = round;
};

// Peers completed over time, for the distribution-time chart.
struct CompletionPoint {
    SimTime time = 0;
    int completed = 0;
};

constexpr double default_speed = 5.0;
// Above this many peers the canvas sends blocks as references, not bytes, whatever the file's size.
constexpr int real_payload_peers = 50;
// The canvas's controller: keyframes spaced by their size as well as by events, so a large swarm's
// (a megabyte each at 200 peers) are written every few seconds of play, not every few frames.
inline ControllerOptions canvas_controller_options() {
    ControllerOptions o;
    o.keyframe_events_per_byte = 0.1;
    o.keyframes_in_parts = true;  // spread over frames of play, within each frame's budget
    return o;
}

class Session {
public:
    explicit Session(const SwarmConfig& config = lecture_config());
    // A session over a controller someone else owns: the compared swarm of a lesson, shown beside.
    explicit Session(Controller& borrowed);

    const Controller& controller() const { return *ctl_; }
    const Swarm& swarm() const { return ctl_->swarm(); }
    const SwarmConfig& config() const { return config_; }
    SimTime view_time() const { return ctl_->view_time(); }

    // ---- what the lecturer changes (through commands)
    void restart(const SwarmConfig& config);  // free play on a new swarm (closes a lesson)

    // ---- lessons: the session plays the lesson's swarm, and shows the compared one beside it
    void open_lesson(Lesson lesson, size_t step = 0);
    void close_lesson();
    const LessonRun* lesson() const { return lesson_.get(); }
    const Session* compared() const { return compared_.get(); }
    // Next: plays the step's motion to its end (animated, at the current speed); pressed again, jumps
    // there; at the end, goes on to the next step and plays it. An error message, or empty.
    // Lesson moves: an empty Error when done, else why not (English, with its key in the UI tables).
    Error lesson_next();
    Error lesson_prev();
    Error lesson_answer(const std::string& text);  // "right" / "wrong" go to the notice
    Error lesson_skip();
    void lesson_go_to(size_t step);
    bool lesson_playing() const { return lesson_target_.has_value(); }
    // The sweep runs one set-up per frame, so the page shows its progress.
    void lesson_work();

    void set_playing(bool playing) { playing_ = playing; }
    void set_speed(double speed);
    void set_unit(StepUnit unit) { unit_ = unit; }
    bool step(StepUnit unit, double wall_now);  // false when the swarm has finished
    bool back(StepUnit unit);
    void seek(SimTime t);
    std::string apply(const WhatIf& what_if);  // error message or empty
    void set_breakpoint(std::optional<Condition> condition, std::string text);
    Selection& selection() { return selection_; }

    // ---- per frame
    // Plays for `wall_dt` seconds of wall clock when playing, stopping at the breakpoint; then refreshes
    // the views the panels read. `wall_now` drives the flight animation. A frame plays only what fits
    // in its budget (by the clock) after the views and the panels, which took `panels_ms` last frame,
    // so on a slow machine the view falls behind wall time times speed; with the budget off (a test
    // that expects exact motion) it always gets there.
    void update(double wall_dt, double wall_now, double panels_ms = 0);
    void set_frame_budget(bool on) { frame_budget_ = on; }

    bool playing() const { return playing_; }
    double speed() const { return speed_; }
    // How fast the view really moves while playing: simulated seconds per second of wall time over about
    // the last second, for the timeline to say when the swarm is too busy to keep to the speed asked for
    // (each frame plays only what fits in its budget). 0 while not known: paused, or just started.
    double achieved_speed() const;
    StepUnit unit() const { return unit_; }
    const Selection& selection() const { return selection_; }
    const std::string& breakpoint_text() const { return breakpoint_text_; }
    const std::string& breakpoint_hit() const { return breakpoint_hit_; }
    const std::vector<InFlightMessage>& in_flight() const { return in_flight_; }
    const std::vector<NarrationEntry>& narration() const { return narrator_.entries(); }
    const std::vector<TimelineMark>& marks() const { return marks_; }
    const std::vector<CompletionPoint>& completions() const { return completions_; }
    SimTime furthest_time() const { return furthest_time_; }
    // Copies of each piece over the run, and who got each piece from whom, read from the trace.
    const PieceHistory& pieces() const { return *pieces_; }
    const std::vector<Flight>& flights() const { return flights_; }
    double wall_now() const { return wall_now_; }
    // The in-flight message the selection names, if it is still on its way.
    const InFlightMessage* selected_message() const;
    // When a what-if was last applied, for the branch mark on the timeline.
    const std::vector<SimTime>& branch_points() const { return branch_points_; }

    static constexpr double flight_seconds = 0.5;  // wall time a stepped message takes to cross

private:
    void refresh_views();
    void collect_marks();
    void reset_views();
    void start_lesson_motion();
    void follow(SimTime t);  // the compared session: to the lesson swarm's view time

    SwarmConfig config_;
    std::unique_ptr<Controller> own_;  // the free-play swarm's controller
    Controller* ctl_ = nullptr;        // the one shown: own_, or the lesson's
    std::unique_ptr<LessonRun> lesson_;
    std::unique_ptr<Session> compared_;
    std::optional<std::pair<SimTime, uint64_t>> lesson_target_;  // where the step being played ends
    bool playing_ = false;
    double speed_ = default_speed;
    std::deque<std::pair<double, SimTime>> pace_;  // while playing: (wall seconds played, view time), the last second
    double played_wall_ = 0;
    bool frame_budget_ = true;
    // What the views and the panels took in each of the last frames, for the simulation's share of the next.
    std::array<double, 16> rest_ms_{};
    size_t rest_at_ = 0;
    void play_timed(double wall_dt, const Condition* breakpoint, bool& hit);
    StepUnit unit_ = StepUnit::message;
    Selection selection_;
    std::optional<Condition> breakpoint_;
    std::string breakpoint_text_, breakpoint_hit_;
    std::vector<InFlightMessage> in_flight_;
    // Where in_flight_ was computed: while paused it is not computed again every frame.
    uint64_t in_flight_position_ = UINT64_MAX;
    SimTime in_flight_time_ = -1;
    Narrator narrator_;  // reads only what the trace added since the last frame
    std::vector<TimelineMark> marks_;
    std::vector<CompletionPoint> completions_;
    size_t marks_from_event_ = 0;  // trace events looked at for marks so far
    SimTime furthest_time_ = 0;
    std::vector<Flight> flights_;
    std::vector<SimTime> branch_points_;
    std::unique_ptr<PieceHistory> pieces_;
    double wall_now_ = 0;
};

}  // namespace swarmscope

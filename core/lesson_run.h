// Playing a lesson: its swarm (and the compared one) under step controllers, moved step by step. Each
// step starts where the one before ended; a step's motion runs to its `until` (or by its unit and
// count), its question holds it until answered or skipped, and its `expect` conditions are checked at
// its end. Headless: the CLI runs lessons to the end with it, the page plays them with it.
#pragma once
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "controller.h"
#include "lesson.h"

namespace swarmscope {

struct LessonFailure {
    size_t step = 0;   // 0-based
    std::string what;  // "expect 'peer 12 has 1 pieces' does not hold", "the swarm finished before 'until' held"
};

// One run of a sweep, to the end, against the bounds for its set-up.
struct SweepPoint {
    std::string value;       // the setting's value, as written
    int peers = 0;
    double measured_s = -1;  // the distribution time, -1 if the run did not finish
    double bound_cs_s = 0, bound_p2p_s = 0;
};

// Both swarms of a comparison run to the end: their distribution times (-1: not finished).
struct CompareOutcome {
    double time_s = -1, other_time_s = -1;
};
// "72.6 s", or "never finishes" for -1.
std::string distribution_time_text(double seconds);

class LessonRun {
public:
    explicit LessonRun(Lesson lesson, ControllerOptions options = {});

    const Lesson& lesson() const { return lesson_; }
    size_t step() const { return step_; }
    size_t step_count() const { return lesson_.steps.size(); }
    const LessonStep& current() const { return lesson_.steps[step_]; }
    bool compared() const { return controllers_[1] != nullptr; }
    Controller& controller(int which = 0) { return *controllers_[which]; }
    const Controller& controller(int which = 0) const { return *controllers_[which]; }

    // The current step's question is still open: asked, not yet answered or skipped. Its motion waits.
    bool question_open() const;
    // "B", "2" or "3.5": nullopt when it is not an answer to this question; otherwise right or wrong. A
    // wrong answer still closes the question (the explanation is shown and the swarm moves on).
    std::optional<bool> answer(std::string_view text);
    void skip_question();
    // The answer given, if any ("" when skipped); the explanation is shown once it is set.
    const std::optional<std::string>& answered() const { return answered_; }

    // Runs the current step's motion to its end (at once; the page animates towards end_time()). False
    // while the question is open. Then checks the step's expect conditions; failures() lists what failed.
    bool finish_step();
    bool at_step_end() const { return ended_[step_]; }
    // The end of the current step: its time and position, known once it has been run (finish_step or
    // end_preview); the page plays towards the time, then settles on the position.
    std::optional<std::pair<SimTime, uint64_t>> end_of_step() const;
    // Runs the step to learn where it ends, then puts the swarms back at its start.
    void end_preview();
    // To the start of the next step (finishing this one first); false at the last step or while the
    // question is open.
    bool next();
    // To the start of the previous step (or of this one, if it has moved); false at the very start.
    bool prev();
    // To the start of step k, running the steps before it.
    void go_to_step(size_t k);

    const std::vector<LessonFailure>& failures() const { return failures_; }

    // Sweeps run one set-up to the end per call, so the page can draw progress between them.
    bool sweep_pending() const;
    void sweep_one();
    const std::vector<SweepPoint>& sweep() const { return sweep_; }
    // Runs both swarms of a comparison to the end (once) and returns their distribution times.
    const CompareOutcome& compare_outcome();
    const std::optional<CompareOutcome>& compare_result() const { return outcome_; }  // once computed

    // Every step run to its end, questions skipped: the failures, and each step's end time.
    std::vector<SimTime> run_to_end();

private:
    bool run_motion();  // the current step's, from its start
    void check_expects();
    void restore(const std::array<uint64_t, 2>& at);
    std::array<uint64_t, 2> here() const;

    Lesson lesson_;
    std::array<std::unique_ptr<Controller>, 2> controllers_;
    size_t step_ = 0;
    std::vector<std::array<uint64_t, 2>> starts_;  // controller positions where each step starts
    std::vector<std::optional<std::array<uint64_t, 2>>> ends_;  // and where it ends, once run
    std::vector<SimTime> end_times_;
    std::vector<bool> ended_;  // the swarms stand at the end of that step
    std::optional<std::string> answered_;
    std::vector<LessonFailure> failures_;
    std::vector<SweepPoint> sweep_;
    std::optional<CompareOutcome> outcome_;
};

}  // namespace swarmscope

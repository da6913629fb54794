#include "lesson_run.h"

#include <algorithm>
#include <cstdio>

#include "run_report.h"

namespace swarmscope {

std::string distribution_time_text(double seconds) {
    if (seconds < 0) return "never finishes";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f s", seconds);
    return buf;
}

LessonRun::LessonRun(Lesson lesson, ControllerOptions options) : lesson_(std::move(lesson)) {
    controllers_[0] = std::make_unique<Controller>(lesson_.config, options);
    if (lesson_.compare) controllers_[1] = std::make_unique<Controller>(lesson_.compare->config, options);
    // The peers that join at t = 0 are in the swarm when the lesson starts, their first announces on their way.
    for (auto& c : controllers_)
        if (c) c->seek(0);
    const size_t n = lesson_.steps.size();
    starts_.assign(n, here());
    ends_.assign(n, std::nullopt);
    end_times_.assign(n, 0);
    ended_.assign(n, false);
}

std::array<uint64_t, 2> LessonRun::here() const {
    return {controllers_[0]->position(), compared() ? controllers_[1]->position() : 0};
}

void LessonRun::restore(const std::array<uint64_t, 2>& at) {
    controllers_[0]->go_to(at[0]);
    if (compared()) controllers_[1]->go_to(at[1]);
}

bool LessonRun::question_open() const { return current().question.has_value() && !answered_.has_value(); }

std::optional<bool> LessonRun::answer(std::string_view text) {
    if (!current().question) return std::nullopt;
    const std::optional<bool> right = current().question->check(text);
    if (right) answered_ = std::string(text);
    return right;
}

void LessonRun::skip_question() {
    if (question_open()) answered_ = std::string();
}

bool LessonRun::run_motion() {
    const LessonStep& s = current();
    restore(starts_[step_]);
    bool reached = true;
    if (!s.until.empty()) {
        reached = controllers_[0]->run_until(s.until);
    } else {
        for (int i = 0; i < s.count && reached; ++i) reached = controllers_[0]->step(s.unit);
    }
    if (compared()) controllers_[1]->seek(controllers_[0]->swarm().now());  // stepped together, by time
    return reached;
}

void LessonRun::check_expects() {
    failures_.erase(std::remove_if(failures_.begin(), failures_.end(), [&](const LessonFailure& f) { return f.step == step_; }),
                    failures_.end());
    for (const LessonCheck& c : current().expect) {
        const Controller& on = *controllers_[c.which == 1 && compared() ? 1 : 0];
        if (!evaluate(c.condition, on.swarm()))
            failures_.push_back({step_, std::string(c.which == 1 ? "expect_compared" : "expect") + " \"" + c.text +
                                            "\" does not hold at t=" + format_time(on.swarm().now())});
    }
}

bool LessonRun::finish_step() {
    if (ended_[step_]) return true;
    if (question_open()) return false;
    if (ends_[step_]) {
        restore(*ends_[step_]);
    } else {
        const bool reached = run_motion();
        ends_[step_] = here();
        end_times_[step_] = controllers_[0]->swarm().now();
        failures_.erase(std::remove_if(failures_.begin(), failures_.end(), [&](const LessonFailure& f) { return f.step == step_; }),
                        failures_.end());
        if (!reached) {
            check_expects();
            failures_.push_back({step_, current().until.empty()
                                            ? std::string("the swarm finished before the step's ") + step_unit_name(current().unit) + "s were done"
                                            : "the swarm finished before \"" + current().until_text + "\" held"});
            ended_[step_] = true;
            return true;
        }
    }
    check_expects();
    ended_[step_] = true;
    return true;
}

std::optional<std::pair<SimTime, uint64_t>> LessonRun::end_of_step() const {
    if (!ends_[step_]) return std::nullopt;
    return std::make_pair(end_times_[step_], (*ends_[step_])[0]);
}

void LessonRun::end_preview() {
    if (ends_[step_]) return;
    const std::optional<std::string> keep = answered_;
    answered_ = std::string();  // the motion does not depend on the answer
    finish_step();
    answered_ = keep;
    ended_[step_] = false;
    restore(starts_[step_]);
}

bool LessonRun::next() {
    if (question_open()) return false;
    finish_step();
    if (step_ + 1 >= lesson_.steps.size()) return false;
    ++step_;
    starts_[step_] = here();
    ends_[step_].reset();  // a what-if made in between may have changed what follows
    ended_[step_] = false;
    answered_.reset();
    return true;
}

bool LessonRun::prev() {
    if (here() != starts_[step_]) {
        restore(starts_[step_]);
        ended_[step_] = false;
        answered_.reset();
        return true;
    }
    if (step_ == 0) return false;
    ended_[step_] = false;
    --step_;
    restore(starts_[step_]);
    ended_[step_] = false;
    answered_.reset();
    return true;
}

void LessonRun::go_to_step(size_t k) {
    k = std::min(k, lesson_.steps.size() - 1);
    if (k <= step_) {
        step_ = k;
        restore(starts_[k]);
        std::fill(ended_.begin(), ended_.end(), false);
        answered_.reset();
        return;
    }
    while (step_ < k) {
        skip_question();
        if (!next()) break;
    }
}

std::vector<SimTime> LessonRun::run_to_end() {
    go_to_step(0);
    std::vector<SimTime> times;
    for (;;) {
        skip_question();
        finish_step();
        times.push_back(controllers_[0]->swarm().now());
        if (!next()) break;
    }
    return times;
}

bool LessonRun::sweep_pending() const { return lesson_.sweep && sweep_.size() < lesson_.sweep->configs.size(); }

void LessonRun::sweep_one() {
    if (!sweep_pending()) return;
    const size_t i = sweep_.size();
    SwarmConfig c = lesson_.sweep->configs[i];
    c.keep_trace = false;
    Swarm swarm(c);
    while (swarm.step()) {
    }
    const RunReport r = make_report(swarm);
    SweepPoint p;
    p.value = lesson_.sweep->values[i];
    p.peers = c.peers;
    p.measured_s = r.distribution_time_s;
    p.bound_cs_s = r.bound_cs.seconds;
    p.bound_p2p_s = r.bound_p2p.seconds;
    sweep_.push_back(p);
    const double max_ratio = lesson_.sweep->max_ratio;
    if (p.measured_s < 0)
        failures_.push_back({0, "sweep: the run with " + lesson_.sweep->setting + " " + p.value + " did not finish"});
    else if (p.measured_s < p.bound_p2p_s * (1 - 1e-9))
        failures_.push_back({0, "sweep: the run with " + lesson_.sweep->setting + " " + p.value + " beat the peer-to-peer bound"});
    else if (max_ratio > 0 && p.measured_s > max_ratio * p.bound_p2p_s)
        failures_.push_back({0, "sweep: the run with " + lesson_.sweep->setting + " " + p.value + " took " +
                                    std::to_string(p.measured_s / p.bound_p2p_s) + " x the peer-to-peer bound (max_ratio " +
                                    std::to_string(max_ratio) + ")"});
}

const CompareOutcome& LessonRun::compare_outcome() {
    if (!outcome_) {
        CompareOutcome o;
        for (int which = 0; which < 2 && lesson_.compare; ++which) {
            SwarmConfig c = which == 0 ? lesson_.config : lesson_.compare->config;
            c.keep_trace = false;
            Swarm swarm(c);
            while (swarm.step()) {
            }
            const double t = swarm.metrics().distribution_time >= 0 ? to_seconds(swarm.metrics().distribution_time) : -1;
            (which == 0 ? o.time_s : o.other_time_s) = t;
        }
        outcome_ = o;
    }
    return *outcome_;
}

}  // namespace swarmscope

#include "controller.h"

#include <algorithm>
#include <cstring>

#include "snapshot.h"

namespace swarmscope {

const char* step_unit_name(StepUnit unit) {
    switch (unit) {
        case StepUnit::event: return "event";
        case StepUnit::message: return "message";
        case StepUnit::announce: return "announce";
        case StepUnit::choke_round: return "choke round";
        case StepUnit::optimistic_round: return "optimistic round";
        case StepUnit::piece: return "piece";
        case StepUnit::completion: return "completion";
    }
    return "?";
}

// A keyframe being written a part at a time, into memory of its own (scratch_'s, given back when done):
// what it has written stays put while the caller draws a frame.
struct Controller::PendingKeyframe {
    explicit PendingKeyframe(std::vector<uint8_t>&& memory) : bytes(std::move(memory)), writer(bytes) {}
    std::vector<uint8_t> bytes;
    SnapshotWriter writer;
    Swarm::SnapshotPlace at;
};

Controller::Controller(const SwarmConfig& config, ControllerOptions options)
    : config_(config), options_(options), swarm_(config), keyframe_every_(options.keyframe_every) {
    swarm_.snapshot_into(scratch_);
    add_keyframe();
}

Controller::~Controller() = default;

bool Controller::advance() {
    finish_keyframe();
    const uint64_t messages = swarm_.metrics().messages;
    if (!swarm_.step()) return false;
    if (position_ == marks_.size()) {
        uint8_t f = StepMarks::bit(StepUnit::event);
        if (swarm_.metrics().messages > messages) f |= StepMarks::bit(StepUnit::message);
        for (const TraceEvent& e : swarm_.last_step_events()) {
            if (e.kind == TraceKind::announce) f |= StepMarks::bit(StepUnit::announce);
            if (e.kind == TraceKind::choke_round) f |= StepMarks::bit(StepUnit::choke_round);
            if (e.kind == TraceKind::choke_round && e.piece == 1) f |= StepMarks::bit(StepUnit::optimistic_round);
            if (e.kind == TraceKind::piece_verified) f |= StepMarks::bit(StepUnit::piece);
            if (e.kind == TraceKind::completed) f |= StepMarks::bit(StepUnit::completion);
        }
        marks_.record(f);
        ++position_;
        if (position_ - keyframes_.back().position >= keyframe_every_) {
            // In parts only where nothing recorded at this position is still to be applied (replaying
            // never writes keyframes, so that is always the case).
            const bool what_if_due = applied_ < history_.size() && history_[applied_].position == position_;
            if (options_.keyframes_in_parts && !what_if_due) pending_ = std::make_unique<PendingKeyframe>(std::move(scratch_));
            else keep_keyframe();
        }
    } else {
        ++position_;
    }
    apply_pending();
    view_time_ = swarm_.now();
    return true;
}

// The what-ifs recorded at the current position, when the state does not include them yet.
void Controller::apply_pending() {
    while (applied_ < history_.size() && history_[applied_].position == position_) apply_to(swarm_, history_[applied_++].what_if);
}

std::string Controller::apply_to(Swarm& swarm, const WhatIf& w) {
    switch (w.kind) {
        case WhatIfKind::add_leecher: return swarm.add_leecher();
        case WhatIfKind::remove_peer: return swarm.remove_peer(w.peer);
        case WhatIfKind::leave: return swarm.make_leave(w.peer);
        case WhatIfKind::rejoin: return swarm.make_rejoin(w.peer);
        case WhatIfKind::set_upload: return swarm.set_peer_upload(w.peer, w.value);
        case WhatIfKind::free_rider: return swarm.set_free_rider(w.peer, w.value != 0);
        case WhatIfKind::drop_message: return swarm.drop_in_flight(w.conn, w.dir, w.index);
        case WhatIfKind::set_preset: return swarm.set_preset(w.preset);
        case WhatIfKind::resend_bitfield: return swarm.resend_bitfield(w.peer, w.neighbour);
        case WhatIfKind::corrupt_block: return swarm.corrupt_next_block(w.peer);
    }
    return "unknown what-if";
}

std::string Controller::apply(const WhatIf& w) {
    finish_keyframe();
    // Try it on a copy first, so a refused what-if leaves history and future untouched.
    Swarm trial = swarm_;
    const std::string error = apply_to(trial, w);
    if (!error.empty()) return error;
    if (position_ < marks_.size()) {
        marks_.truncate(position_);  // a new branch: the old future is gone
        while (keyframes_.size() > 1 && keyframes_.back().position > position_) drop_keyframe(keyframes_.size() - 1);
    }
    history_.resize(applied_);
    history_.push_back(Applied{position_, w});
    applied_ = history_.size();
    swarm_ = std::move(trial);
    return {};
}

bool Controller::play(double wall_seconds, double speed, const Condition* breakpoint) {
    return play_to(view_time_after(wall_seconds, speed), breakpoint);
}

SimTime Controller::view_time_after(double wall_seconds, double speed) const {
    return view_time() + static_cast<SimTime>(wall_seconds * std::clamp(speed, 0.1, 10000.0) * 1e6);
}

bool Controller::play_to(SimTime target, const Condition* breakpoint, uint64_t max_events) {
    for (uint64_t events = 0; !swarm_.done() && swarm_.next_event_time() <= target; ++events) {
        // The rest waits for the next call (after the keyframe due, if one is); view time: the last event's.
        if (events == max_events || pending_) return false;
        if (!advance()) break;
        if (breakpoint && evaluate(*breakpoint, swarm_)) return true;
    }
    view_time_ = std::max(view_time(), swarm_.done() ? swarm_.now() : target);
    return false;
}

bool Controller::write_keyframe(const std::function<bool()>& more) {
    if (!pending_) return true;
    if (!swarm_.snapshot_part(pending_->writer, pending_->at, more)) return false;
    scratch_ = std::move(pending_->writer.bytes());
    pending_.reset();
    add_keyframe();
    after_keyframe();
    return true;
}

void Controller::finish_keyframe() {
    write_keyframe([] { return true; });
}

// A keyframe's bytes live in chunks of one size, taken from and given back to a pool: memory a dropped
// keyframe held fits any later one exactly, so a long run neither fragments the heap nor grows it.
void Controller::add_keyframe() {
    Keyframe kf{position_, swarm_.now(), scratch_.size(), {}};
    for (size_t at = 0; at < scratch_.size(); at += keyframe_chunk) {
        std::unique_ptr<uint8_t[]> chunk;
        if (free_chunks_.empty()) {
            chunk.reset(new uint8_t[keyframe_chunk]);
        } else {
            chunk = std::move(free_chunks_.back());
            free_chunks_.pop_back();
        }
        std::memcpy(chunk.get(), scratch_.data() + at, std::min(keyframe_chunk, scratch_.size() - at));
        kf.chunks.push_back(std::move(chunk));
    }
    keyframe_total_ += kf.chunks.size() * keyframe_chunk;
    ++keyframes_written_;
    keyframes_.push_back(std::move(kf));
}

void Controller::drop_keyframe(size_t k) {
    keyframe_total_ -= keyframes_[k].chunks.size() * keyframe_chunk;
    for (std::unique_ptr<uint8_t[]>& chunk : keyframes_[k].chunks) free_chunks_.push_back(std::move(chunk));
    keyframes_.erase(keyframes_.begin() + static_cast<std::ptrdiff_t>(k));
    // Keep about one keyframe's worth for the next one; a branch that drops many gives the rest back.
    const size_t keep = keyframes_.back().chunks.size() + 1;
    if (free_chunks_.size() > keep) free_chunks_.resize(keep);
}

void Controller::keep_keyframe() {
    swarm_.snapshot_into(scratch_);
    add_keyframe();
    after_keyframe();
}

void Controller::after_keyframe() {
    thin_keyframes();
    // Space the next ones so that the budget holds about as many keyframes as it can, evenly spread.
    const uint64_t fit = std::max<uint64_t>(2, options_.keyframe_budget / std::max<uint64_t>(1, keyframe_total_ / keyframes_.size()));
    const auto by_size = static_cast<uint64_t>(options_.keyframe_events_per_byte * static_cast<double>(keyframes_.back().size));
    keyframe_every_ = std::max({options_.keyframe_every, position_ / fit, by_size});
}

// Over budget: drop the keyframe whose two neighbours are closest together, so the longest replay
// any seek needs grows as little as possible. The first keyframe (the start) and the newest stay.
void Controller::thin_keyframes() {
    while (keyframe_total_ > options_.keyframe_budget && keyframes_.size() > 2) {
        size_t drop = 1;
        for (size_t i = 2; i + 1 < keyframes_.size(); ++i)
            if (keyframes_[i + 1].position - keyframes_[i - 1].position <
                keyframes_[drop + 1].position - keyframes_[drop - 1].position)
                drop = i;
        if (drop + 1 >= keyframes_.size()) break;  // only the start and the newest are left
        drop_keyframe(drop);
    }
}

uint64_t Controller::keyframe_max_gap() const {
    uint64_t gap = furthest() - keyframes_.back().position;
    for (size_t i = 1; i < keyframes_.size(); ++i) gap = std::max(gap, keyframes_[i].position - keyframes_[i - 1].position);
    return gap;
}

bool Controller::step(StepUnit unit) {
    while (advance())
        if (marks_.ends(position_, unit)) return true;
    return false;
}

bool Controller::back(StepUnit unit) {
    if (position_ == 0) return false;
    go_to(marks_.last_before(position_, unit));
    return true;
}

void Controller::restore_before(uint64_t target, SimTime t) {
    finish_keyframe();
    // The latest keyframe at or before both the position and the time asked for.
    size_t k = keyframes_.size();
    while (k > 1 && (keyframes_[k - 1].position > target || keyframes_[k - 1].time > t)) --k;
    const Keyframe& kf = keyframes_[k - 1];
    // Going forward from where we are needs no restore unless a keyframe lies closer to the target.
    const bool target_ahead = position_ <= target && swarm_.now() <= t;
    if (target_ahead && kf.position <= position_) return;
    scratch_.resize(kf.size);
    for (size_t c = 0; c < kf.chunks.size(); ++c)
        std::memcpy(scratch_.data() + c * keyframe_chunk, kf.chunks[c].get(),
                    std::min(keyframe_chunk, kf.size - c * keyframe_chunk));
    swarm_.restore(scratch_);
    position_ = kf.position;
    applied_ = 0;
    while (applied_ < history_.size() && history_[applied_].position < position_) ++applied_;
    apply_pending();
    view_time_ = swarm_.now();
}

void Controller::go_to(uint64_t target) {
    restore_before(target, INT64_MAX);
    while (position_ < target && advance()) {
    }
}

bool Controller::run_until(const Condition& condition) {
    while (advance())
        if (evaluate(condition, swarm_)) return true;
    return false;
}

void Controller::seek(SimTime t) {
    restore_before(UINT64_MAX, t);
    while (!swarm_.done() && swarm_.next_event_time() <= t && advance()) {
    }
}

}  // namespace swarmscope

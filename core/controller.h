// The lecturer's controls over a swarm: step forward by a unit a class can follow, step back, seek.
// Going back restores the nearest earlier keyframe (a copy of the whole swarm) and replays forward;
// since the swarm is deterministic, the replay arrives at exactly the state that was left.
#pragma once
#include <cstdint>
#include <vector>

#include "swarm.h"

namespace swarmscope {

enum class StepUnit : uint8_t {
    event,             // one simulator event
    message,           // one delivery of wire bytes that decoded into at least one message
    announce,          // one tracker announce
    choke_round,       // one peer's 10 s choking round
    optimistic_round,  // one choking round that rotated the optimistic unchoke (every 30 s)
    piece,             // one verified piece at any peer
    completion,        // one peer completing the file
};

const char* step_unit_name(StepUnit unit);

struct ControllerOptions {
    uint64_t keyframe_every = 20000;          // events between keyframes, at first
    uint64_t keyframe_budget = 256ull << 20;  // bytes; past it every other keyframe is dropped
};

class Controller {
public:
    explicit Controller(const SwarmConfig& config, ControllerOptions options = {});

    const Swarm& swarm() const { return swarm_; }
    uint64_t position() const { return position_; }  // events run so far
    uint64_t furthest() const { return flags_.size(); }

    // Forward to just after the next event of this unit; false when the swarm has finished first.
    bool step(StepUnit unit);
    // Back to just after the previous event of this unit (or to the start); false if already there.
    bool back(StepUnit unit);
    // To the state after every event at or before time t (t within what has been run, or beyond:
    // then the swarm runs forward to it).
    void seek(SimTime t);
    // To an exact position, by keyframe and replay.
    void go_to(uint64_t position);

    size_t keyframe_count() const { return keyframes_.size(); }
    uint64_t keyframe_bytes() const;  // the swarm state one keyframe holds (latest), approximately

private:
    struct Keyframe {
        uint64_t position;
        Swarm swarm;
    };

    bool advance();  // one event, recording what it did and keeping keyframes
    void keep_keyframe();
    void restore_before(uint64_t target, SimTime t);
    static uint8_t unit_bit(StepUnit unit) { return static_cast<uint8_t>(1u << static_cast<unsigned>(unit)); }

    SwarmConfig config_;
    ControllerOptions options_;
    Swarm swarm_;
    uint64_t position_ = 0;
    std::vector<uint8_t> flags_;  // per event run: which units it ends (bit per StepUnit)
    std::vector<Keyframe> keyframes_;
    uint64_t keyframe_every_;
};

}  // namespace swarmscope

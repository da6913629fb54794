// The lecturer's controls over a swarm: step forward by a unit a class can follow, step back, seek.
// Going back restores the nearest earlier keyframe (a copy of the whole swarm) and replays forward;
// since the swarm is deterministic, the replay arrives at exactly the state that was left.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "condition.h"
#include "step_marks.h"
#include "swarm.h"

namespace swarmscope {


const char* step_unit_name(StepUnit unit);

enum class WhatIfKind : uint8_t {
    add_leecher, remove_peer, leave, rejoin, set_upload, free_rider, drop_message, set_preset, resend_bitfield,
    corrupt_block
};

// A change the lecturer makes at some point of the run; kept in the history so replays repeat it.
struct WhatIf {
    WhatIfKind kind = WhatIfKind::leave;
    PeerId peer = no_peer;
    double value = 0;  // set_upload: bytes/s; free_rider: 1 or 0
    ConnId conn = 0;   // drop_message: which message, by connection, direction and place among those in flight
    int dir = 0;
    uint32_t index = 0;
    ChokePreset preset = ChokePreset::textbook;
    PeerId neighbour = no_peer;  // resend_bitfield: to whom `peer` sends it
};

struct ControllerOptions {
    uint64_t keyframe_every = 20000;          // events between keyframes, at least
    uint64_t keyframe_budget = 256ull << 20;  // bytes of keyframes kept, in all (at least two are kept)
    // Events between keyframes, at least, per byte of the latest keyframe. Writing a keyframe takes time
    // in proportion to its bytes: in a large swarm (200 peers, a megabyte a keyframe) 20000 events
    // come every few frames of play, and the keyframes took a third of the simulation's time.
    // 0: keyframe_every alone decides.
    double keyframe_events_per_byte = 0;
    // true: play_to() stops where a keyframe is due, and the caller writes it with write_keyframe(), a
    // part at a time, over as many calls (frames) as it needs. Anything else that moves or changes the
    // swarm finishes it first. false: keyframes are written whole as they fall due.
    bool keyframes_in_parts = false;
};

class Controller {
public:
    explicit Controller(const SwarmConfig& config, ControllerOptions options = {});
    ~Controller();

    const Swarm& swarm() const { return swarm_; }
    uint64_t position() const { return position_; }  // events run so far
    uint64_t furthest() const { return marks_.size(); }

    // Forward to just after the next event of this unit; false when the swarm has finished first.
    bool step(StepUnit unit);
    // Back to just after the previous event of this unit (or to the start); false if already there.
    bool back(StepUnit unit);
    // To the state after every event at or before time t (t within what has been run, or beyond:
    // then the swarm runs forward to it).
    void seek(SimTime t);
    // To an exact position, by keyframe and replay.
    void go_to(uint64_t position);
    // Forward until the condition holds just after an event (not checked before the first); false if
    // the swarm finished first.
    bool run_until(const Condition& condition);

    // Applies a what-if now. If the run had gone further before (we stepped back), that future is
    // discarded and a new branch starts here, as an editor's undo history does. Returns an error
    // message, or an empty string when applied.
    std::string apply(const WhatIf& what_if);
    size_t what_if_count() const { return history_.size(); }

    // Play: move the view on by `wall_seconds` of the caller's clock at `speed` simulated seconds per
    // wall second (0.1 to 10 000), running every event up to the new view time. The view time may sit
    // between events (a message half-way along its link); pausing is simply not calling play.
    // With a breakpoint, play stops just after the first event that makes it hold and returns true; the
    // view time is then that event's.
    bool play(double wall_seconds, double speed, const Condition* breakpoint = nullptr);
    // The same towards a view time, running at most `max_events` events: a caller keeping to a frame's
    // budget plays in slices, and a burst (two hundred peers joining at once) plays out over several
    // frames, each stopping at its last event's time.
    bool play_to(SimTime target, const Condition* breakpoint = nullptr, uint64_t max_events = UINT64_MAX);
    // Where play() with these arguments moves the view time to.
    SimTime view_time_after(double wall_seconds, double speed) const;
    // With keyframes_in_parts: a keyframe is due, and play_to() runs nothing until it is written.
    bool keyframe_pending() const { return pending_ != nullptr; }
    // Writes on at the pending keyframe, asking `more()` between parts whether to go on (a part takes
    // about a millisecond at most, in a 200-peer swarm); true once it is written (or none was pending).
    bool write_keyframe(const std::function<bool()>& more);
    uint64_t keyframes_written() const { return keyframes_written_; }  // ever, dropped ones included
    SimTime view_time() const { return view_time_ < swarm_.now() ? swarm_.now() : view_time_; }

    size_t keyframe_count() const { return keyframes_.size(); }
    uint64_t keyframe_bytes() const { return keyframes_.back().size; }  // the latest one
    uint64_t keyframe_total_bytes() const { return keyframe_total_; }           // all kept, as allocated
    uint64_t keyframe_max_gap() const;  // most events between two kept keyframes (or after the last)

private:
    struct Keyframe {
        uint64_t position;
        SimTime time;
        size_t size;                                       // bytes of its Swarm::snapshot()
        std::vector<std::unique_ptr<uint8_t[]>> chunks;    // holding them, keyframe_chunk bytes each
    };
    struct PendingKeyframe;  // controller.cpp
    void add_keyframe();  // from the snapshot in scratch_
    void finish_keyframe();
    void drop_keyframe(size_t k);
    void thin_keyframes();

    bool advance();  // one event, recording what it did and keeping keyframes
    void keep_keyframe();
    void after_keyframe();  // drops what is over budget, and spaces the next
    void restore_before(uint64_t target, SimTime t);
    void apply_pending();
    static std::string apply_to(Swarm& swarm, const WhatIf& w);

    struct Applied {
        uint64_t position;  // applied after this many events
        WhatIf what_if;
    };

    SwarmConfig config_;
    ControllerOptions options_;
    Swarm swarm_;
    uint64_t position_ = 0;
    StepMarks marks_;  // per event run: which units it ends
    std::vector<Keyframe> keyframes_;  // a keyframe at position K holds the state before K's what-ifs
    uint64_t keyframe_every_;
    static constexpr size_t keyframe_chunk = 64 * 1024;
    uint64_t keyframe_total_ = 0;                          // bytes the kept keyframes' chunks take
    uint64_t keyframes_written_ = 0;                       // ever
    std::vector<std::unique_ptr<uint8_t[]>> free_chunks_;  // from dropped keyframes, for the next ones
    std::vector<uint8_t> scratch_;                         // a snapshot being written or restored
    std::unique_ptr<PendingKeyframe> pending_;
    std::vector<Applied> history_;     // in order of position
    size_t applied_ = 0;               // how many of history_ the current state includes
    SimTime view_time_ = 0;
};

}  // namespace swarmscope

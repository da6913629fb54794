// How the pieces spread, read from the trace: the copies of each piece among online peers now, a
// compact series over the run of the rarest piece's copies and of the spread between pieces, and
// from whom and when each peer got each piece. Built as the trace grows, a few records per frame; a
// trace that went back (a step back, a seek) or took another branch (a what-if after going back) is
// noticed and followed, so the history always describes the trace it was last given.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "ids.h"
#include "sim_time.h"
#include "trace.h"

namespace swarmscope {

class Swarm;

// The copies over all pieces just after one trace record.
struct CopiesSample {
    SimTime time = 0;
    uint64_t records = 0;   // trace records read when it was taken
    uint32_t min = 0, max = 0;
    float mean = 0, stddev = 0;
    friend bool operator==(const CopiesSample&, const CopiesSample&) = default;
};

struct Acquisition {
    PeerId from = no_peer;  // no_peer: an initial seed's piece, held from the start
    SimTime time = 0;
};

class PieceHistory {
public:
    // Takes what the trace does not say: the piece count and which peers start as seeds. The history
    // then follows this swarm's trace (or a controller's, whose swarm has the same config).
    explicit PieceHistory(const Swarm& swarm);

    // Reads the records added since the last call. A trace that keeps no records leaves it empty.
    void update(const Trace& trace);
    uint64_t records_read() const { return read_; }

    // Per piece, among online peers: Swarm::copies() at the trace's last record.
    const std::vector<uint32_t>& copies() const { return copies_; }
    uint32_t min_copies() const { return min_; }
    uint32_t max_copies() const { return max_; }
    double mean_copies() const;
    double stddev_copies() const;  // over pieces: how unevenly the copies are spread
    // The run so far, a sample whenever the rarest or the commonest piece's copies change, or the mean
    // or the spread move by a 256th of the most copies (at least a 16th of one): finer than a chart's
    // pixel, and a few thousand samples for a 1000 x 1024 run. The current values follow the last.
    const std::vector<CopiesSample>& samples() const { return samples_; }

    // Whether `peer` has `piece`, and if so from whom and when; `trace` is the one last given to update().
    std::optional<Acquisition> acquired(const Trace& trace, PeerId peer, PieceIndex piece) const;

private:
    static constexpr uint32_t from_start = 0xFFFFFFFFu;  // got_: held since the start
    static constexpr uint64_t checkpoint_every = 4096;

    struct Checkpoint {
        uint64_t records;
        uint64_t hash;  // the trace's hash after that many records
    };

    void read(const Trace& trace, uint64_t count);
    void apply(const TraceEvent& e, uint32_t index);
    void go_back(uint64_t count);  // to the latest checkpoint at or before `count` records
    void recount();
    void add_copy(PieceIndex piece, int delta);
    void set_online(PeerId peer, bool online, uint32_t index);
    void sample(SimTime time, uint64_t records);
    uint32_t* got_of(PeerId peer);
    bool online(PeerId peer) const { return peer < flips_.size() && flips_[peer].size() % 2 == 1; }

    uint32_t pieces_ = 0;
    std::vector<bool> initial_seed_;         // by peer, as the swarm was built
    std::vector<uint32_t> got_;              // by peer, then piece: 0 not held, from_start, or the record's index + 1
    std::vector<std::vector<uint32_t>> flips_;  // by peer: indices of the records that took it online or offline
    std::vector<uint32_t> copies_;
    std::vector<uint32_t> pieces_with_;      // by copies: how many pieces have that many
    uint32_t min_ = 0, max_ = 0;
    uint64_t sum_ = 0, sum_squares_ = 0;     // of copies over pieces: the mean and spread, exactly
    std::vector<CopiesSample> samples_;
    uint64_t read_ = 0;
    uint64_t hash_ = Trace::empty_hash;      // of the records read
    std::vector<Checkpoint> checkpoints_;
};

}  // namespace swarmscope

// A finished (or stopped) run summarised: the numbers the CLI prints and the tests check.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "model.h"
#include "swarm.h"

namespace swarmscope {

// How evenly the pieces were spread over the run: the copies of the rarest piece, and the standard
// deviation and mean of the copies per piece, each averaged over time from the first record to the
// end of the run (among online peers, seeds included).
struct CopySpread {
    double min_mean = 0, stddev_mean = 0, mean_mean = 0;
};

// A leecher that joined after the start: when its first piece arrived, from whom, and through what.
struct FirstPiece {
    PeerId peer = no_peer;
    double joined_s = 0, first_piece_s = -1;  // -1: none arrived
    PeerId from = no_peer;
    bool from_seed = false;  // the sender had every piece by then
    // How the sender came to upload to it: "optimistic unchoke", "regular unchoke" (by rate),
    // "free slot", "seed rotation", "uninterested but faster (BEP 3)", "choking off".
    std::string through;
};

// The leechers of one upload class (SwarmConfig::up_classes; every leecher when there are none).
struct ClassFigures {
    double upload = 0;  // each one's upload, bytes/s
    int peers = 0, completed = 0;
    double mean_completion_s = -1, median_completion_s = -1;  // from joining, over those that completed
    // The rate at which a peer of this class received blocks from the peers of class k (from_class[k])
    // and from the initial seeds: the block bytes its peers received from them, over the time its peers
    // were downloading (each from its join to its completion, or to the end of the run).
    std::vector<double> from_class;
    double from_seeds = 0;
};

struct RunReport {
    double distribution_time_s = -1;  // -1 when not every leecher finished
    Bound bound_p2p, bound_cs;
    double ratio_to_bound = 0;
    int peers_completed = 0;
    double median_completion_s = 0;
    uint64_t messages = 0, bytes = 0, events = 0;
    std::array<uint64_t, 11> messages_by_kind{};  // indexed by MsgKind
    uint64_t trace_hash = 0;
    double sim_time_s = 0;
    // Up to the distribution time (or the end of the run): the share of the seeds' upload capacity,
    // and of the leechers' (each from its join), that carried blocks; and the block bytes received
    // twice or discarded.
    double seed_upload_utilisation = 0, leecher_upload_utilisation = 0;
    uint64_t duplicate_bytes = 0;
    std::vector<ClassFigures> classes;  // by upload class, in peer order
    // Read from the trace's records: left empty when the trace keeps none (benchmarks).
    bool from_records = false;
    CopySpread spread;
    std::vector<FirstPiece> late_first_pieces;
};

ModelInput model_input(const SwarmConfig& config);
RunReport make_report(const Swarm& swarm);
// "  piece 2048000, have 1500000, request 2049000": the kinds that occurred, most frequent first.
std::string messages_by_kind_line(const RunReport& r);
std::string hex64(uint64_t v);

}  // namespace swarmscope

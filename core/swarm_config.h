// What a swarm is built from: sizes, rates, policy and schedule. Plain data; lessons and the CLI fill it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "choker.h"
#include "ids.h"
#include "piece_picker.h"
#include "sim_time.h"

namespace swarmscope {

enum class AfterComplete : uint8_t { stay, leave, linger };

// What a scheduled change does. join and leave are arrivals and departures (a leecher with a join
// entry is not there at t=0); the others are what-ifs at a set time, as a lesson scripts them.
enum class ChangeKind : uint8_t { join, leave, free_rider, stop_free_riding, set_upload, corrupt_block, add_leecher, remove };

const char* change_kind_name(ChangeKind kind);  // "join", "free_rider", ... as lessons spell them

struct ScheduledChange {
    SimTime time = 0;
    PeerId peer = 0;   // not used by add_leecher
    ChangeKind kind = ChangeKind::join;
    double value = 0;  // set_upload: bytes/s

    template <class Archive>
    void io(Archive& a) { a(time, peer, kind, value); }
};

// Leechers that share a rate: `count` of them, consecutive in peer order.
struct RateClass {
    double rate = 0;  // bytes/s
    int count = 0;

    template <class Archive>
    void io(Archive& a) { a(rate, count); }
};

struct SwarmConfig {
    int peers = 10;                    // leechers: the N of the distribution-time formulas
    int seeds = 1;                     // initial seeds, sharing `server_up` between them
    uint32_t pieces = 64;
    uint32_t piece_size = 256 * 1024;
    double server_up = 10.0 * (1 << 20);  // u_s, bytes/s, all initial seeds together
    double peer_up = 1 << 20;             // u_i, bytes/s
    double peer_down = 10.0 * (1 << 20);  // d_i, bytes/s
    // Peers that differ (--peer-up 2MiB/s:10,512KiB/s:30): classes in peer order from leecher 0, their
    // counts adding up to `peers`. Empty: every leecher uploads peer_up and downloads peer_down. With
    // classes, peer_up and peer_down hold the classes' mean, and a leecher no class covers (one a
    // what-if adds) gets them. The run report groups leechers by their upload class.
    std::vector<RateClass> up_classes, down_classes;
    ChokePreset preset = ChokePreset::textbook;
    uint64_t rng_seed = 1;
    AfterComplete after_complete = AfterComplete::stay;
    SimTime linger = 0;                // with AfterComplete::linger
    int free_riders = 0;               // the last `free_riders` leechers never upload
    // As Mainline 4.x: open connections to at most 40 of the peers the tracker returns, accept up to 80 in
    // all, so late joiners still find room and the neighbour graph stays connected.
    int max_initiate = 40;
    int max_connections = 80;
    uint32_t numwant = 50;             // peers asked of the tracker
    // Outstanding block requests per neighbour: enough to cover `request_horizon` at the rate that
    // neighbour has been sending (as libtorrent sizes its queue), at least `pipeline`, at most 256.
    int pipeline = 4;
    int random_first_pieces = 4;       // a newcomer's first pieces are picked at random, then rarest first
    // Rarest first (BitTorrent), or a labelled baseline: random or sequential (--picker).
    PiecePolicy picker = PiecePolicy::rarest;
    // false: every interested neighbour is served at once, and nobody is ever choked (--choking off):
    // a labelled baseline, not BitTorrent.
    bool choking = true;
    SimTime request_horizon = milliseconds(500);
    SimTime latency_min = milliseconds(5), latency_max = milliseconds(25);  // one way, per host
    // Seed rotation (a labelled refinement, not part of any preset; on by default, --seed-rotation):
    // once a neighbour has received seed_rotation_bytes from a seed since it was unchoked (one piece,
    // for a neighbour with no piece yet), and another interested neighbour is waiting, the seed passes
    // the slot on, and at a choking round a slot held for ChokeParams::seed_slot_rounds rounds passes
    // to the neighbour that waited longest. So a seed's upload spreads over the swarm instead of feeding
    // the first few peers it unchoked. Its trace reasons say "(seed rotation)".
    bool seed_rotation = true;
    uint64_t seed_rotation_bytes = 2 << 20;
    int64_t announce_interval_s = 300;
    SimTime time_limit = seconds(24 * 3600);
    // Real block bytes and SHA-1 checks (automatic for files up to 16 MiB); larger files send
    // blocks by reference to generated content, so a 1000-peer run does not copy gigabytes.
    int real_payload = -1;             // -1 auto, 0 off, 1 on
    bool keep_trace = true;            // false: only the hash and counts (benchmarks)
    // Leechers join at t=0 unless the schedule says otherwise; later entries make peers leave and rejoin,
    // and make the other changes a lecturer could make by hand, at their time.
    std::vector<ScheduledChange> schedule;

    uint64_t file_bytes() const { return static_cast<uint64_t>(pieces) * piece_size; }
    // Leecher i's own rates (u_i, d_i), from its class.
    double upload_of(int leecher) const { return class_rate(up_classes, leecher, peer_up); }
    double download_of(int leecher) const { return class_rate(down_classes, leecher, peer_down); }
    // Leecher i's upload class: 0 without classes; up_class_count() for one no class covers.
    int up_class_of(int leecher) const {
        if (up_classes.empty()) return leecher < peers ? 0 : up_class_count();
        int first = 0;
        for (size_t k = 0; k < up_classes.size(); ++k) {
            first += up_classes[k].count;
            if (leecher < first) return static_cast<int>(k);
        }
        return up_class_count();
    }
    int up_class_count() const { return up_classes.empty() ? 1 : static_cast<int>(up_classes.size()); }

    template <class Archive>
    void io(Archive& a) {
        a(peers, seeds, pieces, piece_size, server_up, peer_up, peer_down, preset, rng_seed, after_complete, linger);
        a(free_riders, max_initiate, max_connections, numwant, pipeline, random_first_pieces, request_horizon);
        a(latency_min, latency_max, seed_rotation, seed_rotation_bytes, announce_interval_s, time_limit, real_payload, keep_trace, schedule);
        a(picker, choking, up_classes, down_classes);
    }

private:
    static double class_rate(const std::vector<RateClass>& classes, int leecher, double otherwise) {
        int first = 0;
        for (const RateClass& k : classes) {
            first += k.count;
            if (leecher < first) return k.rate;
        }
        return otherwise;
    }
};

}  // namespace swarmscope

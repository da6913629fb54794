// The choking decision of one peer: which neighbours it uploads to this round, and why, in words a
// lecturer can read aloud. A pure function of plain data, so it is tested without a network.
#pragma once
#include "ids.h"
#include "rng.h"
#include "sim_time.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace swarmscope {

// Sources disagree on the slot counts, so each reading ships as a named preset.
enum class ChokePreset { textbook, bep3, mainline };

struct ChokeParams {
    // Upload slots. When optimistic_in_slots, one of them is the optimistic one, so the rate-ranked
    // neighbours get regular_slots - 1 (BEP 3, Mainline); otherwise the optimistic one is extra (textbook).
    int regular_slots = 4;
    bool optimistic_in_slots = false;
    // BEP 3: neighbours that upload to us faster than our slowest downloader but are not interested
    // are unchoked too, without taking a slot, so they start downloading from us the moment they want to.
    bool unchoke_faster_uninterested = false;
    SimTime round = seconds(10);
    SimTime optimistic_period = seconds(30);
    // A seed with seed rotation hands on a slot held through this many choking rounds (at the end of a piece).
    int seed_slot_rounds = 3;
};

ChokeParams preset_params(ChokePreset preset);
const char* preset_name(ChokePreset preset);  // "textbook", "bep3", "mainline"
std::optional<ChokePreset> parse_preset(std::string_view name);

struct ChokeCandidate {
    PeerId id = no_peer;
    bool interested = false;     // they want something we have
    bool choked_by_us = true;    // current state, before this decision
    double download_rate = 0;    // bytes/s we receive from them (moving average)
    double upload_rate = 0;      // bytes/s we send to them
    int rounds_unchoked = 0;     // consecutive rounds we have had them unchoked
    SimTime waiting_since = 0;   // when they last became interested while choked
};

struct ChokeInput {
    std::vector<ChokeCandidate> candidates;  // sorted by id
    bool we_are_seed = false;
    bool optimistic_round = false;           // rotate the optimistic unchoke this round
    PeerId current_optimistic = no_peer;
    ChokeParams params;
    bool seed_rotation = true;
    SimTime now = 0;                         // for "waited 20 s" in seed rotation reasons
};

// Why a round decided as it did for one neighbour.
enum class ChokeWhy : uint8_t {
    by_rate, below_top, not_interested, faster_uninterested, optimistic_new, optimistic_kept,
    seed_kept, seed_free, seed_waiting  // a seed with seed rotation: keeps, fills, or waits for a slot
};

struct ChokeReason {
    PeerId id = no_peer;
    bool unchoke = false;  // the decided state
    int rank = 0;          // 1-based among the interested neighbours by rate; 0 when not interested
    double rate = 0;       // the rate ranked by: from them as a leecher, to them as a seed
    std::string text;      // "unchoked 7: 2nd fastest uploader to us, 41 KiB/s"
    // What a round's text says, as data (choke_reason_text), so a kept round can store this and not the words.
    ChokeWhy why = ChokeWhy::not_interested;
    bool tied = false;         // by_rate, below_top: a tie at the cut-off, decided by the RNG
    SimTime waited = 0;        // seed_free, seed_waiting: how long it has waited for a seed slot
    SimTime held = 0;          // seed_kept: how long it has had the slot
    friend bool operator==(const ChokeReason&, const ChokeReason&) = default;

    template <class Archive>
    void io(Archive& a) {
        a(id, unchoke, rank, rate, why, tied);
        if (why == ChokeWhy::seed_kept || why == ChokeWhy::seed_free || why == ChokeWhy::seed_waiting) a(waited, held);
    }
};

// What the texts of one round's reasons share, besides whether the peer was a seed.
struct ChokeWording {
    int top = 0;                    // interested neighbours unchoked for their rate
    uint32_t pool = 0;              // a new optimistic unchoke: how many it was drawn from
    bool pool_of_choked = true;     // ... choked interested neighbours (else any outside the top)
    SimTime optimistic_period = 0;
    friend bool operator==(const ChokeWording&, const ChokeWording&) = default;

    template <class Archive>
    void io(Archive& a) { a(top, pool, pool_of_choked, optimistic_period); }
};

// A reason's words, from its data: "unchoked 7: 2nd fastest uploader to us, 41 KiB/s".
std::string choke_reason_text(const ChokeReason& reason, bool as_seed, const ChokeWording& wording);

struct ChokeDecision {
    std::vector<PeerId> unchoked;  // sorted by id
    PeerId optimistic = no_peer;
    std::vector<ChokeReason> reasons;  // one per candidate, in candidate order
    ChokeWording wording;
};

// A peer's last choke round as decided, kept so a lecturer can open its ranking at any later moment.
struct ChokeRecord {
    SimTime time = -1;
    bool optimistic_round = false;     // the optimistic unchoke was due to rotate
    bool as_seed = false;              // ranked by rate to them, not from them
    PeerId optimistic = no_peer;
    std::vector<ChokeReason> reasons;  // one per neighbour with handshakes done, by id
    ChokeWording wording;
    friend bool operator==(const ChokeRecord&, const ChokeRecord&) = default;

    // A keyframe keeps the reasons' data and not their words, which are made again when it is read:
    // the words were three quarters of the bytes the records add to a 200-peer keyframe.
    template <class Archive>
    void io(Archive& a) {
        a(time, optimistic_round, as_seed, optimistic, reasons, wording);
        if constexpr (Archive::reading)
            for (ChokeReason& r : reasons) r.text = choke_reason_text(r, as_seed, wording);
    }
};

// One choke round (every params.round; rotate the optimistic one when input.optimistic_round).
// A leecher ranks interested neighbours by download_rate, a seed by upload_rate; equal rates are
// ordered by `rng`, never by id. A seed with seed_rotation instead keeps whom it serves and gives
// free slots (all upload_slots(), the optimistic one included) to those that waited longest: its
// slots change hands between rounds, at the end of a piece (Swarm::rotate_seed_slot).
ChokeDecision choke_round(const ChokeInput& input, Rng& rng);

// Between rounds, when an unchoked neighbour leaves or loses interest: the best-ranked interested
// choked neighbour to unchoke at once (for a seed with seed_rotation, the one that waited longest),
// or no_peer if none or if every slot is still taken (interested unchoked neighbours >= upload
// slots, the optimistic one included). Fills `reason` if given.
// How many interested neighbours a peer uploads to at once, the optimistic one included.
int upload_slots(const ChokeParams& params);

PeerId pick_free_slot(const ChokeInput& input, Rng& rng, ChokeReason* reason = nullptr);

// "0 B/s", "512 B/s", "41 KiB/s", "1.5 MiB/s": at most 3 significant figures, binary units.
std::string format_rate(double bytes_per_s);
// A duration as the reasons write it, without its unit: "12", "12.5" (seconds).
std::string seconds_figure(SimTime t);
// "1st", "2nd", "11th", "23rd".
std::string english_ordinal(int n);

}  // namespace swarmscope

#include "choker.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>

namespace swarmscope {

ChokeParams preset_params(ChokePreset preset) {
    ChokeParams p;
    switch (preset) {
    case ChokePreset::textbook:  // 4 by rate + 1 optimistic on top
        p.regular_slots = 4;
        p.optimistic_in_slots = false;
        p.unchoke_faster_uninterested = false;
        break;
    case ChokePreset::bep3:  // 4 in total, the optimistic one included
        p.regular_slots = 4;
        p.optimistic_in_slots = true;
        p.unchoke_faster_uninterested = true;
        break;
    case ChokePreset::mainline:  // max_uploads 4: 3 by rate + 1 optimistic, interested neighbours only
        p.regular_slots = 4;
        p.optimistic_in_slots = true;
        p.unchoke_faster_uninterested = false;
        break;
    }
    return p;
}

const char* preset_name(ChokePreset preset) {
    switch (preset) {
    case ChokePreset::textbook: return "textbook";
    case ChokePreset::bep3: return "bep3";
    case ChokePreset::mainline: return "mainline";
    }
    return "textbook";
}

std::optional<ChokePreset> parse_preset(std::string_view name) {
    for (ChokePreset p : {ChokePreset::textbook, ChokePreset::bep3, ChokePreset::mainline})
        if (name == preset_name(p)) return p;
    return std::nullopt;
}

std::string format_rate(double bytes_per_s) {
    if (std::isinf(bytes_per_s) && bytes_per_s > 0) return "unlimited";
    if (!(bytes_per_s > 0)) return "0 B/s";  // also NaN
    static const char* const units[] = {"B/s", "KiB/s", "MiB/s", "GiB/s"};
    double v = bytes_per_s;
    int unit = 0;
    // 999.5 would round to 4 digits: show it in the next unit instead.
    while (v >= 999.5 && unit < 3) {
        v /= 1024;
        ++unit;
    }
    char buf[64];
    if (v >= 999.5) {  // beyond GiB/s: whole numbers only
        std::snprintf(buf, sizeof buf, "%.0f %s", std::floor(v + 0.5), units[unit]);
        return buf;
    }
    // Round in integers, not through printf, so every C library prints the same digits.
    const int decimals = v < 9.995 ? 2 : v < 99.95 ? 1 : 0;
    const int scale = decimals == 2 ? 100 : decimals == 1 ? 10 : 1;
    const int n = static_cast<int>(std::floor(v * scale + 0.5));
    std::string text = std::to_string(n / scale);
    int frac = n % scale;
    int digits = decimals;
    while (digits > 0 && frac % 10 == 0) {
        frac /= 10;
        --digits;
    }
    if (digits > 0) {
        text += '.';
        if (digits == 2 && frac < 10) text += '0';
        text += std::to_string(frac);
    }
    return text + ' ' + units[unit];
}

std::string seconds_figure(SimTime t) {
    char buf[32];
    if (t % seconds(1) == 0) std::snprintf(buf, sizeof buf, "%" PRId64, static_cast<int64_t>(t / seconds(1)));
    else std::snprintf(buf, sizeof buf, "%.1f", to_seconds(t));
    return buf;
}

std::string english_ordinal(int n) {
    const char* suffix = "th";
    if (n % 100 < 11 || n % 100 > 13) {
        if (n % 10 == 1) suffix = "st";
        else if (n % 10 == 2) suffix = "nd";
        else if (n % 10 == 3) suffix = "rd";
    }
    return std::to_string(n) + suffix;
}

namespace {

std::string format_seconds(SimTime t) { return seconds_figure(t) + " s"; }

// "fastest", "2nd fastest", "11th fastest", "23rd fastest".
std::string fastest(int rank) { return rank == 1 ? "fastest" : english_ordinal(rank) + " fastest"; }

double ranking_rate(const ChokeInput& in, const ChokeCandidate& c) {
    // A leecher rewards what it receives (tit-for-tat); a seed receives nothing, so it serves
    // those who can take its upload fastest.
    const double rate = in.we_are_seed ? c.upload_rate : c.download_rate;
    return std::isnan(rate) ? 0 : rate;  // NaN would break the sort's ordering
}

// Interested neighbours best first. Equal rates fall to a random key per candidate, drawn in
// candidate order, so ties depend on the seed and never on ids.
struct Ranking {
    std::vector<uint64_t> key;  // per candidate
    std::vector<size_t> order;  // interested candidates, best first
    std::vector<int> rank;      // per candidate, 1-based; 0 when not interested
};

Ranking rank_interested(const ChokeInput& in, Rng& rng) {
    const auto& cs = in.candidates;
    Ranking r;
    r.key.resize(cs.size());
    r.rank.assign(cs.size(), 0);
    for (size_t i = 0; i < cs.size(); ++i) {
        r.key[i] = rng.next();
        if (cs[i].interested) r.order.push_back(i);
    }
    std::sort(r.order.begin(), r.order.end(), [&](size_t a, size_t b) {
        const double ra = ranking_rate(in, cs[a]);
        const double rb = ranking_rate(in, cs[b]);
        if (ra != rb) return ra > rb;
        if (r.key[a] != r.key[b]) return r.key[a] < r.key[b];
        return a < b;
    });
    for (size_t pos = 0; pos < r.order.size(); ++pos) r.rank[r.order[pos]] = static_cast<int>(pos) + 1;
    return r;
}

int rate_slots(const ChokeParams& p) {
    return std::max(0, p.regular_slots - (p.optimistic_in_slots ? 1 : 0));
}

bool has_optimistic_slot(const ChokeParams& p) { return !p.optimistic_in_slots || p.regular_slots >= 1; }

using Why = ChokeWhy;

std::string peer(PeerId id) { return std::to_string(id); }

}  // namespace

std::string choke_reason_text(const ChokeReason& r, bool as_seed, const ChokeWording& c) {
    const std::string id = peer(r.id);
    const std::string top = std::to_string(c.top);
    switch (r.why) {
    case Why::by_rate:
        return "unchoked " + id + ": " + fastest(r.rank) +
               (as_seed ? " downloader from us (we are a seed), " : " uploader to us, ") + format_rate(r.rate) +
               (r.tied ? " (tie won at random)" : "");
    case Why::below_top:
        return "choked " + id + ": " + fastest(r.rank) + (as_seed ? " downloader from us" : " uploader") + ", " +
               format_rate(r.rate) + ", below the top " + top + (r.tied ? " (tie lost at random)" : "");
    case Why::not_interested: return "choked " + id + ": not interested";
    case Why::faster_uninterested:
        return "unchoked " + id + ": not interested but " + (as_seed ? "downloads from us" : "uploads") +
               " faster than our slowest downloader (BEP 3)";
    case Why::optimistic_new:
        if (c.pool_of_choked)
            return "unchoked " + id + ": optimistic unchoke (" +
                   (c.pool == 1 ? std::string("the only choked interested neighbour")
                                : "random pick among " + std::to_string(c.pool) + " choked interested neighbours") +
                   ")";
        return "unchoked " + id + ": optimistic unchoke (" +
               (c.pool == 1 ? std::string("the only interested neighbour outside the top ") + top
                            : "random pick among " + std::to_string(c.pool) + " interested neighbours outside the top " + top) +
               "; none is choked)";
    case Why::optimistic_kept:
        return "kept " + id + " as optimistic unchoke (rotates every " + format_seconds(c.optimistic_period) + ")";
    case Why::seed_kept:
        return "kept " + id + " unchoked: has had a seed slot for " + format_seconds(r.held) +
               ", handed on at the end of a piece (seed rotation)";
    case Why::seed_free:
        return "unchoked " + id + ": waited longest for a free seed slot (" + format_seconds(r.waited) + ") (seed rotation)";
    case Why::seed_waiting:
        return "choked " + id + ": waiting for a seed slot (" + format_seconds(r.waited) + " so far) (seed rotation)";
    }
    return {};
}

namespace {

// Choked interested neighbours, the one that has waited longest first (then by rank).
std::vector<size_t> longest_waiting(const ChokeInput& in, const Ranking& r) {
    std::vector<size_t> waiting;
    for (size_t i = 0; i < in.candidates.size(); ++i)
        if (in.candidates[i].interested && in.candidates[i].choked_by_us) waiting.push_back(i);
    std::sort(waiting.begin(), waiting.end(), [&](size_t a, size_t b) {
        const ChokeCandidate &x = in.candidates[a], &y = in.candidates[b];
        return x.waiting_since != y.waiting_since ? x.waiting_since < y.waiting_since : r.rank[a] < r.rank[b];
    });
    return waiting;
}

// A seed with seed rotation. Ranking the neighbours by the rate it sends them at would hand its
// slots back to the few it has just served (their 20-second average is still high; a neighbour
// it chokes gets nothing from it now), and choking a neighbour half-way through a piece that only
// the seed has leaves that piece stuck while others fetch it again. So, as libtorrent's
// round-robin seed choker keeps the status quo, a round keeps whom the seed serves; its slots
// change hands at the end of a piece (Swarm::rotate_seed_slot), and a round only fills free ones,
// longest wait first. There is no optimistic unchoke: every slot rotates.
ChokeDecision seed_rotation_round(const ChokeInput& in, const Ranking& r) {
    const auto& cs = in.candidates;
    const size_t slots = static_cast<size_t>(upload_slots(in.params));
    std::vector<Why> why(cs.size(), Why::not_interested);
    size_t held = 0;
    for (size_t i : r.order) {  // best first, should there be more holders than slots
        if (cs[i].choked_by_us) continue;
        why[i] = held < slots ? Why::seed_kept : Why::seed_waiting;
        held += held < slots;
    }
    for (size_t i : longest_waiting(in, r)) {
        why[i] = held < slots ? Why::seed_free : Why::seed_waiting;
        held += held < slots;
    }

    ChokeDecision d;
    d.wording = ChokeWording{static_cast<int>(slots), 0, true, in.params.optimistic_period};
    for (size_t i = 0; i < cs.size(); ++i) {
        ChokeReason reason;
        reason.id = cs[i].id;
        reason.rank = r.rank[i];
        reason.rate = ranking_rate(in, cs[i]);
        reason.why = why[i];
        reason.unchoke = why[i] == Why::seed_kept || why[i] == Why::seed_free;
        if (why[i] == Why::seed_kept) reason.held = cs[i].rounds_unchoked * in.params.round;
        if (why[i] == Why::seed_free || why[i] == Why::seed_waiting) reason.waited = in.now - cs[i].waiting_since;
        reason.text = choke_reason_text(reason, true, d.wording);
        if (reason.unchoke) d.unchoked.push_back(cs[i].id);
        d.reasons.push_back(std::move(reason));
    }
    std::sort(d.unchoked.begin(), d.unchoked.end());
    return d;
}

}  // namespace

ChokeDecision choke_round(const ChokeInput& in, Rng& rng) {
    const auto& cs = in.candidates;
    const ChokeParams& p = in.params;
    const size_t n = cs.size();
    const Ranking r = rank_interested(in, rng);
    if (in.we_are_seed && in.seed_rotation) return seed_rotation_round(in, r);
    const size_t top = std::min(static_cast<size_t>(rate_slots(p)), r.order.size());

    std::vector<Why> why(n, Why::not_interested);
    std::vector<bool> regular(n, false);
    for (size_t i = 0; i < n; ++i)
        if (cs[i].interested) why[i] = Why::below_top;
    for (size_t pos = 0; pos < top; ++pos) {
        regular[r.order[pos]] = true;
        why[r.order[pos]] = Why::by_rate;
    }

    // A tie at the cut-off line is decided by the RNG; the reason says so.
    const bool tie_at_cut = top > 0 && top < r.order.size() &&
                            ranking_rate(in, cs[r.order[top - 1]]) == ranking_rate(in, cs[r.order[top]]);
    const double cut_rate = top > 0 ? ranking_rate(in, cs[r.order[top - 1]]) : 0;

    // The optimistic unchoke: kept between optimistic rounds while it still qualifies.
    size_t optimistic = n;
    size_t pool_size = 0;
    bool pool_of_choked = true;
    if (has_optimistic_slot(p)) {
        if (!in.optimistic_round && in.current_optimistic != no_peer) {
            for (size_t i = 0; i < n; ++i)
                if (cs[i].id == in.current_optimistic && cs[i].interested && !regular[i]) {
                    optimistic = i;
                    why[i] = Why::optimistic_kept;
                }
        }
        if (optimistic == n) {
            // Meant for a neighbour we are choking; if none is, any interested one outside the regular set.
            std::vector<size_t> pool;
            for (size_t i = 0; i < n; ++i)
                if (cs[i].interested && !regular[i] && cs[i].choked_by_us) pool.push_back(i);
            if (pool.empty()) {
                pool_of_choked = false;
                for (size_t i = 0; i < n; ++i)
                    if (cs[i].interested && !regular[i]) pool.push_back(i);
            }
            if (!pool.empty()) {
                optimistic = pool[rng.below(static_cast<uint32_t>(pool.size()))];
                pool_size = pool.size();
                why[optimistic] = Why::optimistic_new;
            }
        }
    }

    // BEP 3: compare with the slowest neighbour unchoked for its rate.
    bool have_slowest = false;
    double slowest = 0;
    for (size_t i = 0; i < n; ++i)
        if (regular[i] && (!have_slowest || ranking_rate(in, cs[i]) < slowest)) {
            slowest = ranking_rate(in, cs[i]);
            have_slowest = true;
        }
    if (p.unchoke_faster_uninterested && have_slowest)
        for (size_t i = 0; i < n; ++i)
            if (!cs[i].interested && ranking_rate(in, cs[i]) > slowest) why[i] = Why::faster_uninterested;

    ChokeDecision d;
    d.optimistic = optimistic < n ? cs[optimistic].id : no_peer;
    d.wording = ChokeWording{static_cast<int>(top), static_cast<uint32_t>(pool_size), pool_of_choked, p.optimistic_period};
    for (size_t i = 0; i < n; ++i) {
        const ChokeCandidate& c = cs[i];
        ChokeReason reason;
        reason.id = c.id;
        reason.rank = r.rank[i];
        reason.rate = ranking_rate(in, c);
        reason.why = why[i];
        reason.unchoke = why[i] == Why::by_rate || why[i] == Why::faster_uninterested ||
                         why[i] == Why::optimistic_new || why[i] == Why::optimistic_kept;
        reason.tied = (why[i] == Why::by_rate || why[i] == Why::below_top) && tie_at_cut && reason.rate == cut_rate;
        reason.text = choke_reason_text(reason, in.we_are_seed, d.wording);
        if (reason.unchoke) d.unchoked.push_back(c.id);
        d.reasons.push_back(std::move(reason));
    }
    std::sort(d.unchoked.begin(), d.unchoked.end());
    return d;
}

int upload_slots(const ChokeParams& p) { return rate_slots(p) + (has_optimistic_slot(p) ? 1 : 0); }

// Named in the reason of every unchoke it causes: it is our refinement, between BEP 3's rounds.
const char* const free_slot_rule =
    "a slot falling free between rounds goes at once to the best interested neighbour, except one that took without giving";

PeerId pick_free_slot(const ChokeInput& in, Rng& rng, ChokeReason* reason) {
    const auto& cs = in.candidates;
    const ChokeParams& p = in.params;
    int taken = 0;
    for (const ChokeCandidate& c : cs)
        if (c.interested && !c.choked_by_us) ++taken;
    if (taken >= upload_slots(p)) return no_peer;  // before ranking: a full house draws no random numbers
    const Ranking r = rank_interested(in, rng);
    if (in.we_are_seed && in.seed_rotation) {  // seed rotation: the one that waited longest
        const std::vector<size_t> waiting = longest_waiting(in, r);
        if (waiting.empty()) return no_peer;
        const ChokeCandidate& c = cs[waiting.front()];
        if (reason) {
            reason->id = c.id;
            reason->unchoke = true;
            reason->rank = r.rank[waiting.front()];
            reason->rate = ranking_rate(in, c);
            reason->why = Why::seed_free;
            reason->waited = in.now - c.waiting_since;
            reason->text = "unchoked " + peer(c.id) + ": took a free seed slot, having waited longest (" +
                           format_seconds(reason->waited) + ") (free-slot rule: " + free_slot_rule + ") (seed rotation)";
        }
        return c.id;
    }
    // Tit-for-tat between rounds too: a neighbour we have been uploading to that has given nothing
    // back waits for the optimistic unchoke instead of taking a free slot. A seed has no such test.
    for (size_t i : r.order) {
        if (!cs[i].choked_by_us) continue;
        if (!in.we_are_seed && cs[i].download_rate <= 0 && cs[i].upload_rate > 0) continue;
        if (reason) {
            reason->id = cs[i].id;
            reason->unchoke = true;
            reason->rank = r.rank[i];
            reason->rate = ranking_rate(in, cs[i]);
            reason->text = "unchoked " + peer(cs[i].id) + ": took a free slot as the fastest choked" +
                           (in.we_are_seed ? " downloader from us (we are a seed), " : " uploader to us, ") +
                           format_rate(reason->rate) + " (free-slot rule: " + free_slot_rule + ")";
        }
        return cs[i].id;
    }
    return no_peer;
}

}  // namespace swarmscope

// The choking decision: who gets an upload slot under each preset, and the sentence a learner reads for it.
#include "choker.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace swarmscope;

namespace {

constexpr double KiB = 1024;

ChokeCandidate leecher(PeerId id, bool interested, double from_them_kib, double to_them_kib = 0) {
    ChokeCandidate c;
    c.id = id;
    c.interested = interested;
    c.download_rate = from_them_kib * KiB;
    c.upload_rate = to_them_kib * KiB;
    return c;
}

// Eight interested neighbours with distinct rates and two that are not interested.
// Interested by rate: 2 (50), 7 (41), 6 (30), 9 (20), 5 (12), 1 (10), 3 (5), 10 (1) KiB/s.
std::vector<ChokeCandidate> neighbourhood() {
    return {leecher(1, true, 10), leecher(2, true, 50), leecher(3, true, 5),  leecher(4, false, 100),
            leecher(5, true, 12), leecher(6, true, 30), leecher(7, true, 41), leecher(8, false, 0),
            leecher(9, true, 20), leecher(10, true, 1)};
}

ChokeInput input_for(ChokePreset preset, std::vector<ChokeCandidate> candidates) {
    ChokeInput in;
    in.candidates = std::move(candidates);
    in.params = preset_params(preset);
    in.optimistic_round = true;
    return in;
}

std::string reason_of(const ChokeDecision& d, PeerId id) {
    for (const ChokeReason& r : d.reasons)
        if (r.id == id) return r.text;
    return "(no reason for " + std::to_string(id) + ")";
}

const ChokeReason* find_reason(const ChokeDecision& d, PeerId id) {
    for (const ChokeReason& r : d.reasons)
        if (r.id == id) return &r;
    return nullptr;
}

bool contains(const std::vector<PeerId>& ids, PeerId id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); }

std::vector<PeerId> without(std::vector<PeerId> ids, PeerId id) {
    ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
    return ids;
}

// Marks the decided state as current, as the peer would before the next round.
void apply(ChokeInput& in, const ChokeDecision& d) {
    for (ChokeCandidate& c : in.candidates) {
        const bool unchoked = contains(d.unchoked, c.id);
        c.rounds_unchoked = unchoked && !c.choked_by_us ? c.rounds_unchoked + 1 : (unchoked ? 1 : 0);
        c.choked_by_us = !unchoked;
    }
    in.current_optimistic = d.optimistic;
}

}  // namespace

TEST_CASE("format_rate: binary units, at most 3 significant figures") {
    CHECK(format_rate(0) == "0 B/s");
    CHECK(format_rate(-5) == "0 B/s");
    CHECK(format_rate(512) == "512 B/s");
    CHECK(format_rate(5.257) == "5.26 B/s");
    CHECK(format_rate(999) == "999 B/s");
    CHECK(format_rate(1000) == "0.98 KiB/s");  // 999.5 and up would need a 4th digit
    CHECK(format_rate(1024) == "1 KiB/s");
    CHECK(format_rate(1536) == "1.5 KiB/s");
    CHECK(format_rate(12.34 * KiB) == "12.3 KiB/s");
    CHECK(format_rate(41 * KiB) == "41 KiB/s");
    CHECK(format_rate(41.96 * KiB) == "42 KiB/s");
    CHECK(format_rate(300 * KiB) == "300 KiB/s");
    CHECK(format_rate(999.4 * KiB) == "999 KiB/s");
    CHECK(format_rate(1.5 * KiB * KiB) == "1.5 MiB/s");
    CHECK(format_rate(9.996 * KiB * KiB) == "10 MiB/s");
    CHECK(format_rate(123.4 * KiB * KiB) == "123 MiB/s");
    CHECK(format_rate(2.0 * KiB * KiB * KiB) == "2 GiB/s");
}

TEST_CASE("presets: names round-trip and slot counts follow their sources") {
    for (ChokePreset p : {ChokePreset::textbook, ChokePreset::bep3, ChokePreset::mainline}) {
        REQUIRE(parse_preset(preset_name(p)).has_value());
        CHECK(*parse_preset(preset_name(p)) == p);
    }
    CHECK(std::string(preset_name(ChokePreset::bep3)) == "bep3");
    CHECK_FALSE(parse_preset("Textbook").has_value());
    CHECK_FALSE(parse_preset("").has_value());

    const ChokeParams textbook = preset_params(ChokePreset::textbook);
    CHECK(textbook.regular_slots == 4);
    CHECK_FALSE(textbook.optimistic_in_slots);
    CHECK(textbook.round == seconds(10));
    CHECK(textbook.optimistic_period == seconds(30));
    CHECK(preset_params(ChokePreset::bep3).optimistic_in_slots);
    CHECK(preset_params(ChokePreset::bep3).unchoke_faster_uninterested);
    CHECK_FALSE(preset_params(ChokePreset::mainline).unchoke_faster_uninterested);
}

TEST_CASE("textbook: the 4 fastest uploaders to us plus 1 optimistic unchoke") {
    ChokeInput in = input_for(ChokePreset::textbook, neighbourhood());
    Rng rng(1);
    const ChokeDecision d = choke_round(in, rng);

    REQUIRE(d.unchoked.size() == 5);
    const std::set<PeerId> choked_interested{1, 3, 5, 10};
    REQUIRE(choked_interested.count(d.optimistic) == 1);
    std::vector<PeerId> expected{2, 6, 7, 9, d.optimistic};
    std::sort(expected.begin(), expected.end());
    CHECK(d.unchoked == expected);

    CHECK(reason_of(d, 2) == "unchoked 2: fastest uploader to us, 50 KiB/s");
    CHECK(reason_of(d, 7) == "unchoked 7: 2nd fastest uploader to us, 41 KiB/s");
    CHECK(reason_of(d, 6) == "unchoked 6: 3rd fastest uploader to us, 30 KiB/s");
    CHECK(reason_of(d, 9) == "unchoked 9: 4th fastest uploader to us, 20 KiB/s");
    CHECK(reason_of(d, 4) == "choked 4: not interested");
    CHECK(reason_of(d, 8) == "choked 8: not interested");
    CHECK(reason_of(d, d.optimistic) ==
          "unchoked " + std::to_string(d.optimistic) +
              ": optimistic unchoke (random pick among 4 choked interested neighbours)");
    const std::map<PeerId, std::string> below{{5, "choked 5: 5th fastest uploader, 12 KiB/s, below the top 4"},
                                              {1, "choked 1: 6th fastest uploader, 10 KiB/s, below the top 4"},
                                              {3, "choked 3: 7th fastest uploader, 5 KiB/s, below the top 4"},
                                              {10, "choked 10: 8th fastest uploader, 1 KiB/s, below the top 4"}};
    for (const auto& [id, text] : below)
        if (id != d.optimistic) CHECK(reason_of(d, id) == text);

    // One reason per neighbour, in id order, with rank and rate for the panel.
    REQUIRE(d.reasons.size() == in.candidates.size());
    for (size_t i = 0; i < d.reasons.size(); ++i) CHECK(d.reasons[i].id == in.candidates[i].id);
    const ChokeReason* seven = find_reason(d, 7);
    CHECK(seven->unchoke);
    CHECK(seven->rank == 2);
    CHECK(seven->rate == 41 * KiB);
    CHECK(find_reason(d, 4)->rank == 0);
    CHECK_FALSE(find_reason(d, 4)->unchoke);
}

TEST_CASE("the optimistic pick is uniform among choked interested neighbours and follows the seed") {
    const ChokeInput in = input_for(ChokePreset::textbook, neighbourhood());
    std::map<PeerId, int> picks;
    for (uint64_t seed = 0; seed < 400; ++seed) {
        Rng rng(seed);
        ++picks[choke_round(in, rng).optimistic];
    }
    CHECK(picks.size() == 4);
    for (const auto& entry : picks) {
        CAPTURE(entry.first);
        CHECK(entry.second > 60);  // 100 expected each
    }
    Rng a(77), b(77);
    CHECK(choke_round(in, a).optimistic == choke_round(in, b).optimistic);
}

TEST_CASE("bep3: 3 by rate + 1 optimistic, and faster uninterested neighbours are unchoked without a slot") {
    ChokeInput in = input_for(ChokePreset::bep3, neighbourhood());
    Rng rng(5);
    const ChokeDecision d = choke_round(in, rng);

    const std::set<PeerId> pool{1, 3, 5, 9, 10};
    REQUIRE(pool.count(d.optimistic) == 1);
    std::vector<PeerId> expected{2, 4, 6, 7, d.optimistic};
    std::sort(expected.begin(), expected.end());
    CHECK(d.unchoked == expected);
    CHECK(reason_of(d, 4) == "unchoked 4: not interested but uploads faster than our slowest downloader (BEP 3)");
    CHECK(reason_of(d, 8) == "choked 8: not interested");  // 0 B/s is not faster than 30 KiB/s
    CHECK(reason_of(d, 6) == "unchoked 6: 3rd fastest uploader to us, 30 KiB/s");
    CHECK(reason_of(d, d.optimistic) ==
          "unchoked " + std::to_string(d.optimistic) +
              ": optimistic unchoke (random pick among 5 choked interested neighbours)");
    if (d.optimistic != 9) CHECK(reason_of(d, 9) == "choked 9: 4th fastest uploader, 20 KiB/s, below the top 3");
}

TEST_CASE("bep3: an uninterested neighbour slower than our slowest downloader stays choked") {
    std::vector<ChokeCandidate> cs = neighbourhood();
    cs[3].download_rate = 25 * KiB;  // peer 4: slower than 6 at 30 KiB/s
    ChokeInput in = input_for(ChokePreset::bep3, cs);
    Rng rng(5);
    const ChokeDecision d = choke_round(in, rng);
    CHECK_FALSE(contains(d.unchoked, 4));
    CHECK(reason_of(d, 4) == "choked 4: not interested");
}

TEST_CASE("mainline: 3 by rate + 1 optimistic, interested neighbours only") {
    ChokeInput in = input_for(ChokePreset::mainline, neighbourhood());
    Rng rng(9);
    const ChokeDecision d = choke_round(in, rng);
    const std::set<PeerId> pool{1, 3, 5, 9, 10};
    REQUIRE(pool.count(d.optimistic) == 1);
    std::vector<PeerId> expected{2, 6, 7, d.optimistic};
    std::sort(expected.begin(), expected.end());
    CHECK(d.unchoked == expected);
    CHECK(reason_of(d, 4) == "choked 4: not interested");
}

TEST_CASE("few interested neighbours: all of them are unchoked, nobody else") {
    ChokeInput in = input_for(ChokePreset::mainline, {leecher(1, true, 3), leecher(2, false, 9), leecher(3, true, 7)});
    Rng rng(1);
    const ChokeDecision d = choke_round(in, rng);
    CHECK(d.unchoked == std::vector<PeerId>{1, 3});
    CHECK(d.optimistic == no_peer);
    CHECK(reason_of(d, 3) == "unchoked 3: fastest uploader to us, 7 KiB/s");
    CHECK(reason_of(d, 1) == "unchoked 1: 2nd fastest uploader to us, 3 KiB/s");
}

TEST_CASE("a seed ranks by how fast neighbours download from it, not by what they upload") {
    std::vector<ChokeCandidate> cs;
    // download_rate (what they send us) runs opposite to upload_rate (what they take from us).
    for (PeerId id = 1; id <= 6; ++id) cs.push_back(leecher(id, true, 10.0 * id, 50.0 * (7 - id)));
    cs[1].upload_rate = 300 * KiB;  // peer 2 takes the most
    ChokeInput in = input_for(ChokePreset::mainline, cs);
    in.we_are_seed = true;
    in.seed_rotation = false;  // with it, a seed keeps whom it serves (below)
    Rng rng(3);
    const ChokeDecision d = choke_round(in, rng);
    // Rates to them: 1: 300, 2: 300, 3: 200, 4: 150, 5: 100, 6: 50 KiB/s; 1 and 2 tie for first.
    CHECK(contains(d.unchoked, 1));
    CHECK(contains(d.unchoked, 2));
    CHECK(contains(d.unchoked, 3));
    CHECK(d.unchoked.size() == 4);
    CHECK(reason_of(d, 3) == "unchoked 3: 3rd fastest downloader from us (we are a seed), 200 KiB/s");
    const ChokeReason* first = find_reason(d, 1)->rank == 1 ? find_reason(d, 1) : find_reason(d, 2);
    CHECK(first->text ==
          "unchoked " + std::to_string(first->id) + ": fastest downloader from us (we are a seed), 300 KiB/s");
    if (d.optimistic != 4)
        CHECK(reason_of(d, 4) == "choked 4: 4th fastest downloader from us, 150 KiB/s, below the top 3");
}

TEST_CASE("equal rates are ordered by the RNG: reproducible per seed, different across seeds") {
    std::vector<ChokeCandidate> cs;
    for (PeerId id = 1; id <= 8; ++id) cs.push_back(leecher(id, true, 20));
    ChokeInput in = input_for(ChokePreset::mainline, cs);
    std::set<std::vector<PeerId>> regular_sets;
    for (uint64_t seed = 0; seed < 30; ++seed) {
        Rng rng(seed), again(seed);
        const ChokeDecision d = choke_round(in, rng);
        const ChokeDecision same = choke_round(in, again);
        CHECK(d.unchoked == same.unchoked);
        CHECK(d.optimistic == same.optimistic);
        regular_sets.insert(without(d.unchoked, d.optimistic));
    }
    CHECK(regular_sets.size() > 5);
    // Not simply the lowest ids.
    CHECK(regular_sets != std::set<std::vector<PeerId>>{{1, 2, 3}});
}

TEST_CASE("a tie at the cut-off line says it was decided at random") {
    // 2 slots by rate + 1 optimistic: 1 is first, and 2, 3, 4 tie at 10 KiB/s for the second slot.
    ChokeInput in = input_for(ChokePreset::textbook,
                              {leecher(1, true, 40), leecher(2, true, 10), leecher(3, true, 10), leecher(4, true, 10)});
    in.params.regular_slots = 2;
    Rng rng(11);
    const ChokeDecision d = choke_round(in, rng);
    CHECK(reason_of(d, 1) == "unchoked 1: fastest uploader to us, 40 KiB/s");
    int won = 0, lost = 0;
    for (PeerId id : {2u, 3u, 4u}) {
        const ChokeReason* r = find_reason(d, id);
        const std::string ord = r->rank == 3 ? "3rd" : "4th";
        if (r->rank == 2 && r->text == "unchoked " + std::to_string(id) +
                                           ": 2nd fastest uploader to us, 10 KiB/s (tie won at random)")
            ++won;
        if (id != d.optimistic && r->text == "choked " + std::to_string(id) + ": " + ord +
                                                 " fastest uploader, 10 KiB/s, below the top 2 (tie lost at random)")
            ++lost;
    }
    CHECK(won == 1);
    CHECK(lost == 1);
    // Without a tie at the line, no mention of chance.
    in.candidates[1].download_rate = 11 * KiB;
    Rng again(11);
    CHECK(reason_of(choke_round(in, again), 2) == "unchoked 2: 2nd fastest uploader to us, 11 KiB/s");
}

TEST_CASE("the optimistic unchoke is kept between optimistic rounds and rotated on them") {
    ChokeInput in = input_for(ChokePreset::textbook, neighbourhood());
    Rng rng(21);
    const ChokeDecision first = choke_round(in, rng);
    const PeerId opt = first.optimistic;
    REQUIRE(opt != no_peer);
    apply(in, first);

    SUBCASE("kept on the two rounds in between") {
        in.optimistic_round = false;
        for (int round = 0; round < 2; ++round) {
            const ChokeDecision d = choke_round(in, rng);
            CHECK(d.optimistic == opt);
            CHECK(contains(d.unchoked, opt));
            CHECK(reason_of(d, opt) == "kept " + std::to_string(opt) + " as optimistic unchoke (rotates every 30 s)");
            apply(in, d);
        }
    }
    SUBCASE("rotated on the next optimistic round, to a neighbour we were choking") {
        in.optimistic_round = true;
        const ChokeDecision d = choke_round(in, rng);
        CHECK(d.optimistic != opt);
        CHECK(d.optimistic != no_peer);
        CHECK(reason_of(d, d.optimistic) ==
              "unchoked " + std::to_string(d.optimistic) +
                  ": optimistic unchoke (random pick among 3 choked interested neighbours)");
        CHECK_FALSE(contains(d.unchoked, opt));
    }
    SUBCASE("replaced at once when it loses interest") {
        in.optimistic_round = false;
        for (ChokeCandidate& c : in.candidates)
            if (c.id == opt) c.interested = false;
        const ChokeDecision d = choke_round(in, rng);
        CHECK(d.optimistic != opt);
        CHECK(d.optimistic != no_peer);
        CHECK(reason_of(d, opt) == "choked " + std::to_string(opt) + ": not interested");
    }
    SUBCASE("replaced when it leaves") {
        in.optimistic_round = false;
        in.candidates.erase(std::remove_if(in.candidates.begin(), in.candidates.end(),
                                           [&](const ChokeCandidate& c) { return c.id == opt; }),
                            in.candidates.end());
        const ChokeDecision d = choke_round(in, rng);
        CHECK(d.optimistic != opt);
        CHECK(d.optimistic != no_peer);
        CHECK(d.unchoked.size() == 5);
    }
    SUBCASE("a new one is drawn when it climbs into the top 4 by rate") {
        in.optimistic_round = false;
        for (ChokeCandidate& c : in.candidates)
            if (c.id == opt) c.download_rate = 500 * KiB;
        const ChokeDecision d = choke_round(in, rng);
        CHECK(reason_of(d, opt) == "unchoked " + std::to_string(opt) + ": fastest uploader to us, 500 KiB/s");
        CHECK(d.optimistic != opt);
        CHECK(d.optimistic != no_peer);
        CHECK(d.unchoked.size() == 5);
    }
}

TEST_CASE("when no interested neighbour is choked, the optimistic pick says so") {
    std::vector<ChokeCandidate> cs{leecher(1, true, 40), leecher(2, true, 30), leecher(3, true, 20),
                                   leecher(4, true, 10), leecher(5, true, 5)};
    for (ChokeCandidate& c : cs) c.choked_by_us = false;
    ChokeInput in = input_for(ChokePreset::mainline, cs);
    Rng rng(2);
    const ChokeDecision d = choke_round(in, rng);
    REQUIRE((d.optimistic == 4 || d.optimistic == 5));
    CHECK(reason_of(d, d.optimistic) ==
          "unchoked " + std::to_string(d.optimistic) +
              ": optimistic unchoke (random pick among 2 interested neighbours outside the top 3; none is choked)");
}

TEST_CASE("a seed with seed rotation keeps whom it serves and fills free slots by the longest wait") {
    // Seed at t = 100 s, textbook: 5 slots, the optimistic one included. 1, 2, 6, 7 hold slots; 9, 11
    // and 12 wait, 11 longest. Slots change hands at the end of a piece (the swarm), not at a round.
    auto holder = [](PeerId id, double to_them_kib, int rounds) {
        ChokeCandidate c = leecher(id, true, 0, to_them_kib);
        c.choked_by_us = false;
        c.rounds_unchoked = rounds;
        return c;
    };
    auto waiter = [](PeerId id, double to_them_kib, SimTime since) {
        ChokeCandidate c = leecher(id, true, 0, to_them_kib);
        c.waiting_since = since;
        return c;
    };
    // 9 has the highest 20-second rate of those waiting (it was served until recently): no matter.
    ChokeInput in = input_for(ChokePreset::textbook,
                              {holder(1, 90, 1), holder(2, 80, 2), holder(6, 70, 3), holder(7, 60, 1),
                               waiter(9, 95, seconds(90)), waiter(11, 1, seconds(80)), waiter(12, 2, seconds(95))});
    in.we_are_seed = true;
    in.now = seconds(100);
    in.optimistic_round = true;
    Rng rng(4);
    const ChokeDecision d = choke_round(in, rng);
    CHECK(d.unchoked == std::vector<PeerId>{1, 2, 6, 7, 11});
    CHECK(d.optimistic == no_peer);  // every slot rotates
    CHECK(reason_of(d, 6) == "kept 6 unchoked: has had a seed slot for 30 s, handed on at the end of a piece (seed rotation)");
    CHECK(reason_of(d, 11) == "unchoked 11: waited longest for a free seed slot (20 s) (seed rotation)");
    CHECK(reason_of(d, 9) == "choked 9: waiting for a seed slot (10 s so far) (seed rotation)");

    SUBCASE("without seed rotation the fastest by rate take the slots") {
        in.seed_rotation = false;
        Rng again(4);
        const ChokeDecision by_rate = choke_round(in, again);
        CHECK(contains(by_rate.unchoked, 9));
        CHECK(reason_of(by_rate, 9) == "unchoked 9: fastest downloader from us (we are a seed), 95 KiB/s");
    }
    SUBCASE("a holder that lost interest frees its slot") {
        in.candidates[0].interested = false;  // 1
        Rng again(4);
        const ChokeDecision d2 = choke_round(in, again);
        CHECK(d2.unchoked == std::vector<PeerId>{2, 6, 7, 9, 11});
        CHECK(reason_of(d2, 1) == "choked 1: not interested");
    }
    SUBCASE("a leecher ranks by rate as always") {
        in.we_are_seed = false;
        for (ChokeCandidate& c : in.candidates) c.download_rate = c.upload_rate;
        Rng again(4);
        CHECK(contains(choke_round(in, again).unchoked, 9));
    }
}

TEST_CASE("pick_free_slot: a slot freed between rounds goes to the best choked interested neighbour") {
    // Mainline, 4 slots: 2, 6, 7 by rate and 5 optimistic; then 7 loses interest.
    std::vector<ChokeCandidate> cs = neighbourhood();
    for (ChokeCandidate& c : cs)
        if (c.id == 2 || c.id == 6 || c.id == 7 || c.id == 5) c.choked_by_us = false;
    ChokeInput in = input_for(ChokePreset::mainline, cs);
    in.optimistic_round = false;
    in.current_optimistic = 5;
    Rng rng(8);
    CHECK(pick_free_slot(in, rng) == no_peer);  // all 4 slots busy

    for (ChokeCandidate& c : in.candidates)
        if (c.id == 7) c.interested = false;
    ChokeReason reason;
    CHECK(pick_free_slot(in, rng, &reason) == 9);  // 20 KiB/s, the fastest still choked
    CHECK(reason.id == 9);
    CHECK(reason.unchoke);
    CHECK(reason.rank == 3);
    CHECK(reason.text == "unchoked 9: took a free slot as the fastest choked uploader to us, 20 KiB/s (free-slot rule: a slot "
                         "falling free between rounds goes at once to the best interested neighbour, except one that took "
                         "without giving)");

    // Nobody interested is left choked.
    for (ChokeCandidate& c : in.candidates)
        if (c.interested) c.choked_by_us = false;
    in.candidates[0].interested = false;  // 1
    in.candidates[2].interested = false;  // 3
    in.candidates[8].interested = false;  // 9
    in.candidates[9].interested = false;  // 10
    in.candidates[4].choked_by_us = false;
    CHECK(pick_free_slot(in, rng) == no_peer);
}

TEST_CASE("pick_free_slot breaks ties with the RNG and ranks by upload rate as a seed") {
    std::vector<ChokeCandidate> cs;
    for (PeerId id = 1; id <= 6; ++id) cs.push_back(leecher(id, true, 10, 10));
    ChokeInput in = input_for(ChokePreset::textbook, cs);
    std::set<PeerId> picked;
    for (uint64_t seed = 0; seed < 20; ++seed) {
        Rng rng(seed), again(seed);
        const PeerId p = pick_free_slot(in, rng);
        CHECK(p == pick_free_slot(in, again));
        picked.insert(p);
    }
    CHECK(picked.size() > 2);

    in.we_are_seed = true;
    in.seed_rotation = false;
    in.candidates[4].upload_rate = 99 * KiB;
    in.candidates[2].download_rate = 500 * KiB;  // irrelevant to a seed
    Rng rng(1);
    ChokeReason reason;
    CHECK(pick_free_slot(in, rng, &reason) == 5);
    CHECK(reason.text.rfind("unchoked 5: took a free slot as the fastest choked downloader from us (we are a seed), 99 KiB/s "
                            "(free-slot rule: ", 0) == 0);

    // With seed rotation, the one that has waited longest, whatever its rate.
    in.seed_rotation = true;
    in.now = seconds(50);
    for (ChokeCandidate& c : in.candidates) c.waiting_since = seconds(40);
    in.candidates[3].waiting_since = seconds(30);  // 4
    CHECK(pick_free_slot(in, rng, &reason) == 4);
    CHECK(reason.text.rfind("unchoked 4: took a free seed slot, having waited longest (20 s) (free-slot rule: ", 0) == 0);
    CHECK(reason.text.find(") (seed rotation)") != std::string::npos);
}

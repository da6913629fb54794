// The piece picker: what a peer asks a neighbour for, why, and the bookkeeping of blocks in flight.
#include "piece_picker.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace swarmscope;

namespace {

constexpr uint32_t KiB = 1024;

std::vector<bool> bits(uint32_t n, std::initializer_list<uint32_t> set) {
    std::vector<bool> b(n, false);
    for (uint32_t i : set) b[i] = true;
    return b;
}

std::vector<bool> all(uint32_t n) { return std::vector<bool>(n, true); }

// 8 pieces of 2 blocks. Neighbour A is a seed; copies per piece: 5 5 4 2 5 1 2 5.
struct RarestFixture {
    PiecePicker pp;
    std::vector<bool> a = all(8);
    std::vector<bool> b = bits(8, {0, 1, 2, 3, 4, 6, 7});
    RarestFixture() {
        pp.init(8, 32 * KiB, 8 * 32 * KiB);
        pp.add_availability(a);
        pp.add_availability(b);
        pp.add_availability(bits(8, {0, 1, 2, 4, 7}));
        pp.add_availability(bits(8, {0, 1, 2, 4, 7}));
        pp.add_availability(bits(8, {0, 1, 4, 7}));
        for (PieceIndex i : {0u, 1u, 4u, 7u}) pp.mark_have(i);  // past the random first pieces
    }
};

std::set<PieceIndex> pieces_of(const std::vector<BlockPick>& picks) {
    std::set<PieceIndex> s;
    for (const BlockPick& p : picks) s.insert(p.piece);
    return s;
}

}  // namespace

TEST_CASE("piece and block sizes: the last piece and its last block are shorter") {
    PiecePicker pp;
    pp.init(4, 256 * KiB, 3ull * 256 * KiB + 40000);
    CHECK(pp.piece_count() == 4);
    CHECK(pp.piece_size(0) == 256 * KiB);
    CHECK(pp.piece_size(3) == 40000);
    CHECK(pp.piece_size(4) == 0);
    CHECK(pp.block_count(0) == 16);
    CHECK(pp.block_count(3) == 3);

    for (PieceIndex i = 0; i < 3; ++i) pp.mark_have(i);
    Rng rng(1);
    const std::vector<BlockPick> picks = pp.pick(all(4), 10, 1, rng);
    REQUIRE(picks.size() == 3);
    CHECK(picks[0].piece == 3);
    CHECK(picks[0].begin == 0);
    CHECK(picks[0].length == 16384);
    CHECK(picks[1].begin == 16384);
    CHECK(picks[2].begin == 32768);
    CHECK(picks[2].length == 40000 - 32768);

    PiecePicker tiny;
    tiny.init(1, 256 * KiB, 1000);
    Rng rng2(1);
    const std::vector<BlockPick> one = tiny.pick(all(1), 5, 1, rng2);
    REQUIRE(one.size() == 1);
    CHECK(one[0].length == 1000);
}

TEST_CASE("rarest first: the piece with the fewest copies among neighbours, with the count in the reason") {
    RarestFixture f;
    Rng rng(7);
    std::vector<BlockPick> picks = f.pp.pick(f.a, 2, 5, rng);
    REQUIRE(picks.size() == 2);
    CHECK(picks[0].piece == 5);
    CHECK(picks[0].reason == PickReason::rarest);
    CHECK(picks[0].copies == 1);
    CHECK(describe(picks[0]) == "requested piece 5: rarest, 1 copy among 5 neighbours");

    // Next the two pieces with 2 copies, then piece 2 with 4.
    picks = f.pp.pick(f.a, 4, 5, rng);
    CHECK(pieces_of(picks) == std::set<PieceIndex>{3, 6});
    CHECK(describe(picks[0]) ==
          "requested piece " + std::to_string(picks[0].piece) + ": rarest, 2 copies among 5 neighbours");
    picks = f.pp.pick(f.a, 2, 5, rng);
    CHECK(pieces_of(picks) == std::set<PieceIndex>{2});
    // Everything else is ours or requested: only endgame duplicates are left, and not from A again.
    PickParams no_endgame;
    no_endgame.endgame = false;
    CHECK(f.pp.pick(f.a, 2, 5, rng, no_endgame).empty());
}

TEST_CASE("rarest first only among pieces the remote has") {
    RarestFixture f;
    Rng rng(7);
    const std::vector<BlockPick> picks = f.pp.pick(f.b, 2, 5, rng);  // B lacks piece 5
    REQUIRE(picks.size() == 2);
    CHECK((picks[0].piece == 3 || picks[0].piece == 6));
    CHECK(picks[1].piece == picks[0].piece);
}

TEST_CASE("ties between equally rare pieces are broken by the RNG: reproducible, and every tied piece can win") {
    PiecePicker base;
    base.init(20, 16 * KiB, 20 * 16 * KiB);
    base.add_availability(all(20));
    base.add_availability(bits(20, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}));  // 15..19 have 1 copy
    for (PieceIndex i : {0u, 1u, 2u, 3u}) base.mark_have(i);
    std::map<PieceIndex, int> wins;
    for (uint64_t seed = 0; seed < 500; ++seed) {
        PiecePicker a = base, b = base;
        Rng ra(seed), rb(seed);
        const std::vector<BlockPick> pa = a.pick(all(20), 1, 2, ra);
        const std::vector<BlockPick> pb = b.pick(all(20), 1, 2, rb);
        REQUIRE(pa.size() == 1);
        CHECK(pa == pb);
        CHECK(a == b);
        ++wins[pa[0].piece];
    }
    CHECK(wins.size() == 5);
    for (const auto& entry : wins) {
        CAPTURE(entry.first);
        CHECK(entry.first >= 15);
        CHECK(entry.second > 60);  // 100 expected each
    }
}

TEST_CASE("random first pieces: a newcomer starts random pieces until it has 4 complete") {
    PiecePicker base;
    base.init(16, 16 * KiB, 16 * 16 * KiB);
    base.add_availability(all(16));
    base.add_availability(all(16));
    base.add_availability(bits(16, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}));  // piece 15 is rarest

    std::set<PieceIndex> first;
    for (uint64_t seed = 0; seed < 200; ++seed) {
        PiecePicker pp = base;
        Rng rng(seed);
        const std::vector<BlockPick> picks = pp.pick(all(16), 1, 2, rng);
        REQUIRE(picks.size() == 1);
        CHECK(picks[0].reason == PickReason::random_first);
        first.insert(picks[0].piece);
    }
    CHECK(first.size() == 16);  // not just the rarest one

    PiecePicker pp = base;
    Rng rng(3);
    pp.mark_have(9);
    BlockPick p = pp.pick(all(16), 1, 2, rng).at(0);
    CHECK(describe(p) ==
          "requested piece " + std::to_string(p.piece) + ": random first piece (we have 1 of 4 starters)");
    for (PieceIndex i : {10u, 11u, 12u}) pp.mark_have(i);
    pp.on_request_dropped(p.piece, p.begin);
    p = pp.pick(all(16), 1, 2, rng).at(0);
    CHECK(p.reason == PickReason::rarest);
    CHECK(p.piece == 15);

    SUBCASE("a piece that only this neighbour has comes before random ones") {
        PiecePicker fresh;
        fresh.init(16, 16 * KiB, 16 * 16 * KiB);
        fresh.add_availability(all(16));
        fresh.add_availability(bits(16, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}));  // 15: one copy
        const BlockPick q = fresh.pick(all(16), 1, 2, rng).at(0);
        CHECK(q.reason == PickReason::rarest);
        CHECK(q.piece == 15);
        const std::optional<PickPeek> next = fresh.peek(all(16));
        REQUIRE(next.has_value());
        CHECK(next->reason == PickReason::random_first);  // 15 is started: nothing only it has is left
    }
    SUBCASE("the number of random pieces is a parameter") {
        PiecePicker fresh = base;
        PickParams none;
        none.random_first_pieces = 0;
        const BlockPick q = fresh.pick(all(16), 1, 2, rng, none).at(0);
        CHECK(q.reason == PickReason::rarest);
        CHECK(q.piece == 15);
    }
}

TEST_CASE("what only this neighbour has comes before pieces in progress that others have too") {
    // libtorrent ranks pieces in progress by their copies too. Finishing a piece in progress first,
    // whatever its copies, would spend the only holder of a piece (a seed the swarm waits on) on
    // blocks that several other neighbours could send.
    PiecePicker pp;
    pp.init(4, 32 * KiB, 4 * 32 * KiB);  // 2 blocks per piece
    const std::vector<bool> seed = all(4);
    pp.add_availability(seed);
    pp.add_availability(bits(4, {0, 1, 2}));
    pp.add_availability(bits(4, {0, 1}));  // copies: 0 and 1 three, 2 two, 3 one (the seed only)
    PickParams params;
    params.random_first_pieces = 0;
    Rng rng(1);
    // Piece 0 is started from a leecher that has nothing rarer: one block asked of it.
    std::vector<BlockPick> picks = pp.pick(bits(4, {0}), 1, 3, rng, params);
    REQUIRE(picks.size() == 1);
    REQUIRE(picks[0].piece == 0);
    SUBCASE("the seed is asked for piece 3, which only it has, before the rest of piece 0; then rarest first") {
        const std::optional<PickPeek> peeked = pp.peek(seed, params);
        REQUIRE(peeked.has_value());
        CHECK(peeked->piece == 3);
        CHECK(peeked->reason == PickReason::rarest);
        picks = pp.pick(seed, 7, 3, rng, params);
        REQUIRE(picks.size() == 7);
        CHECK(picks[0].piece == 3);
        CHECK(picks[0].reason == PickReason::rarest);
        CHECK(describe(picks[0]) == "requested piece 3: rarest, 1 copy among 3 neighbours");
        CHECK(picks[1].piece == 3);
        CHECK(picks[2].piece == 0);
        CHECK(picks[2].reason == PickReason::partial);
        CHECK(picks[3].piece == 2);
        CHECK(picks[5].piece == 1);
    }
    SUBCASE("a piece in progress that only this neighbour has is finished first") {
        PiecePicker q;
        q.init(4, 32 * KiB, 4 * 32 * KiB);
        q.add_availability(seed);  // every piece one copy
        q.pick(seed, 1, 1, rng, params);
        const std::vector<PartialProgress> started = q.partials();
        REQUIRE(started.size() == 1);
        const std::optional<PickPeek> next = q.peek(seed, params);
        REQUIRE(next.has_value());
        CHECK(next->reason == PickReason::partial);
        const std::vector<BlockPick> more = q.pick(seed, 1, 1, rng, params);
        REQUIRE(more.size() == 1);
        CHECK(more[0].piece == started[0].piece);
        CHECK(more[0].reason == PickReason::partial);
    }
    SUBCASE("from a neighbour with nothing of its own, pieces in progress come first, as before") {
        const std::vector<BlockPick> from_leecher = pp.pick(bits(4, {0, 1, 2}), 1, 3, rng, params);
        REQUIRE(from_leecher.size() == 1);
        CHECK(from_leecher[0].piece == 0);
        CHECK(from_leecher[0].reason == PickReason::partial);
    }
}

TEST_CASE("partial pieces are finished first, without starting new ones") {
    const std::vector<bool> seed = all(8);
    PiecePicker pp;
    pp.init(8, 64 * KiB, 8 * 64 * KiB);  // 4 blocks per piece
    pp.add_availability(seed);
    pp.add_availability(bits(8, {0, 1, 2, 3, 4, 5, 6}));  // piece 7 is rarest
    PickParams params;
    params.random_first_pieces = 0;
    Rng rng(1);
    std::vector<BlockPick> picks = pp.pick(seed, 2, 2, rng, params);
    REQUIRE(picks.size() == 2);
    CHECK(picks[0].piece == 7);
    CHECK(picks[1].begin == 16384);
    CHECK(pp.downloading(7));

    picks = pp.pick(seed, 3, 2, rng, params);
    REQUIRE(picks.size() == 3);
    CHECK(picks[0].piece == 7);
    CHECK(picks[0].begin == 32768);
    CHECK(picks[0].reason == PickReason::partial);
    CHECK(describe(picks[0]) == "requested piece 7: finishing a partial piece");
    CHECK(picks[1].begin == 49152);
    CHECK(picks[2].piece != 7);  // piece 7 is fully requested: the third block starts another piece
    CHECK(picks[2].reason == PickReason::rarest);

    SUBCASE("a neighbour without the partial piece gets a new piece instead") {
        PiecePicker other_pp;
        other_pp.init(8, 64 * KiB, 8 * 64 * KiB);
        other_pp.add_availability(seed);
        other_pp.pick(seed, 1, 1, rng, params);  // starts some piece p, 1 of its 4 blocks requested
        REQUIRE(other_pp.partial_count() == 1);
        CHECK(other_pp.pick(bits(8, {}), 4, 1, rng, params).empty());
        std::vector<bool> lacks_it = all(8);
        PieceIndex started = 0;
        for (PieceIndex i = 0; i < 8; ++i)
            if (other_pp.downloading(i)) started = i;
        lacks_it[started] = false;
        const std::vector<BlockPick> fresh = other_pp.pick(lacks_it, 2, 1, rng, params);
        REQUIRE(fresh.size() == 2);
        CHECK(fresh[0].piece != started);
        CHECK(fresh[0].reason == PickReason::rarest);
    }
}

TEST_CASE("never picks a piece the remote lacks or that we have") {
    Rng world(99);
    for (int trial = 0; trial < 200; ++trial) {
        const uint32_t n = 1 + world.below(40);
        PiecePicker pp;
        pp.init(n, 32 * KiB, uint64_t(n) * 32 * KiB - world.below(30000));
        std::vector<std::vector<bool>> neighbours(1 + world.below(6), std::vector<bool>(n));
        for (auto& nb : neighbours) {
            for (uint32_t i = 0; i < n; ++i) nb[i] = world.below(2) == 1;
            pp.add_availability(nb);
        }
        for (uint32_t i = 0; i < n; ++i)
            if (world.below(3) == 0) pp.mark_have(i);
        Rng rng(trial);
        for (int call = 0; call < 20; ++call) {
            const auto& remote = neighbours[world.below(static_cast<uint32_t>(neighbours.size()))];
            for (const BlockPick& p : pp.pick(remote, 1 + int(world.below(8)), int(neighbours.size()), rng)) {
                CAPTURE(trial);
                CHECK(remote[p.piece]);
                CHECK_FALSE(pp.have(p.piece));
                CHECK(p.begin + p.length <= pp.piece_size(p.piece));
                if (world.below(4) == 0 && p.reason != PickReason::endgame) pp.on_request_dropped(p.piece, p.begin);
            }
        }
        // What the picks leave: a neighbour is wanted exactly when it has a piece we lack, and one
        // that is not wanted is asked for nothing.
        for (const auto& nb : neighbours) {
            bool lacks_one = false;
            for (uint32_t i = 0; i < n; ++i) lacks_one |= nb[i] && !pp.have(i);
            CHECK(pp.wants_any(nb) == lacks_one);
            if (!lacks_one) CHECK(pp.pick(nb, 4, int(neighbours.size()), rng).empty());
        }
    }
}

TEST_CASE("received, dropped and failed blocks are booked so each block is fetched exactly once") {
    PiecePicker pp;
    pp.init(2, 48 * KiB, 96 * KiB);  // 3 blocks per piece
    PickParams params;
    params.endgame = false;
    Rng rng(5);
    std::vector<BlockPick> picks = pp.pick(bits(2, {0}), 3, 1, rng, params);
    REQUIRE(picks.size() == 3);
    CHECK(pp.block_state(0, 1) == BlockState::requested);
    CHECK(pp.block_requests(0, 1) == 1);

    SUBCASE("a completed piece is reported once, then verified") {
        CHECK_FALSE(pp.on_block_received(0, 0));
        CHECK(pp.block_state(0, 0) == BlockState::received);
        CHECK_FALSE(pp.on_block_received(0, 0));  // duplicate
        CHECK_FALSE(pp.on_block_received(0, 16384));
        CHECK(pp.on_block_received(0, 32768));
        CHECK(pp.pick(bits(2, {0}), 3, 1, rng, params).empty());  // waiting for the hash check
        CHECK(pp.mark_have(0));
        CHECK_FALSE(pp.mark_have(0));
        CHECK(pp.have(0));
        CHECK(pp.have_count() == 1);
        CHECK_FALSE(pp.downloading(0));
        CHECK(pp.block_state(0, 2) == BlockState::received);
        CHECK_FALSE(pp.on_block_received(0, 0));
    }
    SUBCASE("a dropped request returns its block to the pool") {
        pp.on_block_received(0, 0);
        pp.on_request_dropped(0, 16384);
        CHECK(pp.block_state(0, 1) == BlockState::none);
        pp.on_request_dropped(0, 0);  // already received: stays received
        CHECK(pp.block_state(0, 0) == BlockState::received);
        picks = pp.pick(bits(2, {0}), 3, 1, rng, params);
        REQUIRE(picks.size() == 1);
        CHECK(picks[0].piece == 0);
        CHECK(picks[0].begin == 16384);
        CHECK(picks[0].reason == PickReason::partial);
    }
    SUBCASE("dropping every request leaves the piece unstarted") {
        for (const BlockPick& p : picks) pp.on_request_dropped(p.piece, p.begin);
        CHECK_FALSE(pp.downloading(0));
        CHECK(pp.partial_count() == 0);
        picks = pp.pick(bits(2, {0}), 3, 1, rng, params);
        CHECK(picks.size() == 3);
        CHECK(picks[0].reason == PickReason::random_first);
    }
    SUBCASE("a failed hash check makes every block of the piece needed again") {
        for (const BlockPick& p : picks) pp.on_block_received(p.piece, p.begin);
        pp.on_piece_failed(0);
        CHECK_FALSE(pp.have(0));
        CHECK_FALSE(pp.downloading(0));
        for (uint32_t b = 0; b < 3; ++b) CHECK(pp.block_state(0, b) == BlockState::none);
        CHECK(pp.pick(bits(2, {0}), 5, 1, rng, params).size() == 3);
    }
    SUBCASE("nonsense offsets are ignored") {
        CHECK_FALSE(pp.on_block_received(0, 100));
        CHECK_FALSE(pp.on_block_received(0, 3 * 16384));
        CHECK_FALSE(pp.on_block_received(7, 0));
        pp.on_request_dropped(0, 100);
        pp.on_request_dropped(9, 0);
        CHECK(pp.block_requests(0, 0) == 1);
    }
}

TEST_CASE("endgame: once every missing block is requested, others may be asked again") {
    PiecePicker pp;
    pp.init(2, 32 * KiB, 64 * KiB);  // 2 pieces of 2 blocks
    pp.add_availability(all(2));
    pp.add_availability(all(2));
    pp.add_availability(bits(2, {1}));
    Rng rng(2);
    const std::vector<BlockPick> from_a = pp.pick(all(2), 4, 3, rng);
    REQUIRE(from_a.size() == 4);
    CHECK(pp.in_endgame());

    const std::vector<BlockPick> from_b = pp.pick(all(2), 10, 3, rng);
    REQUIRE(from_b.size() == 4);  // one duplicate per block, not more in one call
    for (const BlockPick& p : from_b) CHECK(p.reason == PickReason::endgame);
    CHECK(describe(from_b[3]) == "requested piece " + std::to_string(from_b[3].piece) + " block 1: endgame duplicate");
    CHECK(pp.block_requests(0, 0) == 2);

    SUBCASE("a block is not asked twice of the same neighbour") {
        CHECK(pp.pick(all(2), 10, 3, rng, {}, from_a).empty());
        CHECK(pp.pick(all(2), 10, 3, rng, {}, from_b).empty());
    }
    SUBCASE("a block is asked of at most two neighbours (strict end-game, as libtorrent)") {
        const std::vector<BlockPick> third = pp.pick(all(2), 10, 3, rng);
        CHECK(third.empty());
        for (const BlockPick& p : from_a) CHECK(pp.block_requests(p.piece, p.begin / block_size) == 2);
        pp.on_request_dropped(from_a[2].piece, from_a[2].begin);  // one of its two requests is gone
        const std::vector<BlockPick> again = pp.pick(all(2), 10, 3, rng);
        REQUIRE(again.size() == 1);
        CHECK(again[0].piece == from_a[2].piece);
        CHECK(again[0].begin == from_a[2].begin);
    }
    SUBCASE("blocks asked of one neighbour only come first, and only the remote's pieces") {
        pp.on_block_received(0, 0);
        pp.on_request_dropped(1, 0);  // one of the two requests for piece 1 block 0 is gone
        const std::vector<BlockPick> from_c = pp.pick(bits(2, {1}), 1, 3, rng);
        REQUIRE(from_c.size() == 1);
        CHECK(from_c[0].piece == 1);
        CHECK(from_c[0].begin == 0);
        CHECK(from_c[0].reason == PickReason::endgame);
    }
    SUBCASE("endgame can be switched off") {
        PickParams params;
        params.endgame = false;
        CHECK(pp.pick(all(2), 10, 3, rng, params).empty());
    }
    SUBCASE("a received block is never asked again") {
        for (const BlockPick& p : from_a) pp.on_block_received(p.piece, p.begin);
        CHECK(pp.pick(all(2), 10, 3, rng).empty());
    }
}

TEST_CASE("availability counts bitfields and HAVEs, and never wraps") {
    PiecePicker pp;
    pp.init(3, 16 * KiB, 48 * KiB);
    pp.add_availability(bits(3, {0, 2}));
    pp.add_availability(std::vector<bool>{true, true, true, true, true});  // extra bits ignored
    pp.inc_availability(1);
    pp.inc_availability(7);
    CHECK(pp.availability(0) == 2);
    CHECK(pp.availability(1) == 2);
    CHECK(pp.availability(2) == 2);
    pp.remove_availability(bits(3, {0, 1, 2}));
    pp.remove_availability(bits(3, {0, 1, 2}));
    pp.remove_availability(bits(3, {0}));
    CHECK(pp.availability(0) == 0);
    CHECK(pp.availability(7) == 0);
}

TEST_CASE("wants_any tells whether the remote has something we lack") {
    PiecePicker pp;
    pp.init(3, 16 * KiB, 48 * KiB);
    pp.mark_have(1);
    CHECK(pp.wants_any(bits(3, {0})));
    CHECK_FALSE(pp.wants_any(bits(3, {1})));
    pp.mark_all_have();
    CHECK(pp.complete());
    CHECK_FALSE(pp.wants_any(all(3)));
}

TEST_CASE("a whole download from a few neighbours fetches every block and completes") {
    const uint32_t n = 64;
    PiecePicker pp;
    pp.init(n, 256 * KiB, uint64_t(n - 1) * 256 * KiB + 5000);
    Rng world(1), rng(2);
    std::vector<std::vector<bool>> neighbours(5, std::vector<bool>(n, false));
    for (auto& nb : neighbours) {
        for (uint32_t i = 0; i < n; ++i) nb[i] = world.below(3) != 0;
        pp.add_availability(nb);
    }
    neighbours[0] = all(n);  // one seed, so the file can complete
    pp.add_availability(neighbours[0]);
    std::vector<std::vector<BlockPick>> pending(neighbours.size());
    std::vector<BlockPick> picks;
    uint64_t received = 0, blocks_total = 0;
    for (PieceIndex i = 0; i < n; ++i) blocks_total += pp.block_count(i);
    for (int step = 0; step < 100000 && !pp.complete(); ++step) {
        const size_t who = world.below(static_cast<uint32_t>(neighbours.size()));
        auto& queue = pending[who];
        const int want = 4 - static_cast<int>(queue.size());
        pp.pick_into(picks, neighbours[who], want, static_cast<int>(neighbours.size()), rng, {}, queue);
        queue.insert(queue.end(), picks.begin(), picks.end());
        if (queue.empty()) continue;
        const BlockPick got = queue.front();
        queue.erase(queue.begin());
        if (pp.block_state(got.piece, got.begin / block_size) != BlockState::received) ++received;
        if (pp.on_block_received(got.piece, got.begin)) pp.mark_have(got.piece);
    }
    CHECK(pp.complete());
    CHECK(received == blocks_total);
}

TEST_CASE("the baselines: sequential starts the lowest-numbered piece the neighbour has, random any of them") {
    PiecePicker pp;
    pp.init(8, 16 * KiB, 8 * 16 * KiB);  // one block per piece
    pp.add_availability(bits(8, {5}));    // piece 5 is the commonest, the others equally rare
    PickParams sequential;
    sequential.policy = PiecePolicy::sequential;
    Rng rng(3);
    std::vector<BlockPick> picks = pp.pick(bits(8, {2, 5, 6}), 3, 1, rng, sequential);
    REQUIRE(picks.size() == 3);
    CHECK(picks[0].piece == 2);
    CHECK(picks[1].piece == 5);
    CHECK(picks[2].piece == 6);
    CHECK(picks[0].reason == PickReason::sequential);
    CHECK(describe(picks[0]) == "requested piece 2: the next in order (the sequential baseline, not rarest first)");
    PickParams random;
    random.policy = PiecePolicy::random;
    std::vector<int> started(8, 0);
    for (int trial = 0; trial < 200; ++trial) {
        PiecePicker fresh;
        fresh.init(8, 16 * KiB, 8 * 16 * KiB);
        for (int k = 0; k < 10; ++k) fresh.mark_have(0), fresh.mark_have(1), fresh.mark_have(3), fresh.mark_have(4);
        const std::vector<BlockPick> one = fresh.pick(bits(8, {2, 5, 6, 7}), 1, 1, rng, random);
        REQUIRE(one.size() == 1);
        CHECK(one[0].reason == PickReason::random_piece);
        ++started[one[0].piece];
    }
    for (PieceIndex i : {2u, 5u, 6u, 7u}) CHECK(started[i] > 20);  // each of the four, about 50 times
    CHECK(parse_piece_policy("sequential") == PiecePolicy::sequential);
    CHECK_FALSE(parse_piece_policy("fastest").has_value());
}

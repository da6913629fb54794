// The picker's read-only views: the pieces in progress, and its next choice seen without choosing.
#include <doctest/doctest.h>

#include "piece_picker.h"

using namespace swarmscope;

TEST_CASE("picker views: partials() counts each piece's blocks asked for and received; peek() finishes it first") {
    PiecePicker p;
    p.init(4, 4 * block_size, 16ull * block_size);
    Bitfield all;
    all.assign(4, true);
    p.add_availability(all);
    Rng rng(1);
    CHECK(p.partials().empty());
    const std::vector<BlockPick> picks = p.pick(all, 2, 1, rng, PickParams{.random_first_pieces = 0});
    REQUIRE(picks.size() == 2);
    const PieceIndex piece = picks[0].piece;
    REQUIRE(p.partials() == std::vector<PartialProgress>{{piece, 4, 2, 0}});
    CHECK_FALSE(p.on_block_received(piece, 0));
    CHECK(p.partials() == std::vector<PartialProgress>{{piece, 4, 1, 1}});
    const std::optional<PickPeek> next = p.peek(all, PickParams{.random_first_pieces = 0});
    REQUIRE(next.has_value());
    CHECK(*next == PickPeek{piece, PickReason::partial, 2 * block_size, 0, 1});
    // Nothing changed, and the real pick agrees.
    CHECK(p.partials() == std::vector<PartialProgress>{{piece, 4, 1, 1}});
    const std::vector<BlockPick> again = p.pick(all, 1, 1, rng, PickParams{.random_first_pieces = 0});
    REQUIRE(again.size() == 1);
    CHECK(again[0].piece == piece);
    CHECK(again[0].begin == 2 * block_size);
}

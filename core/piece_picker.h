// Which blocks one peer asks one neighbour for: what only that neighbour has first, then pieces in
// progress, random pieces for a newcomer, then rarest first, and endgame duplicates at the very end
// (each block asked of at most two neighbours). Plain data (copying it is a snapshot); tested without
// a network.
#pragma once
#include "bitfield.h"
#include "ids.h"
#include "prefetch.h"
#include "rng.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace swarmscope {

// How a new piece is chosen. Rarest first is BitTorrent's; the others are labelled baselines a class
// compares it with: any piece the neighbour has, at random, or the lowest-numbered one.
enum class PiecePolicy : uint8_t { rarest, random, sequential };
const char* piece_policy_name(PiecePolicy policy);  // "rarest", "random", "sequential"
std::optional<PiecePolicy> parse_piece_policy(std::string_view name);

enum class PickReason : uint8_t { random_first, rarest, partial, endgame, random_piece, sequential };

struct PickParams {
    int random_first_pieces = 4;  // rarest first: below this many complete pieces, start a random piece
    bool endgame = true;
    PiecePolicy policy = PiecePolicy::rarest;
};

struct BlockPick {
    PieceIndex piece = 0;
    uint32_t begin = 0;   // byte offset in the piece, a multiple of block_size
    uint32_t length = 0;  // block_size, less for the last block of the last piece
    PickReason reason = PickReason::rarest;
    uint32_t copies = 0;       // rarest: copies among our neighbours when picked
    uint32_t neighbours = 0;   // rarest: the neighbour count given to pick()
    uint32_t have_pieces = 0;  // random_first: complete pieces we had
    uint32_t starters = 0;     // random_first: how many pieces are picked at random

    friend bool operator==(const BlockPick&, const BlockPick&) = default;
};

// "requested piece 12: rarest, 1 copy among 5 neighbours", "requested piece 40 block 5: endgame duplicate".
std::string describe(const BlockPick& pick);

enum class BlockState : uint8_t { none, requested, received };

// The first block pick() would choose, seen without choosing: where pick() draws among equal pieces,
// the candidates are counted instead, and nothing changes.
struct PickPeek {
    PieceIndex piece = 0;      // with candidates > 1, the lowest-numbered of them
    PickReason reason = PickReason::rarest;
    uint32_t begin = 0;        // the block's offset in the piece (0 for a new piece)
    uint32_t copies = 0;       // rarest: copies among our neighbours, of each candidate
    uint32_t candidates = 1;   // random_first, rarest: pieces the RNG would draw from
    friend bool operator==(const PickPeek&, const PickPeek&) = default;
};

// A piece in progress: its blocks in all, those asked for and not yet here, and those received.
struct PartialProgress {
    PieceIndex piece = 0;
    uint32_t blocks = 0, requested = 0, received = 0;
    friend bool operator==(const PartialProgress&, const PartialProgress&) = default;
};

class PiecePicker {
public:
    // piece_count must be ceil(total_length / piece_length), as in the metainfo.
    void init(uint32_t piece_count, uint32_t piece_length, uint64_t total_length);

    uint32_t piece_count() const { return piece_count_; }
    uint32_t piece_size(PieceIndex piece) const;  // 0 past the end
    uint32_t block_count(PieceIndex piece) const;

    // Copies among current neighbours: a bitfield when one connects or leaves, a HAVE in between.
    // Bits past piece_count are ignored; counts saturate instead of wrapping.
    void add_availability(const Bitfield& bitfield);
    void remove_availability(const Bitfield& bitfield);
    void inc_availability(PieceIndex piece);
    uint16_t availability(PieceIndex piece) const;

    // A piece whose hash checked out. Returns false if we already had it.
    bool mark_have(PieceIndex piece);
    void mark_all_have();  // a seed
    bool have(PieceIndex piece) const { return piece < piece_count_ && pieces_[piece].state == have_piece; }
    uint32_t have_count() const { return have_count_; }
    bool complete() const { return have_count_ == piece_count_; }
    // Does the remote have any piece we lack (should we be interested)?
    bool wants_any(const Bitfield& remote_has) const;

    // Up to want_blocks blocks to request from a neighbour that has `remote_has`; each is marked
    // requested. `pending_from_remote` are the requests already outstanding to that neighbour, so
    // endgame does not ask it twice for a block. neighbour_count only feeds the reason text.
    std::vector<BlockPick> pick(const Bitfield& remote_has, int want_blocks, int neighbour_count, Rng& rng,
                                const PickParams& params = {},
                                const std::vector<BlockPick>& pending_from_remote = {});
    // The same into a caller's vector (cleared first), so a caller that keeps it allocates nothing.
    void pick_into(std::vector<BlockPick>& out, const Bitfield& remote_has, int want_blocks,
                   int neighbour_count, Rng& rng, const PickParams& params = {},
                   const std::vector<BlockPick>& pending_from_remote = {});

    // What pick() with these arguments would choose first, or nothing if it would choose nothing. Draws
    // nothing from an RNG and changes nothing.
    std::optional<PickPeek> peek(const Bitfield& remote_has, const PickParams& params = {},
                                 const std::vector<BlockPick>& pending_from_remote = {}) const;

    // A block arrived. True when it was the piece's last missing block: hash-check it, then call
    // mark_have or on_piece_failed. A block we did not ask for is kept too; a duplicate changes nothing.
    bool on_block_received(PieceIndex piece, uint32_t begin);
    // A request that will not be answered (choked, disconnected, cancelled): the block can be picked again.
    void on_request_dropped(PieceIndex piece, uint32_t begin);
    // The piece failed its hash check: all its blocks are needed again.
    void on_piece_failed(PieceIndex piece);

    bool downloading(PieceIndex piece) const { return piece < piece_count_ && pieces_[piece].slot != no_slot; }
    BlockState block_state(PieceIndex piece, uint32_t block) const;
    int block_requests(PieceIndex piece, uint32_t block) const;  // outstanding requests for the block
    // A hint for the memory system: a HAVE, a REQUEST or a block for `piece` is about to be handled.
    // Everything they look up about the piece is in one entry.
    void prefetch(PieceIndex piece) const {
        if (piece < piece_count_) swarmscope::prefetch(&pieces_[piece]);
    }
    // Then, once prefetch()'s line is in: where a block of `piece` is recorded, and the pieces in progress.
    void prefetch_progress(PieceIndex piece) const {
        if (piece >= piece_count_ || pieces_[piece].slot == no_slot) return;
        const uint32_t slot = pieces_[piece].slot;
        swarmscope::prefetch(&slots_[slot]);
        swarmscope::prefetch(blocks_of(slot));
        swarmscope::prefetch(active_.data());
    }
    uint32_t partial_count() const { return static_cast<uint32_t>(active_.size()); }
    // The pieces in progress, in the order they were started (which is the order pick() finishes them in).
    std::vector<PartialProgress> partials() const;
    // Every block we miss is already requested: duplicates may be asked of other neighbours.
    bool in_endgame() const;

    friend bool operator==(const PiecePicker&, const PiecePicker&) = default;

    template <class Archive>
    void io(Archive& a) {
        a(piece_count_, piece_length_, last_piece_size_, blocks_per_piece_, have_count_);
        // Field by field, so the many equal neighbours compress as runs; slots as slot + 1, so the
        // many pieces not in progress (no_slot) are runs of zeros.
        std::vector<uint8_t> state(pieces_.size());
        std::vector<uint16_t> availability(pieces_.size());
        std::vector<uint32_t> slot(pieces_.size());
        if constexpr (!Archive::reading)
            for (size_t i = 0; i < pieces_.size(); ++i)
                state[i] = pieces_[i].state, availability[i] = pieces_[i].availability, slot[i] = pieces_[i].slot + 1;
        a.runs(state);
        a.runs(availability);
        a.runs(slot);
        if constexpr (Archive::reading) {
            // Corrupt input could give the three different lengths: the states' decides.
            availability.resize(state.size());
            slot.resize(state.size());  // 0, read as no_slot
            pieces_.resize(state.size());
            missing_.assign(state.size(), false);  // derived from the states, so a keyframe need not keep it
            sole_.assign(state.size(), false);     // and from the copies
            for (size_t i = 0; i < pieces_.size(); ++i) {
                pieces_[i] = PieceEntry{availability[i], state[i], 0, slot[i] - 1};
                if (state[i] == missing_piece) missing_.set(i);
                if (availability[i] == 1) sole_.set(i);
            }
        }
        a(slots_);
        a.runs(slot_blocks_);
        a(free_slots_, active_);
    }

private:
    static constexpr uint32_t no_slot = 0xFFFFFFFFu;
    static constexpr uint8_t missing_piece = 0, downloading_piece = 1, have_piece = 2;
    // Per-block byte: 0 none, 1 or 2 requests outstanding (2 only in endgame), 255 received.
    static constexpr uint8_t received_block = 255;

    // A piece in progress. Its block states live in slot_blocks_ at slot * blocks_per_piece_; slots
    // are reused, so memory follows the pieces in progress rather than the torrent's size.
    struct Partial {
        PieceIndex piece = 0;
        uint32_t blocks = 0;
        uint32_t assigned = 0;  // blocks requested or received
        uint32_t received = 0;
        friend bool operator==(const Partial&, const Partial&) = default;

        template <class Archive>
        void io(Archive& a) { a(piece, blocks, assigned, received); }
    };

    uint8_t* blocks_of(uint32_t slot) { return slot_blocks_.data() + size_t(slot) * blocks_per_piece_; }
    const uint8_t* blocks_of(uint32_t slot) const { return slot_blocks_.data() + size_t(slot) * blocks_per_piece_; }
    uint32_t block_length(PieceIndex piece, uint32_t block) const;
    uint32_t start_piece(PieceIndex piece);
    void release(PieceIndex piece);
    // The pieces a new one is chosen among: missing here, held by the neighbour, and past the first
    // few, at the fewest copies (`key`); `first` is the lowest-numbered of them.
    struct NewPieces {
        PickReason reason = PickReason::rarest;  // random_first, rarest, random_piece or sequential
        uint32_t key = 0, count = 0, first = 0;  // key: the copies ranked by (rarest), else 0
    };
    bool new_pieces(const Bitfield& remote_has, const PickParams& params, NewPieces& out) const;
    bool choose_new_piece(const Bitfield& remote_has, Rng& rng, const PickParams& params,
                          PieceIndex& piece, PickReason& reason) const;
    // Does the neighbour have a piece we are missing (not started) that no other neighbour has?
    bool has_sole(const Bitfield& remote_has) const;

    // What a HAVE, a REQUEST or a block looks up about its piece, together in one place (prefetch()).
    struct PieceEntry {
        uint16_t availability = 0;   // copies among our neighbours
        uint8_t state = missing_piece;
        uint8_t unused = 0;
        uint32_t slot = no_slot;     // no_slot when not in progress
        friend bool operator==(const PieceEntry&, const PieceEntry&) = default;
    };

    // First what every HAVE, REQUEST or block reads of the picker, so those lookups start from one
    // cache line of it.
    uint32_t piece_count_ = 0;
    uint32_t blocks_per_piece_ = 0;
    std::vector<PieceEntry> pieces_;
    uint32_t piece_length_ = 0;
    uint32_t last_piece_size_ = 0;
    uint32_t have_count_ = 0;
    Bitfield missing_;                    // the pieces whose state is missing, 64 to a word, for choosing
    Bitfield sole_;                       // the pieces exactly one neighbour has (1 copy), 64 to a word
    std::vector<Partial> slots_;
    std::vector<uint8_t> slot_blocks_;
    std::vector<uint32_t> free_slots_;
    std::vector<uint32_t> active_;  // slots in the order their pieces were started: the oldest is finished first
};

}  // namespace swarmscope

#include "piece_picker.h"

#include <algorithm>

namespace swarmscope {

const char* piece_policy_name(PiecePolicy policy) {
    switch (policy) {
    case PiecePolicy::rarest: return "rarest";
    case PiecePolicy::random: return "random";
    case PiecePolicy::sequential: return "sequential";
    }
    return "rarest";
}

std::optional<PiecePolicy> parse_piece_policy(std::string_view name) {
    for (PiecePolicy p : {PiecePolicy::rarest, PiecePolicy::random, PiecePolicy::sequential})
        if (name == piece_policy_name(p)) return p;
    return std::nullopt;
}

std::string describe(const BlockPick& pick) {
    // Built in one buffer: a run traces every piece a peer starts, so this is called a million times.
    std::string s;
    s.reserve(96);  // with room for the " from peer N" a caller appends
    s += "requested piece ";
    s += std::to_string(pick.piece);
    switch (pick.reason) {
    case PickReason::random_first:
        s += ": random first piece (we have ";
        s += std::to_string(pick.have_pieces);
        s += " of ";
        s += std::to_string(pick.starters);
        s += " starters)";
        break;
    case PickReason::rarest:
        s += ": rarest, ";
        s += std::to_string(pick.copies);
        s += pick.copies == 1 ? " copy among " : " copies among ";
        s += std::to_string(pick.neighbours);
        s += pick.neighbours == 1 ? " neighbour" : " neighbours";
        break;
    case PickReason::partial: s += ": finishing a partial piece"; break;
    case PickReason::random_piece: s += ": at random (the random baseline, not rarest first)"; break;
    case PickReason::sequential: s += ": the next in order (the sequential baseline, not rarest first)"; break;
    case PickReason::endgame:
        s += " block ";
        s += std::to_string(pick.begin / block_size);
        s += ": endgame duplicate";
        break;
    }
    return s;
}

void PiecePicker::init(uint32_t piece_count, uint32_t piece_length, uint64_t total_length) {
    *this = PiecePicker{};
    piece_count_ = piece_count;
    piece_length_ = piece_length;
    if (piece_count > 0) {
        const uint64_t before_last = uint64_t(piece_count - 1) * piece_length;
        const uint64_t last = total_length > before_last ? total_length - before_last : 0;
        // A metainfo that disagrees with itself gets full-size pieces rather than empty ones.
        last_piece_size_ = last == 0 || last > piece_length ? piece_length : static_cast<uint32_t>(last);
    }
    blocks_per_piece_ = (piece_length + block_size - 1) / block_size;
    pieces_.assign(piece_count, PieceEntry{});
    missing_.assign(piece_count, true);
    sole_.assign(piece_count, false);
}

uint32_t PiecePicker::piece_size(PieceIndex piece) const {
    if (piece >= piece_count_) return 0;
    return piece + 1 == piece_count_ ? last_piece_size_ : piece_length_;
}

uint32_t PiecePicker::block_count(PieceIndex piece) const { return (piece_size(piece) + block_size - 1) / block_size; }

uint32_t PiecePicker::block_length(PieceIndex piece, uint32_t block) const {
    return std::min(block_size, piece_size(piece) - block * block_size);
}

void PiecePicker::add_availability(const Bitfield& bitfield) {
    const size_t n = std::min<size_t>(bitfield.size(), piece_count_);
    for (size_t i = 0; i < n; ++i)
        if (bitfield[i] && pieces_[i].availability < 0xFFFF) sole_.set(i, ++pieces_[i].availability == 1);
}

void PiecePicker::remove_availability(const Bitfield& bitfield) {
    const size_t n = std::min<size_t>(bitfield.size(), piece_count_);
    for (size_t i = 0; i < n; ++i)
        if (bitfield[i] && pieces_[i].availability > 0) sole_.set(i, --pieces_[i].availability == 1);
}

void PiecePicker::inc_availability(PieceIndex piece) {
    if (piece < piece_count_ && pieces_[piece].availability < 0xFFFF) sole_.set(piece, ++pieces_[piece].availability == 1);
}

bool PiecePicker::has_sole(const Bitfield& remote_has) const {
    const std::vector<uint64_t>& miss = missing_.words();
    const std::vector<uint64_t>& sole = sole_.words();
    const std::vector<uint64_t>& has = remote_has.words();
    const size_t words = std::min(miss.size(), has.size());
    for (size_t w = 0; w < words; ++w)
        if (miss[w] & sole[w] & has[w]) return true;
    return false;
}

uint16_t PiecePicker::availability(PieceIndex piece) const {
    return piece < piece_count_ ? pieces_[piece].availability : 0;
}

bool PiecePicker::mark_have(PieceIndex piece) {
    if (piece >= piece_count_ || pieces_[piece].state == have_piece) return false;
    if (pieces_[piece].slot != no_slot) release(piece);
    pieces_[piece].state = have_piece;
    missing_.set(piece, false);
    ++have_count_;
    return true;
}

void PiecePicker::mark_all_have() {
    for (PieceIndex i = 0; i < piece_count_; ++i) mark_have(i);
}

bool PiecePicker::wants_any(const Bitfield& remote_has) const {
    const size_t n = std::min<size_t>(remote_has.size(), piece_count_);
    for (size_t i = 0; i < n; ++i)
        if (remote_has[i] && pieces_[i].state != have_piece) return true;
    return false;
}

uint32_t PiecePicker::start_piece(PieceIndex piece) {
    uint32_t slot;
    if (!free_slots_.empty()) {
        slot = free_slots_.back();
        free_slots_.pop_back();
    } else {
        slot = static_cast<uint32_t>(slots_.size());
        slots_.emplace_back();
        slot_blocks_.resize(slot_blocks_.size() + blocks_per_piece_);
    }
    Partial& p = slots_[slot];
    p = Partial{piece, block_count(piece), 0, 0};
    std::fill_n(blocks_of(slot), blocks_per_piece_, uint8_t{0});
    pieces_[piece].slot = slot;
    pieces_[piece].state = downloading_piece;
    missing_.set(piece, false);
    active_.push_back(slot);
    return slot;
}

void PiecePicker::release(PieceIndex piece) {
    const uint32_t slot = pieces_[piece].slot;
    active_.erase(std::find(active_.begin(), active_.end(), slot));
    free_slots_.push_back(slot);
    pieces_[piece].slot = no_slot;
    pieces_[piece].state = missing_piece;
    missing_.set(piece);
}

bool PiecePicker::in_endgame() const {
    if (have_count_ + active_.size() != piece_count_) return false;
    for (uint32_t slot : active_)
        if (slots_[slot].assigned < slots_[slot].blocks) return false;
    return true;
}

bool PiecePicker::new_pieces(const Bitfield& remote_has, const PickParams& params, NewPieces& out) const {
    if (have_count_ + active_.size() >= piece_count_) return false;  // every missing piece is started
    const uint32_t n = static_cast<uint32_t>(std::min<size_t>(remote_has.size(), piece_count_));
    // A newcomer needs a complete piece soon to have something to trade; the rarest piece is
    // often slow to get (few have it), so the first few are random.
    const bool rarest_first = params.policy == PiecePolicy::rarest;
    const bool random_first = rarest_first && have_count_ < static_cast<uint32_t>(std::max(0, params.random_first_pieces));
    const bool by_copies = rarest_first && !random_first;
    const PickReason reason = random_first                                ? PickReason::random_first
                              : by_copies                                 ? PickReason::rarest
                              : params.policy == PiecePolicy::sequential ? PickReason::sequential
                                                                          : PickReason::random_piece;
    // The candidates are the pieces missing here that the neighbour has: 64 at a time, one AND of
    // words, then only their set bits are visited.
    const std::vector<uint64_t>& miss = missing_.words();
    const std::vector<uint64_t>& has = remote_has.words();
    const size_t words = std::min<size_t>((n + 63) / 64, std::min(miss.size(), has.size()));
    auto candidates = [&](size_t w) { return miss[w] & has[w]; };
    constexpr uint32_t none = 0x10000;  // above any count of copies
    uint32_t rarest = none;
    uint32_t count = 0;
    uint32_t first = 0;  // the first candidate at the minimum: the second pass starts there
    for (size_t w = 0; w < words; ++w) {
        for (uint64_t m = candidates(w); m != 0; m &= m - 1) {
            const uint32_t i = static_cast<uint32_t>(w * 64 + static_cast<size_t>(__builtin_ctzll(m)));
            if (reason == PickReason::sequential) {  // the lowest-numbered candidate, no draw
                out = NewPieces{reason, 0, 1, i};
                return true;
            }
            const uint32_t key = by_copies ? pieces_[i].availability : 0u;
            if (key < rarest) {
                rarest = key;
                count = 0;
                first = i;
            }
            count += key == rarest;
        }
    }
    if (rarest == none) return false;
    out = NewPieces{reason, rarest, count, first};
    return true;
}

// Two passes instead of reservoir sampling: one RNG draw per new piece, not one per tie, and at
// the start of a download every piece ties.
bool PiecePicker::choose_new_piece(const Bitfield& remote_has, Rng& rng, const PickParams& params,
                                   PieceIndex& piece, PickReason& reason) const {
    NewPieces c;
    if (!new_pieces(remote_has, params, c)) return false;
    const uint32_t n = static_cast<uint32_t>(std::min<size_t>(remote_has.size(), piece_count_));
    const std::vector<uint64_t>& miss = missing_.words();
    const std::vector<uint64_t>& has = remote_has.words();
    const size_t words = std::min<size_t>((n + 63) / 64, std::min(miss.size(), has.size()));
    auto candidates = [&](size_t w) { return miss[w] & has[w]; };
    const bool by_copies = c.reason == PickReason::rarest;
    const uint32_t rarest = c.key, first = c.first;
    reason = c.reason;
    uint32_t skip = c.count > 1 ? rng.below(c.count) : 0;
    for (size_t w = first / 64; w < words; ++w) {
        uint64_t m = candidates(w);
        if (w == first / 64) m &= ~uint64_t{0} << (first % 64);
        for (; m != 0; m &= m - 1) {
            const uint32_t i = static_cast<uint32_t>(w * 64 + static_cast<size_t>(__builtin_ctzll(m)));
            if (by_copies && pieces_[i].availability != rarest) continue;
            if (skip-- == 0) {
                piece = i;
                return true;
            }
        }
    }
    return false;
}

std::vector<BlockPick> PiecePicker::pick(const Bitfield& remote_has, int want_blocks, int neighbour_count,
                                         Rng& rng, const PickParams& params,
                                         const std::vector<BlockPick>& pending_from_remote) {
    std::vector<BlockPick> out;
    pick_into(out, remote_has, want_blocks, neighbour_count, rng, params, pending_from_remote);
    return out;
}

void PiecePicker::pick_into(std::vector<BlockPick>& out, const Bitfield& remote_has, int want_blocks,
                            int neighbour_count, Rng& rng, const PickParams& params,
                            const std::vector<BlockPick>& pending_from_remote) {
    out.clear();
    if (want_blocks <= 0) return;
    const size_t want = static_cast<size_t>(want_blocks);
    auto remote = [&](PieceIndex p) { return p < remote_has.size() && remote_has[p]; };
    auto take = [&](uint32_t slot, PickReason reason, uint32_t copies) {
        Partial& p = slots_[slot];
        uint8_t* blocks = blocks_of(slot);
        for (uint32_t b = 0; b < p.blocks && out.size() < want; ++b) {
            if (blocks[b] != 0) continue;
            blocks[b] = 1;
            ++p.assigned;
            BlockPick pick;
            pick.piece = p.piece;
            pick.begin = b * block_size;
            pick.length = block_length(p.piece, b);
            pick.reason = reason;
            if (reason == PickReason::rarest) {
                pick.copies = copies;
                pick.neighbours = static_cast<uint32_t>(std::max(0, neighbour_count));
            } else if (reason == PickReason::random_first) {
                pick.have_pieces = have_count_;
                pick.starters = static_cast<uint32_t>(std::max(0, params.random_first_pieces));
            }
            out.push_back(pick);
        }
    };

    // (a) Finish what is started: a complete piece can be verified and shared, scattered blocks cannot.
    auto take_partials = [&](uint32_t most_copies) {
        for (size_t k = 0; k < active_.size() && out.size() < want; ++k) {
            const uint32_t slot = active_[k];
            const PieceIndex piece = slots_[slot].piece;
            if (slots_[slot].assigned < slots_[slot].blocks && remote(piece) && pieces_[piece].availability <= most_copies)
                take(slot, PickReason::partial, 0);
        }
    };
    PieceIndex piece = 0;
    PickReason reason = PickReason::rarest;
    // Except that what only this neighbour has (no other neighbour has a copy) comes first: before
    // pieces in progress that others could send too (libtorrent ranks pieces in progress by their
    // copies as well), and before a newcomer's random first pieces (from a neighbour sending to us now,
    // a piece no one else has comes as fast as any). Otherwise the only holder of a piece, often a seed
    // the whole swarm waits on, spends its upload on blocks that others have, and the pieces only it
    // has come out late.
    if (params.policy == PiecePolicy::rarest && has_sole(remote_has)) {
        take_partials(1);
        PickParams rarest = params;
        rarest.random_first_pieces = 0;
        while (out.size() < want && has_sole(remote_has) && choose_new_piece(remote_has, rng, rarest, piece, reason))
            take(start_piece(piece), reason, pieces_[piece].availability);
    }
    take_partials(0xFFFFFFFFu);

    // (b), (c) Start new pieces: random for a newcomer, else the rarest.
    while (out.size() < want && choose_new_piece(remote_has, rng, params, piece, reason))
        take(start_piece(piece), reason, pieces_[piece].availability);

    // (d) Endgame: the last blocks would otherwise wait on the slowest neighbour holding them.
    if (out.size() >= want || !params.endgame || !in_endgame()) return;
    auto asked_here = [&](PieceIndex p, uint32_t begin) {
        for (const BlockPick& b : pending_from_remote)
            if (b.piece == p && b.begin == begin) return true;
        for (const BlockPick& b : out)
            if (b.piece == p && b.begin == begin) return true;
        return false;
    };
    // Each missing block is asked of at most two neighbours, as libtorrent's strict end-game mode does:
    // a third or fourth copy of a block would mostly arrive as a duplicate, using the upload of a
    // neighbour that others are still waiting on.
    for (size_t k = 0; k < active_.size() && out.size() < want; ++k) {
        const uint32_t slot = active_[k];
        const Partial& p = slots_[slot];
        if (!remote(p.piece)) continue;
        uint8_t* blocks = blocks_of(slot);
        for (uint32_t b = 0; b < p.blocks && out.size() < want; ++b) {
            if (blocks[b] != 1 || asked_here(p.piece, b * block_size)) continue;
            blocks[b] = 2;
            BlockPick pick;
            pick.piece = p.piece;
            pick.begin = b * block_size;
            pick.length = block_length(p.piece, b);
            pick.reason = PickReason::endgame;
            out.push_back(pick);
        }
    }
}

std::optional<PickPeek> PiecePicker::peek(const Bitfield& remote_has, const PickParams& params,
                                          const std::vector<BlockPick>& pending_from_remote) const {
    // pick_into()'s order, stopping at its first block.
    auto remote = [&](PieceIndex p) { return p < remote_has.size() && remote_has[p]; };
    auto partial = [&](uint32_t most_copies) -> std::optional<PickPeek> {
        for (const uint32_t slot : active_) {
            const Partial& p = slots_[slot];
            if (p.assigned >= p.blocks || !remote(p.piece) || pieces_[p.piece].availability > most_copies) continue;
            const uint8_t* blocks = blocks_of(slot);
            for (uint32_t b = 0; b < p.blocks; ++b)
                if (blocks[b] == 0) return PickPeek{p.piece, PickReason::partial, b * block_size, 0, 1};
        }
        return std::nullopt;
    };
    NewPieces c;
    if (params.policy == PiecePolicy::rarest && has_sole(remote_has)) {
        if (const std::optional<PickPeek> first = partial(1)) return first;
        PickParams rarest = params;
        rarest.random_first_pieces = 0;
        if (new_pieces(remote_has, rarest, c)) return PickPeek{c.first, c.reason, 0, c.key, c.count};
    }
    if (const std::optional<PickPeek> first = partial(0xFFFFFFFFu)) return first;
    if (new_pieces(remote_has, params, c))
        return PickPeek{c.first, c.reason, 0, c.reason == PickReason::rarest ? c.key : 0, c.count};
    if (!params.endgame || !in_endgame()) return std::nullopt;
    for (const uint32_t slot : active_) {
        const Partial& p = slots_[slot];
        if (!remote(p.piece)) continue;
        const uint8_t* blocks = blocks_of(slot);
        for (uint32_t b = 0; b < p.blocks; ++b) {
            if (blocks[b] != 1) continue;
            const bool asked = std::any_of(pending_from_remote.begin(), pending_from_remote.end(), [&](const BlockPick& x) {
                return x.piece == p.piece && x.begin == b * block_size;
            });
            if (!asked) return PickPeek{p.piece, PickReason::endgame, b * block_size, 0, 1};
        }
    }
    return std::nullopt;
}

std::vector<PartialProgress> PiecePicker::partials() const {
    std::vector<PartialProgress> out;
    out.reserve(active_.size());
    for (const uint32_t slot : active_) {
        const Partial& p = slots_[slot];
        out.push_back(PartialProgress{p.piece, p.blocks, p.assigned - p.received, p.received});
    }
    return out;
}

bool PiecePicker::on_block_received(PieceIndex piece, uint32_t begin) {
    if (piece >= piece_count_ || pieces_[piece].state == have_piece || begin % block_size != 0) return false;
    const uint32_t block = begin / block_size;
    if (block >= block_count(piece)) return false;
    const uint32_t slot = pieces_[piece].slot != no_slot ? pieces_[piece].slot : start_piece(piece);
    Partial& p = slots_[slot];
    uint8_t& s = blocks_of(slot)[block];
    if (s == received_block) return false;
    if (s == 0) ++p.assigned;
    s = received_block;
    ++p.received;
    return p.received == p.blocks;
}

void PiecePicker::on_request_dropped(PieceIndex piece, uint32_t begin) {
    if (piece >= piece_count_ || pieces_[piece].slot == no_slot || begin % block_size != 0) return;
    const uint32_t block = begin / block_size;
    const uint32_t slot = pieces_[piece].slot;
    Partial& p = slots_[slot];
    if (block >= p.blocks) return;
    uint8_t& s = blocks_of(slot)[block];
    if (s == 0 || s == received_block) return;
    if (--s == 0) --p.assigned;
    // Nothing asked for and nothing received: the piece is no longer in progress.
    if (p.assigned == 0) release(piece);
}

void PiecePicker::on_piece_failed(PieceIndex piece) {
    if (piece < piece_count_ && pieces_[piece].slot != no_slot) release(piece);
}

BlockState PiecePicker::block_state(PieceIndex piece, uint32_t block) const {
    if (piece >= piece_count_) return BlockState::none;
    const PieceEntry& e = pieces_[piece];
    if (e.state == have_piece) return block < block_count(piece) ? BlockState::received : BlockState::none;
    if (e.slot == no_slot || block >= slots_[e.slot].blocks) return BlockState::none;
    const uint8_t s = blocks_of(e.slot)[block];
    return s == 0 ? BlockState::none : s == received_block ? BlockState::received : BlockState::requested;
}

int PiecePicker::block_requests(PieceIndex piece, uint32_t block) const {
    if (block_state(piece, block) != BlockState::requested) return 0;
    return blocks_of(pieces_[piece].slot)[block];
}

}  // namespace swarmscope

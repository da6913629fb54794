#include "piece_history.h"

#include <algorithm>
#include <cmath>

#include "swarm.h"

namespace swarmscope {

PieceHistory::PieceHistory(const Swarm& swarm) : pieces_(swarm.metainfo().piece_count()) {
    for (const Peer& p : swarm.peers()) initial_seed_.push_back(p.initial_seed);
    got_.assign(initial_seed_.size() * pieces_, 0);
    for (PeerId p = 0; p < initial_seed_.size(); ++p)
        if (initial_seed_[p]) std::fill_n(got_of(p), pieces_, from_start);
    flips_.resize(initial_seed_.size());
    copies_.assign(pieces_, 0);
    pieces_with_.assign(1, pieces_);
    checkpoints_.push_back(Checkpoint{0, Trace::empty_hash});
}

void PieceHistory::update(const Trace& trace) {
    if (!trace.keeps_events() || trace.first() > 0) return;  // it cannot be followed from the start
    const uint64_t count = trace.count();
    if (count == read_ && trace.hash() == hash_) return;  // the common case, every frame
    if (count < read_) go_back(count);
    read(trace, count);
    // The hash tells whether what was read before is a prefix of this trace. If not (another branch,
    // or another trace altogether), read it all again.
    if (hash_ != trace.hash()) {
        go_back(0);
        read(trace, count);
    }
}

void PieceHistory::read(const Trace& trace, uint64_t count) {
    const TraceView events = trace.events();
    for (; read_ < count; ++read_) {
        const TraceEvent& e = events[read_];
        hash_ = trace.hash_with(hash_, e);
        apply(e, static_cast<uint32_t>(read_));
        if ((read_ + 1) % checkpoint_every == 0) checkpoints_.push_back(Checkpoint{read_ + 1, hash_});
    }
}

void PieceHistory::apply(const TraceEvent& e, uint32_t index) {
    switch (e.kind) {
        case TraceKind::peer_joined:
        case TraceKind::rejoined: set_online(e.peer, true, index); break;
        case TraceKind::left: set_online(e.peer, false, index); break;
        case TraceKind::piece_verified: {
            uint32_t& got = got_of(e.peer)[e.piece];
            if (got != 0) return;  // the swarm verifies a piece once per peer; a stray record changes nothing
            got = index + 1;
            if (!online(e.peer)) return;
            add_copy(e.piece, +1);
            break;
        }
        default: return;
    }
    sample(e.time, index + 1);
}

void PieceHistory::set_online(PeerId peer, bool on, uint32_t index) {
    got_of(peer);  // makes room for a peer added since
    if (online(peer) == on) return;
    flips_[peer].push_back(index);
    const uint32_t* got = got_of(peer);
    for (PieceIndex i = 0; i < pieces_; ++i)
        if (got[i] != 0) add_copy(i, on ? +1 : -1);
}

uint32_t* PieceHistory::got_of(PeerId peer) {
    if (peer >= flips_.size()) {  // added by a what-if: a leecher, with nothing yet
        flips_.resize(size_t{peer} + 1);
        got_.resize(flips_.size() * pieces_, 0);
    }
    return got_.data() + size_t{peer} * pieces_;
}

void PieceHistory::add_copy(PieceIndex piece, int delta) {
    const uint32_t before = copies_[piece];
    const uint32_t after = before + static_cast<uint32_t>(delta);
    copies_[piece] = after;
    if (pieces_with_.size() <= after) pieces_with_.resize(after + 1, 0);
    --pieces_with_[before];
    ++pieces_with_[after];
    sum_ += after;
    sum_ -= before;
    sum_squares_ += uint64_t{after} * after;
    sum_squares_ -= uint64_t{before} * before;
    // One piece moved by one copy: the extremes move by at most one, and only when it was alone there.
    if (delta > 0) {
        if (before == min_ && pieces_with_[before] == 0) min_ = after;
        max_ = std::max(max_, after);
    } else {
        min_ = std::min(min_, after);
        if (before == max_ && pieces_with_[before] == 0) max_ = after;
    }
}

double PieceHistory::mean_copies() const { return pieces_ == 0 ? 0 : static_cast<double>(sum_) / pieces_; }

double PieceHistory::stddev_copies() const {
    if (pieces_ == 0) return 0;
    const double mean = mean_copies();
    return std::sqrt(std::max(0.0, static_cast<double>(sum_squares_) / pieces_ - mean * mean));
}

void PieceHistory::sample(SimTime time, uint64_t records) {
    const CopiesSample now{time, records, min_, max_, static_cast<float>(mean_copies()), static_cast<float>(stddev_copies())};
    if (!samples_.empty()) {
        const CopiesSample& last = samples_.back();
        const float step = std::max(1.0f / 16, static_cast<float>(max_) / 256);
        if (now.min == last.min && now.max == last.max && std::abs(now.mean - last.mean) < step &&
            std::abs(now.stddev - last.stddev) < step)
            return;
    }
    samples_.push_back(now);
}

void PieceHistory::go_back(uint64_t count) {
    while (checkpoints_.back().records > count) checkpoints_.pop_back();
    const Checkpoint& cp = checkpoints_.back();
    read_ = cp.records;
    hash_ = cp.hash;
    for (uint32_t& got : got_)
        if (got != from_start && got > read_) got = 0;
    for (std::vector<uint32_t>& f : flips_)
        while (!f.empty() && f.back() >= read_) f.pop_back();
    while (!samples_.empty() && samples_.back().records > read_) samples_.pop_back();
    recount();
}

void PieceHistory::recount() {
    std::fill(copies_.begin(), copies_.end(), 0);
    for (PeerId p = 0; p < flips_.size(); ++p) {
        if (!online(p)) continue;
        const uint32_t* got = got_of(p);
        for (PieceIndex i = 0; i < pieces_; ++i) copies_[i] += got[i] != 0;
    }
    pieces_with_.assign(1, 0);
    sum_ = sum_squares_ = 0;
    for (const uint32_t c : copies_) {
        if (pieces_with_.size() <= c) pieces_with_.resize(c + 1, 0);
        ++pieces_with_[c];
        sum_ += c;
        sum_squares_ += uint64_t{c} * c;
    }
    min_ = copies_.empty() ? 0 : *std::min_element(copies_.begin(), copies_.end());
    max_ = copies_.empty() ? 0 : *std::max_element(copies_.begin(), copies_.end());
}

std::optional<Acquisition> PieceHistory::acquired(const Trace& trace, PeerId peer, PieceIndex piece) const {
    if (peer >= flips_.size() || piece >= pieces_) return std::nullopt;
    const uint32_t got = got_[size_t{peer} * pieces_ + piece];
    if (got == 0) return std::nullopt;
    if (got == from_start) return Acquisition{};
    const TraceView events = trace.events();
    if (got > events.size()) return std::nullopt;  // not the trace the history was built from
    return Acquisition{events[got - 1].other, events[got - 1].time};
}

}  // namespace swarmscope

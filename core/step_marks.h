// Which events of a run end which step units, so stepping forward and back by a unit knows where to
// stop. Nearly every event delivers a message, so that unit is one bit per event; the others (an
// announce, a choking round, a verified piece, a completion) are rare and kept as sorted positions.
// A 100-million-event run needs about 12 MiB for it, not one byte per event.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace swarmscope {

enum class StepUnit : uint8_t {
    event,             // one simulator event
    message,           // one delivered wire message (peers send each message as a segment of its own)
    announce,          // one tracker announce
    choke_round,       // one peer's 10 s choking round
    optimistic_round,  // one choking round that rotated the optimistic unchoke (every 30 s)
    piece,             // one verified piece at any peer
    completion,        // one peer completing the file
};

class StepMarks {
public:
    static uint8_t bit(StepUnit unit) { return static_cast<uint8_t>(1u << static_cast<unsigned>(unit)); }

    uint64_t size() const { return size_; }  // events recorded

    // The next event, with the units it ends (StepMarks::bit of each, or-ed).
    void record(uint8_t units) {
        ++size_;
        if (messages_.size() * 64 < size_) messages_.push_back(0);
        if (units & bit(StepUnit::message)) messages_[(size_ - 1) / 64] |= uint64_t{1} << ((size_ - 1) % 64);
        for (size_t k = 0; k < sparse_.size(); ++k)
            if (units & bit(sparse_unit(k))) sparse_[k].push_back(size_);
    }

    // Forgets events after the first n (a new branch replaces them).
    void truncate(uint64_t n) {
        if (n >= size_) return;
        size_ = n;
        messages_.resize((n + 63) / 64);
        if (n % 64) messages_.back() &= (uint64_t{1} << (n % 64)) - 1;
        for (std::vector<uint64_t>& v : sparse_) v.erase(std::upper_bound(v.begin(), v.end(), n), v.end());
    }

    // Does event q (counting from 1) end the unit?
    bool ends(uint64_t q, StepUnit unit) const {
        if (q == 0 || q > size_) return false;
        if (unit == StepUnit::event) return true;
        if (unit == StepUnit::message) return messages_[(q - 1) / 64] >> ((q - 1) % 64) & 1;
        const std::vector<uint64_t>& v = sparse_[sparse_index(unit)];
        return std::binary_search(v.begin(), v.end(), q);
    }

    // The last event before `pos` that ends the unit, or 0 (the start) if none does.
    uint64_t last_before(uint64_t pos, StepUnit unit) const {
        pos = std::min(pos, size_ + 1);
        if (pos <= 1) return 0;
        if (unit == StepUnit::event) return pos - 1;
        if (unit == StepUnit::message) {
            for (uint64_t q = pos - 1; q > 0;) {
                const uint64_t word = messages_[(q - 1) / 64] & (~uint64_t{0} >> (63 - (q - 1) % 64));
                if (word) return (q - 1) / 64 * 64 + static_cast<uint64_t>(63 - __builtin_clzll(word)) + 1;
                q = (q - 1) / 64 * 64;  // the last event of the word before
            }
            return 0;
        }
        const std::vector<uint64_t>& v = sparse_[sparse_index(unit)];
        const auto it = std::lower_bound(v.begin(), v.end(), pos);
        return it == v.begin() ? 0 : *(it - 1);
    }

private:
    static StepUnit sparse_unit(size_t k) { return static_cast<StepUnit>(k + 2); }
    static size_t sparse_index(StepUnit unit) { return static_cast<size_t>(unit) - 2; }

    uint64_t size_ = 0;
    std::vector<uint64_t> messages_;                // bit q-1: event q delivered a message
    std::array<std::vector<uint64_t>, 5> sparse_;   // announce .. completion: events that end one
};

}  // namespace swarmscope

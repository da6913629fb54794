// Which pieces a peer has (or a neighbour is known to have): one bit per piece, 64 to a word. Unlike
// std::vector<bool> its words are reachable, so counting, copying and keyframes work a word at a time.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace swarmscope {

class Bitfield {
public:
    Bitfield() = default;
    explicit Bitfield(size_t size, bool value = false) { assign(size, value); }
    Bitfield(const std::vector<bool>& bits) {  // NOLINT: implicit, so callers may pass plain bools
        assign(bits.size(), false);
        for (size_t i = 0; i < bits.size(); ++i)
            if (bits[i]) set(i);
    }

    size_t size() const { return size_; }
    bool operator[](size_t i) const { return words_[i / 64] >> (i % 64) & 1; }
    void set(size_t i, bool value = true) {
        const uint64_t bit = uint64_t{1} << (i % 64);
        words_[i / 64] = value ? words_[i / 64] | bit : words_[i / 64] & ~bit;
    }
    void assign(size_t size, bool value) {
        size_ = size;
        words_.assign((size + 63) / 64, value ? ~uint64_t{0} : 0);
        clear_tail();
    }
    size_t count() const {
        size_t n = 0;
        for (uint64_t w : words_) n += static_cast<size_t>(__builtin_popcountll(w));
        return n;
    }
    // Bits past size() are always zero.
    const std::vector<uint64_t>& words() const { return words_; }
    // Flips the bits that are set in `other` (of the same size); doing it twice restores the original.
    void flip(const Bitfield& other) {
        for (size_t i = 0; i < words_.size() && i < other.words_.size(); ++i) words_[i] ^= other.words_[i];
    }

    friend bool operator==(const Bitfield&, const Bitfield&) = default;

    // For keyframes (snapshot.h): the size, then the words; runs of all-clear or all-set words, which
    // make up most bitfields early and late in a download, take one byte each.
    template <class Archive>
    void io(Archive& a) {
        a(size_);
        if constexpr (Archive::reading) words_.resize((size_ + 63) / 64);
        size_t i = 0;
        while (i < words_.size()) {
            uint64_t w = words_[i];
            uint8_t tag = w == 0 ? 0 : w == ~uint64_t{0} ? 1 : 2;  // 0, 1: a run of such words; 2: one word
            a(tag);
            if (tag == 2) {
                a.fixed(w);
                words_[i++] = w;
                continue;
            }
            size_t run = 0;
            if constexpr (!Archive::reading)
                while (i + run < words_.size() && words_[i + run] == w) ++run;
            a(run);
            if (run == 0 || run > words_.size() - i) run = words_.size() - i;  // only from corrupt input
            for (size_t k = 0; k < run; ++k) words_[i + k] = tag ? ~uint64_t{0} : 0;
            i += run;
        }
        clear_tail();
    }

private:
    void clear_tail() {
        if (size_ % 64 != 0) words_.back() &= (uint64_t{1} << (size_ % 64)) - 1;
    }

    size_t size_ = 0;
    std::vector<uint64_t> words_;
};

}  // namespace swarmscope

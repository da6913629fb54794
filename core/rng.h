// The simulation's one source of randomness: xoshiro256** seeded through splitmix64.
// Our own generator and our own range reduction, so a seed gives the same numbers on every platform
// and standard library (std::uniform_int_distribution does not).
#pragma once
#include <cstdint>

namespace swarmscope {

class Rng {
public:
    explicit Rng(uint64_t seed = 0) {
        for (uint64_t& word : s_) {
            seed += 0x9E3779B97F4A7C15ull;
            uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            word = z ^ (z >> 31);
        }
    }

    uint64_t next() {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, bound), bound > 0 (Lemire's multiply-shift with rejection: no modulo bias).
    uint32_t below(uint32_t bound) {
        uint64_t m = (next() >> 32) * bound;
        uint32_t low = static_cast<uint32_t>(m);
        if (low < bound) {
            const uint32_t threshold = static_cast<uint32_t>(-bound) % bound;
            while (low < threshold) {
                m = (next() >> 32) * bound;
                low = static_cast<uint32_t>(m);
            }
        }
        return static_cast<uint32_t>(m >> 32);
    }

    // Uniform in [0, 1) with 53 bits.
    double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }

    friend bool operator==(const Rng&, const Rng&) = default;

    template <class Archive>
    void io(Archive& a) {
        for (uint64_t& word : s_) a(word);
    }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t s_[4];
};

}  // namespace swarmscope

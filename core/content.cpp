#include "content.h"

#include <cstring>

namespace swarmscope {
namespace {

constexpr uint64_t golden_gamma = 0x9E3779B97F4A7C15u;  // splitmix64's counter increment

// The splitmix64 finalizer: a bijection that spreads every input bit over the output.
uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

// Word `index` of the stream is splitmix64's output number index+1 from state `key`:
// counter-based, so any word can be computed without its predecessors.
uint64_t content_word(uint64_t key, uint64_t index) { return mix64(key + (index + 1) * golden_gamma); }

// Explicit little-endian order keeps the bytes the same whatever the host's byte order.
void store_le64(uint8_t* out, uint64_t value) {
    for (int i = 0; i < 8; ++i) out[i] = uint8_t(value >> (8 * i));
}

}  // namespace

void generate_content(uint64_t seed, uint64_t offset, uint8_t* out, size_t len) {
    if (len == 0) return;
    // Mixing the seed first makes nearby seeds give unrelated streams rather than shifted copies.
    const uint64_t key = mix64(seed ^ 0x5357415253434F50u);
    uint64_t index = offset / 8;
    uint8_t word[8];

    const size_t skip = size_t(offset % 8);
    if (skip != 0) {
        store_le64(word, content_word(key, index++));
        const size_t n = len < 8 - skip ? len : 8 - skip;
        std::memcpy(out, word + skip, n);
        out += n;
        len -= n;
    }
    for (; len >= 8; out += 8, len -= 8) store_le64(out, content_word(key, index++));
    if (len > 0) {
        store_le64(word, content_word(key, index));
        std::memcpy(out, word, len);
    }
}

}  // namespace swarmscope

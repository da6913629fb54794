#include "sha1.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace swarmscope {
namespace {

inline uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

inline uint32_t load_be32(const uint8_t* p) {
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

// Round I of 80, fully unrolled at compile time. Instead of shifting the five working
// variables after every round, each round picks which slot of v plays a..e; with constant
// indices the compiler keeps v and the 16-word message ring in registers.
template <int I>
inline void round(uint32_t* v, uint32_t* w) {
    constexpr int r = I % 5;
    const uint32_t a = v[(5 - r) % 5];
    uint32_t& b = v[(6 - r) % 5];
    const uint32_t c = v[(7 - r) % 5];
    const uint32_t d = v[(8 - r) % 5];
    uint32_t& e = v[(9 - r) % 5];

    uint32_t f = 0;
    uint32_t k = 0;
    if constexpr (I < 20) {
        f = d ^ (b & (c ^ d));  // choose: c where b is set, d elsewhere
        k = 0x5A827999u;
    } else if constexpr (I < 40) {
        f = b ^ c ^ d;
        k = 0x6ED9EBA1u;
    } else if constexpr (I < 60) {
        f = (b & c) | (d & (b | c));  // majority
        k = 0x8F1BBCDCu;
    } else {
        f = b ^ c ^ d;
        k = 0xCA62C1D6u;
    }
    // The message schedule needs only the last 16 words, so it is computed in place as we go.
    if constexpr (I >= 16) {
        w[I & 15] = rotl(w[(I + 13) & 15] ^ w[(I + 8) & 15] ^ w[(I + 2) & 15] ^ w[I & 15], 1);
    }
    e += rotl(a, 5) + f + k + w[I & 15];
    b = rotl(b, 30);
}

template <size_t... I>
inline void all_rounds(uint32_t* v, uint32_t* w, std::index_sequence<I...>) {
    (round<int(I)>(v, w), ...);
}

void compress(std::array<uint32_t, 5>& state, const uint8_t* block) {
    uint32_t w[16];
    for (int i = 0; i < 16; ++i) w[i] = load_be32(block + 4 * i);
    uint32_t v[5] = {state[0], state[1], state[2], state[3], state[4]};
    all_rounds(v, w, std::make_index_sequence<80>{});
    for (int i = 0; i < 5; ++i) state[i] += v[i];
}

}  // namespace

void Sha1::update(const uint8_t* data, size_t len) {
    if (len == 0) return;  // also keeps memcpy away from a null pointer
    total_bytes_ += len;
    if (buffered_ > 0) {
        size_t take = std::min(len, buffer_.size() - buffered_);
        std::memcpy(buffer_.data() + buffered_, data, take);
        buffered_ += take;
        data += take;
        len -= take;
        if (buffered_ < buffer_.size()) return;
        compress(state_, buffer_.data());
        buffered_ = 0;
    }
    // Whole blocks straight from the caller's memory: no copy on the hot path.
    for (; len >= 64; data += 64, len -= 64) compress(state_, data);
    if (len > 0) {
        std::memcpy(buffer_.data(), data, len);
        buffered_ = len;
    }
}

Sha1Digest Sha1::finish() {
    const uint64_t bit_length = total_bytes_ * 8;
    // Padding: 0x80, zeros up to 56 mod 64, then the length as a big-endian 64-bit count of bits.
    buffer_[buffered_++] = 0x80;
    if (buffered_ > 56) {
        std::fill(buffer_.begin() + buffered_, buffer_.end(), uint8_t{0});
        compress(state_, buffer_.data());
        buffered_ = 0;
    }
    std::fill(buffer_.begin() + buffered_, buffer_.begin() + 56, uint8_t{0});
    for (int i = 0; i < 8; ++i) buffer_[56 + i] = uint8_t(bit_length >> (56 - 8 * i));
    compress(state_, buffer_.data());

    Sha1Digest digest;
    for (int i = 0; i < 5; ++i) {
        for (int j = 0; j < 4; ++j) digest[4 * i + j] = uint8_t(state_[i] >> (24 - 8 * j));
    }
    *this = Sha1{};
    return digest;
}

Sha1Digest sha1(const uint8_t* data, size_t len) {
    Sha1 hasher;
    hasher.update(data, len);
    return hasher.finish();
}

Sha1Digest sha1(std::string_view bytes) {
    return sha1(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

std::string to_hex(const Sha1Digest& digest) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * digest.size());
    for (uint8_t byte : digest) {
        out += digits[byte >> 4];
        out += digits[byte & 0x0f];
    }
    return out;
}

}  // namespace swarmscope

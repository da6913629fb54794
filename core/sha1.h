// SHA-1 (FIPS 180-4), our own: BitTorrent names pieces and torrents by it.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace swarmscope {

using Sha1Digest = std::array<uint8_t, 20>;

// Incremental hasher. finish() returns the digest and resets the hasher for reuse.
struct Sha1 {
    void update(const uint8_t* data, size_t len);
    Sha1Digest finish();

private:
    std::array<uint32_t, 5> state_{0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
    std::array<uint8_t, 64> buffer_{};
    size_t buffered_ = 0;      // bytes waiting in buffer_ for a full block
    uint64_t total_bytes_ = 0;  // message length, needed for the padding
};

Sha1Digest sha1(const uint8_t* data, size_t len);
Sha1Digest sha1(std::string_view bytes);

// Lower-case, 40 characters: the form torrent sites and clients print.
std::string to_hex(const Sha1Digest& digest);

}  // namespace swarmscope

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <utility>

#include "sha1.h"

using namespace swarmscope;

namespace {

const uint8_t* bytes_of(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

}  // namespace

TEST_CASE("sha1: FIPS 180 test vectors") {
    CHECK(to_hex(sha1("")) == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    CHECK(to_hex(sha1("abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(to_hex(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
          "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    CHECK(to_hex(sha1("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                      "mnopqrstnopqrstu")) == "a49b2446a02c645bf419f995b67091253a04a259");
}

TEST_CASE("sha1: one million 'a'") {
    const std::string million(1000000, 'a');
    CHECK(to_hex(sha1(million)) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");

    // The same message fed in uneven pieces, so updates straddle block boundaries.
    Sha1 hasher;
    for (size_t at = 0; at < million.size();) {
        const size_t n = std::min<size_t>(1 + at % 97, million.size() - at);
        hasher.update(bytes_of(million) + at, n);
        at += n;
    }
    CHECK(to_hex(hasher.finish()) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST_CASE("sha1: lengths around the padding boundary") {
    // Reference digests from another implementation (Python hashlib).
    const std::pair<size_t, const char*> cases[] = {
        {55, "c1c8bbdc22796e28c0e15163d20899b65621d65a"},   // length fits in the same block
        {56, "c2db330f6083854c99d4b5bfb6e8f29f201be699"},   // padding spills into a second block
        {63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5"},
        {64, "0098ba824b5c16427bd7a1122a5a442a25ec644d"},   // exactly one block of message
        {65, "11655326c708d70319be2610e8a57d9a5b959d3b"},
        {119, "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56"},
        {120, "f34c1488385346a55709ba056ddd08280dd4c6d6"},
    };
    for (const auto& test : cases) {
        CAPTURE(test.first);
        CHECK(to_hex(sha1(std::string(test.first, 'a'))) == test.second);
    }
}

TEST_CASE("sha1: incremental updates split anywhere equal the one-shot digest") {
    std::string message;
    for (int i = 0; i < 200; ++i) message += char(i);
    const Sha1Digest whole = sha1(message);
    CHECK(to_hex(whole) == "54d11e99127d159799dbce10f51a75e697780478");

    for (size_t split = 0; split <= message.size(); ++split) {
        CAPTURE(split);
        Sha1 hasher;
        hasher.update(bytes_of(message), split);
        hasher.update(bytes_of(message) + split, message.size() - split);
        CHECK(hasher.finish() == whole);
    }

    Sha1 byte_at_a_time;
    for (size_t i = 0; i < message.size(); ++i) byte_at_a_time.update(bytes_of(message) + i, 1);
    CHECK(byte_at_a_time.finish() == whole);
}

TEST_CASE("sha1: finish resets the hasher for the next message") {
    Sha1 hasher;
    hasher.update(bytes_of("abc"), 3);
    CHECK(to_hex(hasher.finish()) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(to_hex(hasher.finish()) == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    hasher.update(nullptr, 0);
    hasher.update(bytes_of("abc"), 3);
    CHECK(to_hex(hasher.finish()) == "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST_CASE("sha1: to_hex prints 40 lower-case digits") {
    Sha1Digest digest{};
    digest[0] = 0x0f;
    digest[19] = 0xa0;
    CHECK(to_hex(digest) == "0f000000000000000000000000000000000000a0");
}

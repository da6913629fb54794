// Metainfo (.torrent) and the generated content its piece hashes cover.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "content.h"
#include "metainfo.h"
#include "sha1.h"

using namespace swarmscope;

namespace {

std::vector<uint8_t> content(uint64_t seed, uint64_t offset, size_t len) {
    std::vector<uint8_t> bytes(len);
    generate_content(seed, offset, bytes.data(), len);
    return bytes;
}

std::string hex(const std::vector<uint8_t>& bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (uint8_t b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

// A 1 MB lecture file in four 256 KiB pieces, the last one shorter.
Metainfo lecture() { return make_metainfo("lecture.bin", "http://tracker.test/announce", 1000000, 262144, 7); }

// A small hand-written torrent: announce "http://t/a", then the info dict at byte 30 whose
// members start at byte 31.
std::string torrent_with_info(const std::string& info_members) {
    return "d8:announce10:http://t/a4:infod" + info_members + "ee";
}

const std::string forty_bytes(40, 'h');
const std::string valid_info = "6:lengthi5e4:name1:x12:piece lengthi4e6:pieces40:" + forty_bytes;

void check_rejects(const std::string& file, size_t offset, const std::string& message) {
    CAPTURE(file);
    const Result<Metainfo> result = parse_torrent(file);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().offset == offset);
    CHECK(result.error().message == message);
}

}  // namespace

TEST_CASE("content: golden bytes, identical on every platform") {
    // Reference values from an independent Python implementation of the same generator.
    CHECK(hex(content(1, 0, 16)) == "f659defb0dfa215d0183ab23404e2cf4");
    CHECK(hex(content(1, 5, 11)) == "fa215d0183ab23404e2cf4");
    const std::vector<uint8_t> mebibyte = content(42, 0, 1 << 20);
    CHECK(to_hex(sha1(mebibyte.data(), mebibyte.size())) == "0769052e2733c825e63939ab973d3a6011656e0b");
}

TEST_CASE("content: any sub-range equals the same bytes of the whole") {
    const uint64_t base = 1000;  // not a multiple of 8, to test the unaligned start path too
    const std::vector<uint8_t> whole = content(9, base, 96);
    for (size_t start = 0; start <= 40; ++start) {
        for (size_t len = 0; len <= 40; ++len) {
            CAPTURE(start);
            CAPTURE(len);
            const std::vector<uint8_t> part = content(9, base + start, len);
            const auto first = whole.begin() + std::ptrdiff_t(start);
            CHECK(part == std::vector<uint8_t>(first, first + std::ptrdiff_t(len)));
        }
    }
    // Offsets beyond 4 GiB behave the same (64-bit arithmetic on wasm32 too).
    const uint64_t far = (uint64_t{1} << 40) + 3;
    const std::vector<uint8_t> far_whole = content(9, far, 32);
    CHECK(content(9, far + 7, 10) == std::vector<uint8_t>(far_whole.begin() + 7, far_whole.begin() + 17));

    generate_content(9, 0, nullptr, 0);  // an empty range touches nothing
}

TEST_CASE("content: different seeds give different files") {
    CHECK(content(1, 0, 64) != content(2, 0, 64));
    CHECK(content(0, 0, 64) != std::vector<uint8_t>(64, 0));
}

TEST_CASE("metainfo: piece count and sizes") {
    const Metainfo meta = lecture();
    CHECK(meta.piece_count() == 4);
    CHECK(meta.piece_hashes.size() == 4);
    CHECK(meta.piece_size(0) == 262144);
    CHECK(meta.piece_size(2) == 262144);
    CHECK(meta.piece_size(3) == 213568);  // 1000000 - 3 * 262144
    CHECK(meta.piece_size(4) == 0);

    Metainfo exact;
    exact.piece_length = 4;
    exact.total_length = 8;
    CHECK(exact.piece_count() == 2);
    CHECK(exact.piece_size(1) == 4);  // an exact multiple: the last piece is full

    exact.total_length = 0;
    CHECK(exact.piece_count() == 0);
    CHECK(exact.piece_size(0) == 0);
}

TEST_CASE("metainfo: make_metainfo hashes the generated content") {
    const Metainfo meta = lecture();
    CHECK(meta.name == "lecture.bin");
    CHECK(meta.announce == "http://tracker.test/announce");
    for (uint32_t piece = 0; piece < meta.piece_count(); ++piece) {
        CAPTURE(piece);
        const std::vector<uint8_t> bytes = content(7, uint64_t(piece) * 262144, meta.piece_size(piece));
        CHECK(meta.piece_hashes[piece] == sha1(bytes.data(), bytes.size()));
    }
    // Reference values from an independent Python implementation (hashlib).
    CHECK(to_hex(meta.piece_hashes[0]) == "c2f1d4f2f027d6ca22b29fe182d8d908378dbc7e");
    CHECK(to_hex(meta.piece_hashes[3]) == "946bc2f5dfc41cdffbe6042892466857239d1447");
    CHECK(to_hex(meta.info_hash) == "63baf6b253e78ab5c5ad630391e749f8f4f4c5ef");
    CHECK(meta.info_hash == sha1(encode_info(meta)));
}

TEST_CASE("metainfo: encode then parse round-trips") {
    const Metainfo meta = lecture();
    const std::string file = encode_torrent(meta);
    const std::string start = "d8:announce28:http://tracker.test/announce4:infod6:lengthi1000000e";
    CHECK(file.compare(0, start.size(), start) == 0);

    const Result<Metainfo> parsed = parse_torrent(file);
    REQUIRE(parsed.ok());
    CHECK(*parsed == meta);
    CHECK(encode_torrent(*parsed) == file);

    // The info-hash is the SHA-1 of the info dict's slice of the file: from after "4:info" up to
    // the top-level dict's closing 'e'.
    const size_t info_start = file.find("4:info") + 6;
    CHECK(parsed->info_hash == sha1(std::string_view(file).substr(info_start, file.size() - 1 - info_start)));
}

TEST_CASE("metainfo: an empty file has no pieces") {
    const Metainfo empty = make_metainfo("empty", "http://t/a", 0, 16384, 1);
    CHECK(empty.piece_count() == 0);
    const Result<Metainfo> parsed = parse_torrent(encode_torrent(empty));
    REQUIRE(parsed.ok());
    CHECK(*parsed == empty);
}

TEST_CASE("metainfo: unknown info keys count towards the info-hash") {
    const std::string info = "6:lengthi5e4:name1:x12:piece lengthi4e6:pieces40:" + forty_bytes + "7:privatei1e";
    const std::string file = torrent_with_info(info);
    const Result<Metainfo> parsed = parse_torrent(file);
    REQUIRE(parsed.ok());
    CHECK(parsed->info_hash == sha1("d" + info + "e"));
    CHECK(parsed->info_hash != sha1(encode_info(*parsed)));  // encode_info writes the BEP 3 keys only
    CHECK(parsed->piece_count() == 2);
    CHECK(parsed->piece_hashes[1] == Sha1Digest{'h', 'h', 'h', 'h', 'h', 'h', 'h', 'h', 'h', 'h',
                                                'h', 'h', 'h', 'h', 'h', 'h', 'h', 'h', 'h', 'h'});
}

TEST_CASE("metainfo: the hand-written base torrent is valid") {
    const Result<Metainfo> parsed = parse_torrent(torrent_with_info(valid_info));
    REQUIRE(parsed.ok());
    CHECK(parsed->announce == "http://t/a");
    CHECK(parsed->name == "x");
    CHECK(parsed->total_length == 5);
    CHECK(parsed->piece_length == 4);
    CHECK(parsed->piece_size(1) == 1);
}

TEST_CASE("metainfo: rejects files that are not a torrent dict") {
    check_rejects("d8:announce", 11, "byte 11: expected a value for key \"announce\", found end of input");
    check_rejects("le", 0, "byte 0: expected the torrent to be a dict, found a list");
    check_rejects("d4:infod" + valid_info + "ee", 0, "byte 0: missing key \"announce\" in the torrent");
    check_rejects("d8:announcei1e4:infod" + valid_info + "ee", 11,
                  "byte 11: \"announce\" in the torrent must be a string, found an integer");
    check_rejects("d8:announce10:http://t/ae", 0, "byte 0: missing key \"info\" in the torrent");
    check_rejects("d8:announce10:http://t/a4:infoli1eee", 30,
                  "byte 30: \"info\" in the torrent must be a dict, found a list");
}

TEST_CASE("metainfo: rejects missing and mistyped info keys") {
    check_rejects(torrent_with_info("5:filesle4:name1:x"), 38,
                  "byte 38: multi-file torrents (\"files\" in the info dict) are not supported");
    check_rejects(torrent_with_info("4:name1:x12:piece lengthi4e6:pieces40:" + forty_bytes), 30,
                  "byte 30: missing key \"length\" in the info dict");
    check_rejects(torrent_with_info("6:length1:54:name1:x12:piece lengthi4e6:pieces40:" + forty_bytes), 39,
                  "byte 39: \"length\" in the info dict must be an integer, found a string");
    check_rejects(torrent_with_info("6:lengthi5e12:piece lengthi4e6:pieces40:" + forty_bytes), 30,
                  "byte 30: missing key \"name\" in the info dict");
    check_rejects(torrent_with_info("6:lengthi5e4:namei1e12:piece lengthi4e6:pieces40:" + forty_bytes), 48,
                  "byte 48: \"name\" in the info dict must be a string, found an integer");
    check_rejects(torrent_with_info("6:lengthi5e4:name1:x6:pieces40:" + forty_bytes), 30,
                  "byte 30: missing key \"piece length\" in the info dict");
    check_rejects(torrent_with_info("6:lengthi5e4:name1:x12:piece lengthle6:pieces40:" + forty_bytes), 66,
                  "byte 66: \"piece length\" in the info dict must be an integer, found a list");
    check_rejects(torrent_with_info("6:lengthi5e4:name1:x12:piece lengthi4e"), 30,
                  "byte 30: missing key \"pieces\" in the info dict");
    check_rejects(torrent_with_info("6:lengthi5e4:name1:x12:piece lengthi4e6:piecesi0e"), 77,
                  "byte 77: \"pieces\" in the info dict must be a string, found an integer");
}

TEST_CASE("metainfo: rejects inconsistent lengths and pieces") {
    check_rejects(torrent_with_info("6:lengthi-5e4:name1:x12:piece lengthi4e6:pieces40:" + forty_bytes), 39,
                  "byte 39: \"length\" in the info dict must be 0 or more, found -5");
    check_rejects(torrent_with_info("6:lengthi5e4:name1:x12:piece lengthi0e6:pieces40:" + forty_bytes), 66,
                  "byte 66: \"piece length\" in the info dict must be from 1 to 4294967295, found 0");
    check_rejects(torrent_with_info("6:lengthi5e4:name1:x12:piece lengthi4294967296e6:pieces40:" + forty_bytes), 66,
                  "byte 66: \"piece length\" in the info dict must be from 1 to 4294967295, found 4294967296");
    check_rejects(torrent_with_info("6:lengthi5e4:name1:x12:piece lengthi4e6:pieces45:" + std::string(45, 'h')), 77,
                  "byte 77: \"pieces\" in the info dict is 45 bytes, expected a multiple of 20 (one SHA-1 per piece)");
    check_rejects(torrent_with_info("6:lengthi9e4:name1:x12:piece lengthi4e6:pieces40:" + forty_bytes), 77,
                  "byte 77: \"pieces\" in the info dict holds 2 hashes, expected 3 for length 9 and piece length 4");
    check_rejects(torrent_with_info("6:lengthi0e4:name1:x12:piece lengthi4e6:pieces20:" + std::string(20, 'h')), 77,
                  "byte 77: \"pieces\" in the info dict holds 1 hash, expected 0 for length 0 and piece length 4");
}

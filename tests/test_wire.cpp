// BEP 3 wire format: exact bytes out, exact messages back, and every refusal with its reason.
#include "wire.h"

#include "snapshot.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

using namespace swarmscope;
using Bytes = std::vector<uint8_t>;

namespace doctest {
template <>
struct StringMaker<Message> {
    static String convert(const Message& m) { return describe(m).c_str(); }
};
}  // namespace doctest

namespace {

// 64 pieces of 256 KiB: the textbook's piece size.
const WireLimits limits64{64, 262144, 64ull * 262144, 16384};

// 4 pieces, the last one only 1000 bytes long.
const WireLimits short_last{4, 262144, 3ull * 262144 + 1000, 16384};

Bytes bytes_of(void (*write)(Bytes&)) {
    Bytes out;
    write(out);
    return out;
}

std::array<uint8_t, 20> counting_hash() {
    std::array<uint8_t, 20> h{};
    for (size_t i = 0; i < h.size(); ++i) h[i] = uint8_t(i);
    return h;
}

std::array<uint8_t, 20> text_id(const char* s) {
    std::array<uint8_t, 20> id{};
    for (size_t i = 0; i < id.size() && s[i] != 0; ++i) id[i] = uint8_t(s[i]);
    return id;
}

std::vector<Message> drain(WireDecoder& d) {
    std::vector<Message> out;
    while (auto m = d.next()) out.push_back(std::move(*m));
    return out;
}

Message make(MsgKind kind, uint32_t index = 0, uint32_t begin = 0, uint32_t length = 0) {
    Message m;
    m.kind = kind;
    m.index = index;
    m.begin = begin;
    m.length = length;
    return m;
}

Message make_piece(uint32_t index, uint32_t begin, Bytes block) {
    Message m = make(MsgKind::piece, index, begin, uint32_t(block.size()));
    m.block = std::move(block);
    return m;
}

Message make_bitfield(Bytes bits) {
    Message m = make(MsgKind::bitfield);
    m.bits = std::move(bits);
    return m;
}

void check_same(const std::vector<Message>& got, const std::vector<Message>& want) {
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) {
        CAPTURE(i);
        CHECK(got[i] == want[i]);
    }
}

}  // namespace

TEST_CASE("each message encodes to the exact BEP 3 bytes") {
    SUBCASE("handshake") {
        Bytes out;
        encode_handshake(out, counting_hash(), text_id("-SS0001-abcdefghijkl"), {0, 0, 0, 0, 0, 0x10, 0, 0x05});
        const Bytes want{
            0x13,                                                                   // pstrlen
            0x42, 0x69, 0x74, 0x54, 0x6f, 0x72, 0x72, 0x65, 0x6e, 0x74,             // "BitTorrent"
            0x20, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x63, 0x6f, 0x6c,                   // " protocol"
            0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05,                         // reserved
            0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,             // info_hash
            0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13,
            0x2d, 0x53, 0x53, 0x30, 0x30, 0x30, 0x31, 0x2d, 0x61, 0x62,             // "-SS0001-ab"
            0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c};            // "cdefghijkl"
        CHECK(out == want);
        CHECK(out.size() == handshake_size);
    }
    SUBCASE("keep-alive and the id-only messages") {
        CHECK(bytes_of([](Bytes& o) { encode_keep_alive(o); }) == Bytes{0, 0, 0, 0});
        CHECK(bytes_of([](Bytes& o) { encode(o, MsgKind::keep_alive); }) == Bytes{0, 0, 0, 0});
        CHECK(bytes_of([](Bytes& o) { encode(o, MsgKind::choke); }) == Bytes{0, 0, 0, 1, 0});
        CHECK(bytes_of([](Bytes& o) { encode(o, MsgKind::unchoke); }) == Bytes{0, 0, 0, 1, 1});
        CHECK(bytes_of([](Bytes& o) { encode(o, MsgKind::interested); }) == Bytes{0, 0, 0, 1, 2});
        CHECK(bytes_of([](Bytes& o) { encode(o, MsgKind::not_interested); }) == Bytes{0, 0, 0, 1, 3});
    }
    SUBCASE("have") {
        CHECK(bytes_of([](Bytes& o) { encode_have(o, 0x01020304); }) == Bytes{0, 0, 0, 5, 4, 0x01, 0x02, 0x03, 0x04});
    }
    SUBCASE("bitfield: high bit of the first byte is piece 0, spare bits zero") {
        // 10 pieces: have 0, 2, 3, 8, 9.
        std::vector<bool> have{true, false, true, true, false, false, false, false, true, true};
        const Bytes want{0, 0, 0, 3, 5, 0xb0, 0xc0};
        CHECK(bytes_of([](Bytes& o) {
                  encode_bitfield(o, std::vector<bool>{true, false, true, true, false, false, false, false, true, true});
              }) == want);
        CHECK(bytes_of([](Bytes& o) { encode_bitfield_bytes(o, {0xb0, 0xc0}); }) == want);
        CHECK(pack_bitfield(have) == Bytes{0xb0, 0xc0});
        CHECK(unpack_bitfield({0xb0, 0xc0}, 10) == have);
    }
    SUBCASE("request and cancel") {
        CHECK(bytes_of([](Bytes& o) { encode_request(o, 1, 0x4000, 0x4000); }) ==
              Bytes{0, 0, 0, 13, 6, 0, 0, 0, 1, 0, 0, 0x40, 0, 0, 0, 0x40, 0});
        CHECK(bytes_of([](Bytes& o) { encode_cancel(o, 0x0a0b0c0d, 0x8000, 0x1234); }) ==
              Bytes{0, 0, 0, 13, 8, 0x0a, 0x0b, 0x0c, 0x0d, 0, 0, 0x80, 0, 0, 0, 0x12, 0x34});
    }
    SUBCASE("piece, whole and header only") {
        const uint8_t block[] = {0xde, 0xad, 0xbe};
        Bytes out;
        encode_piece(out, 2, 0x8000, block, sizeof block);
        CHECK(out == Bytes{0, 0, 0, 12, 7, 0, 0, 0, 2, 0, 0, 0x80, 0, 0xde, 0xad, 0xbe});
        CHECK(bytes_of([](Bytes& o) { encode_piece_header(o, 3, 0, 16384); }) ==
              Bytes{0, 0, 0x40, 0x09, 7, 0, 0, 0, 3, 0, 0, 0, 0});
    }
    SUBCASE("encoders append and leave what is already there") {
        Bytes out{0xaa};
        encode_have(out, 7);
        encode(out, MsgKind::unchoke);
        CHECK(out == Bytes{0xaa, 0, 0, 0, 5, 4, 0, 0, 0, 7, 0, 0, 0, 1, 1});
    }
    SUBCASE("encode_message matches the dedicated encoders") {
        Bytes a, b;
        encode_message(a, make(MsgKind::request, 5, 16384, 16384));
        encode_request(b, 5, 16384, 16384);
        CHECK(a == b);
        Message by_ref = make(MsgKind::piece, 5, 16384, 16384);
        by_ref.block_ref = 99;
        a.clear();
        b.clear();
        encode_message(a, by_ref);
        encode_piece_header(b, 5, 16384, 16384);
        CHECK(a == b);
    }
}

TEST_CASE("every message survives a round trip") {
    Message handshake = make(MsgKind::handshake);
    handshake.info_hash = counting_hash();
    handshake.peer_id = text_id("-SS0001-000000000042");
    handshake.reserved = {0x80, 0, 0, 0, 0, 0, 0, 1};

    const std::vector<Message> messages{
        make(MsgKind::keep_alive),
        make(MsgKind::choke),
        make(MsgKind::unchoke),
        make(MsgKind::interested),
        make(MsgKind::not_interested),
        make(MsgKind::have, 63),
        make_bitfield({0xff, 0, 0x81, 0, 0, 0, 0, 1}),
        make(MsgKind::request, 63, 262144 - 16384, 16384),
        make(MsgKind::cancel, 0, 0, 1),
        make_piece(1, 16384, {1, 2, 3, 4, 5}),
    };
    {
        Bytes stream;
        encode_message(stream, handshake);
        WireDecoder d(limits64, true);
        d.feed(stream);
        auto got = d.next();
        REQUIRE(got);
        CHECK(*got == handshake);
        CHECK_FALSE(d.next());
        CHECK_FALSE(d.failed());
    }
    for (const Message& m : messages) {
        CAPTURE(m);
        Bytes stream;
        encode_message(stream, m);
        WireDecoder d(limits64, false);
        d.feed(stream);
        auto got = d.next();
        REQUIRE(got);
        CHECK(*got == m);
        CHECK_FALSE(d.next());
        CHECK_FALSE(d.failed());
    }
}

TEST_CASE("a stream decodes the same however it is split") {
    // A short connection: handshake, bitfield, the interest dance, two blocks, and goodbye.
    const WireLimits limits{10, 32768, 9ull * 32768 + 1000, 16384};
    Message handshake = make(MsgKind::handshake);
    handshake.info_hash = counting_hash();
    handshake.peer_id = text_id("-SS0001-splitsplit01");
    Bytes block_a(300), block_b(1000);
    for (size_t i = 0; i < block_a.size(); ++i) block_a[i] = uint8_t(i * 7);
    for (size_t i = 0; i < block_b.size(); ++i) block_b[i] = uint8_t(i * 13 + 1);
    const std::vector<Message> want{
        handshake,
        make_bitfield({0xa5, 0x40}),
        make(MsgKind::interested),
        make(MsgKind::unchoke),
        make(MsgKind::request, 2, 16384, 300),
        make_piece(2, 16384, block_a),
        make(MsgKind::keep_alive),
        make(MsgKind::have, 9),
        make(MsgKind::request, 9, 0, 1000),
        make(MsgKind::cancel, 9, 0, 1000),
        make_piece(9, 0, block_b),
        make(MsgKind::not_interested),
        make(MsgKind::choke),
        make(MsgKind::keep_alive),
    };
    Bytes stream;
    for (const Message& m : want) encode_message(stream, m);

    auto decode_in_cuts = [&](const std::vector<size_t>& cuts) {
        WireDecoder d(limits, true);
        std::vector<Message> got;
        size_t from = 0;
        for (size_t cut : cuts) {
            d.feed(stream.data() + from, cut - from);
            for (Message& m : drain(d)) got.push_back(std::move(m));
            from = cut;
        }
        d.feed(stream.data() + from, stream.size() - from);
        for (Message& m : drain(d)) got.push_back(std::move(m));
        CHECK_FALSE(d.failed());
        return got;
    };

    SUBCASE("in one feed") { check_same(decode_in_cuts({}), want); }
    SUBCASE("byte by byte") {
        std::vector<size_t> cuts;
        for (size_t i = 1; i < stream.size(); ++i) cuts.push_back(i);
        check_same(decode_in_cuts(cuts), want);
    }
    SUBCASE("in two parts, cut at every position") {
        for (size_t i = 0; i <= stream.size(); ++i) {
            CAPTURE(i);
            check_same(decode_in_cuts({i}), want);
        }
    }
    SUBCASE("in three parts, every pair of cuts in the first 200 bytes") {
        // The first 200 bytes run from the handshake into the first block, so the pairs cover
        // two cuts inside one frame and cuts in neighbouring frames, in every combination.
        for (size_t i = 0; i <= 200; ++i) {
            for (size_t j = i; j <= 200; ++j) {
                CAPTURE(i);
                CAPTURE(j);
                auto got = decode_in_cuts({i, j});
                REQUIRE(got.size() == want.size());
                bool same = true;
                for (size_t k = 0; k < got.size(); ++k) same = same && got[k] == want[k];
                REQUIRE(same);
            }
        }
    }
}

TEST_CASE("a copied or saved decoder carries on from where it stood, on its own") {
    // Two messages, the first cut in the middle, the second a block cut in its header.
    Bytes stream;
    encode_message(stream, make(MsgKind::request, 3, 16384, 16384));
    const size_t first = stream.size();
    const Bytes block(700, 0x5a);
    encode_message(stream, make_piece(2, 0, block));
    const std::vector<Message> want{make(MsgKind::request, 3, 16384, 16384), make_piece(2, 0, block)};

    const std::vector<size_t> stops{0, 7, first, first + 6, first + 40, stream.size()};
    for (size_t stop : stops) {
        CAPTURE(stop);
        WireDecoder original(limits64, false);
        original.feed(stream.data(), stop);
        std::vector<Message> before = drain(original);

        WireDecoder copy = original;
        SnapshotWriter w;
        w(original);
        std::vector<uint8_t> saved = std::move(w.bytes());
        WireDecoder loaded(limits64, true);  // whatever it held before is replaced
        SnapshotReader r(saved.data(), saved.size());
        r(loaded);
        CHECK(r.at_end());

        // The original finishes first and lets its backlog go; the others must not notice.
        original.feed(stream.data() + stop, stream.size() - stop);
        for (WireDecoder* d : {&original, &copy, &loaded}) {
            if (d != &original) d->feed(stream.data() + stop, stream.size() - stop);
            std::vector<Message> got = before;
            for (Message& m : drain(*d)) got.push_back(std::move(m));
            check_same(got, want);
            CHECK_FALSE(d->failed());
            CHECK(d->next() == nullptr);
        }
    }
}

TEST_CASE("a block reference is accepted right after a piece header") {
    Bytes header;
    encode_piece_header(header, 3, 32768, 16384);
    Bytes tail;
    encode_have(tail, 4);

    for (size_t cut = 0; cut <= header.size(); ++cut) {
        CAPTURE(cut);
        WireDecoder d(limits64, false);
        d.feed(header.data(), cut);
        CHECK_FALSE(d.next());
        d.feed(header.data() + cut, header.size() - cut);
        CHECK_FALSE(d.next());  // nothing yet: the block is still to come
        d.feed_block_ref(16384, 77);
        d.feed(tail);
        Message want = make(MsgKind::piece, 3, 32768, 16384);
        want.block_ref = 77;
        check_same(drain(d), {want, make(MsgKind::have, 4)});
        CHECK_FALSE(d.failed());
    }

    SUBCASE("the referenced bytes count towards later error offsets") {
        WireDecoder d(limits64, false);
        d.feed(header);
        d.feed_block_ref(16384, 1);
        d.feed(Bytes{0, 0, 0, 1, 20});
        CHECK(drain(d).size() == 1);
        REQUIRE(d.failed());
        CHECK(d.error().message == "byte 16401: unknown message id 20");
        CHECK(d.error().offset == 16401);
    }
}

TEST_CASE("a block reference anywhere else is refused") {
    Bytes header;
    encode_piece_header(header, 3, 32768, 16384);
    struct Case {
        const char* name;
        Bytes before;
        uint32_t length;
        uint64_t ref;
        bool expect_handshake;
        size_t messages_before;
        const char* reason;
    };
    Bytes request;
    encode_request(request, 1, 0, 16384);
    Bytes header_plus_100 = header;
    header_plus_100.resize(header.size() + 100, 0x5a);
    Bytes half_header(header.begin(), header.begin() + 5);
    const Case cases[] = {
        {"at the start of the stream", {}, 16384, 1, false, 0,
         "byte 0: block reference of 16384 bytes without a piece header just before it"},
        {"before the handshake", {}, 16384, 1, true, 0,
         "byte 0: block reference of 16384 bytes without a piece header just before it"},
        {"after a request", request, 16384, 1, false, 1,
         "byte 17: block reference of 16384 bytes without a piece header just before it"},
        {"inside an unfinished piece header", half_header, 16384, 1, false, 0,
         "byte 5: block reference of 16384 bytes without a piece header just before it"},
        {"shorter than the block", header, 8192, 1, false, 0,
         "byte 13: block reference covers 8192 bytes but the piece block is 16384 bytes"},
        {"longer than the block", header, 16385, 1, false, 0,
         "byte 13: block reference covers 16385 bytes but the piece block is 16384 bytes"},
        {"after part of the block came as bytes", header_plus_100, 16284, 1, false, 0,
         "byte 113: block reference after 100 bytes of the block arrived as data"},
        {"with the reserved value 0", header, 16384, 0, false, 0,
         "byte 13: block reference 0 is reserved for 'no reference'"},
    };
    for (const Case& c : cases) {
        const std::string name = c.name;
        CAPTURE(name);
        WireDecoder d(limits64, c.expect_handshake);
        d.feed(c.before);
        d.feed_block_ref(c.length, c.ref);
        CHECK(drain(d).size() == c.messages_before);
        REQUIRE(d.failed());
        CHECK(d.error().message == c.reason);
    }

    SUBCASE("a second reference after the block is complete") {
        WireDecoder d(limits64, false);
        d.feed(header);
        d.feed_block_ref(16384, 5);
        d.feed_block_ref(16384, 6);
        CHECK(drain(d).size() == 1);
        REQUIRE(d.failed());
        CHECK(d.error().message == "byte 16397: block reference of 16384 bytes without a piece header just before it");
        CHECK(d.error().offset == 16397);
    }
}

TEST_CASE("bad input is refused with its reason and byte offset") {
    struct Case {
        const char* name;
        WireLimits limits;
        bool expect_handshake;
        Bytes bytes;
        size_t messages_before;
        const char* reason;
        size_t offset;
    };
    auto after_keep_alives = [](const Bytes& frame) {
        Bytes b(4096 + frame.size(), 0);  // 1024 keep-alives, then the frame
        std::copy(frame.begin(), frame.end(), b.begin() + 4096);
        return b;
    };
    Bytes handshake;
    encode_handshake(handshake, counting_hash(), counting_hash());
    Bytes wrong_case = handshake;
    wrong_case[12] = 'P';
    Bytes short_pstrlen = handshake;
    short_pstrlen[0] = 18;
    // Enough pieces that a bitfield is longer than a 16 KiB block, so the frame size check
    // alone cannot catch an oversized block.
    const WireLimits many_pieces{200000, 16384, 200000ull * 16384, 16384};
    WireLimits last_short = short_last;

    const Case cases[] = {
        {"frame longer than anything legal", limits64, false, after_keep_alives({0x00, 0x10, 0x00, 0x0d, 7}), 1024,
         "byte 4096: message length 1048589 exceeds the largest legal message (16393 bytes)", 4096},
        {"a second handshake", limits64, false, handshake, 0,
         "byte 0: message length 323119476 exceeds the largest legal message (16393 bytes)", 0},
        {"unknown id", limits64, false, {0, 0, 0, 1, 20}, 0, "byte 4: unknown message id 20", 4},
        {"id 9 (DHT port) is not spoken here", limits64, false, {0, 0, 0, 3, 9, 0x1a, 0xe1}, 0,
         "byte 4: unknown message id 9", 4},
        {"choke with a payload", limits64, false, {0, 0, 0, 2, 0, 0}, 0, "byte 0: choke payload is 1 byte, expected 0",
         0},
        {"not interested with a payload", limits64, false, {0, 0, 0, 3, 3, 0, 0}, 0,
         "byte 0: not interested payload is 2 bytes, expected 0", 0},
        {"have too long", limits64, false, {0, 0, 0, 6, 4, 0, 0, 0, 1, 0}, 0,
         "byte 0: have payload is 5 bytes, expected 4", 0},
        {"request too short", limits64, false, {0, 0, 0, 12, 6, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x40}, 0,
         "byte 0: request payload is 11 bytes, expected 12", 0},
        {"cancel too long", limits64, false, {0, 0, 0, 14, 8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x40, 0, 0}, 0,
         "byte 0: cancel payload is 13 bytes, expected 12", 0},
        {"have past the last piece", limits64, false, {0, 0, 0, 5, 4, 0, 0, 0, 64}, 0,
         "byte 5: have for piece 64 but the torrent has 64 pieces", 5},
        {"request past the last piece", limits64, false,
         {0, 0, 0, 13, 6, 0, 0, 0, 70, 0, 0, 0, 0, 0, 0, 0x40, 0}, 0,
         "byte 5: request for piece 70 but the torrent has 64 pieces", 5},
        {"cancel past the last piece", limits64, false, {0, 0, 0, 13, 8, 0, 0, 0, 70, 0, 0, 0, 0, 0, 0, 0x40, 0},
         0, "byte 5: cancel for piece 70 but the torrent has 64 pieces", 5},
        {"request past the end of a piece", limits64, false,
         {0, 0, 0, 13, 6, 0, 0, 0, 3, 0, 0x03, 0xc0, 0x00, 0, 0, 0x80, 0}, 0,
         "byte 9: request past the end of piece 3 (begin 245760 + length 32768 > 262144)", 9},
        {"begin so large it would wrap in 32 bits", limits64, false,
         {0, 0, 0, 13, 6, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0, 0, 0x40, 0}, 0,
         "byte 9: request past the end of piece 3 (begin 4294967295 + length 16384 > 262144)", 9},
        {"request past the end of the shorter last piece", last_short, false,
         {0, 0, 0, 13, 6, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0x03, 0xe9}, 0,
         "byte 9: request past the end of piece 3 (begin 0 + length 1001 > 1000)", 9},
        {"request for nothing", limits64, false, {0, 0, 0, 13, 6, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}, 0,
         "byte 13: block length 0", 13},
        {"request larger than a block", limits64, false, {0, 0, 0, 13, 6, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x40, 1}, 0,
         "byte 13: block length 16385 exceeds the 16384-byte maximum", 13},
        {"piece larger than a block", many_pieces, false, {0, 0, 0x40, 0x0a, 7, 0, 0, 0, 1, 0, 0, 0, 0}, 0,
         "byte 0: block length 16385 exceeds the 16384-byte maximum", 0},
        {"piece with no block", limits64, false, {0, 0, 0, 9, 7, 0, 0, 0, 1, 0, 0, 0, 0}, 0,
         "byte 0: block length 0", 0},
        {"piece too short for its header", limits64, false, {0, 0, 0, 5, 7, 0, 0, 0, 1}, 0,
         "byte 0: piece payload is 4 bytes, expected at least 9", 0},
        {"block of a piece that does not exist", limits64, false, {0, 0, 0x40, 0x09, 7, 0, 0, 0, 64, 0, 0, 0, 0}, 0,
         "byte 5: block for piece 64 but the torrent has 64 pieces", 5},
        {"block past the end of its piece", limits64, false,
         {0, 0, 0x40, 0x09, 7, 0, 0, 0, 3, 0, 0x04, 0, 0}, 0,
         "byte 9: block past the end of piece 3 (begin 262144 + length 16384 > 262144)", 9},
        {"bitfield one byte too long", limits64, false, {0, 0, 0, 10, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0,
         "byte 0: bitfield has 9 bytes, expected 8", 0},
        {"bitfield spare bits", WireLimits{60, 262144, 60ull * 262144, 16384}, false,
         {0, 0, 0, 9, 5, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf1}, 0, "byte 12: bitfield spare bits set", 12},
        {"handshake protocol string length", limits64, true, short_pstrlen, 0,
         "byte 0: handshake protocol string length is 18, expected 19", 0},
        {"handshake protocol string", limits64, true, wrong_case, 0,
         "byte 1: handshake protocol string is not 'BitTorrent protocol'", 1},
        {"HTTP instead of BitTorrent", limits64, true, {'G', 'E', 'T', ' ', '/'}, 0,
         "byte 0: handshake protocol string length is 71, expected 19", 0},
    };
    for (const Case& c : cases) {
        const std::string name = c.name;
        CAPTURE(name);
        for (bool byte_by_byte : {false, true}) {
            CAPTURE(byte_by_byte);
            WireDecoder d(c.limits, c.expect_handshake);
            if (byte_by_byte) {
                for (uint8_t b : c.bytes) d.feed(&b, 1);
            } else {
                d.feed(c.bytes);
            }
            CHECK(drain(d).size() == c.messages_before);
            REQUIRE(d.failed());
            CHECK(d.error().message == c.reason);
            CHECK(d.error().offset == c.offset);
        }
    }
}

TEST_CASE("legal edge cases are accepted") {
    WireDecoder d(short_last, false);
    Bytes stream;
    encode_request(stream, 3, 0, 1000);              // the whole short last piece
    encode_request(stream, 2, 262144 - 16384, 16384);  // the last block of a full piece
    encode_bitfield_bytes(stream, {0xf0});            // 4 pieces: the low 4 bits are spare and clear
    Bytes block(1000, 0x11);
    encode_piece(stream, 3, 0, block.data(), block.size());
    d.feed(stream);
    check_same(drain(d), {make(MsgKind::request, 3, 0, 1000), make(MsgKind::request, 2, 262144 - 16384, 16384),
                          make_bitfield({0xf0}), make_piece(3, 0, block)});
    CHECK_FALSE(d.failed());
}

TEST_CASE("after an error the decoder returns nothing more") {
    WireDecoder d(limits64, false);
    Bytes stream;
    encode_have(stream, 1);
    encode_have(stream, 2);
    stream.insert(stream.end(), {0, 0, 0, 1, 42});
    encode_have(stream, 3);
    d.feed(stream);

    // Messages before the bad frame are still delivered, and the error shows only after them.
    CHECK_FALSE(d.failed());
    CHECK(d.error().message.empty());
    check_same({*d.next()}, {make(MsgKind::have, 1)});
    CHECK_FALSE(d.failed());
    check_same({*d.next()}, {make(MsgKind::have, 2)});
    CHECK_FALSE(d.next());
    REQUIRE(d.failed());
    CHECK(d.error().message == "byte 22: unknown message id 42");

    Bytes more;
    encode_have(more, 4);
    encode(more, MsgKind::unchoke);
    d.feed(more);
    d.feed_block_ref(16384, 9);
    Bytes header;
    encode_piece_header(header, 0, 0, 16384);
    d.feed(header);
    d.feed_block_ref(16384, 9);
    CHECK_FALSE(d.next());
    CHECK(d.failed());
    CHECK(d.error().message == "byte 22: unknown message id 42");
    CHECK(d.error().offset == 22);
}

TEST_CASE("describe names each message the way the log shows it") {
    Message by_ref = make(MsgKind::piece, 3, 0, 16384);
    by_ref.block_ref = 12;
    Message hs = make(MsgKind::handshake);
    hs.info_hash = counting_hash();
    hs.peer_id = text_id("-SS0001-abcdefghijkl");
    CHECK(describe(make(MsgKind::request, 3, 16384, 16384)) == "request piece 3 begin 16384 length 16384");
    CHECK(describe(by_ref) == "piece 3 begin 0 length 16384 by reference");
    CHECK(describe(make_piece(1, 0, {1, 2})) == "piece 1 begin 0 length 2");
    CHECK(describe(make(MsgKind::have, 12)) == "have piece 12");
    CHECK(describe(make_bitfield({0xb0, 0xc0})) == "bitfield 2 bytes, 5 pieces set");
    CHECK(describe(make(MsgKind::not_interested)) == "not interested");
    CHECK(describe(make(MsgKind::keep_alive)) == "keep-alive");
    CHECK(describe(hs) ==
          "handshake info_hash 000102030405060708090a0b0c0d0e0f10111213 peer_id '-SS0001-abcdefghijkl'");
    CHECK(std::string(kind_name(MsgKind::cancel)) == "cancel");
}

// Not run by default (doctest -ns / --no-skip runs it): prints messages decoded per second.
// "One frame per feed" is how the loopback network delivers: a have, a request, or a piece
// header followed by its block reference. "Batched" is many small frames in one feed.
TEST_CASE("decode rate" * doctest::skip()) {
    const WireLimits limits{1024, 262144, 1024ull * 262144, 16384};
    std::vector<Bytes> frames;
    Bytes batch;
    for (uint32_t i = 0; i < 1000; ++i) {
        Bytes f;
        switch (i % 4) {
            case 0: encode_have(f, i % 1024); break;
            case 1: encode_request(f, i % 1024, (i % 16) * 16384, 16384); break;
            default: encode_piece_header(f, i % 1024, (i % 16) * 16384, 16384); break;
        }
        frames.push_back(f);
        if (i % 2 == 0) encode_have(batch, i % 1024);
        else encode_request(batch, i % 1024, (i % 16) * 16384, 16384);
    }

    const int rounds = 5000;
    auto report = [](const char* what, size_t decoded, std::chrono::steady_clock::time_point start) {
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        MESSAGE(std::string(what) << ": " << decoded / seconds / 1e6 << " million messages/s");
    };

    WireDecoder one(limits, false);
    size_t decoded = 0;
    auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < rounds; ++r) {
        for (size_t i = 0; i < frames.size(); ++i) {
            one.feed(frames[i]);
            if (i % 4 >= 2) one.feed_block_ref(16384, i + 1);
            while (one.next()) ++decoded;
        }
    }
    report("one frame per feed (have, request, 2 x piece header + ref)", decoded, start);
    CHECK_FALSE(one.failed());
    CHECK(decoded == size_t(rounds) * frames.size());

    WireDecoder batched(limits, false);
    decoded = 0;
    start = std::chrono::steady_clock::now();
    for (int r = 0; r < rounds; ++r) {
        batched.feed(batch);
        while (batched.next()) ++decoded;
    }
    report("1000 frames per feed (have, request)", decoded, start);
    CHECK_FALSE(batched.failed());
    CHECK(decoded == size_t(rounds) * 1000);
}

TEST_CASE("a whole frame decodes at once exactly as fed, and anything else is left to feed()") {
    struct Case {
        const char* name;
        Bytes bytes;
        uint32_t ref_length = 0;
        uint64_t ref = 0;
        bool whole;  // take_whole() should accept it
    };
    auto frame = [](auto write) {
        Bytes b;
        write(b);
        return b;
    };
    Bytes header;
    encode_piece_header(header, 2, 16384, 16384);
    Bytes last_header;  // the last piece of short_last is 1000 bytes
    encode_piece_header(last_header, 3, 0, 1000);
    const std::vector<Case> cases = {
        {"choke", frame([](Bytes& b) { encode(b, MsgKind::choke); }), 0, 0, true},
        {"not interested", frame([](Bytes& b) { encode(b, MsgKind::not_interested); }), 0, 0, true},
        {"have", frame([](Bytes& b) { encode_have(b, 2); }), 0, 0, true},
        {"request", frame([](Bytes& b) { encode_request(b, 1, 16384, 16384); }), 0, 0, true},
        {"cancel", frame([](Bytes& b) { encode_cancel(b, 0, 0, 16384); }), 0, 0, true},
        {"block by reference", header, 16384, 77, true},
        {"short last block by reference", last_header, 1000, 5, true},
        {"keep-alive", frame([](Bytes& b) { encode_keep_alive(b); }), 0, 0, false},
        {"two frames", frame([](Bytes& b) { encode_have(b, 1), encode_have(b, 2); }), 0, 0, false},
        {"half a frame", Bytes{0, 0, 0, 5, 4, 0}, 0, 0, false},
        {"have past the end", frame([](Bytes& b) { encode_have(b, 4); }), 0, 0, false},
        {"request past the piece", frame([](Bytes& b) { encode_request(b, 3, 0, 1001); }), 0, 0, false},
        {"request of 0 bytes", frame([](Bytes& b) { encode_request(b, 0, 0, 0); }), 0, 0, false},
        {"request over the block limit", frame([](Bytes& b) { encode_request(b, 0, 0, 16385); }), 0, 0, false},
        {"block reference of the wrong size", header, 1000, 77, false},
        {"block reference 0", header, 16384, 0, false},
        {"unknown id", Bytes{0, 0, 0, 1, 20}, 0, 0, false},
        {"bitfield", frame([](Bytes& b) { encode_bitfield(b, std::vector<bool>(4, true)); }), 0, 0, false},
    };
    for (const Case& c : cases) {
        const std::string name = c.name;
        CAPTURE(name);
        WireDecoder fast(short_last, false), slow(short_last, false);
        // Something before it, so stream offsets in errors are not trivially 0.
        const Bytes before = frame([](Bytes& b) { encode(b, MsgKind::unchoke); });
        fast.feed(before);
        slow.feed(before);
        drain(fast);
        drain(slow);
        slow.feed(c.bytes);
        if (c.ref_length) slow.feed_block_ref(c.ref_length, c.ref);
        const std::vector<Message> expected = drain(slow);
        Message m = make(MsgKind::have, 99, 99, 99);  // stale fields, as in a reused scratch message
        m.block_ref = 99;
        const bool took = fast.take_whole(c.bytes.data(), c.bytes.size(), c.ref_length, c.ref, m);
        CHECK(took == c.whole);
        if (took) {
            REQUIRE(expected.size() == 1);
            CHECK(m == expected[0]);
            CHECK_FALSE(slow.failed());
        } else {
            fast.feed(c.bytes);  // nothing was consumed: feeding gives what the slow decoder gave
            if (c.ref_length) fast.feed_block_ref(c.ref_length, c.ref);
            CHECK(drain(fast) == expected);
            CHECK(fast.failed() == slow.failed());
            CHECK(fast.error().message == slow.error().message);
        }
        // Either way the stream goes on at the same offset.
        const Bytes bad{0, 0, 0, 1, 30};
        fast.feed(bad);
        slow.feed(bad);
        drain(fast);
        drain(slow);
        CHECK(fast.error().message == slow.error().message);
    }
    // Nothing whole is taken during the handshake or while a frame is unfinished.
    WireDecoder d(short_last, true);
    const Bytes have = frame([](Bytes& b) { encode_have(b, 1); });
    Message m;
    CHECK_FALSE(d.take_whole(have.data(), have.size(), 0, 0, m));
    WireDecoder split(short_last, false);
    split.feed(Bytes{0, 0});
    CHECK_FALSE(split.take_whole(have.data(), have.size(), 0, 0, m));
}

TEST_CASE("the piece a frame names is read from its first bytes, for the kinds that name one") {
    auto piece_of = [](auto write) {
        Bytes b;
        write(b);
        return frame_piece(b.data(), b.size());
    };
    CHECK(piece_of([](Bytes& b) { encode_have(b, 7); }) == 7u);
    CHECK(piece_of([](Bytes& b) { encode_request(b, 3, 16384, 16384); }) == 3u);
    CHECK(piece_of([](Bytes& b) { encode_cancel(b, 70000, 0, 16384); }) == 70000u);
    CHECK(piece_of([](Bytes& b) { encode_piece_header(b, 12, 0, 16384); }) == 12u);
    CHECK_FALSE(piece_of([](Bytes& b) { encode(b, MsgKind::unchoke); }).has_value());
    CHECK_FALSE(piece_of([](Bytes& b) { encode_bitfield(b, std::vector<bool>(64, true)); }).has_value());
    const Bytes cut{0, 0, 0, 5, 4, 0, 0, 0};  // a HAVE without its last byte
    CHECK_FALSE(frame_piece(cut.data(), cut.size()).has_value());
}

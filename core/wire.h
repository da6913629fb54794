// BEP 3 peer wire protocol: encoders that append frames to a byte buffer, and an incremental
// decoder that turns a connection's byte stream (plus block references) back into messages.
#pragma once
#include "bitfield.h"
#include "boxed.h"
#include "result.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace swarmscope {

enum class MsgKind : uint8_t {
    handshake, keep_alive, choke, unchoke, interested, not_interested, have, bitfield, request, piece, cancel
};

// "choke", "not interested", "keep-alive": the words a learner sees in the log.
const char* kind_name(MsgKind kind);

inline constexpr size_t handshake_size = 68;     // 1 + 19 + 8 + 20 + 20
inline constexpr size_t piece_header_size = 13;  // length prefix, id, index, begin

// A big-endian 32-bit field, as every length, index and begin on the wire is.
inline uint32_t load_u32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }

// One decoded or to-be-encoded message. Fields a kind does not use stay zero or empty, so
// copying anything but a bitfield or a piece with real bytes allocates nothing.
struct Message {
    MsgKind kind = MsgKind::keep_alive;
    uint32_t index = 0;   // have, request, piece, cancel
    uint32_t begin = 0;   // request, piece, cancel
    uint32_t length = 0;  // request, cancel: bytes asked for; piece: block size, also when by reference
    uint64_t block_ref = 0;             // piece: reference standing for the block; 0 = none
    std::vector<uint8_t> bits;          // bitfield, packed as on the wire (high bit = lower piece)
    std::vector<uint8_t> block;         // piece: the block when it travelled as real bytes
    std::array<uint8_t, 8> reserved{};  // handshake
    std::array<uint8_t, 20> info_hash{};
    std::array<uint8_t, 20> peer_id{};

    friend bool operator==(const Message&, const Message&) = default;

    template <class Archive>
    void io(Archive& a) { a(kind, index, begin, length, block_ref, bits, block, reserved, info_hash, peer_id); }
};

// The piece a HAVE, REQUEST, PIECE or CANCEL frame at the start of `bytes` names, read straight from
// its bytes without checking the rest; nothing for other frames or fewer than 9 bytes. For hints
// (prefetching), not for decoding. Inline: it is asked of nearly every event.
inline std::optional<uint32_t> frame_piece(const uint8_t* bytes, size_t size) {
    if (size < 9) return std::nullopt;
    const uint8_t id = bytes[4];  // have 4, request 6, piece 7, cancel 8
    if (id != 4 && id != 6 && id != 7 && id != 8) return std::nullopt;
    return load_u32(bytes + 5);
}

// One line for logs and test failures: "request piece 3 begin 16384 length 16384".
std::string describe(const Message& message);

// Encoders append to `out` and never clear it, so a connection can batch frames in one buffer.
void encode_handshake(std::vector<uint8_t>& out, const std::array<uint8_t, 20>& info_hash,
                      const std::array<uint8_t, 20>& peer_id, const std::array<uint8_t, 8>& reserved = {});
void encode_keep_alive(std::vector<uint8_t>& out);
// Only for the kinds without a payload: keep_alive, choke, unchoke, interested, not_interested.
void encode(std::vector<uint8_t>& out, MsgKind kind);
void encode_have(std::vector<uint8_t>& out, uint32_t index);
void encode_bitfield(std::vector<uint8_t>& out, const Bitfield& have);
void encode_bitfield_bytes(std::vector<uint8_t>& out, const std::vector<uint8_t>& packed);
void encode_request(std::vector<uint8_t>& out, uint32_t index, uint32_t begin, uint32_t length);
void encode_cancel(std::vector<uint8_t>& out, uint32_t index, uint32_t begin, uint32_t length);
void encode_piece(std::vector<uint8_t>& out, uint32_t index, uint32_t begin, const uint8_t* block, size_t size);
// Just the 13 bytes before the block; the block follows as bytes or as a reference.
void encode_piece_header(std::vector<uint8_t>& out, uint32_t index, uint32_t begin, uint32_t block_length);
// Any message. A piece with a block_ref encodes only its header: the reference is sent separately.
void encode_message(std::vector<uint8_t>& out, const Message& message);

std::vector<uint8_t> pack_bitfield(const Bitfield& have);
Bitfield unpack_bitfield(const std::vector<uint8_t>& packed, uint32_t piece_count);

// What the torrent allows; the decoder rejects anything outside it.
struct WireLimits {
    uint32_t piece_count = 0;
    uint32_t piece_length = 0;
    uint64_t total_length = 0;  // the last piece is whatever remains of it
    uint32_t max_block = 16384;

    template <class Archive>
    void io(Archive& a) { a(piece_count, piece_length, total_length, max_block); }
};

// Decodes one direction of one connection. Bytes may be split anywhere across feed() calls.
// Complete frames are parsed straight from the caller's bytes; only an unfinished frame is
// copied, so the caller may reuse its buffer as soon as feed() returns.
//
// Errors surface in stream order: next() first hands out every message that preceded the bad
// bytes, then returns nothing, and from then on failed() is true. Later input is ignored.
class WireDecoder {
public:
    WireDecoder(const WireLimits& limits, bool expect_handshake);

    void feed(const uint8_t* data, size_t size);
    void feed(const std::vector<uint8_t>& bytes) { feed(bytes.data(), bytes.size()); }
    // `length` bytes that travel as a reference; legal only as the whole block of the piece
    // frame whose header was fed just before. They count as stream bytes for error offsets.
    void feed_block_ref(uint32_t length, uint64_t ref);

    // The common case, decoded without queuing: a segment that is exactly one valid frame (with its
    // block as a reference, for a PIECE), arriving while nothing is pending on this stream and the
    // handshake is done. Fills `out`'s kind, index, begin, length and block_ref and returns true; for
    // anything else it changes nothing and returns false, and the caller feeds the bytes as usual, so
    // errors are found and worded in one place.
    bool take_whole(const uint8_t* data, size_t size, uint32_t ref_length, uint64_t ref, Message& out);

    // The next decoded message, or null. It stays valid until the next call to next() or feed(), so
    // nothing is copied on the way to the caller.
    const Message* next();
    bool failed() const {
        const Backlog* b = backlog_.if_any();
        return b && b->error_.has_value() && b->head_ == b->ready_.size();
    }
    // The reason, prefixed with "byte N: "; empty while failed() is false.
    const Error& error() const;

    // The limits are the torrent's, the same for every connection: a keyframe leaves them out and the
    // swarm sets them again after a restore (set_limits).
    void set_limits(const WireLimits& limits);
    // A quiet decoder (nearly every one, in a large swarm's keyframe) is three small fields.
    template <class Archive>
    void io(Archive& a) {
        bool backlog = false;
        if constexpr (!Archive::reading) backlog = backlog_.if_any() != nullptr;
        a(in_handshake_, pos_, backlog);
        if (backlog) {
            Backlog& b = backlog_.get();
            a(b.partial_, b.in_block_, b.block_left_);
            a(b.pending_.index, b.pending_.begin, b.pending_.length, b.pending_.bytes, b.ready_, b.head_, b.error_);
        }
        if constexpr (Archive::reading) {
            if (!backlog || backlog_.get().idle()) backlog_.reset();
            settle();
        }
    }

private:
    void consume(const uint8_t* data, size_t size);          // feed(), less settle()
    void consume_block_ref(uint32_t length, uint64_t ref);   // feed_block_ref(), less settle()
    size_t unit_size(const uint8_t* p, size_t known);
    void parse_unit(const uint8_t* p);
    bool check_range(const char* what, uint64_t at, uint32_t index, uint32_t begin, uint32_t length);
    void fail(uint64_t at, const std::string& reason);
    uint32_t bitfield_bytes() const { return uint32_t((uint64_t(limits_.piece_count) + 7) / 8); }
    uint64_t max_length() const;  // the largest length prefix any legal frame can carry
    // Works out `quiet_` again; called wherever the state it sums up may have changed.
    void settle() {
        const Backlog* b = backlog_.if_any();
        quiet_ = !in_handshake_ && (!b || b->idle());
    }

    struct PendingBlock {
        uint32_t index = 0, begin = 0, length = 0;
        std::vector<uint8_t> bytes;
    };
    void finish_block(uint64_t ref);
    // What only the slow path needs: a frame split across feeds, messages queued, a block arriving as
    // bytes, an error. It lives on the heap, made when the slow path is taken (a handshake, say) and
    // let go once next() has handed out all it held, so the part every message reads is the decoder's
    // first 48 bytes, a link stays four cache lines (swarm.h), and a quiet connection owns no heap.
    struct Backlog {
        bool in_block_ = false;         // a piece header was parsed, its block is still arriving
        uint32_t block_left_ = 0;
        uint32_t head_ = 0;             // ready_[head_] is the next message next() hands out
        std::vector<uint8_t> partial_;  // the start of a frame split across feeds
        // A block arriving as real bytes (not by reference): its header fields and the bytes so far.
        PendingBlock pending_;
        std::vector<Message> ready_;    // parsed, not yet handed out; reused while the backlog lasts
        std::optional<Error> error_;
        bool idle() const { return !error_ && !in_block_ && partial_.empty() && head_ == ready_.size(); }
    };

    WireLimits limits_;
    uint64_t pos_ = 0;              // stream offset of the first byte not yet consumed
    bool quiet_ = false;            // no error, handshake done, no block arriving, nothing split or queued
    bool in_handshake_;
    Boxed<Backlog> backlog_;
};

}  // namespace swarmscope

#include "wire.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstring>

namespace swarmscope {
namespace {

constexpr char protocol_name[] = "BitTorrent protocol";
constexpr uint8_t protocol_name_size = 19;

// Wire ids 0..8 map to MsgKind choke..cancel in order.
constexpr uint8_t first_id_kind = uint8_t(MsgKind::choke);
static_assert(uint8_t(MsgKind::cancel) - first_id_kind == 8);
constexpr uint8_t id_have = 4, id_bitfield = 5, id_request = 6, id_piece = 7, id_cancel = 8;

uint8_t wire_id(MsgKind kind) { return uint8_t(uint8_t(kind) - first_id_kind); }

uint8_t* store_u32(uint8_t* p, uint32_t v) {
    p[0] = uint8_t(v >> 24);
    p[1] = uint8_t(v >> 16);
    p[2] = uint8_t(v >> 8);
    p[3] = uint8_t(v);
    return p + 4;
}

// Room for n more bytes at the end of out; writing through a pointer beats n push_backs.
uint8_t* extend(std::vector<uint8_t>& out, size_t n) {
    size_t old = out.size();
    out.resize(old + n);
    return out.data() + old;
}

// Length prefix and id; returns where the payload goes.
uint8_t* start_frame(std::vector<uint8_t>& out, uint8_t id, uint32_t payload_size) {
    uint8_t* p = extend(out, 5 + size_t(payload_size));
    p = store_u32(p, 1 + payload_size);
    *p = id;
    return p + 1;
}

void encode_range(std::vector<uint8_t>& out, uint8_t id, uint32_t index, uint32_t begin, uint32_t length) {
    uint8_t* p = start_frame(out, id, 12);
    p = store_u32(p, index);
    p = store_u32(p, begin);
    store_u32(p, length);
}

std::string count_of(uint64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string bytes_text(uint64_t n) { return count_of(n, "byte", "bytes"); }

uint64_t piece_size(const WireLimits& limits, uint32_t index) {
    uint64_t start = uint64_t(index) * limits.piece_length;
    if (start >= limits.total_length) return 0;
    return std::min<uint64_t>(limits.piece_length, limits.total_length - start);
}

std::string hex(const uint8_t* p, size_t n) {
    static const char digits[] = "0123456789abcdef";
    std::string s;
    s.reserve(2 * n);
    for (size_t i = 0; i < n; ++i) {
        s += digits[p[i] >> 4];
        s += digits[p[i] & 15];
    }
    return s;
}

// Most clients put readable text in their peer id ("-qB4250-..."); show it as text when it is.
std::string peer_id_text(const std::array<uint8_t, 20>& id) {
    bool printable = std::all_of(id.begin(), id.end(), [](uint8_t c) { return c >= 0x20 && c < 0x7f; });
    if (!printable) return hex(id.data(), id.size());
    std::string quoted = "'";  // built by appending: GCC 12 misreports "'" + std::string(...) as overlapping
    quoted.append(id.begin(), id.end());
    quoted += '\'';
    return quoted;
}

}  // namespace

const char* kind_name(MsgKind kind) {
    switch (kind) {
        case MsgKind::handshake: return "handshake";
        case MsgKind::keep_alive: return "keep-alive";
        case MsgKind::choke: return "choke";
        case MsgKind::unchoke: return "unchoke";
        case MsgKind::interested: return "interested";
        case MsgKind::not_interested: return "not interested";
        case MsgKind::have: return "have";
        case MsgKind::bitfield: return "bitfield";
        case MsgKind::request: return "request";
        case MsgKind::piece: return "piece";
        case MsgKind::cancel: return "cancel";
    }
    return "unknown";
}

std::string describe(const Message& m) {
    auto range = [&m] {
        return std::to_string(m.index) + " begin " + std::to_string(m.begin) + " length " + std::to_string(m.length);
    };
    switch (m.kind) {
        case MsgKind::handshake:
            return "handshake info_hash " + hex(m.info_hash.data(), m.info_hash.size()) + " peer_id " +
                   peer_id_text(m.peer_id);
        case MsgKind::have: return "have piece " + std::to_string(m.index);
        case MsgKind::bitfield: {
            size_t set = 0;
            for (uint8_t b : m.bits) set += size_t(std::popcount(b));
            return "bitfield " + bytes_text(m.bits.size()) + ", " + count_of(set, "piece", "pieces") + " set";
        }
        case MsgKind::request: return "request piece " + range();
        case MsgKind::cancel: return "cancel piece " + range();
        case MsgKind::piece: return "piece " + range() + (m.block_ref != 0 ? " by reference" : "");
        default: return kind_name(m.kind);
    }
}

void encode_handshake(std::vector<uint8_t>& out, const std::array<uint8_t, 20>& info_hash,
                      const std::array<uint8_t, 20>& peer_id, const std::array<uint8_t, 8>& reserved) {
    uint8_t* p = extend(out, handshake_size);
    *p++ = protocol_name_size;
    p = std::copy_n(protocol_name, protocol_name_size, p);
    p = std::copy(reserved.begin(), reserved.end(), p);
    p = std::copy(info_hash.begin(), info_hash.end(), p);
    std::copy(peer_id.begin(), peer_id.end(), p);
}

void encode_keep_alive(std::vector<uint8_t>& out) { store_u32(extend(out, 4), 0); }

void encode(std::vector<uint8_t>& out, MsgKind kind) {
    switch (kind) {
        case MsgKind::keep_alive: return encode_keep_alive(out);
        case MsgKind::choke:
        case MsgKind::unchoke:
        case MsgKind::interested:
        case MsgKind::not_interested: start_frame(out, wire_id(kind), 0); return;
        default: assert(!"encode(kind) is only for messages without a payload");  // writes nothing in release
    }
}

void encode_have(std::vector<uint8_t>& out, uint32_t index) { store_u32(start_frame(out, id_have, 4), index); }

std::vector<uint8_t> pack_bitfield(const Bitfield& have) {
    std::vector<uint8_t> packed((have.size() + 7) / 8, 0);
    for (size_t i = 0; i < have.size(); ++i)
        if (have[i]) packed[i / 8] = uint8_t(packed[i / 8] | (0x80u >> (i % 8)));
    return packed;
}

Bitfield unpack_bitfield(const std::vector<uint8_t>& packed, uint32_t piece_count) {
    Bitfield have(piece_count, false);
    for (uint32_t i = 0; i < piece_count && i / 8 < packed.size(); ++i) have.set(i, (packed[i / 8] >> (7 - i % 8)) & 1);
    return have;
}

void encode_bitfield(std::vector<uint8_t>& out, const Bitfield& have) {
    encode_bitfield_bytes(out, pack_bitfield(have));
}

void encode_bitfield_bytes(std::vector<uint8_t>& out, const std::vector<uint8_t>& packed) {
    uint8_t* p = start_frame(out, id_bitfield, uint32_t(packed.size()));
    std::copy(packed.begin(), packed.end(), p);
}

void encode_request(std::vector<uint8_t>& out, uint32_t index, uint32_t begin, uint32_t length) {
    encode_range(out, id_request, index, begin, length);
}

void encode_cancel(std::vector<uint8_t>& out, uint32_t index, uint32_t begin, uint32_t length) {
    encode_range(out, id_cancel, index, begin, length);
}

void encode_piece_header(std::vector<uint8_t>& out, uint32_t index, uint32_t begin, uint32_t block_length) {
    uint8_t* p = extend(out, piece_header_size);
    p = store_u32(p, 9 + block_length);
    *p++ = id_piece;
    p = store_u32(p, index);
    store_u32(p, begin);
}

void encode_piece(std::vector<uint8_t>& out, uint32_t index, uint32_t begin, const uint8_t* block, size_t size) {
    encode_piece_header(out, index, begin, uint32_t(size));
    out.insert(out.end(), block, block + size);
}

void encode_message(std::vector<uint8_t>& out, const Message& m) {
    switch (m.kind) {
        case MsgKind::handshake: return encode_handshake(out, m.info_hash, m.peer_id, m.reserved);
        case MsgKind::have: return encode_have(out, m.index);
        case MsgKind::bitfield: return encode_bitfield_bytes(out, m.bits);
        case MsgKind::request: return encode_request(out, m.index, m.begin, m.length);
        case MsgKind::cancel: return encode_cancel(out, m.index, m.begin, m.length);
        case MsgKind::piece:
            if (m.block_ref != 0) return encode_piece_header(out, m.index, m.begin, m.length);
            return encode_piece(out, m.index, m.begin, m.block.data(), m.block.size());
        default: return encode(out, m.kind);
    }
}

WireDecoder::WireDecoder(const WireLimits& limits, bool expect_handshake) : limits_(limits), in_handshake_(expect_handshake) {
    settle();
}

void WireDecoder::set_limits(const WireLimits& limits) { limits_ = limits; }

uint64_t WireDecoder::max_length() const {
    // A request is 13, a piece 9 + its block, a bitfield 1 + its bytes; nothing else is longer.
    return std::max<uint64_t>({13, 9 + uint64_t(limits_.max_block), 1 + uint64_t(bitfield_bytes())});
}

const Error& WireDecoder::error() const {
    static const Error none;
    return failed() ? *backlog_.if_any()->error_ : none;
}

void WireDecoder::fail(uint64_t at, const std::string& reason) {
    Backlog& b = backlog_.get();
    b.error_ = Error{"byte " + std::to_string(at) + ": " + reason, size_t(at)};
}

// Total size of the unit (handshake, frame, or piece header) starting at p, judged from the
// `known` bytes available; more than `known` means wait. Sizes are checked as soon as the
// length and id are in, so junk is refused before any of it is buffered. 0 = error recorded.
size_t WireDecoder::unit_size(const uint8_t* p, size_t known) {
    if (in_handshake_) {
        if (known >= 1 && p[0] != protocol_name_size) {
            fail(pos_, "handshake protocol string length is " + std::to_string(p[0]) + ", expected 19");
            return 0;
        }
        return handshake_size;
    }
    if (known < 4) return 4;
    uint32_t length = load_u32(p);
    if (length == 0) return 4;
    if (length > max_length()) {
        fail(pos_, "message length " + std::to_string(length) + " exceeds the largest legal message (" +
                       bytes_text(max_length()) + ")");
        return 0;
    }
    if (known < 5) return 5;
    uint8_t id = p[4];
    uint32_t payload = length - 1;
    uint32_t expected = 0;
    switch (id) {
        case 0: case 1: case 2: case 3: expected = 0; break;
        case id_have: expected = 4; break;
        case id_request: case id_cancel: expected = 12; break;
        case id_bitfield:
            if (payload != bitfield_bytes()) {
                fail(pos_, "bitfield has " + bytes_text(payload) + ", expected " + std::to_string(bitfield_bytes()));
                return 0;
            }
            return 4 + size_t(length);
        case id_piece:
            if (payload < 8) {
                fail(pos_, "piece payload is " + bytes_text(payload) + ", expected at least 9");
                return 0;
            }
            if (payload == 8) {
                fail(pos_, "block length 0");
                return 0;
            }
            if (payload - 8 > limits_.max_block) {
                fail(pos_, "block length " + std::to_string(payload - 8) + " exceeds the " +
                               std::to_string(limits_.max_block) + "-byte maximum");
                return 0;
            }
            return piece_header_size;  // the block is taken as it comes, see feed()
        default:
            fail(pos_ + 4, "unknown message id " + std::to_string(id));
            return 0;
    }
    if (payload != expected) {
        fail(pos_, std::string(kind_name(MsgKind(first_id_kind + id))) + " payload is " + bytes_text(payload) +
                       ", expected " + std::to_string(expected));
        return 0;
    }
    return 4 + size_t(length);
}

bool WireDecoder::check_range(const char* what, uint64_t at, uint32_t index, uint32_t begin, uint32_t length) {
    if (index >= limits_.piece_count) {
        fail(at + 5, std::string(what) + " for piece " + std::to_string(index) + " but the torrent has " +
                         count_of(limits_.piece_count, "piece", "pieces"));
        return false;
    }
    uint64_t size = piece_size(limits_, index);
    if (uint64_t(begin) + length > size) {
        fail(at + 9, std::string(what) + " past the end of piece " + std::to_string(index) + " (begin " +
                         std::to_string(begin) + " + length " + std::to_string(length) + " > " +
                         std::to_string(size) + ")");
        return false;
    }
    return true;
}

// Parses a unit whose size unit_size() has accepted; appends to b.ready_ or starts a block.
void WireDecoder::parse_unit(const uint8_t* p) {
    Backlog& b = backlog_.get();
    if (in_handshake_) {
        if (std::memcmp(p + 1, protocol_name, protocol_name_size) != 0) {
            fail(pos_ + 1, "handshake protocol string is not 'BitTorrent protocol'");
            return;
        }
        Message& m = b.ready_.emplace_back();
        m.kind = MsgKind::handshake;
        std::copy_n(p + 20, 8, m.reserved.begin());
        std::copy_n(p + 28, 20, m.info_hash.begin());
        std::copy_n(p + 48, 20, m.peer_id.begin());
        in_handshake_ = false;
        return;
    }
    uint32_t length = load_u32(p);
    if (length == 0) {
        b.ready_.emplace_back().kind = MsgKind::keep_alive;
        return;
    }
    uint8_t id = p[4];
    MsgKind kind = MsgKind(first_id_kind + id);
    switch (id) {
        case id_have: {
            uint32_t index = load_u32(p + 5);
            if (index >= limits_.piece_count) {
                fail(pos_ + 5, "have for piece " + std::to_string(index) + " but the torrent has " +
                                   count_of(limits_.piece_count, "piece", "pieces"));
                return;
            }
            Message& m = b.ready_.emplace_back();
            m.kind = kind;
            m.index = index;
            return;
        }
        case id_bitfield: {
            uint32_t spare = bitfield_bytes() * 8 - limits_.piece_count;
            if (spare != 0 && (p[4 + bitfield_bytes()] & ((1u << spare) - 1)) != 0) {
                fail(pos_ + 4 + bitfield_bytes(), "bitfield spare bits set");
                return;
            }
            Message& m = b.ready_.emplace_back();
            m.kind = kind;
            m.bits.assign(p + 5, p + 5 + bitfield_bytes());
            return;
        }
        case id_request:
        case id_cancel: {
            const char* what = id == id_request ? "request" : "cancel";
            uint32_t index = load_u32(p + 5), begin = load_u32(p + 9), block = load_u32(p + 13);
            if (block == 0) {
                fail(pos_ + 13, "block length 0");
                return;
            }
            if (!check_range(what, pos_, index, begin, block)) return;
            if (block > limits_.max_block) {
                fail(pos_ + 13, "block length " + std::to_string(block) + " exceeds the " +
                                    std::to_string(limits_.max_block) + "-byte maximum");
                return;
            }
            Message& m = b.ready_.emplace_back();
            m.kind = kind;
            m.index = index;
            m.begin = begin;
            m.length = block;
            return;
        }
        case id_piece: {
            uint32_t index = load_u32(p + 5), begin = load_u32(p + 9), block = length - 9;
            if (!check_range("block", pos_, index, begin, block)) return;
            b.pending_ = PendingBlock{index, begin, block, {}};
            b.block_left_ = block;
            b.in_block_ = true;
            return;
        }
        default: b.ready_.emplace_back().kind = kind;  // unit_size() let only ids 0..3 through to here
    }
}

void WireDecoder::feed(const uint8_t* data, size_t size) {
    consume(data, size);
    settle();
}

void WireDecoder::consume(const uint8_t* data, size_t size) {
    Backlog& b = backlog_.get();
    while (size > 0 && !b.error_) {
        if (b.in_block_) {
            size_t take = std::min<size_t>(size, b.block_left_);
            // Reserve once: a block may arrive in many pieces but is at most max_block bytes.
            if (b.pending_.bytes.empty()) b.pending_.bytes.reserve(b.pending_.length);
            b.pending_.bytes.insert(b.pending_.bytes.end(), data, data + take);
            data += take;
            size -= take;
            pos_ += take;
            b.block_left_ -= uint32_t(take);
            if (b.block_left_ == 0) {
                finish_block(0);
                b.in_block_ = false;
            }
            continue;
        }
        if (b.partial_.empty()) {
            // Common case: the whole unit is in the caller's bytes, parse it in place.
            size_t need = unit_size(data, size);
            if (need == 0) return;
            if (need <= size) {
                parse_unit(data);
                if (b.error_) return;
                data += need;
                size -= need;
                pos_ += need;
                continue;
            }
        }
        // Split unit: copy no further than its end, so the bytes after it take the fast path.
        size_t need;
        for (;;) {
            need = unit_size(b.partial_.data(), b.partial_.size());
            if (need == 0) return;
            if (b.partial_.size() >= need) break;
            if (size == 0) return;
            size_t take = std::min(need - b.partial_.size(), size);
            b.partial_.insert(b.partial_.end(), data, data + take);
            data += take;
            size -= take;
        }
        parse_unit(b.partial_.data());
        if (b.error_) return;
        pos_ += need;
        b.partial_.clear();
    }
}

void WireDecoder::feed_block_ref(uint32_t length, uint64_t ref) {
    consume_block_ref(length, ref);
    settle();
}

void WireDecoder::consume_block_ref(uint32_t length, uint64_t ref) {
    Backlog& b = backlog_.get();
    if (b.error_) return;
    uint64_t at = pos_ + b.partial_.size();
    if (!b.in_block_) {
        fail(at, "block reference of " + bytes_text(length) + " without a piece header just before it");
        return;
    }
    if (b.block_left_ != b.pending_.length) {
        fail(at, "block reference after " + bytes_text(b.pending_.length - b.block_left_) +
                     " of the block arrived as data");
        return;
    }
    if (length != b.pending_.length) {
        fail(at, "block reference covers " + bytes_text(length) + " but the piece block is " +
                     bytes_text(b.pending_.length));
        return;
    }
    if (ref == 0) {
        fail(at, "block reference 0 is reserved for 'no reference'");
        return;
    }
    pos_ += length;
    b.block_left_ = 0;
    b.in_block_ = false;
    finish_block(ref);
}

void WireDecoder::finish_block(uint64_t ref) {
    Backlog& b = backlog_.get();
    Message& m = b.ready_.emplace_back();
    m.kind = MsgKind::piece;
    m.index = b.pending_.index;
    m.begin = b.pending_.begin;
    m.length = b.pending_.length;
    m.block_ref = ref;
    m.block = std::move(b.pending_.bytes);
    b.pending_.bytes.clear();
}

bool WireDecoder::take_whole(const uint8_t* p, size_t size, uint32_t ref_length, uint64_t ref, Message& out) {
    if (!quiet_ || size < 5) return false;
    const uint32_t length = load_u32(p);
    const uint8_t id = p[4];
    auto in_torrent = [&](uint32_t index, uint32_t begin, uint32_t block) {
        return index < limits_.piece_count && uint64_t(begin) + block <= piece_size(limits_, index);
    };
    uint32_t index = 0, begin = 0, block = 0;
    uint64_t block_ref = 0;
    switch (id) {
        case 0: case 1: case 2: case 3:
            if (length != 1 || size != 5 || ref_length != 0) return false;
            break;
        case id_have:
            if (length != 5 || size != 9 || ref_length != 0) return false;
            index = load_u32(p + 5);
            if (index >= limits_.piece_count) return false;
            break;
        case id_request: case id_cancel:
            if (length != 13 || size != 17 || ref_length != 0) return false;
            index = load_u32(p + 5), begin = load_u32(p + 9), block = load_u32(p + 13);
            if (block == 0 || block > limits_.max_block || !in_torrent(index, begin, block)) return false;
            break;
        case id_piece:
            if (size != piece_header_size || ref == 0 || ref_length == 0 || length != 9 + uint64_t(ref_length)) return false;
            index = load_u32(p + 5), begin = load_u32(p + 9), block = ref_length, block_ref = ref;
            if (block > limits_.max_block || !in_torrent(index, begin, block)) return false;
            break;
        default: return false;
    }
    out.kind = MsgKind(first_id_kind + id);
    out.index = index;
    out.begin = begin;
    out.length = block;
    out.block_ref = block_ref;
    pos_ += size + ref_length;
    return true;
}

const Message* WireDecoder::next() {
    Backlog* b = backlog_.if_any();
    if (b && b->head_ < b->ready_.size()) {
        const Message* m = &b->ready_[b->head_++];
        settle();
        return m;
    }
    // Nothing left to hand out: a backlog with nothing else in it goes (see Backlog in wire.h).
    if (b) {
        b->ready_.clear();
        b->head_ = 0;
        if (b->idle()) backlog_.reset();
    }
    settle();
    return nullptr;
}

}  // namespace swarmscope

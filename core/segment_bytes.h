// The bytes of one transport segment. Up to 20 of them live inline, so the control messages that
// make up most of a swarm's traffic (HAVE 9, REQUEST 17, CHOKE 5, a PIECE header 13) never touch the
// heap; longer ones (a handshake, a bitfield, an HTTP exchange, a real block) do. 24 bytes in all, so
// a segment in flight and its bookkeeping fit one cache line (net.h).
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <vector>

namespace swarmscope {

class SegmentBytes {
public:
    static constexpr size_t inline_capacity = 20;

    SegmentBytes() = default;
    SegmentBytes(const uint8_t* data, size_t size) { assign(data, size); }
    SegmentBytes(std::initializer_list<uint8_t> bytes) { assign(bytes.begin(), bytes.size()); }
    explicit SegmentBytes(const std::vector<uint8_t>& bytes) { assign(bytes.data(), bytes.size()); }
    SegmentBytes(const SegmentBytes& other) { assign(other.data(), other.size_); }
    SegmentBytes(SegmentBytes&& other) noexcept { take(other); }
    SegmentBytes& operator=(const SegmentBytes& other) {
        if (this != &other) {
            release();
            assign(other.data(), other.size_);
        }
        return *this;
    }
    SegmentBytes& operator=(SegmentBytes&& other) noexcept {
        if (this != &other) {
            release();
            take(other);
        }
        return *this;
    }
    ~SegmentBytes() { release(); }

    const uint8_t* data() const { return size_ <= inline_capacity ? inline_ : heap(); }
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const uint8_t* begin() const { return data(); }
    const uint8_t* end() const { return data() + size_; }

    // Replaces the bytes with a copy of these.
    void set(const uint8_t* data, size_t size) {
        release();
        assign(data, size);
    }

    friend bool operator==(const SegmentBytes& a, const std::vector<uint8_t>& b) {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
    }

private:
    void assign(const uint8_t* data, size_t size) {
        size_ = static_cast<uint32_t>(size);
        uint8_t* to = inline_;
        if (size > inline_capacity) set_heap(to = new uint8_t[size]);
        if (size > 0) std::memcpy(to, data, size);
    }
    void take(SegmentBytes& other) {
        size_ = other.size_;
        std::memcpy(inline_, other.inline_, size_ <= inline_capacity ? size_ : sizeof(uint8_t*));
        other.size_ = 0;
    }
    void release() {
        if (size_ > inline_capacity) delete[] heap();
        size_ = 0;
    }

    // Longer bytes keep their heap address in the first 8 inline bytes (copied in and out, since
    // those are only 4-aligned).
    uint8_t* heap() const {
        uint8_t* at;
        std::memcpy(&at, inline_, sizeof at);
        return at;
    }
    void set_heap(uint8_t* at) { std::memcpy(inline_, &at, sizeof at); }

    uint32_t size_ = 0;
    uint8_t inline_[inline_capacity];
};

}  // namespace swarmscope

// A swarm's state as compact bytes: what a keyframe keeps. Each piece of state lists its fields once,
// in an `io(archive)` member, and the same list both writes and reads them. Integers are varints
// (zigzag for signed ones), doubles their 8 bytes, bit vectors run lengths, so a keyframe is a few
// times smaller than a copy of the objects, and restoring it reuses the memory the swarm already has.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "chunked_vector.h"
#include "segment_bytes.h"

namespace swarmscope {

template <class T, class Archive>
concept HasIo = requires(T& t, Archive& a) { t.io(a); };

// What writing and reading share: a field list, fixed-size compounds, and types with an io() member.
template <class Self>
class SnapshotArchive {
public:
    template <class... T>
    void operator()(T&... values) {
        (item(values), ...);
    }
    // One value of any kind: a type with an io() member lists its own fields.
    template <class T>
    void item(T& v) {
        if constexpr (HasIo<T, Self>) v.io(self());
        else self().field(v);
    }
    template <class T, size_t N>
    void field(std::array<T, N>& v) {
        if constexpr (std::is_same_v<T, uint8_t>) self().raw(v.data(), N);
        else for (T& x : v) item(x);
    }
    template <class A, class B>
    void field(std::pair<A, B>& v) {
        item(v.first);
        item(v.second);
    }

private:
    Self& self() { return static_cast<Self&>(*this); }
};

class SnapshotWriter : public SnapshotArchive<SnapshotWriter> {
public:
    static constexpr bool reading = false;
    using SnapshotArchive::field;
    using SnapshotArchive::item;

    SnapshotWriter() : out_(own_) { start(); }
    // Writes into `buffer`'s memory, growing it only when needed; it ends holding just the bytes written.
    explicit SnapshotWriter(std::vector<uint8_t>& buffer) : out_(buffer) { start(); }
    SnapshotWriter(const SnapshotWriter&) = delete;
    SnapshotWriter& operator=(const SnapshotWriter&) = delete;

    // The bytes written; call once, at the end.
    std::vector<uint8_t>& bytes() {
        out_.resize(static_cast<size_t>(at_ - out_.data()));
        return out_;
    }

    void field(bool& v) { field_present(v); }
    template <class T>
        requires std::is_integral_v<T>
    void field(T& v) {
        if constexpr (std::is_signed_v<T>) {
            const int64_t s = v;
            varint((static_cast<uint64_t>(s) << 1) ^ static_cast<uint64_t>(s >> 63));
        } else {
            varint(v);
        }
    }
    template <class T>
        requires std::is_enum_v<T>
    void field(T& v) {
        auto u = static_cast<std::underlying_type_t<T>>(v);
        field(u);
    }
    // Rates and the like are often exactly zero (a neighbour that never sent us anything): one byte then.
    void field(double& v) {
        const bool zero = v == 0 && !std::signbit(v);
        field_present(!zero);
        if (!zero) raw(&v, sizeof v);
    }
    void fixed(uint64_t& v) { raw(&v, sizeof v); }  // for values whose bits are all significant
    void field(std::string& v) {
        varint(v.size());
        raw(v.data(), v.size());
    }
    void field(std::vector<uint8_t>& v) {
        varint(v.size());
        raw(v.data(), v.size());
    }
    void field(SegmentBytes& v) {
        varint(v.size());
        raw(v.data(), v.size());
    }
    // Run lengths (starting with a run of false) when that is shorter, as for a bitfield that is nearly
    // all set or all clear; otherwise the bits packed eight to a byte.
    void field(std::vector<bool>& v) {
        varint(v.size());
        runs_.clear();
        bool bit = false;
        for (auto it = v.begin(); it != v.end() && runs_.size() * 2 < v.size() / 8 + 1; bit = !bit) {
            const auto next = std::find(it, v.end(), !bit);
            runs_.push_back(static_cast<uint64_t>(next - it));
            it = next;
        }
        uint64_t covered = 0;
        for (uint64_t r : runs_) covered += r;
        const bool by_runs = covered == v.size();
        field_present(by_runs);
        if (by_runs) {
            for (uint64_t r : runs_) varint(r);
            return;
        }
        uint8_t* out = room((v.size() + 7) / 8);
        std::memset(out, 0, (v.size() + 7) / 8);
        size_t i = 0;
        for (const bool bit : v) {
            if (bit) out[i / 8] = static_cast<uint8_t>(out[i / 8] | 1u << (i % 8));
            ++i;
        }
    }
    template <class T>
    void field(std::vector<T>& v) {
        varint(v.size());
        for (T& x : v) item(x);
    }
    // A container's count as field() writes it before the items, for a caller that goes through the
    // items itself (a run at a time).
    template <class V>
    void count(V& v) {
        varint(v.size());
    }
    template <class T, unsigned B>  // the same bytes as a std::vector's
    void field(ChunkedVector<T, B>& v) {
        varint(v.size());
        for (size_t i = 0; i < v.size(); ++i) item(v[i]);
    }
    // Integers that come in long runs of one value (a picker's per-piece states): as (value, run)
    // pairs when that is shorter, else one by one.
    template <class T>
        requires std::is_integral_v<T> && std::is_unsigned_v<T>
    void runs(std::vector<T>& v) {
        size_t count = 0;
        for (size_t i = 0; i < v.size(); ++i) count += i == 0 || v[i] != v[i - 1];
        varint(v.size());
        const bool by_runs = count * 2 < v.size();
        field_present(by_runs);
        if (!by_runs) {
            for (T& x : v) varint(x);
            return;
        }
        for (size_t i = 0; i < v.size();) {
            size_t j = i;
            while (j < v.size() && v[j] == v[i]) ++j;
            varint(v[i]);
            varint(j - i);
            i = j;
        }
    }
    template <class K, class V>
    void field(std::map<K, V>& v) {
        varint(v.size());
        for (auto& [key, value] : v) {
            K k = key;
            field(k);
            item(value);
        }
    }
    template <class T>
    void field(std::optional<T>& v) {
        field_present(v.has_value());
        if (v) item(*v);
    }
    // For containers whose live part is a range (a queue with consumed items in front).
    template <class It>
    void range(It first, It last) {
        varint(static_cast<uint64_t>(last - first));
        for (; first != last; ++first) item(*first);
    }

private:
    [[gnu::always_inline]] void field_present(bool present) { *room(1) = present ? 1 : 0; }
    // Space for n more bytes at the end. Writing goes through a pointer into the buffer, checked
    // against its end (a keyframe of a large swarm is millions of small fields: the check must be
    // cheap); the buffer grows ahead in large steps, out of line.
    [[gnu::always_inline]] uint8_t* room(size_t n) {
        if (static_cast<size_t>(end_ - at_) < n) grow(n);
        uint8_t* at = at_;
        at_ += n;
        return at;
    }
    void start() {
        out_.resize(std::max(out_.capacity(), size_t{4096}));
        at_ = out_.data();
        end_ = at_ + out_.size();
    }
    [[gnu::noinline]] void grow(size_t n) {
        const size_t used = static_cast<size_t>(at_ - out_.data());
        out_.resize(std::max(2 * out_.size(), used + n));
        at_ = out_.data() + used;
        end_ = out_.data() + out_.size();
    }
    [[gnu::always_inline]] void varint(uint64_t v) {
        if (end_ - at_ < 10) grow(10);
        while (v >= 0x80) {
            *at_++ = static_cast<uint8_t>(v | 0x80);
            v >>= 7;
        }
        *at_++ = static_cast<uint8_t>(v);
    }

public:
    void raw(const void* p, size_t n) {
        if (n) std::memcpy(room(n), p, n);
    }

private:

    std::vector<uint8_t> own_;  // the buffer, unless the caller lent one
    std::vector<uint8_t>& out_;  // written up to at_
    uint8_t* at_ = nullptr;
    uint8_t* end_ = nullptr;
    std::vector<uint64_t> runs_;
};

class SnapshotReader : public SnapshotArchive<SnapshotReader> {
public:
    static constexpr bool reading = true;
    using SnapshotArchive::field;
    using SnapshotArchive::item;

    SnapshotReader(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}


    bool at_end() const { return p_ == end_; }

    void field(bool& v) { v = byte() != 0; }
    template <class T>
        requires std::is_integral_v<T>
    void field(T& v) {
        const uint64_t u = varint();
        if constexpr (std::is_signed_v<T>) v = static_cast<T>(static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1));
        else v = static_cast<T>(u);
    }
    template <class T>
        requires std::is_enum_v<T>
    void field(T& v) {
        std::underlying_type_t<T> u{};
        field(u);
        v = static_cast<T>(u);
    }
    void field(double& v) {
        if (byte() == 0) v = 0;
        else raw(&v, sizeof v);
    }
    void fixed(uint64_t& v) { raw(&v, sizeof v); }
    void field(std::string& v) {
        v.resize(length());
        raw(v.data(), v.size());
    }
    void field(std::vector<uint8_t>& v) {
        v.resize(length());
        raw(v.data(), v.size());
    }
    void field(SegmentBytes& v) {
        const size_t n = length();
        need(n);
        v = SegmentBytes(p_, n);
        p_ += n;
    }
    void field(std::vector<bool>& v) {
        const uint64_t bits = varint();  // run lengths compress, so no bound from the bytes left
        if (bits > (uint64_t{1} << 32)) fail();
        v.assign(static_cast<size_t>(bits), false);
        if (byte() == 0) {  // packed
            need((v.size() + 7) / 8);
            for (size_t i = 0; i < v.size(); ++i)
                if (p_[i / 8] >> (i % 8) & 1) v[i] = true;
            p_ += (v.size() + 7) / 8;
            return;
        }
        bool bit = false;
        size_t i = 0;
        while (i < v.size()) {
            const uint64_t run = varint();
            if (run > v.size() - i) fail();
            if (bit) std::fill(v.begin() + static_cast<std::ptrdiff_t>(i), v.begin() + static_cast<std::ptrdiff_t>(i + run), true);
            i += run;
            bit = !bit;
        }
    }
    template <class T>
    void field(std::vector<T>& v) {
        v.resize(length());
        for (T& x : v) item(x);
    }
    template <class V>
    void count(V& v) {
        v.resize(length());
    }
    template <class T, unsigned B>
    void field(ChunkedVector<T, B>& v) {
        v.resize(length());
        for (size_t i = 0; i < v.size(); ++i) item(v[i]);
    }
    template <class T>
        requires std::is_integral_v<T> && std::is_unsigned_v<T>
    void runs(std::vector<T>& v) {
        v.resize(length());
        if (byte() == 0) {
            for (T& x : v) x = static_cast<T>(varint());
            return;
        }
        for (size_t i = 0; i < v.size();) {
            const T value = static_cast<T>(varint());
            const uint64_t run = varint();
            if (run == 0 || run > v.size() - i) fail();
            std::fill_n(v.begin() + static_cast<std::ptrdiff_t>(i), run, value);
            i += run;
        }
    }
    template <class K, class V>
    void field(std::map<K, V>& v) {
        v.clear();
        for (size_t n = length(); n > 0; --n) {
            K k{};
            field(k);
            item(v[k]);
        }
    }
    template <class T>
    void field(std::optional<T>& v) {
        if (byte() == 0) {
            v.reset();
            return;
        }
        if (!v) v.emplace();
        item(*v);
    }
    // The counterpart of SnapshotWriter::range: the items go into `v` from its start.
    template <class T>
    void range(std::vector<T>& v) {
        field(v);
    }

private:
    [[noreturn]] static void fail() { throw std::runtime_error("keyframe snapshot is truncated or corrupt"); }
    void need(size_t n) const {
        if (static_cast<size_t>(end_ - p_) < n) fail();
    }
    size_t length() {
        const uint64_t n = varint();
        if (n > static_cast<uint64_t>(end_ - p_) * 8 + 64) fail();  // no count exceeds what is left by much
        return static_cast<size_t>(n);
    }
    uint8_t byte() {
        need(1);
        return *p_++;
    }
    uint64_t varint() {
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            const uint8_t b = byte();
            v |= static_cast<uint64_t>(b & 0x7F) << shift;
            if (!(b & 0x80)) return v;
        }
        fail();
    }

public:
    void raw(void* p, size_t n) {
        need(n);
        if (n) std::memcpy(p, p_, n);
        p_ += n;
    }

private:
    const uint8_t* p_;
    const uint8_t* end_;
};

}  // namespace swarmscope

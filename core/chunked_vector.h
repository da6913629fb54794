// A vector that grows in fixed-size blocks: appending never moves the elements already there, so a
// log that keeps growing costs the same each time it grows (a std::vector copies everything when it
// doubles, megabytes at once for a long trace, or a table of connections that reaches thousands:
// a stalled frame each time). Elements keep their addresses until removed, except in a copy, whose
// last block may move (at most one block) when it grows.
#pragma once
#include <algorithm>
#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

namespace swarmscope {

template <class T, unsigned BlockBits = 12>
class ChunkedVector {
public:
    static constexpr size_t block_size = size_t{1} << BlockBits;

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    size_t capacity() const { return blocks_.size() * block_size; }  // blocks are reserved whole
    T& operator[](size_t i) { return blocks_[i >> BlockBits][i & (block_size - 1)]; }
    const T& operator[](size_t i) const { return blocks_[i >> BlockBits][i & (block_size - 1)]; }
    T& back() { return (*this)[size_ - 1]; }
    const T& back() const { return (*this)[size_ - 1]; }

    void push_back(T value) {
        // Each block is reserved whole, so it never reallocates; moving the list of blocks moves
        // only their handles, not the elements.
        if (blocks_.empty() || blocks_.back().size() == block_size) {
            blocks_.emplace_back();
            blocks_.back().reserve(block_size);
        }
        blocks_.back().push_back(std::move(value));
        ++size_;
    }

    // To n elements: new ones are default-constructed, a block at a time.
    void resize(size_t n) {
        if (n <= size_) return truncate(n);
        while (size_ < n) {
            if (blocks_.empty() || blocks_.back().size() == block_size) {
                blocks_.emplace_back();
                blocks_.back().reserve(block_size);
            }
            const size_t add = std::min(n - size_, block_size - blocks_.back().size());
            blocks_.back().resize(blocks_.back().size() + add);
            size_ += add;
        }
    }

    // Only shrinks (the trace cuts its future off); growing is push_back's job.
    void truncate(size_t n) {
        if (n >= size_) return;
        const size_t blocks = (n + block_size - 1) >> BlockBits;
        blocks_.resize(blocks);
        if (blocks) blocks_.back().resize(n - ((blocks - 1) << BlockBits));
        size_ = n;
    }

    class const_iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T*;
        using reference = const T&;

        const_iterator() = default;
        const_iterator(const ChunkedVector* v, size_t i) : v_(v), i_(i) { settle(); }
        reference operator*() const { return *at_; }
        pointer operator->() const { return at_; }
        reference operator[](difference_type n) const { return (*v_)[i_ + static_cast<size_t>(n)]; }
        // Walking forward stays in the block until its end, so a loop over the records reads as fast
        // as one over an array.
        const_iterator& operator++() {
            ++i_;
            if ((i_ & (block_size - 1)) == 0) settle();
            else ++at_;
            return *this;
        }
        const_iterator operator++(int) { const_iterator t = *this; ++*this; return t; }
        const_iterator& operator--() { --i_; settle(); return *this; }
        const_iterator operator--(int) { const_iterator t = *this; --*this; return t; }
        const_iterator& operator+=(difference_type n) { i_ += static_cast<size_t>(n); settle(); return *this; }
        const_iterator& operator-=(difference_type n) { i_ -= static_cast<size_t>(n); settle(); return *this; }
        friend const_iterator operator+(const_iterator a, difference_type n) { return a += n; }
        friend const_iterator operator+(difference_type n, const_iterator a) { return a += n; }
        friend const_iterator operator-(const_iterator a, difference_type n) { return a -= n; }
        friend difference_type operator-(const const_iterator& a, const const_iterator& b) {
            return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.i_ == b.i_; }
        friend bool operator!=(const const_iterator& a, const const_iterator& b) { return a.i_ != b.i_; }
        friend bool operator<(const const_iterator& a, const const_iterator& b) { return a.i_ < b.i_; }
        friend bool operator>(const const_iterator& a, const const_iterator& b) { return a.i_ > b.i_; }
        friend bool operator<=(const const_iterator& a, const const_iterator& b) { return a.i_ <= b.i_; }
        friend bool operator>=(const const_iterator& a, const const_iterator& b) { return a.i_ >= b.i_; }

    private:
        void settle() { at_ = v_ && i_ < v_->size() ? &(*v_)[i_] : nullptr; }

        const ChunkedVector* v_ = nullptr;
        size_t i_ = 0;
        const T* at_ = nullptr;  // the element at i_; null past the end
    };

    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size_}; }

private:
    std::vector<std::vector<T>> blocks_;
    size_t size_ = 0;
};

}  // namespace swarmscope

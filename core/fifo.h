// A first-in first-out queue on one vector: no allocation while empty, compact to copy, and cheap
// for the short queues a connection keeps (std::deque allocates a kilobyte or so per empty queue).
#pragma once
#include <cstddef>
#include <utility>
#include <vector>

namespace swarmscope {

template <class T>
class Fifo {
public:
    bool empty() const { return head_ == items_.size(); }
    size_t size() const { return items_.size() - head_; }
    size_t capacity() const { return items_.capacity(); }
    T& front() { return items_[head_]; }
    const T& front() const { return items_[head_]; }
    T& back() { return items_.back(); }
    const T& back() const { return items_.back(); }
    // Where push_back() will write when it need not grow the vector; null when it must.
    const T* next_place() const { return items_.size() < items_.capacity() ? items_.data() + items_.size() : nullptr; }
    void push_back(T item) {
        make_room();
        items_.push_back(std::move(item));
    }
    template <class... Args>
    void emplace_back(Args&&... args) {
        make_room();
        items_.emplace_back(std::forward<Args>(args)...);
    }
    void pop_front() {
        ++head_;
        if (head_ == items_.size()) clear();
        else if (head_ >= 32 && head_ * 2 >= items_.size()) compact();
    }
    void clear() {
        // A connection that once had a long queue should not hold its memory for the rest of the run:
        // thousands of idle connections would.
        if (items_.capacity() > 16) std::vector<T>().swap(items_);
        else items_.clear();
        head_ = 0;
    }
    // The queued items, front first, for in-place edits such as dropping queued blocks.
    typename std::vector<T>::iterator begin() { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
    typename std::vector<T>::iterator end() { return items_.end(); }
    typename std::vector<T>::const_iterator begin() const { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
    typename std::vector<T>::const_iterator end() const { return items_.end(); }
    void erase(typename std::vector<T>::iterator from, typename std::vector<T>::iterator to) { items_.erase(from, to); }

    template <class Archive>
    void io(Archive& a) {  // the live items only (see snapshot.h)
        if constexpr (Archive::reading) {
            head_ = 0;
            a.range(items_);
        } else {
            a.range(begin(), end());
        }
    }

private:
    // A queue that is pushed and popped at the same pace keeps its length, so the space its popped
    // items left is reused before the vector grows (and reallocates) again.
    void make_room() {
        if (head_ > 0 && items_.size() == items_.capacity()) compact();
    }
    void compact() {
        items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
        head_ = 0;
    }
    std::vector<T> items_;
    size_t head_ = 0;
};

}  // namespace swarmscope

// A value kept on the heap, made the first time it is needed, and copied with its owner: a copy holds
// its own copy of the value. It lets a struct that is copied as plain data keep a rarely used part out
// of its own (often read) cache lines.
#pragma once
#include <memory>

namespace swarmscope {

template <class T>
class Boxed {
public:
    Boxed() = default;
    Boxed(const Boxed& other) : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
    Boxed(Boxed&&) noexcept = default;
    Boxed& operator=(const Boxed& other) {
        if (this != &other) value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
        return *this;
    }
    Boxed& operator=(Boxed&&) noexcept = default;

    T& get() {  // made on first use
        if (!value_) value_ = std::make_unique<T>();
        return *value_;
    }
    T* if_any() { return value_.get(); }
    const T* if_any() const { return value_.get(); }
    void reset() { value_.reset(); }

private:
    std::unique_ptr<T> value_;
};

}  // namespace swarmscope

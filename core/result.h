// Results for boundary code (parsers, lessons, network input): a value or an error that names the place.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace swarmscope {

struct Error {
    std::string message;   // plain English, names the place: "byte 17: expected ':' after string length"
    std::size_t offset = 0;  // byte offset (or column) where the problem was found, when it applies

    template <class Archive>
    void io(Archive& a) { a(message, offset); }
};

template <class T>
class Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

}  // namespace swarmscope

// Results for boundary code (parsers, lessons, network input): a value or an error that names the place.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace swarmscope {

struct Error {
    Error() = default;
    Error(std::string message_, std::size_t offset_ = 0) : message(std::move(message_)), offset(offset_) {}
    Error(std::string message_, std::size_t offset_, std::string key_, std::vector<std::string> args_)
        : message(std::move(message_)), offset(offset_), key(std::move(key_)), args(std::move(args_)) {}

    std::string message;   // plain English, names the place: "byte 17: expected ':' after string length"
    std::size_t offset = 0;  // byte offset (or column) where the problem was found, when it applies
    // Errors a class meets in the page (conditions, lessons) also carry their words as a key of the UI
    // tables and the values for its {0}, {1}..., without the place, so the page can say them in its
    // language (see error_words.h); empty for the others (wire, bencode, files).
    std::string key;
    std::vector<std::string> args;

    template <class Archive>
    void io(Archive& a) { a(message, offset, key, args); }
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

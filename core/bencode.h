// Bencode (BEP 3): the encoding of .torrent files and tracker replies.
#pragma once
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "result.h"

namespace swarmscope {

// One bencoded value: integer, byte string, list or dict.
struct Value {
    using List = std::vector<Value>;
    // std::string compares bytes as unsigned char, which is exactly the raw-byte key order that
    // canonical bencode requires, so iterating the map encodes keys in the right order.
    using Dict = std::map<std::string, Value>;
    enum class Kind { integer, string, list, dict };  // same order as the alternatives of `data`

    Value() = default;  // the integer 0
    // Any integer type; unsigned values above INT64_MAX do not fit bencode's signed range.
    template <std::integral I>
        requires(!std::same_as<I, bool>)
    Value(I integer) : data(static_cast<int64_t>(integer)) {}
    Value(std::string bytes) : data(std::move(bytes)) {}
    Value(std::string_view bytes) : data(std::string(bytes)) {}
    Value(const char* bytes) : data(std::string(bytes)) {}
    Value(List list) : data(std::move(list)) {}
    Value(Dict dict) : data(std::move(dict)) {}

    Kind kind() const { return static_cast<Kind>(data.index()); }

    // Accessors return nothing (empty / null) when the value is of another kind; they never throw.
    std::optional<int64_t> as_int() const;
    const std::string* as_string() const;
    const List* as_list() const;
    const Dict* as_dict() const;
    // The value under `key`, or null when this is not a dict or has no such key.
    const Value* find(std::string_view key) const;

    friend bool operator==(const Value& a, const Value& b);

    std::variant<int64_t, std::string, List, Dict> data;
};

// "an integer", "a string", "a list", "a dict": for messages.
const char* kind_name(Value::Kind kind);

// Canonical bencode: shortest integers, dict keys in raw-byte order.
std::string encode_bencode(const Value& value);
void append_bencode(std::string& out, const Value& value);
// Length of encode_bencode(value), without building it.
size_t encoded_size(const Value& value);

// Lists and dicts may nest this deep; deeper input is rejected rather than risking the stack.
inline constexpr int max_bencode_depth = 64;

// Strict: accepts only canonical bencode, so decode-then-encode reproduces the input byte for
// byte (which is what makes a re-encoded info dict hash to the right info-hash). Errors carry the
// byte offset and read "byte N: expected ..., found ...".
Result<Value> decode_bencode(std::string_view input);

}  // namespace swarmscope

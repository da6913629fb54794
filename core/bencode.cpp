#include "bencode.h"

#include <cstdio>

namespace swarmscope {

std::optional<int64_t> Value::as_int() const {
    if (const int64_t* i = std::get_if<int64_t>(&data)) return *i;
    return std::nullopt;
}

const std::string* Value::as_string() const { return std::get_if<std::string>(&data); }
const Value::List* Value::as_list() const { return std::get_if<List>(&data); }
const Value::Dict* Value::as_dict() const { return std::get_if<Dict>(&data); }

const Value* Value::find(std::string_view key) const {
    const Dict* dict = as_dict();
    if (dict == nullptr) return nullptr;
    auto it = dict->find(std::string(key));
    return it == dict->end() ? nullptr : &it->second;
}

bool operator==(const Value& a, const Value& b) { return a.data == b.data; }

const char* kind_name(Value::Kind kind) {
    switch (kind) {
        case Value::Kind::integer: return "an integer";
        case Value::Kind::string: return "a string";
        case Value::Kind::list: return "a list";
        case Value::Kind::dict: return "a dict";
    }
    return "a value";
}

namespace {

size_t decimal_digits(uint64_t n) {
    size_t digits = 1;
    for (; n >= 10; n /= 10) ++digits;
    return digits;
}

size_t encoded_string_size(size_t len) { return decimal_digits(len) + 1 + len; }

void append_string(std::string& out, const std::string& bytes) {
    out += std::to_string(bytes.size());
    out += ':';
    out += bytes;
}

}  // namespace

void append_bencode(std::string& out, const Value& value) {
    switch (value.kind()) {
        case Value::Kind::integer:
            out += 'i';
            out += std::to_string(*value.as_int());
            out += 'e';
            break;
        case Value::Kind::string:
            append_string(out, *value.as_string());
            break;
        case Value::Kind::list:
            out += 'l';
            for (const Value& item : *value.as_list()) append_bencode(out, item);
            out += 'e';
            break;
        case Value::Kind::dict:
            out += 'd';
            for (const auto& [key, item] : *value.as_dict()) {
                append_string(out, key);
                append_bencode(out, item);
            }
            out += 'e';
            break;
    }
}

std::string encode_bencode(const Value& value) {
    std::string out;
    out.reserve(encoded_size(value));
    append_bencode(out, value);
    return out;
}

size_t encoded_size(const Value& value) {
    switch (value.kind()) {
        case Value::Kind::integer: {
            const int64_t i = *value.as_int();
            // Magnitude computed in unsigned arithmetic so INT64_MIN does not overflow.
            const uint64_t magnitude = i < 0 ? 0 - uint64_t(i) : uint64_t(i);
            return 2 + (i < 0 ? 1 : 0) + decimal_digits(magnitude);
        }
        case Value::Kind::string:
            return encoded_string_size(value.as_string()->size());
        case Value::Kind::list: {
            size_t size = 2;
            for (const Value& item : *value.as_list()) size += encoded_size(item);
            return size;
        }
        case Value::Kind::dict: {
            size_t size = 2;
            for (const auto& [key, item] : *value.as_dict()) {
                size += encoded_string_size(key.size()) + encoded_size(item);
            }
            return size;
        }
    }
    return 0;
}

namespace {

bool is_digit(int c) { return c >= '0' && c <= '9'; }

// A dict key for an error message: quoted, non-printable bytes escaped, long keys shortened.
std::string quote_key(std::string_view key) {
    constexpr size_t shown = 32;
    std::string out = "\"";
    for (size_t i = 0; i < key.size() && i < shown; ++i) {
        const unsigned char c = static_cast<unsigned char>(key[i]);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c >= 0x20 && c < 0x7f) {
            out += char(c);
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        }
    }
    if (key.size() > shown) out += "...";
    out += '"';
    return out;
}

class Decoder {
public:
    explicit Decoder(std::string_view input) : in_(input) {}

    // Decodes into `out`; the caller passes the Result's own storage so nothing is moved after.
    bool run(Value& out) {
        if (!parse_value(out, 0, Slot::top, {})) return false;
        if (pos_ != in_.size()) {
            return fail(pos_, "expected end of input after the top-level value, found " + found(pos_));
        }
        return true;
    }

    const Error& error() const { return error_; }

private:
    bool at_end() const { return pos_ >= in_.size(); }
    // -1 at the end, so a NUL byte in the input is never mistaken for the end.
    int peek() const { return at_end() ? -1 : static_cast<unsigned char>(in_[pos_]); }
    bool peek_digit() const { return is_digit(peek()); }

    // What sits at `at`, for the "found ..." part of a message.
    std::string found(size_t at) const {
        if (at >= in_.size()) return "end of input";
        const unsigned char c = static_cast<unsigned char>(in_[at]);
        char text[16];
        if (c >= 0x20 && c < 0x7f) {
            std::snprintf(text, sizeof text, "'%c'", c);
        } else {
            std::snprintf(text, sizeof text, "byte 0x%02x", c);
        }
        return text;
    }

    bool fail(size_t at, const std::string& what) {
        error_ = Error{"byte " + std::to_string(at) + ": " + what, at};
        return false;
    }

    // Where a value is being read, to say what was expected if none starts there. The message is
    // built only on failure, so successful decoding allocates nothing for it.
    enum class Slot { top, list_item, dict_value };

    std::string expected_in(Slot slot, std::string_view key) const {
        switch (slot) {
            case Slot::top: return "a value ('i', 'l', 'd' or a string length)";
            case Slot::list_item: return "a value or 'e' to end the list";
            case Slot::dict_value: return "a value for key " + quote_key(key);
        }
        return "a value";
    }

    bool parse_value(Value& out, int depth, Slot slot, std::string_view key) {
        const int c = peek();
        if (c == 'i') return parse_int(out);
        if (is_digit(c)) {
            std::string bytes;
            if (!parse_string(bytes)) return false;
            out = Value(std::move(bytes));
            return true;
        }
        if (c == 'l' || c == 'd') {
            if (depth >= max_bencode_depth) {
                return fail(pos_, "expected at most " + std::to_string(max_bencode_depth) +
                                      " nested lists and dicts, found deeper nesting");
            }
            return c == 'l' ? parse_list(out, depth + 1) : parse_dict(out, depth + 1);
        }
        return fail(pos_, "expected " + expected_in(slot, key) + ", found " + found(pos_));
    }

    bool parse_int(Value& out) {
        const size_t start = pos_;
        ++pos_;  // 'i'
        const bool negative = peek() == '-';
        if (negative) ++pos_;
        if (!peek_digit()) {
            return fail(pos_, std::string("expected a digit after ") + (negative ? "'-'" : "'i'") + ", found " +
                                  found(pos_));
        }
        if (peek() == '0') {
            if (negative) {
                return fail(pos_, "expected a digit 1-9 after '-', found '0' (no negative zero or leading zeros)");
            }
            ++pos_;
            if (peek() != 'e') {
                return fail(pos_, "expected 'e' after integer 0, found " + found(pos_) +
                                      (peek_digit() ? " (no leading zeros)" : ""));
            }
            ++pos_;
            out = Value(int64_t{0});
            return true;
        }
        // Accumulate the magnitude unsigned: INT64_MIN's magnitude does not fit in int64_t.
        const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
        uint64_t magnitude = 0;
        for (; peek_digit(); ++pos_) {
            const uint64_t digit = uint64_t(peek() - '0');
            if (magnitude > (limit - digit) / 10) {
                return fail(start, "integer out of range, expected -9223372036854775808 to 9223372036854775807");
            }
            magnitude = magnitude * 10 + digit;
        }
        if (peek() != 'e') return fail(pos_, "expected a digit or 'e' to end the integer, found " + found(pos_));
        ++pos_;
        out = Value(negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude));
        return true;
    }

    bool parse_string(std::string& out) {
        const size_t start = pos_;
        if (peek() == '0') {
            ++pos_;
            if (peek() != ':') {
                return fail(pos_, "expected ':' after string length 0, found " + found(pos_) +
                                      (peek_digit() ? " (no leading zeros)" : ""));
            }
        }
        // Saturate instead of overflowing: any length above the input size is an error anyway.
        const uint64_t cap = uint64_t(in_.size()) + 1;
        uint64_t length = 0;
        for (; peek_digit(); ++pos_) {
            length = length * 10 + uint64_t(peek() - '0');
            if (length > cap) length = cap;
        }
        if (peek() != ':') return fail(pos_, "expected ':' after string length, found " + found(pos_));
        const std::string_view digits = in_.substr(start, pos_ - start);
        ++pos_;
        const size_t left = in_.size() - pos_;
        if (length > left) {
            return fail(start, "expected " + std::string(digits) + " bytes of string data, found only " +
                                   std::to_string(left) + " before the end of input");
        }
        out.assign(in_.data() + pos_, size_t(length));
        pos_ += size_t(length);
        return true;
    }

    bool parse_list(Value& out, int depth) {
        ++pos_;  // 'l'
        Value::List list;
        while (peek() != 'e') {
            Value item;
            if (!parse_value(item, depth, Slot::list_item, {})) return false;
            list.push_back(std::move(item));
        }
        ++pos_;
        out = Value(std::move(list));
        return true;
    }

    bool parse_dict(Value& out, int depth) {
        ++pos_;  // 'd'
        Value::Dict dict;
        while (peek() != 'e') {
            const size_t key_at = pos_;
            if (!peek_digit()) return fail(pos_, "expected a string key or 'e' to end the dict, found " + found(pos_));
            std::string key;
            if (!parse_string(key)) return false;
            if (!dict.empty()) {
                const std::string& previous = dict.rbegin()->first;
                if (key == previous) {
                    return fail(key_at, "expected each dict key once, found " + quote_key(key) + " again");
                }
                if (key < previous) {
                    return fail(key_at, "expected dict keys in sorted order, found " + quote_key(key) + " after " +
                                            quote_key(previous));
                }
            }
            Value item;
            if (!parse_value(item, depth, Slot::dict_value, key)) return false;
            dict.emplace_hint(dict.end(), std::move(key), std::move(item));
        }
        ++pos_;
        out = Value(std::move(dict));
        return true;
    }

    std::string_view in_;
    size_t pos_ = 0;
    Error error_;
};

}  // namespace

Result<Value> decode_bencode(std::string_view input) {
    Decoder decoder(input);
    // Built in place: moving a decoded Value into a Result trips GCC 12's -Wmaybe-uninitialized
    // false positive on std::variant, which -Werror turns into a build failure.
    Result<Value> result{Value()};
    if (!decoder.run(result.value())) return decoder.error();
    return result;
}

}  // namespace swarmscope

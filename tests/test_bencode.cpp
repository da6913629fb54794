#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "bencode.h"

using namespace swarmscope;

namespace {

// The decoder must refuse `input`, pointing at `offset`, with exactly `message`.
void check_rejects(const std::string& input, size_t offset, const std::string& message) {
    CAPTURE(input);
    const Result<Value> result = decode_bencode(input);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().offset == offset);
    CHECK(result.error().message == message);
}

// Canonical input must decode and re-encode to the very same bytes.
void check_round_trip(const std::string& input) {
    CAPTURE(input);
    const Result<Value> result = decode_bencode(input);
    REQUIRE(result.ok());
    CHECK(encode_bencode(*result) == input);
    CHECK(encoded_size(*result) == input.size());
}

}  // namespace

TEST_CASE("bencode: encodes each kind canonically") {
    CHECK(encode_bencode(Value(42)) == "i42e");
    CHECK(encode_bencode(Value(0)) == "i0e");
    CHECK(encode_bencode(Value(-7)) == "i-7e");
    CHECK(encode_bencode(Value(std::numeric_limits<int64_t>::min())) == "i-9223372036854775808e");
    CHECK(encode_bencode(Value("spam")) == "4:spam");
    CHECK(encode_bencode(Value("")) == "0:");
    CHECK(encode_bencode(Value(std::string("a\0b", 3))) == std::string("3:a\0b", 5));
    CHECK(encode_bencode(Value(Value::List{Value("spam"), Value(42)})) == "l4:spami42ee");
    CHECK(encode_bencode(Value(Value::List{})) == "le");
    CHECK(encode_bencode(Value(Value::Dict{})) == "de");

    // Keys come out in raw-byte order whatever the insertion order; 0x80 sorts after 'z'.
    Value::Dict dict;
    dict["\x80"] = Value(3);
    dict["zoo"] = Value(2);
    dict["ant"] = Value(Value::List{Value(1)});
    CHECK(encode_bencode(Value(dict)) == "d3:antli1ee3:zooi2e1:\x80i3ee");
}

TEST_CASE("bencode: decoded values round-trip byte for byte") {
    check_round_trip("i0e");
    check_round_trip("i-1e");
    check_round_trip("i9223372036854775807e");
    check_round_trip("i-9223372036854775808e");
    check_round_trip("0:");
    check_round_trip(std::string("5:a\0b\xff\n", 7));
    check_round_trip("le");
    check_round_trip("de");
    check_round_trip("l4:spami42eli-3eedee");
    check_round_trip("d1:ai1e2:abi2e1:bli3eee");  // "ab" sorts between "a" and "b"
    check_round_trip("d1:ai1e1:\xffi2ee");         // 0xff sorts after 'a'
    check_round_trip("d8:announce14:http://tracker4:infod6:lengthi100e4:name1:xee");
}

TEST_CASE("bencode: decoded structure and accessors") {
    const Result<Value> result = decode_bencode("d4:listli1ei2ee3:numi-5e3:str3:abce");
    REQUIRE(result.ok());
    const Value& top = *result;
    CHECK(top.kind() == Value::Kind::dict);
    REQUIRE(top.find("num") != nullptr);
    CHECK(top.find("num")->as_int() == -5);
    REQUIRE(top.find("str") != nullptr);
    REQUIRE(top.find("str")->as_string() != nullptr);
    CHECK(*top.find("str")->as_string() == "abc");
    REQUIRE(top.find("list") != nullptr);
    REQUIRE(top.find("list")->as_list() != nullptr);
    CHECK(*top.find("list")->as_list() == Value::List{Value(1), Value(2)});
    CHECK(top.as_dict()->size() == 3);

    // Asking for the wrong kind gives nothing, never an exception.
    CHECK(top.find("missing") == nullptr);
    CHECK_FALSE(top.find("str")->as_int().has_value());
    CHECK(top.find("num")->as_string() == nullptr);
    CHECK(top.find("num")->as_list() == nullptr);
    CHECK(top.find("num")->as_dict() == nullptr);
    CHECK(top.find("num")->find("anything") == nullptr);
    CHECK(top.as_int() == std::nullopt);

    CHECK(kind_name(Value::Kind::integer) == std::string("an integer"));
    CHECK(kind_name(top.kind()) == std::string("a dict"));
}

TEST_CASE("bencode: encoded_size matches the encoding") {
    const Value values[] = {
        Value(0), Value(-10), Value(std::numeric_limits<int64_t>::max()), Value(std::numeric_limits<int64_t>::min()),
        Value(std::string(10, 'x')), Value(Value::List{Value("a"), Value(Value::Dict{{"k", Value(1)}})}),
    };
    for (const Value& value : values) CHECK(encoded_size(value) == encode_bencode(value).size());
}

TEST_CASE("bencode: rejects leading zeros") {
    check_rejects("i03e", 2, "byte 2: expected 'e' after integer 0, found '3' (no leading zeros)");
    check_rejects("i00e", 2, "byte 2: expected 'e' after integer 0, found '0' (no leading zeros)");
    check_rejects("03:abc", 1, "byte 1: expected ':' after string length 0, found '3' (no leading zeros)");
    check_rejects("l01:ae", 2, "byte 2: expected ':' after string length 0, found '1' (no leading zeros)");
}

TEST_CASE("bencode: rejects negative zero and signs without digits") {
    check_rejects("i-0e", 2, "byte 2: expected a digit 1-9 after '-', found '0' (no negative zero or leading zeros)");
    check_rejects("i-05e", 2, "byte 2: expected a digit 1-9 after '-', found '0' (no negative zero or leading zeros)");
    check_rejects("i-e", 2, "byte 2: expected a digit after '-', found 'e'");
    check_rejects("ie", 1, "byte 1: expected a digit after 'i', found 'e'");
    check_rejects("i+1e", 1, "byte 1: expected a digit after 'i', found '+'");
    check_rejects("i--1e", 2, "byte 2: expected a digit after '-', found '-'");
    check_rejects("i12xe", 3, "byte 3: expected a digit or 'e' to end the integer, found 'x'");
    check_rejects("-1:a", 0, "byte 0: expected a value ('i', 'l', 'd' or a string length), found '-'");
}

TEST_CASE("bencode: rejects integers outside 64 bits") {
    check_rejects("i9223372036854775808e", 0,
                  "byte 0: integer out of range, expected -9223372036854775808 to 9223372036854775807");
    check_rejects("i-9223372036854775809e", 0,
                  "byte 0: integer out of range, expected -9223372036854775808 to 9223372036854775807");
    check_rejects("li1ei123456789012345678901234567890ee", 4,
                  "byte 4: integer out of range, expected -9223372036854775808 to 9223372036854775807");
    CHECK(decode_bencode("i9223372036854775807e")->as_int() == std::numeric_limits<int64_t>::max());
    CHECK(decode_bencode("i-9223372036854775808e")->as_int() == std::numeric_limits<int64_t>::min());
}

TEST_CASE("bencode: rejects string lengths past the end of input") {
    check_rejects("5:abc", 0, "byte 0: expected 5 bytes of string data, found only 3 before the end of input");
    check_rejects("l3:abc10:xe", 6, "byte 6: expected 10 bytes of string data, found only 2 before the end of input");
    check_rejects("99999999999999999999999:x", 0,
                  "byte 0: expected 99999999999999999999999 bytes of string data, found only 1 before the end of "
                  "input");
    check_rejects("3abc", 1, "byte 1: expected ':' after string length, found 'a'");
}

TEST_CASE("bencode: rejects dict keys that are not strings") {
    check_rejects("di1ei2ee", 1, "byte 1: expected a string key or 'e' to end the dict, found 'i'");
    check_rejects("dlei1ee", 1, "byte 1: expected a string key or 'e' to end the dict, found 'l'");
    check_rejects("d1:ai1edei2ee", 7, "byte 7: expected a string key or 'e' to end the dict, found 'd'");
}

TEST_CASE("bencode: rejects unsorted and duplicate dict keys") {
    check_rejects("d1:bi1e1:ai2ee", 7, "byte 7: expected dict keys in sorted order, found \"a\" after \"b\"");
    check_rejects("d1:ai1e1:ai2ee", 7, "byte 7: expected each dict key once, found \"a\" again");
    check_rejects("d2:abi1e1:ai2ee", 8, "byte 8: expected dict keys in sorted order, found \"a\" after \"ab\"");
    // Raw-byte order: 0xff is above 'a', so it must come last.
    check_rejects("d1:\xffi1e1:ai2ee", 7, "byte 7: expected dict keys in sorted order, found \"a\" after \"\\xff\"");
    // Inside a nested dict the offset is still counted from the start of the input.
    check_rejects("d1:xd1:zi0e1:yi0eee", 11, "byte 11: expected dict keys in sorted order, found \"y\" after \"z\"");
}

TEST_CASE("bencode: rejects trailing data after the top-level value") {
    check_rejects("i1ei2e", 3, "byte 3: expected end of input after the top-level value, found 'i'");
    check_rejects("1:ax", 3, "byte 3: expected end of input after the top-level value, found 'x'");
    check_rejects("lee", 2, "byte 2: expected end of input after the top-level value, found 'e'");
    check_rejects(std::string("de\0", 3), 2,
                  "byte 2: expected end of input after the top-level value, found byte 0x00");
}

TEST_CASE("bencode: rejects truncated input") {
    check_rejects("", 0, "byte 0: expected a value ('i', 'l', 'd' or a string length), found end of input");
    check_rejects("i", 1, "byte 1: expected a digit after 'i', found end of input");
    check_rejects("i-", 2, "byte 2: expected a digit after '-', found end of input");
    check_rejects("i12", 3, "byte 3: expected a digit or 'e' to end the integer, found end of input");
    check_rejects("i0", 2, "byte 2: expected 'e' after integer 0, found end of input");
    check_rejects("3", 1, "byte 1: expected ':' after string length, found end of input");
    check_rejects("0", 1, "byte 1: expected ':' after string length 0, found end of input");
    check_rejects("l", 1, "byte 1: expected a value or 'e' to end the list, found end of input");
    check_rejects("li1e", 4, "byte 4: expected a value or 'e' to end the list, found end of input");
    check_rejects("d", 1, "byte 1: expected a string key or 'e' to end the dict, found end of input");
    check_rejects("d1:a", 4, "byte 4: expected a value for key \"a\", found end of input");
    check_rejects("d1:ai1e", 7, "byte 7: expected a string key or 'e' to end the dict, found end of input");
}

TEST_CASE("bencode: rejects bytes that start no value") {
    check_rejects("x", 0, "byte 0: expected a value ('i', 'l', 'd' or a string length), found 'x'");
    check_rejects("\x01", 0, "byte 0: expected a value ('i', 'l', 'd' or a string length), found byte 0x01");
    check_rejects("lxe", 1, "byte 1: expected a value or 'e' to end the list, found 'x'");
    check_rejects("d1:ae", 4, "byte 4: expected a value for key \"a\", found 'e'");
    check_rejects("d2:\x01\"e", 5, "byte 5: expected a value for key \"\\x01\\\"\", found 'e'");
}

TEST_CASE("bencode: nesting is limited to 64 levels") {
    const auto nested = [](int depth, char open) {
        return std::string(size_t(depth), open) + std::string(size_t(depth), 'e');
    };
    check_round_trip(nested(64, 'l'));
    check_rejects(nested(65, 'l'), 64, "byte 64: expected at most 64 nested lists and dicts, found deeper nesting");

    // Dicts count too: 32 levels of "d1:a" reach depth 32, then 33 lists make 65.
    std::string mixed;
    for (int i = 0; i < 32; ++i) mixed += "d1:a";
    mixed += nested(33, 'l');
    mixed += std::string(32, 'e');
    check_rejects(mixed, 32 * 4 + 32, "byte 160: expected at most 64 nested lists and dicts, found deeper nesting");

    // Deep enough to overflow the stack of a naive recursive decoder.
    check_rejects(std::string(1000000, 'l'), 64,
                  "byte 64: expected at most 64 nested lists and dicts, found deeper nesting");
}

// Running text wraps at spaces only, so a number is never split at its decimal point.
#include <doctest/doctest.h>

#include "text_wrap.h"

using namespace swarmscope;

namespace {

// One unit per character (UTF-8 sequences count once), like a monospaced font.
float chars(std::string_view s) {
    float n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace

TEST_CASE("break_lines: at spaces, never after a dot or a comma") {
    // ImGui would break "rate 24.8 KiB/s" after "24." at a width of 8.
    CHECK(break_lines("in 12 pieces", 8, chars) == "in 12\npieces");
    CHECK(break_lines("9 (2.4 KiB/s), 10", 12, chars) == "9\n(2.4 KiB/s),\n10");  // a number keeps its unit
    CHECK(break_lines("wait 30 s", 7, chars) == "wait\n30 s");
    CHECK(break_lines("peer 30 sent", 7, chars) == "peer 30\nsent");  // not a unit
    CHECK(break_lines("1,000 peers, 64 pieces", 11, chars) == "1,000\npeers, 64\npieces");
    CHECK(break_lines("1,000 peers, 64 pieces", 12, chars) == "1,000 peers,\n64 pieces");
    CHECK(break_lines("short", 40, chars) == "short");
    CHECK(break_lines("", 10, chars).empty());
}

TEST_CASE("break_lines: line breaks in the text stay; a word wider than a line is cut") {
    CHECK(break_lines("one two\nthree four", 7, chars) == "one two\nthree\nfour");
    CHECK(break_lines("abcdefghij", 4, chars) == "abcd\nefgh\nij");
    CHECK(break_lines("go abcdefghij", 4, chars) == "go\nabcd\nefgh\nij");
    // Korean words keep their syllables whole, and are cut only between them.
    CHECK(break_lines("피어 세 명", 5, chars) == "피어 세\n명");
    CHECK(break_lines("가나다라마바", 4, chars) == "가나다라\n마바");
    // Even a width too small for one character makes progress, a character a line.
    CHECK(break_lines("ab", 0.5f, chars) == "a\nb");
}

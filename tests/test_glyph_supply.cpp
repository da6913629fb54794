// Fetching the fonts for characters beyond the embedded one: the manifest first, then only the pieces
// that hold needed characters; what no piece has is counted as missing.
#include <doctest/doctest.h>

#include <set>

#include "glyph_supply.h"

using namespace swarmscope;

namespace {

// An atlas that draws ASCII plus whatever the test says it has rebuilt with.
struct FakeAtlas {
    std::set<char32_t> extra;
    bool operator()(char32_t c) const { return c < 0x80 || extra.count(c) > 0; }
};

const char* manifest =
    "# comment\n"
    "hangul-common ac00+3,3+1\n"      // U+AC00-AC03, U+AC06-AC07
    "kana 3041+55,3+66\n"             // U+3041-3096, U+3099-30FF
    "symbols 2500+ff\n";

}  // namespace

TEST_CASE("UTF-8 is decoded to characters, a broken sequence to U+FFFD") {
    CHECK(utf8_chars("añ한") == std::vector<char32_t>{U'a', 0xF1, 0xD55C});
    CHECK(utf8_chars("\xE2\x82") == std::vector<char32_t>{0xFFFD, 0xFFFD});
    CHECK(utf8_chars("\xF0\x9F\x98\x80") == std::vector<char32_t>{0x1F600});
}

TEST_CASE("ASCII text asks for nothing") {
    GlyphSupply supply;
    FakeAtlas atlas;
    supply.need("peer 3 unchokes peer 5");
    CHECK(supply.take_requests(atlas).empty());
    CHECK(supply.missing() == 0);
    CHECK(supply.pending() == 0);
}

TEST_CASE("Korean text fetches the manifest, then only the piece that holds it") {
    GlyphSupply supply;
    FakeAtlas atlas;
    supply.need("\xEA\xB0\x80\xEA\xB0\x81");  // U+AC00 U+AC01
    CHECK(supply.take_requests(atlas) == std::vector<std::string>{"chunks.txt"});
    CHECK(supply.pending() == 2);
    CHECK(supply.take_requests(atlas).empty());  // asked once
    supply.on_file("chunks.txt", manifest);
    CHECK(supply.take_requests(atlas) == std::vector<std::string>{"hangul-common.otf"});
    CHECK(supply.pending() == 2);
    supply.on_file("hangul-common.otf", "font bytes");
    REQUIRE(supply.atlas_stale());
    const auto faces = supply.faces();
    REQUIRE(faces.size() == 1);
    CHECK(faces[0].name == "hangul-common.otf");
    CHECK(faces[0].chars == std::vector<char32_t>{0xAC00, 0xAC01});
    atlas.extra = {0xAC00, 0xAC01};
    supply.atlas_rebuilt();
    CHECK(supply.take_requests(atlas).empty());
    CHECK(supply.missing() == 0);
    CHECK(supply.pending() == 0);
    CHECK(supply.fetched().at("hangul-common.otf") == 10);
}

TEST_CASE("a manifest run starts its gap after the run before") {
    GlyphSupply supply;
    FakeAtlas atlas;
    supply.on_file("chunks.txt", manifest);
    supply.need("\xEA\xB0\x86");  // U+AC06: in the second run of hangul-common
    supply.need("\xE3\x82\x99");  // U+3099: in the second run of kana
    auto asked = supply.take_requests(atlas);
    CHECK(std::set<std::string>(asked.begin(), asked.end()) == std::set<std::string>{"hangul-common.otf", "kana.otf"});
}

TEST_CASE("characters no piece has, a piece that fails and characters beyond 16 bits are missing, not pending") {
    GlyphSupply supply;
    FakeAtlas atlas;
    supply.on_file("chunks.txt", manifest);
    supply.need("\xEA\xB0\x84");      // U+AC04: in the gap of hangul-common
    supply.need("\xF0\x9F\x98\x80");  // U+1F600
    CHECK(supply.take_requests(atlas).empty());
    CHECK(supply.missing() == 2);
    supply.need("\xE3\x81\x82");      // U+3042 hiragana a
    CHECK(supply.take_requests(atlas) == std::vector<std::string>{"kana.otf"});
    CHECK(supply.pending() == 1);
    supply.on_failed("kana.otf");
    supply.take_requests(atlas);
    CHECK(supply.missing() == 3);
    CHECK(supply.pending() == 0);
}

TEST_CASE("a piece that arrived but lacks a character leaves it missing after the rebuild") {
    GlyphSupply supply;
    FakeAtlas atlas;
    supply.on_file("chunks.txt", manifest);
    supply.need("\xE2\x94\x80");  // U+2500, claimed by symbols
    CHECK(supply.take_requests(atlas) == std::vector<std::string>{"symbols.otf"});
    supply.on_file("symbols.otf", "bytes");
    supply.atlas_rebuilt();  // the atlas still does not draw it
    supply.take_requests(atlas);
    CHECK(supply.missing() == 1);
}

TEST_CASE("without a manifest nothing can be fetched and everything beyond the embedded font is missing") {
    GlyphSupply supply;
    FakeAtlas atlas;
    supply.need("\xEA\xB0\x80");
    supply.take_requests(atlas);
    supply.on_failed("chunks.txt");
    CHECK(supply.take_requests(atlas).empty());
    CHECK(supply.missing() == 1);
}

// The UI's tables: every English key translated, the same placeholders in each, and the fallbacks.
#include <doctest/doctest.h>

#include <map>
#include <vector>
#include <set>
#include <string>

#include "condition.h"
#include "error_words.h"
#include "commands.h"
#include "i18n.h"
#include "lesson.h"
#include "reason_words.h"
#include "shell_state.h"
#include "swarm.h"
#include "swarm_fixtures.h"

using namespace swarmscope;

namespace {

std::map<std::string, std::string> entries(const std::string& lang) {
    std::map<std::string, std::string> out;
    for (auto& [k, v] : table_entries(lang)) out[k] = v;
    return out;
}

std::multiset<std::string> placeholders(const std::string& text) {
    std::multiset<std::string> out;
    for (size_t i = 0; i + 2 < text.size(); ++i)
        if (text[i] == '{' && text[i + 1] >= '0' && text[i + 1] <= '9' && text[i + 2] == '}') out.insert(text.substr(i, 3));
    return out;
}

#if SWARMSCOPE_TESTS_ADD_TABLES
}  // namespace
namespace swarmscope {
extern const unsigned char lang_es[], lang_ko[];
extern const std::size_t lang_es_size, lang_ko_size;
}  // namespace swarmscope
namespace {
// The page builds in English only and is handed the others (add_table); these tests do the same.
const bool tables_added = add_table("es", std::string_view(reinterpret_cast<const char*>(lang_es), lang_es_size)) &&
                          add_table("ko", std::string_view(reinterpret_cast<const char*>(lang_ko), lang_ko_size));
#endif

struct KeepLanguage {
    ~KeepLanguage() { set_language("en"); }
};

}  // namespace

TEST_CASE("every key of the English table is in the Spanish and Korean tables, with the same placeholders") {
    const auto en = entries("en");
    REQUIRE(en.size() > 30);
    for (const std::string lang : {"es", "ko"}) {
        const auto other = entries(lang);
        for (const auto& entry : en) {  // (clang 14 cannot capture a structured binding in INFO)
            const std::string& key = entry.first;
            const std::string& text = entry.second;
            INFO(lang << ": " << key);
            REQUIRE(other.count(key) == 1);
            CHECK_FALSE(other.at(key).empty());
            CHECK(placeholders(other.at(key)) == placeholders(text));
        }
        for (const auto& entry : other) {
            INFO(lang << " has a key English lacks: " << entry.first);
            CHECK(en.count(entry.first) == 1);
        }
    }
}

TEST_CASE("tr follows the language, falls back to English then to the key, and fills placeholders") {
    KeepLanguage keep;
    REQUIRE(set_language("en"));
    CHECK(std::string(tr("menu.swarm")) == "Swarm");
    REQUIRE(set_language("es"));
    CHECK(std::string(tr("menu.swarm")) == "Enjambre");
    CHECK(tr("status.fps", {"60"}) == "60 fps");
    CHECK(std::string(tr("no.such.key")) == "no.such.key");
    CHECK(tr_id("menu.swarm") == "Enjambre###menu.swarm");
    CHECK_FALSE(set_language("fr"));
    CHECK(language() == "es");
}

TEST_CASE("the browser's language picks a table, English when there is none") {
    CHECK(best_language("es-MX") == "es");
    CHECK(best_language("ko-KR") == "ko");
    CHECK(best_language("KO") == "ko");
    CHECK(best_language("en-GB") == "en");
    CHECK(best_language("fr-FR") == "en");
    CHECK(best_language("") == "en");
}

TEST_CASE("in English the page tells a choking round's reasons and the next request as the core does") {
    KeepLanguage keep;
    REQUIRE(set_language("en"));
    ChokeWording w;
    w.top = 3;
    w.optimistic_period = seconds(30);
    for (const bool as_seed : {false, true})
        for (int why = 0; why <= static_cast<int>(ChokeWhy::seed_waiting); ++why)
            for (const bool tied : {false, true})
                for (const uint32_t pool : {1u, 4u})
                    for (const bool of_choked : {false, true})
                        for (const int rank : {1, 2, 3, 11, 22}) {
                            ChokeReason r;
                            r.id = 7;
                            r.why = static_cast<ChokeWhy>(why);
                            r.rank = rank;
                            r.rate = 41 * 1024;
                            r.tied = tied;
                            r.waited = milliseconds(12500);
                            r.held = seconds(20);
                            w.pool = pool;
                            w.pool_of_choked = of_choked;
                            CHECK(choke_reason_words(r, as_seed, w) == choke_reason_text(r, as_seed, w));
                        }
    for (int reason = 0; reason <= static_cast<int>(PickReason::sequential); ++reason)
        for (const uint32_t n : {1u, 3u}) {
            RequestPreview p;
            p.reason = static_cast<PickReason>(reason);
            p.piece = 12;
            p.begin = 3 * block_size;
            p.from = 5;
            p.copies = n;
            p.neighbours = n == 1 ? 4 : 1;
            p.candidates = n;
            CHECK(request_preview_words(p) == preview_text(p));
        }
}

TEST_CASE("the reasons read in Spanish and Korean, with the numbers in them") {
    KeepLanguage keep;
    ChokeReason r;
    r.id = 7;
    r.why = ChokeWhy::by_rate;
    r.rank = 2;
    r.rate = 41 * 1024;
    REQUIRE(set_language("es"));
    CHECK(choke_reason_words(r, false, {}) == "unchoke a 7: es el 2.º más rápido en subirnos, 41 KiB/s");
    REQUIRE(set_language("ko"));
    CHECK(choke_reason_words(r, false, {}) == "7 unchoke: 우리에게 2번째로 빠른 uploader, 41 KiB/s");
}

TEST_CASE("the narration's phrases: the English table says what the core says, and every phrase a run tells is in each table") {
    KeepLanguage keep;
    const auto en = entries("en");
    for (const auto& entry : en)
        if (entry.first.rfind("narr.", 0) == 0) {
            INFO(entry.first);
            CHECK(std::string(narration_english(entry.first.c_str())) == entry.second);
        }
    const Swarm s = swarmscope::testing::run_to_end(swarmscope::testing::class_config());
    const std::vector<NarrationEntry> story = narrate(s.trace());
    REQUIRE(story.size() > 20);
    std::set<NarrationKind> kinds;
    for (const NarrationEntry& e : story) {
        kinds.insert(e.kind);
        REQUIRE_FALSE(e.phrases.empty());
        for (const Phrase& p : e.phrases) {
            INFO(p.key);
            CHECK(en.count(p.key) == 1);
        }
        REQUIRE(set_language("en"));
        CHECK(narration_words(e) == e.text);
        REQUIRE(set_language("ko"));
        CHECK(narration_words(e) != e.text);
    }
    CHECK(kinds.size() >= 5);
}

TEST_CASE("errors' words: the English table says what the core says, and a condition's error reads in each language") {
    KeepLanguage keep;
    const auto en = entries("en");
    std::set<std::string> core_keys;
    for (const ErrorWords& w : error_table()) {
        INFO(std::string(w.key));
        core_keys.insert(w.key);
        REQUIRE(en.count(w.key) == 1);
        CHECK(en.at(w.key) == w.english);
    }
    CHECK(core_keys.size() > 25);
    for (const auto& entry : en)
        if (entry.first.rfind("err.", 0) == 0) {
            INFO(entry.first);
            CHECK(core_keys.count(entry.first) == 1);  // a table's error the core never makes is dead
        }
    // The words, with their column, are the core's message in English and another language's in Korean.
    for (const char* text : {"peer 1 has 3 chunks", "time > 1.5min", "(peer 1 complete", "peers 3 complete", ""}) {
        INFO(text);
        const Result<Condition> c = parse_condition(text);
        REQUIRE_FALSE(c.ok());
        CHECK_FALSE(c.error().key.empty());
        REQUIRE(set_language("en"));
        CHECK(condition_error_words(c.error()) == c.error().message);
        REQUIRE(set_language("ko"));
        const std::string ko = condition_error_words(c.error());
        CHECK(ko != c.error().message);
        CHECK(ko.find(std::to_string(c.error().offset)) == 0);
    }
    const Error plain{"byte 3: expected ':'", 3};
    CHECK(error_words(plain) == plain.message);  // no key: its English, in any language
}

TEST_CASE("after a click the status bar speaks the page's language, while scripts still read the English") {
    KeepLanguage keep;
    ShellState s;
    REQUIRE(run_command(s, "lang es").ok);
    struct Case {
        const char* command;
        bool ok;
        const char* spanish;  // the start of what the status bar shows
    };
    REQUIRE(run_command(s, "seek 30s").ok);
    for (const Case& c : {Case{"whatif leave 3", true, "el peer 3 se va en "},
                          Case{"whatif rejoin 3", true, "el peer 3 vuelve en "}, Case{"lesson next", false, "no hay ninguna lección"},
                          Case{"setup peers=5 seeds=2", true, "un enjambre nuevo de 5 leechers y 2 seeds"},
                          Case{"break peer 1 chokes 2", false, "columna 15: se esperaba 'peer' o 'any' después de 'chokes'"},
                          Case{"setup piece_size=0", false, "piece_size"},
                          Case{"seek end", true, "en "}, Case{"step", false, "no hay nada más"}}) {
        const std::string command = c.command;
        INFO(command);
        const CommandResult r = run_command(s, command);
        const std::string shown = s.notice_shown;
        INFO(shown);
        CHECK(r.ok == c.ok);
        CHECK(s.notice == r.message);  // English, word for word as before
        CHECK(s.notice_shown.rfind(c.spanish, 0) == 0);
    }
    CHECK(condition_error_words(s.breakpoint_problem) == "columna 15: se esperaba 'peer' o 'any' después de 'chokes'");
}

TEST_CASE("a lesson's mistake reads in the page's language, down to the kind of value found") {
    KeepLanguage keep;
    const Result<Lesson> l = parse_lesson(R"({"format": 1, "title": "t", "steps": [{"text": ["a list"]}]})", "t");
    REQUIRE_FALSE(l.ok());
    REQUIRE(set_language("en"));
    CHECK(error_words(l.error()) == l.error().message);
    CHECK(l.error().message == "expected text here, found a list");
    REQUIRE(set_language("es"));
    CHECK(error_words(l.error()) == "aquí se esperaba texto (se encontró: una lista)");
}

// The UI's tables: every English key translated, the same placeholders in each, and the fallbacks.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "i18n.h"

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

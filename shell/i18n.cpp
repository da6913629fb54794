#include "i18n.h"

#include <cstddef>
#include <map>

#include "narration.h"
#include "nlohmann/json.hpp"

namespace swarmscope {

extern const unsigned char lang_en[], lang_es[], lang_ko[];
extern const std::size_t lang_en_size, lang_es_size, lang_ko_size;

namespace {

using Table = std::map<std::string, std::string, std::less<>>;

Table parse(const unsigned char* bytes, std::size_t size) {
    Table table;
    const auto json = nlohmann::json::parse(bytes, bytes + size, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
    if (!json.is_object()) return table;  // the table tests catch a broken file; the page falls back to English
    for (const auto& [key, value] : json.items())
        if (value.is_string()) table.emplace(key, value.get<std::string>());
    return table;
}

const Table& table(const std::string& lang) {
    static const std::map<std::string, Table> tables = {
        {"en", parse(lang_en, lang_en_size)},
        {"es", parse(lang_es, lang_es_size)},
        {"ko", parse(lang_ko, lang_ko_size)},
    };
    static const Table none;
    auto it = tables.find(lang);
    return it == tables.end() ? none : it->second;
}

std::string& current() {
    static std::string lang = "en";
    return lang;
}

}  // namespace

const std::vector<std::string>& languages() {
    static const std::vector<std::string> list = {"en", "es", "ko"};
    return list;
}

const char* language_name(const std::string& lang) {
    if (lang == "es") return "Español";
    if (lang == "ko") return "한국어";
    return "English";
}

std::string best_language(std::string_view browser_lang) {
    const std::string_view primary = browser_lang.substr(0, browser_lang.find_first_of("-_"));
    for (const std::string& lang : languages())
        if (primary.size() == lang.size() && std::equal(lang.begin(), lang.end(), primary.begin(),
                                                        [](char a, char b) { return a == (b | 0x20); }))
            return lang;
    return "en";
}

bool set_language(const std::string& lang) {
    for (const std::string& l : languages())
        if (l == lang) {
            current() = lang;
            return true;
        }
    return false;
}

const std::string& language() { return current(); }

const char* tr(const char* key) {
    const Table& own = table(current());
    if (auto it = own.find(key); it != own.end()) return it->second.c_str();
    const Table& en = table("en");
    if (auto it = en.find(key); it != en.end()) return it->second.c_str();
    return key;
}

std::string tr(const char* key, std::initializer_list<std::string> args) { return fill_phrase(tr(key), std::vector<std::string>(args)); }

std::string tr(const char* key, const std::vector<std::string>& args) { return fill_phrase(tr(key), args); }

std::string tr_id(const char* key) { return std::string(tr(key)) + "###" + key; }

std::vector<std::pair<std::string, std::string>> table_entries(const std::string& lang) {
    const Table& t = table(lang);
    return {t.begin(), t.end()};
}

}  // namespace swarmscope

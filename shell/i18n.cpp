#include "i18n.h"

#include <algorithm>
#include <cstddef>
#include <map>

#include "phrase.h"
#include "nlohmann/json.hpp"

namespace swarmscope {

extern const unsigned char lang_en[];
extern const std::size_t lang_en_size;
#if SWARMSCOPE_ALL_TABLES_BUILT_IN
extern const unsigned char lang_es[], lang_ko[];
extern const std::size_t lang_es_size, lang_ko_size;
#endif

namespace {

using Table = std::map<std::string, std::string, std::less<>>;

Table parse(std::string_view text) {
    Table table;
    const auto json = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
    if (!json.is_object()) return table;  // the table tests catch a broken file; the page falls back to English
    for (const auto& [key, value] : json.items())
        if (value.is_string()) table.emplace(key, value.get<std::string>());
    return table;
}

Table parse(const unsigned char* bytes, std::size_t size) { return parse(std::string_view(reinterpret_cast<const char*>(bytes), size)); }

// The tables here: built in, then added as they arrive. A table, once here, stays (tr()'s pointers into it too).
std::map<std::string, Table>& tables() {
    static std::map<std::string, Table> all = {
        {"en", parse(lang_en, lang_en_size)},
#if SWARMSCOPE_ALL_TABLES_BUILT_IN
        {"es", parse(lang_es, lang_es_size)},
        {"ko", parse(lang_ko, lang_ko_size)},
#endif
    };
    return all;
}

const Table& table(const std::string& lang) {
    static const Table none;
    auto it = tables().find(lang);
    return it == tables().end() ? none : it->second;
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

namespace {

bool known(const std::string& lang) { return std::find(languages().begin(), languages().end(), lang) != languages().end(); }

}  // namespace

bool set_language(const std::string& lang) {
    if (!known(lang)) return false;
    current() = lang;
    return true;
}

bool has_table(const std::string& lang) { return tables().count(lang) == 1; }

bool add_table(const std::string& lang, std::string_view json) {
    if (!known(lang) || has_table(lang)) return known(lang);
    Table t = parse(json);
    if (t.empty()) return false;
    tables().emplace(lang, std::move(t));
    return true;
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

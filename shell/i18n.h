// The page's words in the class's language. One table per language (shell/lang/en.json, es.json,
// ko.json: key -> text). English is built into the program, and in the desktop app the others too;
// the page fetches another language's table when it is chosen (add_table). A key a table lacks, or
// a table still on its way, falls back to English, then to the key itself: nothing is lost.
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace swarmscope {

// The languages with a table, in menu order: "en", "es", "ko".
const std::vector<std::string>& languages();
// A language's own name for itself ("English", "Español", "한국어").
const char* language_name(const std::string& lang);
// "es-MX" -> "es"; a language without a table -> "en".
std::string best_language(std::string_view browser_lang);

// Switches every tr() to `lang`; false (and nothing changes) if it is not one of languages(). Its
// table may still have to be added: until then the words are English.
bool set_language(const std::string& lang);
// Whether `lang`'s table is here (built in or added).
bool has_table(const std::string& lang);
// Adds a language's table from its JSON text (lang/LANG.json); false if it is not one of languages()
// or the text is not a table.
bool add_table(const std::string& lang, std::string_view json);
const std::string& language();

// The text for `key` in the current language.
const char* tr(const char* key);
// The same with {0}, {1}, ... replaced by the arguments.
std::string tr(const char* key, std::initializer_list<std::string> args);
std::string tr(const char* key, const std::vector<std::string>& args);
// A label whose ImGui identity stays the same in every language: "Texto###key".
std::string tr_id(const char* key);

// Every key and text of a language's table, for the tests and for fetching its glyphs.
std::vector<std::pair<std::string, std::string>> table_entries(const std::string& lang);

}  // namespace swarmscope

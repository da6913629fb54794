#include "commands.h"

#include <sstream>

#include "version.h"

namespace swarmscope {

namespace {

std::vector<std::string> split_words(std::string_view text) {
    std::istringstream in{std::string(text)};
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}

CommandResult refuse(std::string message) { return {false, std::move(message)}; }

CommandResult help_command(ShellState& s, const std::vector<std::string>& args) {
    if (args.size() > 1) return refuse("help takes at most one word: show, hide or toggle");
    const std::string mode = args.empty() ? "toggle" : args[0];
    if (mode == "show") s.help_open = true;
    else if (mode == "hide") s.help_open = false;
    else if (mode == "toggle") s.help_open = !s.help_open;
    else return refuse("help " + mode + ": expected show, hide or toggle");
    return {true, s.help_open ? "help shown" : "help hidden"};
}

CommandResult theme_command(ShellState& s, const std::vector<std::string>& args) {
    if (args.size() != 1) return refuse("theme needs one word: dark, light or toggle");
    if (args[0] == "dark") s.theme = Theme::dark;
    else if (args[0] == "light") s.theme = Theme::light;
    else if (args[0] == "toggle") s.theme = s.theme == Theme::dark ? Theme::light : Theme::dark;
    else return refuse("theme " + args[0] + ": expected dark, light or toggle");
    return {true, s.theme == Theme::dark ? "dark theme" : "light theme"};
}

}  // namespace

const std::vector<CommandInfo>& command_list() {
    static const std::vector<CommandInfo> list = {
        {"help [show|hide|toggle]", "show or hide the help window (F1)"},
        {"theme dark|light|toggle", "switch the colour theme (F2)"},
        {"version", "print the program version"},
    };
    return list;
}

CommandResult run_command(ShellState& state, std::string_view text) {
    std::vector<std::string> words = split_words(text);
    if (words.empty()) return refuse("empty command; try 'help'");
    const std::string name = words.front();
    words.erase(words.begin());
    CommandResult result;
    if (name == "help") result = help_command(state, words);
    else if (name == "theme") result = theme_command(state, words);
    else if (name == "version" && words.empty()) result = {true, "Swarmscope " + std::string(version())};
    else if (name == "version") result = refuse("version takes no arguments");
    else result = refuse("unknown command '" + name + "'; known: help, theme, version");
    if (result.ok) {
        ++state.commands_run;
        state.last_command = std::string(text);
    }
    return result;
}

}  // namespace swarmscope

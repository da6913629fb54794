#include <doctest/doctest.h>

#include "commands.h"
#include "i18n.h"
#include "state_json.h"
#include "version.h"

using namespace swarmscope;

TEST_CASE("help toggles, shows and hides the help window") {
    ShellState s;
    CHECK(run_command(s, "help").message == "help shown");
    CHECK(s.panel_open("help"));
    CHECK(run_command(s, "help toggle").message == "help hidden");
    CHECK_FALSE(s.panel_open("help"));
    CHECK(run_command(s, "  help   show ").ok);
    CHECK(s.panel_open("help"));
    CHECK(run_command(s, "help hide").ok);
    CHECK_FALSE(s.panel_open("help"));
    CHECK(s.commands_run == 4);
    CHECK(s.last_command == "help hide");
}

TEST_CASE("theme switches between dark and light") {
    ShellState s;
    CHECK(run_command(s, "theme light").message == "light theme");
    CHECK(s.theme == Theme::light);
    CHECK(run_command(s, "theme toggle").message == "dark theme");
    CHECK(s.theme == Theme::dark);
}

TEST_CASE("bad commands are refused with a reason and change nothing") {
    ShellState s;
    const CommandResult empty = run_command(s, "   ");
    CHECK_FALSE(empty.ok);
    CHECK(empty.message == "empty command; try 'help'");
    CHECK(run_command(s, "warp 9").message.rfind("unknown command 'warp'; known: play, pause,", 0) == 0);
    CHECK(run_command(s, "theme purple").message == "theme purple: expected dark, light or toggle");
    CHECK(run_command(s, "help me now").message == "help takes at most one word: show, hide or toggle");
    CHECK(run_command(s, "version 2").message == "version takes no arguments");
    CHECK(s.commands_run == 0);
    CHECK_FALSE(s.panel_open("help"));
    CHECK(s.theme == Theme::dark);
}

TEST_CASE("version names the program") {
    ShellState s;
    CHECK(run_command(s, "version").message == "Swarmscope " + std::string(version()));
}

TEST_CASE("the state as JSON carries what the page's tests read") {
    ShellState s;
    s.frame = 12;
    s.width = 800;
    s.height = 600;
    s.pixel_ratio = 2;
    s.widgets["help"] = {10, 2, 40, 20};
    const nlohmann::json j = state_to_json(s);
    CHECK(j["frame"] == 12);
    CHECK(j["width"] == 800.0);
    CHECK(j["height"] == 600.0);
    CHECK(j["pixel_ratio"] == 2.0);
    CHECK(j["version"] == std::string(version()));
    CHECK(j["theme"] == "dark");
    CHECK(j["widgets"]["help"]["w"] == 40.0);
}

TEST_CASE("lang switches the page's language; an unknown one is refused and changes nothing") {
    ShellState s;
    CHECK(s.lang == "en");
    CommandResult r = run_command(s, "lang es", 0);
    CHECK(r.ok);
    CHECK(s.lang == "es");
    CHECK(language() == "es");
    r = run_command(s, "lang fr", 0);
    CHECK_FALSE(r.ok);
    CHECK(r.message.find("en, es, ko") != std::string::npos);
    CHECK(s.lang == "es");
    r = run_command(s, "lang", 0);
    CHECK_FALSE(r.ok);
    CHECK(run_command(s, "lang en", 0).ok);
    CHECK(language() == "en");
}

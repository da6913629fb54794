// Lessons from the shell: the commands a lecturer (or the page's script) uses, and state().lesson.
#include <doctest/doctest.h>

#include "commands.h"
#include "lesson_library.h"
#include "state_json.h"

using namespace swarmscope;

namespace {

const char* const lesson_text = R"({"format": 1, "title": "Commands", "setup": {"peers": 4, "pieces": 8, "rng_seed": 2},
  "steps": [
    {"text": "look"},
    {"text": "guess", "until": "completed >= 1",
     "question": {"prompt": "Which?", "choices": ["one", "two"], "answer": "two", "explain": "because"}},
    {"text": "more", "until": "completed >= 4"}
  ]})";

}  // namespace

TEST_CASE("lesson commands open, play, answer and step back through a lesson") {
    ShellState s;
    REQUIRE(editor_load(s, lesson_text, "commands", true).ok);
    REQUIRE(s.session.lesson());
    nlohmann::json j = state_to_json(s)["lesson"];
    CHECK(j["name"] == "commands");
    CHECK(j["step"] == 1);
    CHECK(j["steps"] == 3);
    CHECK(j["question_open"] == false);

    CHECK(run_command(s, "lesson next").ok);  // step 1 does not move: it ends at once
    CHECK(s.session.lesson()->at_step_end());
    CHECK(run_command(s, "lesson next").ok);  // on to step 2, which asks first
    CHECK(state_to_json(s)["lesson"]["question_open"] == true);
    CHECK_FALSE(run_command(s, "lesson next").ok);  // the swarm waits for the answer
    CHECK_FALSE(run_command(s, "lesson answer Q").ok);
    const CommandResult wrong = run_command(s, "lesson answer A");
    CHECK(wrong.ok);
    CHECK(wrong.message == "not quite");
    CHECK(s.session.lesson_playing());  // the reveal: the step plays
    CHECK(run_command(s, "lesson next").ok);  // pressed again: to its end at once
    CHECK(s.session.swarm().metrics().completed >= 1);
    CHECK(s.session.lesson()->at_step_end());
    const SimTime end_of_2 = s.session.swarm().now();

    CHECK(run_command(s, "lesson prev").ok);  // to the start of step 2
    CHECK(s.session.swarm().now() < end_of_2);
    CHECK(s.session.lesson()->question_open());
    CHECK(run_command(s, "lesson step 3").ok);
    CHECK(state_to_json(s)["lesson"]["step"] == 3);
    CHECK_FALSE(run_command(s, "lesson step 4").ok);
    CHECK(run_command(s, "lesson close").ok);
    CHECK_FALSE(s.session.lesson());
    CHECK(state_to_json(s)["lesson"].is_null());
}

TEST_CASE("an edited lesson that does not load keeps the canvas and names its line and column") {
    ShellState s;
    REQUIRE(editor_load(s, lesson_text, "commands", true).ok);
    const std::string hash = state_to_json(s)["trace_hash"];
    std::string broken = lesson_text;
    const std::string good_until = "\"until\": \"completed >= 1\"";
    broken.replace(broken.find(good_until), good_until.size(), "\"until\": \"completed >> 1\"");
    editor_typed(s, broken);
    CHECK(s.editor.dirty);
    CHECK(s.editor.error_line == 4);
    CHECK(s.editor.error_column == 43);  // the ">>", inside the condition
    CHECK_FALSE(run_command(s, "lesson apply").ok);
    CHECK(s.session.lesson()->lesson().title == "Commands");  // still the old one
    CHECK(state_to_json(s)["trace_hash"] == hash);
    CHECK(s.editor.text == broken);  // the lecturer's text is kept
    editor_typed(s, lesson_text);
    CHECK(s.editor.problem.message.empty());
    CHECK(run_command(s, "lesson apply").ok);
}

TEST_CASE("every shipped lesson opens by name, and an unknown name is refused with the list") {
    ShellState s;
    REQUIRE(!shipped_lessons().empty());
    for (const ShippedLesson& l : shipped_lessons()) {
        CAPTURE(l.name);
        CHECK(run_command(s, "lesson open " + std::string(l.name)).ok);
        CHECK(s.session.lesson()->lesson().name == l.name);
        CHECK(s.editor.text == l.text);
    }
    const CommandResult bad = run_command(s, "lesson open no_such_lesson");
    CHECK_FALSE(bad.ok);
    CHECK(bad.message.find(std::string(shipped_lessons().front().name)) != std::string::npos);
    CHECK(run_command(s, "editor share").ok);
    CHECK(s.platform_requests == std::vector<std::string>{"share"});
}

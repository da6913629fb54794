// Lessons: loading (with places in errors), questions, and playing steps forward and back.
#include <doctest/doctest.h>

#include "json_positions.h"
#include "lesson_run.h"

using namespace swarmscope;

namespace {

const char* const two_steps = R"(// a comment
{
  "format": 1,
  "title": "Two steps",
  "setup": {"peers": 4, "pieces": 8, "rng_seed": 5, "events": [{"at": "20s", "peer": 3, "do": "join"}]},
  "steps": [
    {"text": "start"},
    {"text": "peer 3 arrives", "until": "peer 3 joins",
     "question": {"prompt": "When?", "answer": 20, "tolerance": 1, "unit": "s"},
     "expect": ["time >= 20s", "peer 3 has 0 pieces"]},
    {"text": "a round", "step": {"unit": "choke round", "count": 2}, "expect": ["peer 3 complete"]}
  ]
})";

Lesson load(const char* text) {
    Result<Lesson> l = parse_lesson(text, "test");
    REQUIRE_MESSAGE(l.ok(), (l ? "" : l.error().message));
    return std::move(*l);
}

}  // namespace

TEST_CASE("a lesson loads onto the lecture default, naming only what it changes") {
    const Lesson l = load(two_steps);
    CHECK(l.title == "Two steps");
    CHECK(l.config.peers == 4);
    CHECK(l.config.pieces == 8);
    CHECK(l.config.piece_size == 32 * 1024);  // the lecture default, not named
    REQUIRE(l.config.schedule.size() == 1);
    CHECK(l.config.schedule[0].time == seconds(20));
    CHECK(l.config.schedule[0].kind == ChangeKind::join);
    REQUIRE(l.steps.size() == 3);
    CHECK_FALSE(l.steps[0].moves());
    CHECK(l.steps[1].line == 8);
    CHECK(l.steps[2].unit == StepUnit::choke_round);
    CHECK(l.steps[2].count == 2);
}

TEST_CASE("lesson errors name the line and column of the value at fault") {
    const std::string text = "{\n  \"format\": 1,\n  \"title\": \"x\",\n  \"setup\": {\"peers\": \"many\"},\n  \"steps\": [{\"text\": \"a\"}]\n}";
    Result<Lesson> l = parse_lesson(text);
    REQUIRE_FALSE(l.ok());
    const TextPlace p = place_of(text, l.error().offset);
    CHECK(p.line == 4);
    CHECK(p.column == 22);
    CHECK(l.error().message.find("peers needs a whole number") != std::string::npos);

    // A condition's own column is carried into the file.
    const std::string cond = "{\"format\": 1, \"title\": \"x\", \"steps\": [{\"text\": \"a\", \"until\": \"time >> 3s\"}]}";
    Result<Lesson> c = parse_lesson(cond);
    REQUIRE_FALSE(c.ok());
    CHECK(place_of(cond, c.error().offset).column == static_cast<int>(cond.find(">>")) + 1);

    // Columns count characters, not bytes.
    CHECK(place_of("\"한국어\" x", 11).column == 6);
}

TEST_CASE("a question takes a choice by letter, number or text, and a number within its tolerance") {
    LessonQuestion q;
    q.choices = {"all", "some", "none"};
    q.answer = 1;
    CHECK(q.check("B") == true);
    CHECK(q.check("b") == true);
    CHECK(q.check("2") == true);
    CHECK(q.check("some") == true);
    CHECK(q.check("A") == false);
    CHECK_FALSE(q.check("Z").has_value());
    LessonQuestion n;
    n.number = 20;
    n.tolerance = 1;
    CHECK(n.check("20.5") == true);
    CHECK(n.check("22") == false);
    CHECK_FALSE(n.check("soon").has_value());
}

TEST_CASE("a lesson steps forward to each step's end, holds at an open question, and steps back to a step's start") {
    LessonRun run(load(two_steps));
    const uint64_t start = run.controller().position();  // the t = 0 events have run
    CHECK(run.controller().swarm().now() == 0);
    CHECK(run.finish_step());  // step 1 does not move
    CHECK(run.controller().position() == start);
    REQUIRE(run.next());
    CHECK(run.question_open());
    CHECK_FALSE(run.finish_step());  // the question holds it
    CHECK_FALSE(run.next());
    CHECK_FALSE(run.answer("when it likes").has_value());
    CHECK(run.answer("19.5") == true);
    CHECK(run.finish_step());
    const SimTime joined = run.controller().swarm().now();
    CHECK(joined == seconds(20));
    CHECK(run.failures().empty());
    REQUIRE(run.next());
    run.finish_step();
    const uint64_t end = run.controller().position();
    CHECK(end > 0);
    // Back: to the start of this step, then to the start of the one before.
    CHECK(run.prev());
    CHECK(run.step() == 2);
    CHECK(run.controller().swarm().now() == joined);
    CHECK(run.prev());
    CHECK(run.step() == 1);
    CHECK(run.question_open());  // asked again
    // Forward again reaches exactly the same place.
    run.go_to_step(2);
    run.finish_step();
    CHECK(run.controller().position() == end);
}

TEST_CASE("a failed expect names its step; a sweep and a comparison run to their ends") {
    const char* text = R"({"format": 1, "title": "t", "setup": {"peers": 3, "pieces": 6},
      "compare": {"label": "rarest", "other_label": "random", "setup": {"picker": "random"}},
      "steps": [{"text": "go", "until": "completed >= 1", "expect": ["completed >= 3"], "expect_compared": ["time >= 0s"]}]})";
    LessonRun run(load(text));
    run.run_to_end();
    REQUIRE(run.failures().size() == 1);
    CHECK(run.failures()[0].step == 0);
    CHECK(run.failures()[0].what.find("completed >= 3") != std::string::npos);
    CHECK(run.controller(1).swarm().now() == run.controller(0).swarm().now());  // stepped together
    const CompareOutcome& o = run.compare_outcome();
    CHECK(o.time_s > 0);
    CHECK(o.other_time_s > 0);

    const char* sweep = R"({"format": 1, "title": "t", "setup": {"pieces": 6},
      "sweep": {"setting": "peers", "values": [2, 6]}, "steps": [{"text": "see"}]})";
    LessonRun s(load(sweep));
    while (s.sweep_pending()) s.sweep_one();
    REQUIRE(s.sweep().size() == 2);
    CHECK(s.sweep()[1].peers == 6);
    for (const SweepPoint& p : s.sweep()) CHECK(p.measured_s >= p.bound_p2p_s);
    CHECK(s.sweep()[1].bound_cs_s > s.sweep()[0].bound_cs_s);
}

TEST_CASE("scheduled what-ifs happen at their time") {
    const char* text = R"({"format": 1, "title": "t", "setup": {"peers": 4, "pieces": 8,
      "events": [{"at": "5s", "peer": 1, "do": "free_rider"}, {"at": 6, "do": "add_leecher"}]},
      "steps": [{"text": "go", "until": "time >= 7s", "expect": ["peer 4 neighbours >= 1"]}]})";
    LessonRun run(load(text));
    run.run_to_end();
    CHECK(run.failures().empty());
    CHECK(run.controller().swarm().peers()[1].free_rider);
    CHECK(run.controller().swarm().peers().size() == 6);  // 4 leechers, the seed, and the one added
}

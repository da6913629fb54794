// Lessons: a script that sets up a swarm and walks a class through it step by step. Loaded from JSON
// (comments allowed; lessons/schema.json describes the format), with errors that name a line and column.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "condition.h"
#include "result.h"
#include "step_marks.h"
#include "swarm_config.h"

namespace swarmscope {

constexpr int lesson_format = 1;  // the "format" a lesson file declares; newer files are refused

struct LessonQuestion {
    std::string prompt;
    std::vector<std::string> choices;  // multiple choice: the answer is an index into these
    int answer = -1;
    std::optional<double> number;      // or a number, right within `tolerance`
    double tolerance = 0;
    std::string unit;                  // shown after the number box: "s", "pieces"
    std::string explain;               // shown once answered or skipped

    bool multiple_choice() const { return !choices.empty(); }
    // "2" or "B" for a choice (by number from 1, or by letter), "3.5" for a number.
    std::optional<bool> check(std::string_view answer_text) const;
};

struct LessonHighlight {
    std::vector<PeerId> peers;
    std::vector<PieceIndex> pieces;
    std::vector<std::pair<PeerId, PeerId>> connections;
    std::vector<std::string> panels;  // "narration", "pieces", "distribution", "inspector"
    bool empty() const { return peers.empty() && pieces.empty() && connections.empty() && panels.empty(); }
};

struct LessonCheck {
    std::string text;  // as written, for messages
    Condition condition;
    int which = 0;     // 0: the lesson's swarm; 1: the compared one
};

struct LessonStep {
    std::string text;               // the narration, in the lecturer's words
    std::string until_text;         // run until this holds (the breakpoint language) ...
    Condition until;
    StepUnit unit = StepUnit::choke_round;  // ... or step by `count` of `unit`; neither: the swarm stays
    int count = 0;
    LessonHighlight highlight;
    std::optional<LessonQuestion> question;
    std::vector<LessonCheck> expect;  // must hold when the step ends
    int line = 0;                     // where the step starts in its file

    bool moves() const { return !until.empty() || count > 0; }
};

// A second swarm beside the first, differing in the settings `setup` names, on the same RNG seed.
struct LessonCompare {
    std::string label, other_label;  // under each swarm: "rarest first", "random order"
    SwarmConfig config;
};

// The same set-up run to the end for each value of one setting, against the two bounds.
struct LessonSweep {
    std::string setting;               // a set-up key: "peers", "server_up", ...
    std::vector<std::string> values;   // as written
    std::vector<SwarmConfig> configs;  // one per value
    double max_ratio = 0;              // if set, each run must finish within this multiple of D_p2p
};

struct Lesson {
    std::string name;  // the file's stem, "rarest_first"
    std::string title, summary;
    SwarmConfig config;
    std::optional<LessonCompare> compare;
    std::optional<LessonSweep> sweep;
    std::vector<LessonStep> steps;
};

// Error::offset is the byte offset of the problem; Error::message has no place in it (see place_of()).
// The set-up starts from lecture_config(), so a lesson names only what it changes.
Result<Lesson> parse_lesson(std::string_view text, std::string name = {});
// "FILE:LINE:COLUMN: message", as compilers print it.
std::string lesson_error_text(std::string_view file, std::string_view text, const Error& error);

}  // namespace swarmscope

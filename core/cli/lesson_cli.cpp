#include "lesson_cli.h"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "lesson_run.h"
#include "run_report.h"
#include "trace.h"

namespace swarmscope {

namespace {

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string stem(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const size_t dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(0, dot);
}

// Loads a lesson, or prints FILE:LINE:COLUMN: message and returns nothing.
std::optional<Lesson> load(const std::string& path) {
    const std::optional<std::string> text = read_file(path);
    if (!text) {
        std::fprintf(stderr, "%s: cannot read the file\n", path.c_str());
        return std::nullopt;
    }
    Result<Lesson> lesson = parse_lesson(*text, stem(path));
    if (!lesson) {
        std::fprintf(stderr, "%s\n", lesson_error_text(path, *text, lesson.error()).c_str());
        return std::nullopt;
    }
    return std::move(*lesson);
}

// The figure the lesson ends on, as a class would check it.
std::string ending(LessonRun& run) {
    char line[256];
    const Swarm& s = run.controller().swarm();
    if (run.lesson().sweep) {
        while (run.sweep_pending()) run.sweep_one();
        const SweepPoint& last = run.sweep().back();
        std::snprintf(line, sizeof line, "sweep: at %s = %s the swarm took %.1f s; D_p2p %.1f s, D_cs %.1f s",
                      run.lesson().sweep->setting.c_str(), last.value.c_str(), last.measured_s, last.bound_p2p_s, last.bound_cs_s);
        return line;
    }
    if (run.lesson().compare) {
        const CompareOutcome& o = run.compare_outcome();
        std::snprintf(line, sizeof line, "%s: %s, %s: %s", run.lesson().compare->label.c_str(), distribution_time_text(o.time_s).c_str(),
                      run.lesson().compare->other_label.c_str(), distribution_time_text(o.other_time_s).c_str());
        std::string out = line;
        if (o.time_s >= 0 && o.other_time_s >= 0) {
            std::snprintf(line, sizeof line, " (difference %+.1f s)", o.other_time_s - o.time_s);
            out += line;
        }
        return out;
    }
    std::snprintf(line, sizeof line, "t = %s, %d of %d leechers complete", format_time(s.now()).c_str(), s.metrics().completed,
                  s.leechers());
    return line;
}

int check(const std::vector<std::string>& files) {
    if (files.empty()) {
        std::fprintf(stderr, "usage: swarmscope lesson check FILE...\n");
        return 2;
    }
    bool unparsed = false, failed = false;
    for (const std::string& path : files) {
        std::optional<Lesson> lesson = load(path);
        if (!lesson) {
            unparsed = true;
            continue;
        }
        LessonRun run(std::move(*lesson));
        run.run_to_end();
        const std::string end = ending(run);
        for (const LessonFailure& f : run.failures()) {
            const LessonStep& step = run.lesson().steps[f.step];
            std::printf("%s:%d: step %zu: %s\n", path.c_str(), step.line, f.step + 1, f.what.c_str());
        }
        failed = failed || !run.failures().empty();
        std::printf("%s: %s, %zu steps; ends on %s\n", path.c_str(), run.failures().empty() ? "ok" : "FAILED",
                    run.step_count(), end.c_str());
    }
    return unparsed ? 2 : failed ? 1 : 0;
}

int run_one(const std::vector<std::string>& args) {
    std::string path;
    bool json = false;
    for (const std::string& a : args) {
        if (a == "--json") json = true;
        else if (path.empty()) path = a;
        else {
            std::fprintf(stderr, "usage: swarmscope lesson run FILE [--json]\n");
            return 2;
        }
    }
    if (path.empty()) {
        std::fprintf(stderr, "usage: swarmscope lesson run FILE [--json]\n");
        return 2;
    }
    std::optional<Lesson> lesson = load(path);
    if (!lesson) return 2;
    LessonRun run(std::move(*lesson));
    run.go_to_step(0);
    nlohmann::json steps = nlohmann::json::array();
    for (;;) {
        run.skip_question();
        run.finish_step();
        const Swarm& s = run.controller().swarm();
        nlohmann::json step = {{"step", run.step() + 1}, {"end_s", to_seconds(s.now())}, {"trace_hash", hex64(s.trace().hash())}};
        if (run.compared()) step["compared_trace_hash"] = hex64(run.controller(1).swarm().trace().hash());
        steps.push_back(step);
        if (!json)
            std::printf("step %zu ends at t=%s, trace %s\n", run.step() + 1, format_time(s.now()).c_str(),
                        hex64(s.trace().hash()).c_str());
        if (!run.next()) break;
    }
    const std::string end = ending(run);
    nlohmann::json failures = nlohmann::json::array();
    for (const LessonFailure& f : run.failures()) failures.push_back({{"step", f.step + 1}, {"what", f.what}});
    if (json) {
        const nlohmann::json j = {{"name", run.lesson().name},   {"title", run.lesson().title},
                                  {"steps", steps},              {"trace_hash", hex64(run.controller().swarm().trace().hash())},
                                  {"ends_on", end},              {"failures", failures}};
        std::printf("%s\n", j.dump().c_str());
    } else {
        for (const LessonFailure& f : run.failures()) std::printf("step %zu: %s\n", f.step + 1, f.what.c_str());
        std::printf("ends on %s\n", end.c_str());
    }
    return run.failures().empty() ? 0 : 1;
}

}  // namespace

int run_lesson_command(const std::vector<std::string>& args) {
    if (!args.empty() && args[0] == "check") return check(std::vector<std::string>(args.begin() + 1, args.end()));
    if (!args.empty() && args[0] == "run") return run_one(std::vector<std::string>(args.begin() + 1, args.end()));
    std::fprintf(stderr, "usage: swarmscope lesson check FILE...   validate lessons and run each to its end\n"
                         "       swarmscope lesson run FILE [--json]   each step's end time and the trace hash\n");
    return 2;
}

}  // namespace swarmscope

#include "bench.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "controller.h"
#include "run_report.h"

#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#include <sys/resource.h>
#endif

namespace swarmscope {

namespace {

struct Scenario {
    const char* name;
    int peers;
    uint32_t pieces;
    int runs;  // a shared machine's speed varies from run to run: report the best and the median
};

double peak_memory_mib() {
#if defined(__EMSCRIPTEN__)
    return static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0 / (1 << 20);  // the heap only grows
#elif defined(__linux__)
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;  // KiB on Linux
#else
    return 0;
#endif
}

nlohmann::json run_scenario(const Scenario& s) {
    SwarmConfig c;
    c.peers = s.peers;
    c.pieces = s.pieces;
    c.piece_size = 256 * 1024;
    c.keep_trace = false;  // a benchmark keeps the hash and the counts, not the records
    std::vector<double> walls;
    double setup = 0;
    RunReport r;
    for (int i = 0; i < s.runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        Swarm swarm(c);
        const auto built = std::chrono::steady_clock::now();
        while (swarm.step()) {
        }
        const auto end = std::chrono::steady_clock::now();
        setup = std::chrono::duration<double>(built - start).count();
        walls.push_back(std::chrono::duration<double>(end - built).count());
        r = make_report(swarm);  // the same every run: the swarm is deterministic
    }
    std::sort(walls.begin(), walls.end());
    const double wall = walls.front();
    const double median = walls[walls.size() / 2];
    return {
        {"scenario", s.name},
        {"peers", s.peers},
        {"pieces", s.pieces},
        {"messages", r.messages},
        {"events", r.events},
        {"setup_s", setup},
        {"runs", s.runs},
        {"wall_s", wall},
        {"wall_s_median", median},
        {"messages_per_s", static_cast<double>(r.messages) / wall},
        {"messages_per_s_median", static_cast<double>(r.messages) / median},
        {"sim_s_per_wall_s", r.sim_time_s / wall},
        {"distribution_time_s", r.distribution_time_s},
        {"bound_p2p_s", r.bound_p2p.seconds},
        {"ratio_to_bound", r.ratio_to_bound},
        {"peak_memory_mib", peak_memory_mib()},
        {"trace_hash", hex64(r.trace_hash)},
    };
}

// Seeks to random times of a finished 200-peer run: restore the nearest keyframe, replay to the time.
nlohmann::json seek_scenario() {
    SwarmConfig c;
    c.peers = 200;
    c.pieces = 256;
    c.piece_size = 256 * 1024;
    c.keep_trace = false;
    Controller ctl(c);
    const auto start = std::chrono::steady_clock::now();
    ctl.seek(c.time_limit);  // run to the end, keeping keyframes
    const double run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const SimTime end = ctl.swarm().now();
    Rng rng(2024);
    std::vector<double> ms;
    for (int i = 0; i < 40; ++i) {
        const SimTime t = static_cast<SimTime>(rng.unit() * static_cast<double>(end));
        const auto t0 = std::chrono::steady_clock::now();
        ctl.seek(t);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return {
        {"scenario", "seek 200x256"},
        {"run_s", run_s},
        {"events", ctl.furthest()},
        {"seek_ms_p50", ms[ms.size() / 2]},
        {"seek_ms_max", ms.back()},
        {"keyframes", ctl.keyframe_count()},
        {"keyframe_bytes", ctl.keyframe_bytes()},
        {"keyframe_total_bytes", ctl.keyframe_total_bytes()},
        {"keyframe_max_gap_events", ctl.keyframe_max_gap()},
    };
}

}  // namespace

int run_bench(const std::vector<std::string>& args) {
    bool json = false, quick = false;
    for (const std::string& a : args) {
        if (a == "--json") json = true;
        else if (a == "--quick") quick = true;
        else {
            std::fprintf(stderr, "swarmscope: unknown bench option '%s' (use --json, --quick)\n", a.c_str());
            return 2;
        }
    }
    std::vector<Scenario> scenarios = {{"100x256", 100, 256, 3}};
    if (!quick) scenarios.push_back({"1000x1024", 1000, 1024, 1});
    nlohmann::json results = nlohmann::json::array();
    for (const Scenario& s : scenarios) {
        if (!json) std::fprintf(stderr, "running %s (%d peers x %u pieces of 256 KiB)...\n", s.name, s.peers, s.pieces);
        nlohmann::json r = run_scenario(s);
        if (!json) {
            std::printf("%-10s %9.0f messages/s (median of %d runs %.0f)  %8.1f sim s per wall s  wall %6.1f s "
                        "(+%.1f s set-up)  peak %6.0f MiB  %.3f x bound\n",
                        s.name, r["messages_per_s"].get<double>(), s.runs, r["messages_per_s_median"].get<double>(),
                        r["sim_s_per_wall_s"].get<double>(), r["wall_s"].get<double>(), r["setup_s"].get<double>(),
                        r["peak_memory_mib"].get<double>(), r["ratio_to_bound"].get<double>());
            std::fflush(stdout);
        }
        results.push_back(std::move(r));
    }
    if (!json) std::fprintf(stderr, "running seeks in a 200 x 256 run...\n");
    nlohmann::json seek = seek_scenario();
    if (!json)
        std::printf("seek       p50 %.1f ms, max %.1f ms over 40 random seeks; %llu keyframes, %.1f MiB in all "
                    "(the last %.2f MiB), at most %llu events apart\n",
                    seek["seek_ms_p50"].get<double>(), seek["seek_ms_max"].get<double>(),
                    static_cast<unsigned long long>(seek["keyframes"].get<uint64_t>()),
                    static_cast<double>(seek["keyframe_total_bytes"].get<uint64_t>()) / (1 << 20),
                    static_cast<double>(seek["keyframe_bytes"].get<uint64_t>()) / (1 << 20),
                    static_cast<unsigned long long>(seek["keyframe_max_gap_events"].get<uint64_t>()));
    results.push_back(seek);
    if (json) std::printf("%s\n", nlohmann::json{{"benchmarks", results}}.dump().c_str());
    return 0;
}

}  // namespace swarmscope

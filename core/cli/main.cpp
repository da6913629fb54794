// swarmscope: the command-line tool (protocol core only, no UI).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run_options.h"
#include "huge_pages.h"
#include "narration.h"
#include "bench.h"
#include "lesson_cli.h"
#include "run_report.h"
#include "state_summary.h"
#include "swarm.h"
#include "version.h"

using namespace swarmscope;

namespace {

const char* usage =
    "usage: swarmscope run [options]     run a swarm to completion (or to --until) and report\n"
    "       swarmscope bench [--json] [--quick]   simulator speed on 100x256 and 1000x1024 swarms\n"
    "       swarmscope lesson check FILE...      validate lessons and run each to its end; exit 1 if an\n"
    "                                            expect fails, 2 if a file does not parse\n"
    "       swarmscope lesson run FILE [--json]  each step's end time and the trace hash\n"
    "       swarmscope --version | --help\n"
    "\n"
    "run options (defaults in brackets):\n"
    "  --peers N               leechers [10]\n"
    "  --seeds S               initial seeds, sharing the server upload [1]\n"
    "  --pieces P              pieces in the file [64]\n"
    "  --piece-size BYTES      e.g. 256KiB [256KiB]\n"
    "  --server-up RATE        upload of the seeds together, e.g. 10MiB/s [10MiB/s]\n"
    "  --peer-up RATE          each leecher's upload [1MiB/s]; or classes in peer order, RATE:COUNT,..., e.g.\n"
    "                          2MiB/s:10,512KiB/s:30, their counts adding up to --peers\n"
    "  --peer-down RATE        each peer's download [10MiB/s]; or classes of leechers, as for --peer-up\n"
    "  --preset NAME           choking: textbook (4 + 1 optimistic), bep3 (3 + 1, and neighbours uploading faster\n"
    "                          than our slowest downloader unchoked while not interested; when one becomes\n"
    "                          interested the slowest downloader is choked), mainline (3 + 1) [textbook]\n"
    "  --seed-rotation on|off  seeds keep whom they serve across rounds and pass a slot on at the end of a piece,\n"
    "                          after 2 MiB (one piece to a peer with none) or three rounds, to whoever waited\n"
    "                          longest: our refinement, in no preset [on]\n"
    "  --picker NAME           which piece to start: rarest (BitTorrent's rarest first), or the baselines\n"
    "                          random and sequential [rarest]\n"
    "  --choking on|off        off: every interested neighbour is served, nobody choked (a baseline, not\n"
    "                          BitTorrent) [on]\n"
    "  --rng-seed K            the run's random seed [1]\n"
    "  --after-complete WHAT   stay, leave or SECONDS to seed before leaving [stay]\n"
    "  --free-riders F         leechers that never upload [0]\n"
    "  --late COUNT@SECONDS    the last COUNT leechers join at SECONDS instead of at the start [0@0]\n"
    "  --until CONDITION       stop at a breakpoint and show the swarm's state, e.g. \"piece 3 copies >= 3\",\n"
    "                          \"peer 2 unchokes peer 5\", \"time > 90s\", combined with and, or, not\n"
    "  --json                  one JSON object instead of the summary\n"
    "  --trace                 print every trace line\n"
    "  --narrate               print the run as a class follows it: joins, choking rounds, first copies, completions\n"
    "Rates take B, KB, KiB, MB, MiB, GB, GiB with an optional /s (SI prefixes are powers of 1000).\n";

int fail(const std::string& why) {
    std::fprintf(stderr, "swarmscope: %s\n(see swarmscope --help)\n", why.c_str());
    return 2;
}

// Runs to the breakpoint, or to the end if it never holds, and shows where the swarm stands.
int run_until(const RunOptions& opt) {
    SwarmConfig config = opt.config;
    config.keep_trace = true;  // the summary ends with the latest trace lines
    Swarm swarm(config);
    const Condition& until = *opt.until;
    if (const std::optional<Error> bad = validate(until, swarm)) return fail("--until: " + bad->message);
    const RunToResult r = run_until_condition(swarm, until, UINT64_MAX);
    const StateSummary s = summarize_state(swarm, 10);
    const std::string condition = describe(until);
    if (opt.trace)
        for (const TraceEvent& e : swarm.trace().events()) std::printf("%s\n", swarm.trace().line(e).c_str());
    if (opt.json) {
        nlohmann::json peers = nlohmann::json::array();
        for (const PeerSummary& p : s.peers)
            peers.push_back({{"id", p.id},
                             {"pieces", p.pieces},
                             {"complete", p.complete},
                             {"seed", p.seed},
                             {"status", peer_status_name(p.status)},
                             {"neighbours", p.neighbours},
                             {"unchoked_by", p.unchoked_by},
                             {"unchoking", p.unchoking}});
        const nlohmann::json j = {
            {"stopped_at_s", to_seconds(s.time)},
            {"condition", condition},
            {"hit", r.hit},
            {"steps", r.steps},
            {"piece_count", s.piece_count},
            {"peers", peers},
            {"copies", s.copies},
            {"trace_tail", s.last_trace},
        };
        std::printf("%s\n", j.dump().c_str());
        return 0;
    }
    if (r.hit)
        std::printf("stopped at t=%s: %s (after %llu events)\n", format_time(s.time).c_str(), condition.c_str(),
                    static_cast<unsigned long long>(r.steps));
    else
        std::printf("the swarm finished at t=%s; the condition never held: %s\n", format_time(s.time).c_str(), condition.c_str());
    std::fputs(format_state_summary(s).c_str(), stdout);
    return 0;
}

int run(const std::vector<std::string>& args) {
    Result<RunOptions> opt = parse_run_options(args);
    if (!opt) return fail(opt.error().message);
    if (opt->until) return run_until(*opt);
    const auto start = std::chrono::steady_clock::now();
    Swarm swarm(opt->config);
    while (swarm.step()) {
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const RunReport r = make_report(swarm);
    if (opt->trace)
        for (const TraceEvent& e : swarm.trace().events()) std::printf("%s\n", swarm.trace().line(e).c_str());
    if (opt->narrate)
        for (const NarrationEntry& n : narrate(swarm.trace())) std::printf("%s\n", format_entry(n).c_str());
    if (opt->json) {
        nlohmann::json by_kind = nlohmann::json::object();
        for (size_t k = 0; k < r.messages_by_kind.size(); ++k)
            by_kind[kind_name(static_cast<MsgKind>(k))] = r.messages_by_kind[k];
        nlohmann::json j = {
            {"distribution_time_s", r.distribution_time_s},
            {"bound_p2p_s", r.bound_p2p.seconds},
            {"bound_cs_s", r.bound_cs.seconds},
            {"bottleneck", r.bound_p2p.bottleneck},
            {"ratio_to_bound", r.ratio_to_bound},
            {"peers", opt->config.peers},
            {"peers_completed", r.peers_completed},
            {"median_completion_s", r.median_completion_s},
            {"messages", r.messages},
            {"messages_by_kind", by_kind},
            {"bytes", r.bytes},
            {"events", r.events},
            {"trace_events", swarm.trace().count()},
            {"trace_hash", hex64(r.trace_hash)},
            {"sim_time_s", r.sim_time_s},
            {"wall_s", wall},
            {"picker", piece_policy_name(opt->config.picker)},
            {"choking", opt->config.choking},
            {"seed_rotation", opt->config.seed_rotation},
            {"preset", preset_name(opt->config.preset)},
            {"seed_upload_utilisation", r.seed_upload_utilisation},
            {"leecher_upload_utilisation", r.leecher_upload_utilisation},
            {"duplicate_bytes", r.duplicate_bytes},
            {"copies_min_mean", r.spread.min_mean},
            {"copies_stddev_mean", r.spread.stddev_mean},
            {"copies_mean_mean", r.spread.mean_mean},
        };
        nlohmann::json late = nlohmann::json::array();
        for (const FirstPiece& f : r.late_first_pieces)
            late.push_back({{"peer", f.peer},
                            {"joined_s", f.joined_s},
                            {"first_piece_s", f.first_piece_s},
                            {"from", f.from == no_peer ? nlohmann::json() : nlohmann::json(f.from)},
                            {"from_seed", f.from_seed},
                            {"through", f.through}});
        j["late_joiners"] = late;
        nlohmann::json classes = nlohmann::json::array();
        for (size_t i = 0; i < r.classes.size(); ++i) {
            const ClassFigures& k = r.classes[i];
            classes.push_back({{"class", i},
                               {"upload_bytes_per_s", k.upload},
                               {"peers", k.peers},
                               {"completed", k.completed},
                               {"mean_completion_s", k.mean_completion_s},
                               {"median_completion_s", k.median_completion_s},
                               {"received_from_classes_bytes_per_s", k.from_class},
                               {"received_from_seeds_bytes_per_s", k.from_seeds}});
        }
        j["classes"] = classes;
        std::printf("%s\n", j.dump().c_str());
    } else {
        std::printf("%d peers, %u pieces of %u bytes, preset %s, seed %llu\n", opt->config.peers, opt->config.pieces,
                    opt->config.piece_size, preset_name(opt->config.preset),
                    static_cast<unsigned long long>(opt->config.rng_seed));
        if (r.distribution_time_s >= 0)
            std::printf("distribution time   %.1f s (%.3f x the peer-to-peer bound)\n", r.distribution_time_s, r.ratio_to_bound);
        else
            std::printf("distribution time   not reached: %d of %d peers completed by t=%.1f s\n", r.peers_completed,
                        opt->config.peers, r.sim_time_s);
        std::printf("bound, peer-to-peer %.1f s (bottleneck: %s)\n", r.bound_p2p.seconds, r.bound_p2p.bottleneck.c_str());
        std::printf("bound, client-server %.1f s (bottleneck: %s)\n", r.bound_cs.seconds, r.bound_cs.bottleneck.c_str());
        std::printf("median completion   %.1f s\n", r.median_completion_s);
        std::printf("upload used         seeds %.1f %%, leechers %.1f %% of their capacity; %llu duplicate block bytes\n",
                    100 * r.seed_upload_utilisation, 100 * r.leecher_upload_utilisation,
                    static_cast<unsigned long long>(r.duplicate_bytes));
        std::printf("copies per piece    over the run: rarest %.2f, mean %.2f, standard deviation %.2f\n", r.spread.min_mean,
                    r.spread.mean_mean, r.spread.stddev_mean);
        for (size_t i = 0; i < r.classes.size(); ++i) {
            const ClassFigures& k = r.classes[i];
            std::printf("class %zu             %d peers uploading %s: completion mean %.1f s, median %.1f s (%d completed)\n", i,
                        k.peers, format_rate(k.upload).c_str(), k.mean_completion_s, k.median_completion_s, k.completed);
            std::string from = "  received per peer";
            for (size_t b = 0; b < k.from_class.size(); ++b) from += " from class " + std::to_string(b) + " " + format_rate(k.from_class[b]) + ",";
            std::printf("%s from seeds %s\n", from.c_str(), format_rate(k.from_seeds).c_str());
        }
        for (const FirstPiece& f : r.late_first_pieces) {
            if (f.first_piece_s < 0) {
                std::printf("late joiner %u      joined at %.1f s, no piece yet\n", f.peer, f.joined_s);
                continue;
            }
            std::printf("late joiner %u      joined at %.1f s, first piece %.1f s later from peer %u (%s%s)\n", f.peer,
                        f.joined_s, f.first_piece_s - f.joined_s, f.from, f.from_seed ? "a seed, " : "", f.through.c_str());
        }
        std::printf("wire messages       %llu, %llu bytes delivered\n", static_cast<unsigned long long>(r.messages),
                    static_cast<unsigned long long>(r.bytes));
        std::printf("%s\n", messages_by_kind_line(r).c_str());
        std::printf("trace               %llu events, hash %s\n", static_cast<unsigned long long>(swarm.trace().count()),
                    hex64(r.trace_hash).c_str());
        std::printf("wall time           %.2f s\n", wall);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    swarmscope::restart_with_huge_pages(argv);
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::fputs(usage, stderr);
        return 2;
    }
    if (args[0] == "--version" && args.size() == 1) {
        std::printf("swarmscope %s\n", std::string(version()).c_str());
        return 0;
    }
    if ((args[0] == "--help" || args[0] == "-h") && args.size() == 1) {
        std::fputs(usage, stdout);
        return 0;
    }
    if (args[0] == "run") return run(std::vector<std::string>(args.begin() + 1, args.end()));
    if (args[0] == "lesson") return run_lesson_command(std::vector<std::string>(args.begin() + 1, args.end()));
    if (args[0] == "bench") return run_bench(std::vector<std::string>(args.begin() + 1, args.end()));
    return fail("unknown argument '" + args[0] + "'");
}

#include <doctest/doctest.h>

#include "run_options.h"

using namespace swarmscope;

TEST_CASE("rates and sizes take binary and SI units") {
    CHECK(*parse_rate("1MiB/s") == 1048576.0);
    CHECK(*parse_rate("256KiB/s") == 262144.0);
    CHECK(*parse_rate("1MB/s") == 1e6);
    CHECK(*parse_rate("500000") == 500000.0);
    CHECK(*parse_size("256KiB") == 262144.0);
    CHECK(parse_rate("fast").error().message == "'fast' does not start with a number");
    CHECK(parse_rate("3 parsecs").error().message == "unknown unit ' parsecs' in '3 parsecs'; use B, KB, KiB, MB, MiB, GB or GiB");
}

TEST_CASE("run options fill the swarm config, and bad ones say what is wrong") {
    Result<RunOptions> o = parse_run_options({"--peers", "100", "--pieces", "256", "--preset", "mainline",
                                              "--after-complete", "60", "--json"});
    REQUIRE(o.ok());
    CHECK(o->config.peers == 100);
    CHECK(o->config.pieces == 256);
    CHECK(o->config.preset == ChokePreset::mainline);
    CHECK(o->config.after_complete == AfterComplete::linger);
    CHECK(o->config.linger == seconds(60));
    CHECK(o->json);
    CHECK(parse_run_options({"--peers", "0"}).error().message == "--peers needs a whole number from 1 to 100000, not '0'");
    CHECK(parse_run_options({"--preset", "greedy"}).error().message == "unknown preset 'greedy'; use textbook, bep3 or mainline");
    CHECK(parse_run_options({"--after-complete", "later"}).error().message ==
          "--after-complete takes stay, leave or a number of seconds, not 'later'");
    CHECK(parse_run_options({"--peers", "3", "--free-riders", "4"}).error().message == "--free-riders cannot exceed --peers");
    CHECK(parse_run_options({"--warp"}).error().message == "unknown option '--warp' or it needs a value");
}

TEST_CASE("the labelled baselines and late joiners: --picker, --choking, --late") {
    Result<RunOptions> o = parse_run_options({"--picker", "sequential", "--choking", "off", "--peers", "10", "--late", "3@20"});
    REQUIRE(o.ok());
    CHECK(o->config.picker == PiecePolicy::sequential);
    CHECK_FALSE(o->config.choking);
    REQUIRE(o->config.schedule.size() == 3);
    CHECK(o->config.schedule[0].peer == 7);
    CHECK(o->config.schedule[2].time == seconds(20));
    CHECK(parse_run_options({})->config.picker == PiecePolicy::rarest);
    CHECK(parse_run_options({"--picker", "fastest"}).error().message == "unknown picker 'fastest'; use rarest, random or sequential");
    CHECK(parse_run_options({"--late", "3"}).error().message == "--late takes COUNT@SECONDS, e.g. 5@30, not '3'");
    CHECK(parse_run_options({"--peers", "2", "--late", "3@5"}).error().message == "--late cannot make more leechers late than --peers");
}

TEST_CASE("--peer-up and --peer-down take classes, RATE:COUNT in peer order, whose counts add up to --peers") {
    Result<RunOptions> o = parse_run_options({"--peers", "40", "--peer-up", "2MiB/s:10,512KiB/s:30", "--peer-down", "8MiB/s:39,1MiB/s:1"});
    REQUIRE(o.ok());
    const SwarmConfig& c = o->config;
    REQUIRE(c.up_classes.size() == 2);
    CHECK(c.up_classes[0].rate == 2097152.0);
    CHECK(c.up_classes[0].count == 10);
    CHECK(c.up_classes[1].rate == 524288.0);
    CHECK(c.up_classes[1].count == 30);
    CHECK(c.upload_of(9) == 2097152.0);
    CHECK(c.upload_of(10) == 524288.0);
    CHECK(c.upload_of(39) == 524288.0);
    CHECK(c.up_class_of(9) == 0);
    CHECK(c.up_class_of(10) == 1);
    CHECK(c.download_of(38) == 8388608.0);
    CHECK(c.download_of(39) == 1048576.0);
    CHECK(c.peer_up == (10 * 2097152.0 + 30 * 524288.0) / 40);  // the default rate is the classes' mean
    // One rate without a count is every leecher's, and replaces classes given before.
    Result<RunOptions> one = parse_run_options({"--peers", "4", "--peer-up", "1MiB/s:4", "--peer-up", "3MiB/s"});
    REQUIRE(one.ok());
    CHECK(one->config.up_classes.empty());
    CHECK(one->config.upload_of(3) == 3.0 * (1 << 20));
    // --peers may come after the classes; the counts are checked against the final number.
    CHECK(parse_run_options({"--peer-up", "1MiB/s:2,2MiB/s:3", "--peers", "5"}).ok());

    CHECK(parse_run_options({"--peers", "40", "--peer-up", "2MiB/s:10,512KiB/s:20"}).error().message ==
          "--peer-up: the classes' counts add up to 30 peers, but --peers is 40; they must be equal");
    CHECK(parse_run_options({"--peer-down", "2MiB/s:11"}).error().message ==
          "--peer-down: the classes' counts add up to 11 peers, but --peers is 10; they must be equal");
    CHECK(parse_run_options({"--peer-up", "2MiB/s:10,512KiB/s"}).error().message ==
          "--peer-up takes one RATE, or classes RATE:COUNT,RATE:COUNT,... each with its count, not '2MiB/s:10,512KiB/s'");
    CHECK(parse_run_options({"--peer-up", "2MiB/s:0"}).error().message ==
          "--peer-up's COUNT needs a whole number from 1 to 100000, not '0'");
    CHECK(parse_run_options({"--peer-down", "2MiB/s:ten"}).error().message ==
          "--peer-down's COUNT needs a whole number from 1 to 100000, not 'ten'");
    CHECK(parse_run_options({"--peer-up", "3furlongs:10"}).error().message ==
          "--peer-up: unknown unit 'furlongs' in '3furlongs'; use B, KB, KiB, MB, MiB, GB or GiB");
    CHECK(parse_run_options({"--peer-up", "1MiB/s:5,"}).error().message == "--peer-up: '' does not start with a number");
    CHECK(parse_run_options({"--peer-up", "0:10"}).error().message == "--peer-up must be more than 0");
}

TEST_CASE("--seed-rotation turns the labelled refinement on or off") {
    CHECK(parse_run_options({})->config.seed_rotation);
    CHECK_FALSE(parse_run_options({"--seed-rotation", "off"})->config.seed_rotation);
    CHECK(parse_run_options({"--seed-rotation", "on"})->config.seed_rotation);
    CHECK(parse_run_options({"--seed-rotation", "maybe"}).error().message == "--seed-rotation takes on or off, not 'maybe'");
}

TEST_CASE("--until takes a breakpoint condition, and a bad one names its column") {
    Result<RunOptions> o = parse_run_options({"--until", "piece 3 copies >= 3", "--peers", "5"});
    REQUIRE(o.ok());
    REQUIRE(o->until.has_value());
    CHECK(describe(*o->until) == "piece 3 copies >= 3");
    CHECK_FALSE(parse_run_options({"--peers", "5"})->until.has_value());
    const Result<RunOptions> bad = parse_run_options({"--until", "peer 1 chokes 2"});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == "--until: column 15: expected 'peer' or 'any' after 'chokes'");
    CHECK(bad.error().offset == 15);
    CHECK(parse_run_options({"--until"}).error().message == "unknown option '--until' or it needs a value");
}

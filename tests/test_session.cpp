// The lecture session under commands, as the page's buttons and keys drive it: the default swarm,
// play and pause, stepping and stepping back, selection, what-ifs and set-up. No window needed.
#include <doctest/doctest.h>

#include "commands.h"
#include "state_json.h"

using namespace swarmscope;

TEST_CASE("session: the page opens on the lecture swarm, paused at t = 0 with every peer online") {
    ShellState s;
    const Swarm& swarm = s.session.swarm();
    CHECK(s.session.view_time() == 0);
    CHECK_FALSE(s.session.playing());
    CHECK(s.session.speed() == default_speed);
    CHECK(swarm.config().peers == 12);
    CHECK(swarm.config().seeds == 1);
    int online = 0;
    for (const Peer& p : swarm.peers()) online += p.status == PeerStatus::online;
    CHECK(online == 13);
    // A choking round (10 s) takes about two seconds of wall time at the default speed.
    CHECK(10.0 / s.session.speed() == doctest::Approx(2.0));
    // The first announces are on their way to the tracker.
    CHECK(s.session.in_flight().size() >= 12);
}

TEST_CASE("session: play moves the view by wall time times speed; pause freezes it") {
    ShellState s;
    s.session.set_frame_budget(false);  // however slow this build (a sanitized one), the view gets there
    REQUIRE(run_command(s, "play").ok);
    s.session.update(0.5, 0.5);
    CHECK(s.session.view_time() == seconds(5) / 2);  // 0.5 s of wall time at 5x
    REQUIRE(run_command(s, "pause").ok);
    s.session.update(0.5, 1.0);
    CHECK(s.session.view_time() == seconds(5) / 2);
    REQUIRE(run_command(s, "speed 10").ok);
    REQUIRE(run_command(s, "play toggle").ok);
    s.session.update(0.1, 1.1);
    CHECK(s.session.view_time() == seconds(5) / 2 + seconds(1));
}

TEST_CASE("session: the speed achieved is measured over the last second of play, and reset by a pause or a new speed") {
    ShellState s;
    s.session.set_frame_budget(false);  // every frame gets to its time: the speed achieved is the speed asked for
    REQUIRE(run_command(s, "speed 10").ok);
    REQUIRE(run_command(s, "play").ok);
    double wall = 0;
    for (int i = 0; i < 3; ++i) s.session.update(0.1, wall += 0.1);
    CHECK(s.session.achieved_speed() == 0);  // under half a second: not known yet
    for (int i = 0; i < 12; ++i) s.session.update(0.1, wall += 0.1);
    CHECK(s.session.achieved_speed() == doctest::Approx(10.0));
    REQUIRE(run_command(s, "speed 2").ok);
    CHECK(s.session.achieved_speed() == 0);
    for (int i = 0; i < 8; ++i) s.session.update(0.1, wall += 0.1);
    CHECK(s.session.achieved_speed() == doctest::Approx(2.0));
    REQUIRE(run_command(s, "pause").ok);
    s.session.update(0.1, wall += 0.1);
    CHECK(s.session.achieved_speed() == 0);
}

TEST_CASE("session: step a choking round and back by the same unit") {
    ShellState s;
    REQUIRE(run_command(s, "step round").ok);
    const uint64_t first = s.session.controller().position();
    const SimTime t1 = s.session.view_time();
    CHECK(s.session.swarm().last_step_events().back().kind == TraceKind::choke_round);
    REQUIRE(run_command(s, "step round 2").ok);
    CHECK(s.session.view_time() > t1);
    REQUIRE(run_command(s, "back round").ok);
    REQUIRE(run_command(s, "back round").ok);
    CHECK(s.session.controller().position() == first);
    CHECK(s.session.view_time() == t1);
}

TEST_CASE("session: a message stepped by hand flies on screen for half a second of wall time") {
    ShellState s;
    const size_t before = s.session.in_flight().size();
    REQUIRE(before > 0);
    REQUIRE(run_command(s, "step message", 10.0).ok);
    REQUIRE(s.session.flights().size() >= 1);
    CHECK(s.session.flights().front().message.kind == InFlightKind::tracker_request);
    s.session.update(0, 10.3);
    CHECK(s.session.flights().size() >= 1);
    s.session.update(0, 10.6);
    CHECK(s.session.flights().empty());
}

TEST_CASE("session: select, what-ifs, and a branch point on the timeline") {
    ShellState s;
    REQUIRE(run_command(s, "seek 20s").ok);
    CHECK(run_command(s, "select peer 3").ok);
    CHECK(s.session.selection().kind == SelectionKind::peer);
    CHECK(run_command(s, "select piece 7").ok);
    CHECK(s.session.selection().id == 7);
    CHECK_FALSE(run_command(s, "select piece 40").ok);
    CHECK(s.session.selection().id == 7);  // unchanged by the refused command
    const CommandResult leave = run_command(s, "whatif leave 4");
    REQUIRE(leave.ok);
    CHECK(s.session.swarm().peers()[4].status == PeerStatus::offline);
    CHECK(s.session.branch_points().size() == 1);
    CHECK(run_command(s, "whatif rejoin 4").ok);
    CHECK(run_command(s, "whatif rate 2 8KiB/s").ok);
    CHECK(run_command(s, "whatif add").ok);
    CHECK(s.session.swarm().peers().size() == 14);
    CHECK(s.session.controller().what_if_count() == 4);
    CHECK(run_command(s, "whatif corrupt 12").ok);
    CHECK(s.session.controller().what_if_count() == 5);
    CHECK_FALSE(run_command(s, "whatif bitfield 2").ok);
    CHECK_FALSE(run_command(s, "whatif rate 2 fast").ok);
    CHECK_FALSE(run_command(s, "whatif leave 99").ok);
    CHECK(s.session.controller().what_if_count() == 5);
}

TEST_CASE("session: a message on the wire can be lost, one still queued cannot") {
    ShellState s;
    REQUIRE(run_command(s, "seek 12s").ok);
    const auto& msgs = s.session.in_flight();
    size_t wire = msgs.size(), queued = msgs.size();
    for (size_t i = 0; i < msgs.size(); ++i) {
        if (msgs[i].stage == InFlightStage::propagating && wire == msgs.size()) wire = i;
        if (msgs[i].stage == InFlightStage::queued && queued == msgs.size()) queued = i;
    }
    REQUIRE(wire < msgs.size());
    if (queued < msgs.size()) CHECK_FALSE(run_command(s, "whatif drop " + std::to_string(queued)).ok);
    const CommandResult r = run_command(s, "whatif drop " + std::to_string(wire));
    REQUIRE(r.ok);
    CHECK(s.session.controller().what_if_count() == 1);
}

TEST_CASE("session: breakpoints stop playing where they hold; bad ones point at the column") {
    ShellState s;
    const CommandResult bad = run_command(s, "break peer 1 chokes 2");
    CHECK_FALSE(bad.ok);
    CHECK(bad.message == "breakpoint: column 15: expected 'peer' or 'any' after 'chokes'");
    CHECK(s.breakpoint_problem.offset == 15);
    CHECK(s.session.breakpoint_text().empty());
    REQUIRE(run_command(s, "break piece 0 copies >= 3").ok);
    CHECK(s.breakpoint_problem.message.empty());
    REQUIRE(run_command(s, "speed 1000").ok);
    REQUIRE(run_command(s, "play").ok);
    s.session.set_frame_budget(false);  // the frames reach the breakpoint however slow this build
    for (int i = 0; i < 100 && s.session.playing(); ++i) s.session.update(0.1, 0.1 * i);
    CHECK_FALSE(s.session.playing());
    CHECK(s.session.swarm().copies()[0] >= 3);
    CHECK(s.session.breakpoint_hit() == "stopped at the breakpoint: piece 0 copies >= 3");
}

TEST_CASE("session: setup restarts with the given settings and keeps the others; bad settings change nothing") {
    ShellState s;
    REQUIRE(run_command(s, "seek 5s").ok);
    const CommandResult r = run_command(s, "setup peers=20 pieces=64 piece_size=16KiB preset=mainline");
    REQUIRE(r.ok);
    CHECK(s.session.view_time() == 0);
    CHECK(s.session.config().peers == 20);
    CHECK(s.session.config().pieces == 64);
    CHECK(s.session.config().preset == ChokePreset::mainline);
    CHECK(s.session.config().peer_up == lecture_config().peer_up);  // not named: kept
    REQUIRE(run_command(s, "setup picker=random choking=off seed_rotation=off").ok);
    CHECK(s.session.config().picker == PiecePolicy::random);
    CHECK_FALSE(s.session.config().choking);
    CHECK_FALSE(s.session.config().seed_rotation);
    CHECK(s.session.config().peers == 20);
    CHECK_FALSE(run_command(s, "setup picker=backwards").ok);
    CHECK_FALSE(run_command(s, "setup peers=0").ok);
    CHECK_FALSE(run_command(s, "setup colour=blue").ok);
    CHECK_FALSE(run_command(s, "setup peers").ok);
    CHECK(s.session.config().peers == 20);
    REQUIRE(run_command(s, "setup default").ok);
    CHECK(s.session.config().peers == 12);
}

TEST_CASE("session: the state JSON has what the page's scripts read") {
    ShellState s;
    REQUIRE(run_command(s, "select peer 2").ok);
    REQUIRE(run_command(s, "present on").ok);
    REQUIRE(run_command(s, "panel pieces hide").ok);
    const nlohmann::json j = state_to_json(s);
    for (const char* key : {"time_s", "paused", "speed", "step_unit", "selected", "peers", "completed", "seeds", "messages_in_flight",
                            "narration_last", "panels", "presentation", "frame_ms", "peer_screen"})
        CHECK_MESSAGE(j.contains(key), key);
    CHECK(j["selected"] == nlohmann::json({{"kind", "peer"}, {"id", 2}}));
    CHECK(j["presentation"] == true);
    CHECK(j["peers"] == 13);
    CHECK(j["step_unit"] == "message");
    CHECK(std::find(j["panels"].begin(), j["panels"].end(), "pieces") == j["panels"].end());
    CHECK_FALSE(run_command(s, "panel teapot show").ok);
}

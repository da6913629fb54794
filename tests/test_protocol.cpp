// The protocol's bookkeeping against the truth: what each peer believes its neighbours have, checked
// after every event, and the messages that can upset it (a piece verified mid-handshake, a late BITFIELD).
#include <doctest/doctest.h>

#include <string>

#include "in_flight.h"
#include "swarm.h"
#include "swarm_fixtures.h"

using namespace swarmscope;

namespace {

// Hosts from 5 ms to 800 ms away, late joiners, and re-announces every second: peers in mid-download
// learn of the newcomers from the tracker and connect to them, and verify pieces while those
// connections are still half-open (our handshake and bitfield sent, theirs not here yet).
SwarmConfig far_and_near_config() {
    SwarmConfig c = swarmscope::testing::class_config();
    c.peers = 10;
    c.pieces = 32;
    c.server_up = 1 << 20;
    c.peer_up = 256 * 1024;
    c.latency_min = milliseconds(5);
    c.latency_max = milliseconds(800);
    c.announce_interval_s = 1;
    c.schedule = {};
    for (PeerId p = 5; p < 10; ++p) c.schedule.push_back({seconds(p - 2), p, true});
    return c;
}

// For every connection whose sender has sent its handshake: the pieces the receiver believes the
// sender has, with the BITFIELD and HAVEs still on their way, are exactly the pieces the sender has.
// Returns a description of the first mismatch, or an empty string.
std::string check_views(const Swarm& s) {
    const std::vector<InFlightMessage> flight = messages_in_flight(s, InFlightOptions{.payload = false});
    for (const Peer& receiver : s.peers()) {
        for (const Link& l : s.links_of(receiver)) {
            const Peer& sender = s.peers()[l.remote];
            const LinkId back = link_id(l.conn, 1 - l.side);
            if (!s.link(back).live()) continue;  // the sender's end is gone or not made yet
            const Link& theirs = s.link(back);
            if (!theirs.open && theirs.side == 1) continue;  // the sender has not sent its handshake yet
            Bitfield known = l.remote_has;
            for (const InFlightMessage& m : flight) {
                if (m.conn != l.conn || m.receiver != receiver.id) continue;
                if (m.kind == InFlightKind::have) known.set(m.message.index);
                if (m.kind == InFlightKind::bitfield) known = unpack_bitfield(m.message.bits, known.size());
            }
            if (!(known == sender.have))
                return "peer " + std::to_string(receiver.id) + " believes peer " + std::to_string(sender.id) + " has " +
                       std::to_string(known.count()) + " pieces; it has " + std::to_string(sender.have.count());
        }
    }
    return {};
}

}  // namespace

TEST_CASE("a piece verified while a connection's handshake is in flight is announced on it") {
    Swarm s(far_and_near_config());
    int steps = 0, half_open_pieces = 0;
    std::string first_wrong;
    while (s.step()) {
        ++steps;
        for (const TraceEvent& e : s.last_step_events()) {
            if (e.kind != TraceKind::piece_verified) continue;
            for (const Link& l : s.links_of(s.peers()[e.peer])) half_open_pieces += !l.open && l.side == 0;
        }
        if (first_wrong.empty()) first_wrong = check_views(s);
    }
    CHECK(steps > 2000);
    CHECK(half_open_pieces > 0);  // the case under test happened
    CHECK(first_wrong == "");
}

namespace {

// Each peer's count of copies per piece is what its open links' bitfields add up to.
std::string check_availability(const Swarm& s) {
    for (const Peer& p : s.peers()) {
        if (p.status != PeerStatus::online) continue;
        for (PieceIndex i = 0; i < p.have.size(); ++i) {
            uint32_t copies = 0;
            for (const Link& l : s.links_of(p)) copies += l.open && l.remote_has[i];
            if (p.picker.availability(i) != copies)
                return "peer " + std::to_string(p.id) + " counts " + std::to_string(p.picker.availability(i)) +
                       " copies of piece " + std::to_string(i) + " among its neighbours; they hold " + std::to_string(copies);
        }
    }
    return {};
}

}  // namespace

TEST_CASE("a late BITFIELD replaces what the neighbour was known to have, and the copies are counted again") {
    Swarm s(swarmscope::testing::class_config());
    // Peer 0 sends its bitfield again to peer 1, once peer 1 knows of at least 4 of its pieces.
    bool resent = false, replaced = false;
    std::string first_wrong;
    while (s.step()) {
        if (first_wrong.empty()) first_wrong = check_availability(s);
        for (const TraceEvent& e : s.last_step_events()) {
            if (e.kind != TraceKind::bitfield_replaced) continue;
            replaced = true;
            CHECK(e.peer == 1);
            CHECK(e.other == 0);
            CHECK(e.n2 > 0);
            CHECK(e.n1 >= e.n2);
            CHECK(s.trace().reason(e).find("late bitfield from peer 0") != std::string::npos);
        }
        if (resent || s.peers()[0].have_count < 4) continue;
        for (const Link& l : s.links_of(s.peers()[1]))
            if (l.remote == 0 && l.open && l.remote_count >= 4) resent = s.resend_bitfield(0, 1).empty();
    }
    CHECK(resent);
    CHECK(replaced);
    CHECK(first_wrong == "");
}

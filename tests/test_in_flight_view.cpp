// Messages in flight as the canvas asks for them each frame: at a view time between events, and
// without the blocks' bytes.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>

#include "controller.h"
#include "in_flight.h"

using namespace swarmscope;

namespace {

SwarmConfig view_config(int real_payload) {
    SwarmConfig c;
    c.peers = 4;
    c.pieces = 8;
    c.piece_size = 64 * 1024;
    c.real_payload = real_payload;
    return c;
}

// The same message in two lists, taken at different times: its place among those on its direction
// (`segment`) shifts as the ones ahead arrive, so it is known by what it is and when it travels.
bool same_message(const InFlightMessage& a, const InFlightMessage& b) {
    return a.conn == b.conn && a.dir == b.dir && a.sent == b.sent && a.stage == b.stage && a.arrives == b.arrives &&
           a.part == b.part && a.kind == b.kind && a.message.index == b.message.index &&
           a.message.begin == b.message.begin;
}

std::optional<InFlightMessage> find(const std::vector<InFlightMessage>& v, const InFlightMessage& m) {
    for (const InFlightMessage& x : v)
        if (same_message(x, m)) return x;
    return std::nullopt;
}

}  // namespace

TEST_CASE("in flight at a view time: a message crossing its link moves on between events") {
    Swarm s(view_config(0));
    int checked = 0;
    for (int i = 0; i < 20000 && checked < 20 && s.step(); ++i) {
        const SimTime next = s.next_event_time();
        const std::vector<InFlightMessage> now = messages_in_flight(s);
        for (const InFlightMessage& m : now) {
            if (m.stage != InFlightStage::propagating) {
                CHECK(m.travelled == 0.0);
                continue;
            }
            const Connection& conn = s.net().conn(m.conn);
            const SimTime start = m.arrives - s.net().link_latency(conn.host[0], conn.host[1]);
            const SimTime from = std::max(s.now(), start), to = std::min(next, m.arrives);
            if (to - from < 3) continue;  // no room between events for two distinct view times
            const SimTime t1 = from + (to - from) / 3, t2 = from + 2 * (to - from) / 3;
            const std::optional<InFlightMessage> a = find(messages_in_flight(s, {.at = t1}), m);
            const std::optional<InFlightMessage> b = find(messages_in_flight(s, {.at = t2}), m);
            REQUIRE(a.has_value());
            REQUIRE(b.has_value());
            CHECK(a->travelled > 0.0);
            CHECK(b->travelled > a->travelled);
            CHECK(b->travelled < 1.0);
            CHECK(a->arrives == m.arrives);
            CHECK(a->progress == 1.0);
            ++checked;
        }
    }
    CHECK(checked == 20);
}

TEST_CASE("in flight at a view time: -1 means now, and a block being sent has gone further at a later view time") {
    Swarm s(view_config(0));
    bool seen = false;
    for (int i = 0; i < 20000 && !seen && s.step(); ++i) {
        const SimTime gap = s.next_event_time() - s.now();
        if (gap < 4) continue;
        const std::vector<InFlightMessage> now = messages_in_flight(s);
        const std::vector<InFlightMessage> at_now = messages_in_flight(s, {.at = s.now()});
        REQUIRE(now.size() == at_now.size());
        for (size_t k = 0; k < now.size(); ++k) {
            CHECK(now[k].travelled == at_now[k].travelled);
            CHECK(now[k].progress == at_now[k].progress);
        }
        const std::vector<InFlightMessage> later = messages_in_flight(s, {.at = s.now() + gap / 2});
        for (const InFlightMessage& m : now) {
            if (m.stage != InFlightStage::transmitting || m.kind != InFlightKind::piece || m.progress <= 0) continue;
            const std::optional<InFlightMessage> x = find(later, m);
            REQUIRE(x.has_value());
            CHECK(x->progress > m.progress);
            CHECK(x->travelled == 0.0);  // still at the sender's end
            seen = true;
        }
    }
    CHECK(seen);
}

TEST_CASE("in flight at a view time: played frames draw each message further along, never back") {
    Controller c(view_config(0));
    c.step(StepUnit::piece);  // blocks are moving by now
    std::vector<InFlightMessage> last = messages_in_flight(c.swarm(), {.at = c.view_time()});
    int moved = 0;
    for (int frame = 0; frame < 300; ++frame) {
        c.play(1.0 / 60, 0.1);  // a slow-motion frame: several frames between most events
        const std::vector<InFlightMessage> v = messages_in_flight(c.swarm(), {.at = c.view_time()});
        for (const InFlightMessage& m : v) {
            const std::optional<InFlightMessage> before = find(last, m);
            if (!before) continue;
            CHECK(m.travelled >= before->travelled);
            moved += m.travelled > before->travelled;
        }
        last = v;
    }
    CHECK(moved > 100);
}

TEST_CASE("in flight without payload: a real block stays behind, everything else is as with it") {
    Swarm s(view_config(1));
    bool piece = false;
    for (int i = 0; i < 20000 && !piece && s.step(); ++i) {
        const std::vector<InFlightMessage> full = messages_in_flight(s);
        const std::vector<InFlightMessage> lite = messages_in_flight(s, {.payload = false});
        REQUIRE(full.size() == lite.size());
        for (size_t k = 0; k < full.size(); ++k) {
            const InFlightMessage& f = full[k];
            const InFlightMessage& l = lite[k];
            REQUIRE(same_message(f, l));
            CHECK(f.kind == l.kind);
            CHECK(f.text == l.text);
            CHECK(f.progress == l.progress);
            CHECK(f.travelled == l.travelled);
            CHECK_FALSE(f.block_omitted);
            if (f.kind != InFlightKind::piece) {
                CHECK(f.raw == l.raw);
                CHECK(f.message == l.message);
                CHECK_FALSE(l.block_omitted);
                continue;
            }
            REQUIRE(f.raw.size() == piece_header_size + block_size);
            CHECK(f.message.block.size() == block_size);
            CHECK(l.block_omitted);
            CHECK_FALSE(l.block_by_reference);
            CHECK(l.raw == std::vector<uint8_t>(f.raw.begin(), f.raw.begin() + piece_header_size));
            CHECK(l.message.block.empty());
            CHECK(l.message.block.capacity() == 0);
            CHECK(l.message.block_ref == 0);
            CHECK(l.message.index == f.message.index);
            CHECK(l.message.begin == f.message.begin);
            CHECK(l.message.length == block_size);
            piece = true;
        }
    }
    CHECK(piece);
}

TEST_CASE("in flight without payload: blocks sent by reference are shown as before") {
    Swarm s(view_config(0));
    size_t pieces = 0;
    for (int i = 0; i < 3000 && s.step(); ++i) {
        const std::vector<InFlightMessage> full = messages_in_flight(s);
        const std::vector<InFlightMessage> lite = messages_in_flight(s, {.payload = false});
        REQUIRE(full.size() == lite.size());
        for (size_t k = 0; k < full.size(); ++k) {
            CHECK(full[k].raw == lite[k].raw);
            CHECK(full[k].message == lite[k].message);
            CHECK(full[k].block_by_reference == lite[k].block_by_reference);
            CHECK_FALSE(lite[k].block_omitted);
            pieces += full[k].kind == InFlightKind::piece;
        }
    }
    CHECK(pieces > 0);
}

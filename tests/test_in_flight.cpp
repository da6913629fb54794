// Messages in flight, as a lecturer inspects them on a real small swarm stepped event by event.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <string>
#include <tuple>

#include "in_flight.h"
#include "swarm.h"

using namespace swarmscope;

namespace {

SwarmConfig small_config(int real_payload = -1) {
    SwarmConfig c;
    c.peers = 4;
    c.pieces = 8;
    c.piece_size = 64 * 1024;
    c.real_payload = real_payload;
    return c;
}

WireLimits limits_of(const Swarm& s) {
    WireLimits l;
    l.piece_count = s.metainfo().piece_count();
    l.piece_length = s.metainfo().piece_length;
    l.total_length = s.metainfo().total_length;
    return l;
}

bool is_wire(InFlightKind k) { return static_cast<int>(k) <= static_cast<int>(InFlightKind::cancel); }

bool starts_with(const std::vector<uint8_t>& raw, const std::string& prefix) {
    return raw.size() >= prefix.size() && std::memcmp(raw.data(), prefix.data(), prefix.size()) == 0;
}

std::string name(PeerId id) { return id == tracker_end ? "tracker" : "peer " + std::to_string(id); }

// What holds for every message at every moment; returns how many messages were checked.
size_t check_all(const Swarm& s) {
    const std::vector<InFlightMessage> v = messages_in_flight(s);
    const WireLimits limits = limits_of(s);
    for (size_t i = 0; i < v.size(); ++i) {
        const InFlightMessage& m = v[i];
        INFO(m.text);
        CHECK(m.kind != InFlightKind::undecodable);
        CHECK(m.sent <= s.now());
        CHECK(m.text.rfind(name(m.sender) + " -> " + name(m.receiver) + ": ", 0) == 0);
        const Connection& c = s.net().conn(m.conn);
        CHECK(m.sender == c.owner[m.dir]);
        CHECK(m.receiver == c.owner[1 - m.dir]);
        switch (m.stage) {
            case InFlightStage::propagating:
                // Another event at this same microsecond may deliver it next, hence >= rather than >.
                CHECK(m.arrives >= s.now());
                CHECK(m.progress == 1.0);
                break;
            case InFlightStage::transmitting:
                CHECK(m.arrives == -1);
                CHECK(m.progress >= 0.0);
                CHECK(m.progress <= 1.0);
                break;
            case InFlightStage::queued:
                CHECK(m.arrives == -1);
                CHECK(m.progress == 0.0);
                break;
        }
        if (is_wire(m.kind)) {
            // The bytes decode to the fields shown, and the fields encode back to the bytes.
            WireDecoder d(limits, m.kind == InFlightKind::handshake);
            d.feed(m.raw);
            if (m.block_by_reference) d.feed_block_ref(m.message.length, m.message.block_ref);
            const Message* decoded = d.next();
            REQUIRE(decoded != nullptr);
            CHECK(*decoded == m.message);
            CHECK(d.next() == nullptr);
            std::vector<uint8_t> encoded;
            encode_message(encoded, m.message);
            CHECK(encoded == m.raw);
            CHECK(in_flight_kind(m.message.kind) == m.kind);
            CHECK(m.text == name(m.sender) + " -> " + name(m.receiver) + ": " + describe(m.message));
        }
        if (m.kind == InFlightKind::handshake) {
            CHECK(m.raw.size() == 68);
            CHECK(starts_with(m.raw, "\x13" "BitTorrent protocol"));
            CHECK(m.part == 0);
        }
        if (m.kind == InFlightKind::tracker_request) {
            CHECK(m.receiver == tracker_end);
            CHECK(starts_with(m.raw, "GET /announce?"));
        }
        if (m.kind == InFlightKind::tracker_reply) {
            CHECK(m.sender == tracker_end);
            CHECK(starts_with(m.raw, "HTTP/1.0 200"));
        }
        if (i > 0) {
            const InFlightMessage& p = v[i - 1];
            const auto key = [](const InFlightMessage& x) {
                return std::make_tuple(x.sent, x.conn, x.dir, x.stage != InFlightStage::propagating, x.segment, x.part);
            };
            CHECK(key(p) < key(m));
        }
    }
    return v.size();
}

// The messages of the segment at the front of a direction: the next one it delivers.
std::vector<InFlightMessage> front_segment(const Swarm& s, ConnId conn, int dir) {
    std::vector<InFlightMessage> parts;
    for (InFlightMessage& m : messages_in_flight(s))
        if (m.stage == InFlightStage::propagating && m.conn == conn && m.dir == dir && m.segment == 0)
            parts.push_back(std::move(m));
    return parts;
}

}  // namespace

TEST_CASE("in flight: every message decodes to what is shown, at every step of a small swarm") {
    Swarm s(small_config());
    std::set<InFlightKind> seen;
    std::set<InFlightStage> stages;
    size_t checked = 0, steps = 0;
    while (s.step() && steps < 4000) {
        ++steps;
        checked += check_all(s);
        for (const InFlightMessage& m : messages_in_flight(s)) {
            seen.insert(m.kind);
            stages.insert(m.stage);
        }
    }
    CHECK(checked > 1000);
    for (InFlightKind k : {InFlightKind::tracker_request, InFlightKind::tracker_reply, InFlightKind::handshake,
                           InFlightKind::bitfield, InFlightKind::interested, InFlightKind::unchoke, InFlightKind::request,
                           InFlightKind::piece, InFlightKind::have})
        CHECK_MESSAGE(seen.count(k) == 1, in_flight_kind_name(k));
    CHECK(stages.size() == 3);
}

TEST_CASE("in flight: a delivered segment adds one decoded message per wire message in it") {
    Swarm s(small_config());
    size_t verified = 0, multi = 0, haves = 0;
    while (!s.done() && verified < 200) {
        // The peer-to-peer segment due first; step until the one event that delivers it.
        const InFlightMessage* target = nullptr;
        const std::vector<InFlightMessage> all = messages_in_flight(s);
        for (const InFlightMessage& m : all)
            if (m.stage == InFlightStage::propagating && is_wire(m.kind) && (!target || m.arrives < target->arrives))
                target = &m;
        if (!target) {
            s.step();
            continue;
        }
        const ConnId conn = target->conn;
        const int dir = target->dir;
        const std::vector<InFlightMessage> parts = front_segment(s, conn, dir);
        REQUIRE(!parts.empty());
        for (size_t i = 0; i < parts.size(); ++i) CHECK(parts[i].part == i);
        while (true) {
            const uint64_t before = s.metrics().messages;
            const SimTime was_due = front_segment(s, conn, dir).front().arrives;
            const size_t waiting = s.net().conn(conn).propagating[dir];
            REQUIRE(s.step());
            if (s.net().conn(conn).state == ConnState::closed) break;  // closed, not delivered
            // Only the delivery event on this direction shortens it; the sender adds on other events.
            if (s.net().conn(conn).propagating[dir] + 1 != waiting) continue;
            // The segment arrives exactly when it said it would.
            CHECK(s.now() == was_due);
            CHECK(s.metrics().messages - before == parts.size());
            ++verified;
            multi += parts.size() > 1;
            for (const InFlightMessage& m : parts) {
                if (m.kind != InFlightKind::have) continue;
                // The receiver now knows the sender has that piece.
                const Peer& r = s.peers()[m.receiver];
                const Link& l = s.link(link_id(m.conn, 1 - m.dir));
                REQUIRE(std::find(r.links.begin(), r.links.end(), link_id(m.conn, 1 - m.dir)) != r.links.end());
                CHECK(l.remote == m.sender);
                CHECK(l.remote_has[m.message.index]);
                ++haves;
            }
            break;
        }
    }
    CHECK(verified == 200);
    CHECK(multi == 0);  // every wire message travels in a segment of its own: a message step is one message
    CHECK(haves > 0);
}

TEST_CASE("in flight: the first messages are announces, then tracker replies, then handshakes") {
    Swarm s(small_config());
    bool announce = false, reply = false, seed_handshake = false;
    while (s.step() && !(announce && reply && seed_handshake)) {
        for (const InFlightMessage& m : messages_in_flight(s)) {
            if (m.kind == InFlightKind::tracker_request && m.sender == 0) {
                CHECK(m.text == "peer 0 -> tracker: GET /announce (started)");
                announce = true;
            }
            if (m.kind == InFlightKind::tracker_reply && m.receiver == 0) {
                CHECK(m.text.rfind("tracker -> peer 0: 200 OK, ", 0) == 0);
                CHECK(m.text.find("announce again in 300 s") != std::string::npos);
                reply = true;
            }
            if (m.kind == InFlightKind::handshake && m.sender == 4) {
                // The seed (peer 4) sends its bitfield right behind the handshake, as the next segment.
                if (m.stage != InFlightStage::propagating || m.segment != 0) continue;
                const std::vector<InFlightMessage> all = messages_in_flight(s);
                const auto next = std::find_if(all.begin(), all.end(), [&](const InFlightMessage& x) {
                    return x.conn == m.conn && x.dir == m.dir && x.segment == 1;
                });
                REQUIRE(next != all.end());
                CHECK(next->kind == InFlightKind::bitfield);
                CHECK(next->raw.size() == 5 + 1);
                CHECK(next->text == "peer 4 -> peer " + std::to_string(m.receiver) + ": bitfield 1 byte, 8 pieces set");
                CHECK(next->sent == m.sent);
                CHECK(next->arrives >= m.arrives);
                seed_handshake = true;
            }
        }
    }
    CHECK(announce);
    CHECK(reply);
    CHECK(seed_handshake);
}

TEST_CASE("in flight: a piece sent by reference shows its 13 header bytes and says so") {
    Swarm s(small_config(0));
    std::optional<InFlightMessage> piece;
    while (!piece && s.step())
        for (const InFlightMessage& m : messages_in_flight(s))
            if (m.kind == InFlightKind::piece) piece = m;
    REQUIRE(piece.has_value());
    CHECK(piece->block_by_reference);
    CHECK(piece->message.block_ref != 0);
    CHECK(piece->message.length == block_size);
    REQUIRE(piece->raw.size() == piece_header_size);
    const uint32_t length = 9 + block_size;
    const std::vector<uint8_t> header = {
        uint8_t(length >> 24), uint8_t(length >> 16), uint8_t(length >> 8), uint8_t(length), 7,
        uint8_t(piece->message.index >> 24), uint8_t(piece->message.index >> 16), uint8_t(piece->message.index >> 8),
        uint8_t(piece->message.index),
        uint8_t(piece->message.begin >> 24), uint8_t(piece->message.begin >> 16), uint8_t(piece->message.begin >> 8),
        uint8_t(piece->message.begin)};
    CHECK(piece->raw == header);
    CHECK(piece->text.find(" by reference") != std::string::npos);
}

TEST_CASE("in flight: a piece with real bytes carries its whole block; the one transmitting moves forward") {
    Swarm s(small_config(1));
    std::optional<InFlightMessage> piece;
    while (!piece && s.step())
        for (const InFlightMessage& m : messages_in_flight(s))
            if (m.kind == InFlightKind::piece && m.stage == InFlightStage::transmitting) piece = m;
    REQUIRE(piece.has_value());
    CHECK_FALSE(piece->block_by_reference);
    CHECK(piece->raw.size() == piece_header_size + block_size);
    CHECK(piece->message.block.size() == block_size);
    // Follow it until it leaves the sender: its progress never goes back and ends at 1.
    double last = piece->progress;
    bool propagated = false;
    for (int i = 0; i < 10000 && !propagated && s.step();) {
        for (const InFlightMessage& m : messages_in_flight(s)) {
            if (m.conn != piece->conn || m.dir != piece->dir || m.sent != piece->sent || m.kind != InFlightKind::piece ||
                m.message.begin != piece->message.begin || m.message.index != piece->message.index)
                continue;
            CHECK(m.progress >= last);
            last = m.progress;
            propagated = m.stage == InFlightStage::propagating;
        }
    }
    CHECK(propagated);
    CHECK(last == 1.0);
}

TEST_CASE("in flight: a message lost by a what-if is still shown, marked dropped, and never arrives") {
    Swarm s(small_config());
    std::optional<InFlightMessage> target;
    while (!target && s.step())
        for (const InFlightMessage& m : messages_in_flight(s))
            if (m.kind == InFlightKind::request && m.stage == InFlightStage::propagating) target = m;
    REQUIRE(target.has_value());
    CHECK(s.drop_in_flight(target->conn, target->dir, target->segment).empty());
    bool marked = false;
    for (const InFlightMessage& m : messages_in_flight(s))
        if (m.conn == target->conn && m.dir == target->dir && m.segment == target->segment) marked = m.dropped;
    CHECK(marked);
}

TEST_CASE("in flight: a peer whose request was lost gives up on it after a minute and asks again") {
    // One leecher and the seed: nobody else has the block, so without a timeout it would wait forever.
    SwarmConfig c = small_config();
    c.peers = 1;
    Swarm s(c);
    std::optional<InFlightMessage> target;
    while (!target && s.step())
        for (const InFlightMessage& m : messages_in_flight(s))
            if (m.kind == InFlightKind::request && m.stage == InFlightStage::propagating) target = m;
    REQUIRE(target.has_value());
    const PeerId asker = s.net().conn(target->conn).owner[target->dir];
    const PeerId seed = s.net().conn(target->conn).owner[1 - target->dir];
    const SimTime lost_at = s.now();
    REQUIRE(s.drop_in_flight(target->conn, target->dir, target->segment).empty());
    while (s.step()) {
    }
    CHECK(s.metrics().completed == 1);
    const TraceView events = s.trace().events();
    const TraceEvent* timeout = nullptr;
    for (size_t i = 0; i < events.size() && !timeout; ++i)
        if (events[i].kind == TraceKind::request_timeout) timeout = &events[i];
    REQUIRE(timeout != nullptr);
    CHECK(timeout->peer == asker);
    CHECK(timeout->other == seed);
    CHECK(timeout->time - lost_at >= seconds(60));
    CHECK(timeout->time - lost_at < seconds(75));  // at the first choking round after the minute
    CHECK(timeout->n2 >= 1);
    CHECK(s.trace().reason(*timeout).find("no block from peer " + std::to_string(seed) + " for ") == 0);
    CHECK(s.metrics().distribution_time > timeout->time);
}

TEST_CASE("in flight: the canvas's list (no payload, no text, nothing queued) is the full list less those, in order") {
    for (const int real_payload : {1, 0}) {
        Swarm s(small_config(real_payload));
        InFlightOptions canvas;
        canvas.payload = false;
        canvas.text = false;
        canvas.queued = false;
        size_t steps = 0, omitted = 0, compared = 0;
        while (s.step() && steps < 3000) {
            ++steps;
            std::vector<InFlightMessage> full = messages_in_flight(s);
            std::erase_if(full, [](const InFlightMessage& m) { return m.stage == InFlightStage::queued; });
            const std::vector<InFlightMessage> light = messages_in_flight(s, canvas);
            REQUIRE(light.size() == full.size());
            for (size_t i = 0; i < light.size(); ++i) {
                const InFlightMessage &a = light[i], &b = full[i];
                INFO(b.text);
                CHECK(a.text.empty());
                CHECK(std::tie(a.conn, a.dir, a.sender, a.receiver, a.kind, a.sent, a.arrives, a.stage, a.segment, a.part,
                               a.block_by_reference, a.dropped) ==
                      std::tie(b.conn, b.dir, b.sender, b.receiver, b.kind, b.sent, b.arrives, b.stage, b.segment, b.part,
                               b.block_by_reference, b.dropped));
                CHECK(a.progress == b.progress);
                CHECK(a.travelled == b.travelled);
                CHECK(in_flight_text(a) == b.text);
                if (a.block_omitted) {
                    ++omitted;
                    CHECK(a.raw.size() == 13);
                    CHECK(std::equal(a.raw.begin(), a.raw.end(), b.raw.begin()));
                    CHECK(a.message.block.empty());
                    CHECK(b.message.block.size() == a.message.length);
                } else {
                    CHECK(a.raw == b.raw);
                    CHECK(a.message == b.message);
                }
                ++compared;
            }
        }
        CHECK(compared > 500);
        CHECK((omitted > 0) == (real_payload == 1));
    }
}

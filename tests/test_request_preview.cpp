// The preview of a peer's next request agrees with what the peer then asks for, and changes nothing.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>

#include "request_preview.h"
#include "swarm.h"

using namespace swarmscope;

namespace {

SwarmConfig preview_config() {
    SwarmConfig c;
    c.peers = 10;
    c.pieces = 24;
    c.piece_size = 256 * 1024;  // 16 blocks: more than one request round, so pieces stay partial
    c.peer_up = 128 * 1024;
    c.server_up = 512 * 1024;
    c.real_payload = 0;
    c.rng_seed = 3;
    return c;
}

// The picker's first choice for one neighbour, made on a copy: what the preview must foretell.
std::optional<BlockPick> real_pick(const Swarm& s, const Peer& p, const Link& l) {
    PiecePicker copy = p.picker;
    Rng rng(99);
    PickParams params;
    params.random_first_pieces = s.config().random_first_pieces;
    std::vector<BlockPick> pending;
    if (copy.in_endgame())
        for (const Block& b : l.requested) pending.push_back(BlockPick{.piece = b.piece, .begin = b.begin});
    const std::vector<BlockPick> picks = copy.pick(l.remote_has, 1, static_cast<int>(p.open_links), rng, params, pending);
    if (picks.empty()) return std::nullopt;
    return picks.front();
}

}  // namespace

TEST_CASE("request preview: the picker's peek is its first pick, for every neighbour at every step") {
    Swarm s(preview_config());
    std::map<PickReason, int> seen;
    int ties = 0;
    while (s.step()) {
        for (const Peer& p : s.peers()) {
            for (const Link& l : s.links_of(p)) {
                const std::optional<RequestPreview> r = preview_next_request(s, p.id, l.remote);
                if (p.status != PeerStatus::online || !l.open || !l.am_interested) {
                    CHECK_FALSE(r.has_value());
                    continue;
                }
                const std::optional<BlockPick> pick = real_pick(s, p, l);
                REQUIRE(r.has_value() == pick.has_value());
                if (!r) continue;
                CHECK(r->from == l.remote);
                CHECK(r->reason == pick->reason);
                CHECK(r->neighbours == p.open_links);
                ++seen[r->reason];
                if (r->candidates == 1) {
                    CHECK(r->piece == pick->piece);
                    CHECK(r->begin == pick->begin);
                } else {
                    // Drawn at random: any one of the candidates, which all share the count of copies.
                    ++ties;
                    CHECK(pick->piece >= r->piece);
                    CHECK(pick->begin == 0);
                    if (r->reason == PickReason::rarest) CHECK(p.picker.availability(pick->piece) == r->copies);
                }
                if (r->reason == PickReason::rarest) CHECK(r->copies == pick->copies);
            }
        }
    }
    CHECK(seen[PickReason::random_first] > 0);
    CHECK(seen[PickReason::rarest] > 0);
    CHECK(seen[PickReason::partial] > 0);
    CHECK(seen[PickReason::endgame] > 0);
    CHECK(ties > 0);
}

TEST_CASE("request preview: a peer unchoked next asks that neighbour for the piece foretold") {
    // An unchoke or a block arriving makes the peer ask at once, before anything else changes its
    // picker (unless the block completes a piece): the preview taken just before that event must
    // name the request it sends.
    Swarm s(preview_config());
    std::map<PickReason, int> compared;
    int traced = 0;
    while (true) {
        std::map<LinkId, std::optional<RequestPreview>> before;
        std::map<LinkId, std::vector<Block>> asked;
        for (const Peer& p : s.peers())
            for (const LinkId id : p.links) {
                before[id] = preview_next_request(s, p.id, s.link(id).remote);
                asked[id] = s.link(id).requested;
            }
        const SwarmMetrics m = s.metrics();
        if (!s.step()) break;
        const auto kinds = s.metrics().by_kind;
        const bool one = s.metrics().messages == m.messages + 1;
        const bool trigger = one && (kinds[size_t(MsgKind::unchoke)] > m.by_kind[size_t(MsgKind::unchoke)] ||
                                     kinds[size_t(MsgKind::piece)] > m.by_kind[size_t(MsgKind::piece)]);
        bool completed_piece = false;
        for (const TraceEvent& e : s.last_step_events()) completed_piece |= e.kind == TraceKind::piece_verified;
        if (!trigger || completed_piece) continue;
        for (const Peer& p : s.peers()) {
            for (const LinkId id : p.links) {
                const Link& l = s.link(id);
                const auto was = asked.find(id);
                if (was == asked.end()) continue;
                // The first request added on this link in this step.
                const auto added = std::find_if(l.requested.begin(), l.requested.end(), [&](const Block& b) {
                    return std::find(was->second.begin(), was->second.end(), b) == was->second.end();
                });
                if (added == l.requested.end()) continue;
                const std::optional<RequestPreview>& r = before[id];
                REQUIRE(r.has_value());
                if (r->candidates == 1) {
                    CHECK(added->piece == r->piece);
                    CHECK(added->begin == r->begin);
                } else {
                    CHECK(added->piece >= r->piece);
                    CHECK(added->begin == 0);
                }
                ++compared[r->reason];
                // A new piece shows in the trace with the picker's own words: the preview's reason.
                const TraceView records = s.trace().events();  // the step's records, with their words
                for (size_t k = records.size() - s.last_step_events().size(); k < records.size(); ++k) {
                    const TraceEvent& e = records[k];
                    if (e.kind != TraceKind::piece_requested || e.peer != p.id || e.other != l.remote || e.piece != added->piece)
                        continue;
                    const std::string why = s.trace().reason(e);
                    INFO(why, " / ", r->text);
                    if (r->reason == PickReason::rarest) CHECK(why.find(": rarest, " + std::to_string(r->copies)) != std::string::npos);
                    if (r->reason == PickReason::random_first) CHECK(why.find(": random first piece") != std::string::npos);
                    ++traced;
                }
            }
        }
    }
    CHECK(compared[PickReason::rarest] > 5);
    CHECK(compared[PickReason::partial] > 5);
    CHECK(traced > 5);
}

TEST_CASE("request preview: names an unchoking neighbour, and changes nothing in the run") {
    Swarm viewed(preview_config()), plain(preview_config());
    int named = 0;
    while (viewed.step()) {
        for (const Peer& p : viewed.peers()) {
            const std::optional<RequestPreview> r = preview_next_request(viewed, p.id);
            if (!r) continue;
            ++named;
            const Link* l = nullptr;
            for (const Link& x : viewed.links_of(p))
                if (x.remote == r->from) l = &x;
            REQUIRE(l != nullptr);
            CHECK_FALSE(l->peer_choking);
            CHECK(preview_next_request(viewed, p.id, r->from) == r);
            CHECK(r->text.rfind("next: ", 0) == 0);
        }
    }
    CHECK(preview_next_request(viewed, 9999) == std::nullopt);
    while (plain.step()) {
    }
    CHECK(named > 1000);
    CHECK(viewed.trace().hash() == plain.trace().hash());
    CHECK(viewed.snapshot() == plain.snapshot());
}

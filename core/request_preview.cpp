#include "request_preview.h"

#include "swarm.h"

namespace swarmscope {

std::string preview_text(const RequestPreview& r) {
    const std::string from = " from peer " + std::to_string(r.from);
    const std::string block = " block " + std::to_string(r.begin / block_size);
    switch (r.reason) {
        case PickReason::random_first:
            return "next: a random piece among " + std::to_string(r.candidates) + from +
                   " can give (a first piece, to have something to trade soon)";
        case PickReason::rarest: {
            const std::string copies = std::to_string(r.copies) + (r.copies == 1 ? " copy among " : " copies among ") +
                                       std::to_string(r.neighbours) + (r.neighbours == 1 ? " neighbour" : " neighbours");
            if (r.candidates == 1) return "next: piece " + std::to_string(r.piece) + from + ": rarest, " + copies;
            return "next: one of " + std::to_string(r.candidates) + " pieces" + from + " tied as rarest, " + copies +
                   " (drawn at random)";
        }
        case PickReason::partial:
            return "next: piece " + std::to_string(r.piece) + block + from + ": finishing a partial piece";
        case PickReason::random_piece:
            return "next: a random piece among " + std::to_string(r.candidates) + from +
                   " can give (the random baseline, not rarest first)";
        case PickReason::sequential:
            return "next: piece " + std::to_string(r.piece) + from + ", the next in order (the sequential baseline, not rarest first)";
        case PickReason::endgame:
            return "next: piece " + std::to_string(r.piece) + block + from + ": endgame duplicate";
    }
    return {};
}

namespace {

// As fill_requests() asks the picker for the link.
std::optional<RequestPreview> preview_link(const Swarm& swarm, const Peer& p, const Link& l) {
    if (p.status != PeerStatus::online || !l.open || !l.am_interested) return std::nullopt;
    PickParams params;
    params.random_first_pieces = swarm.config().random_first_pieces;
    params.policy = swarm.config().picker;
    std::vector<BlockPick> pending;
    if (p.picker.in_endgame())
        for (const Block& b : l.requested) pending.push_back(BlockPick{.piece = b.piece, .begin = b.begin});
    const std::optional<PickPeek> peek = p.picker.peek(l.remote_has, params, pending);
    if (!peek) return std::nullopt;
    RequestPreview r;
    r.piece = peek->piece;
    r.begin = peek->begin;
    r.reason = peek->reason;
    r.copies = peek->copies;
    r.neighbours = p.open_links;
    r.candidates = peek->candidates;
    r.from = l.remote;
    r.text = preview_text(r);
    return r;
}

}  // namespace

std::optional<RequestPreview> preview_next_request(const Swarm& swarm, PeerId peer) {
    if (peer >= swarm.peers().size()) return std::nullopt;
    const Peer& p = swarm.peers()[peer];
    std::optional<RequestPreview> best;
    size_t fewest = 0;
    for (const Link& l : swarm.links_of(p)) {
        if (l.peer_choking || (best && l.requested.size() >= fewest)) continue;
        if (std::optional<RequestPreview> r = preview_link(swarm, p, l)) {
            best = std::move(r);
            fewest = l.requested.size();
        }
    }
    return best;
}

std::optional<RequestPreview> preview_next_request(const Swarm& swarm, PeerId peer, PeerId from) {
    if (peer >= swarm.peers().size()) return std::nullopt;
    const Peer& p = swarm.peers()[peer];
    for (const Link& l : swarm.links_of(p))
        if (l.remote == from) return preview_link(swarm, p, l);
    return std::nullopt;
}

}  // namespace swarmscope

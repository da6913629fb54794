// What a peer will ask a neighbour for next, as the piece picker would choose it: the canvas shows
// it beside the peer before it happens. A pure view: it changes nothing and draws nothing from the
// RNG, so where the picker draws among equal pieces it says among how many.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "ids.h"
#include "piece_picker.h"

namespace swarmscope {

class Swarm;

struct RequestPreview {
    PieceIndex piece = 0;      // with candidates > 1, the lowest-numbered of them: the RNG picks which
    uint32_t begin = 0;        // the block: the first missing one of a partial piece, 0 for a new piece
    PickReason reason = PickReason::rarest;
    uint32_t copies = 0;       // rarest: copies among our neighbours
    uint32_t neighbours = 0;   // our neighbours with handshakes done
    uint32_t candidates = 1;   // random_first, rarest: the pieces the choice is drawn from
    PeerId from = no_peer;     // the neighbour asked
    std::string text;          // "next: piece 12 from peer 7: rarest, 1 copy among 5 neighbours"
    friend bool operator==(const RequestPreview&, const RequestPreview&) = default;
};

// The preview's words: "next: piece 12 from peer 7: rarest, 1 copy among 5 neighbours".
std::string preview_text(const RequestPreview& preview);

// What `peer` will request next from a neighbour that unchokes it; nothing when no neighbour both
// unchokes it and has a piece it would ask for. Which neighbour asks first depends on whose block
// arrives first, which is not known in advance: the one named is the one with the fewest requests
// outstanding, the first to run short.
std::optional<RequestPreview> preview_next_request(const Swarm& swarm, PeerId peer);
// What `peer` will request next from `from` once `from` lets it (unchoked or not yet); nothing when
// they are not connected, `peer` is not interested in `from`, or there is nothing left to ask it.
std::optional<RequestPreview> preview_next_request(const Swarm& swarm, PeerId peer, PeerId from);

}  // namespace swarmscope

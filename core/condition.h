// Breakpoint conditions, the small language shared by the step controller and lesson scripts:
// "peer 3 unchokes peer 7", "piece 5 copies >= 3 and not peer 2 complete", "time > 90s".
// Parsing needs no swarm and yields plain data (nodes linked by index), so a condition copies with a
// snapshot; validate() then checks the peer and piece numbers against a particular swarm.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ids.h"
#include "result.h"
#include "sim_time.h"

namespace swarmscope {

class Swarm;

constexpr PeerId any_peer = no_peer;       // an event atom's "any peer"
constexpr uint32_t no_node = 0xFFFFFFFFu;  // end of a child list

enum class ConditionNodeKind : uint8_t {
    and_op,          // every child holds
    or_op,           // some child holds
    not_op,          // its one child does not hold
    event,           // the last step produced a matching trace event
    piece_copies,    // piece `piece` copies `cmp` value
    peer_complete,   // peer has every piece
    peer_has_piece,  // peer has piece `piece`
    peer_pieces,     // peer's piece count `cmp` value ("has N pieces" is >= N)
    completed,       // leechers with the whole file `cmp` value
    time,            // swarm time `cmp` value (microseconds)
    peer_neighbours, // peer's connections `cmp` value
    optimistic,      // peer (or any peer) holds its optimistic unchoke on `other` now
    min_copies,      // copies of the rarest piece `cmp` value
    unchoking,       // peer (or any peer) has `other` (or anyone) unchoked now
};

enum class ConditionEvent : uint8_t { unchokes, chokes, interested, leaves, joins, completes, gets_piece, announces, choke_round };

enum class Comparison : uint8_t { ge, gt, le, lt, eq, ne };

struct ConditionNode {
    ConditionNodeKind kind = ConditionNodeKind::time;
    ConditionEvent event = ConditionEvent::unchokes;
    Comparison cmp = Comparison::ge;
    PeerId peer = any_peer;   // subject: "peer A ..."
    PeerId other = any_peer;  // object of unchokes, chokes, interested in
    PieceIndex piece = 0;
    int64_t value = 0;        // right-hand side of a comparison
    uint32_t first_child = no_node, next_sibling = no_node;
    // Where the text named the peer, the other peer and the piece, so validate() can point at them.
    uint32_t peer_column = 0, other_column = 0, piece_column = 0;
};

struct Condition {
    std::vector<ConditionNode> nodes;
    uint32_t root = no_node;
    bool empty() const { return root == no_node; }
};

// Errors carry the 1-based column in Error::offset and start "column N: ".
Result<Condition> parse_condition(std::string_view text);
// Peer and piece numbers that the swarm does not have, e.g. "column 5: peer 400 does not exist (the swarm has 11 peers)".
std::optional<Error> validate(const Condition& condition, const Swarm& swarm);
// Event atoms look at Swarm::last_step_events(); state atoms at the swarm as it is now. An empty condition is false.
bool evaluate(const Condition& condition, const Swarm& swarm);
// Normalised text: lower case, single spaces, parentheses only where needed; parses back to the same description.
std::string describe(const Condition& condition);

struct RunToResult {
    bool hit = false;     // the condition held after the last step taken
    uint64_t steps = 0;   // steps taken
};

// Steps until the condition holds after a step, the swarm is done, or max_steps were taken.
// The condition is not checked before the first step, so a breakpoint that already holds still advances.
RunToResult run_until_condition(Swarm& swarm, const Condition& condition, uint64_t max_steps);

}  // namespace swarmscope

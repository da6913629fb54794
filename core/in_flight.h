// Messages in flight as data: every wire message and tracker exchange that has been handed to a
// connection but not yet delivered, one entry per message, so the canvas can draw them moving and a
// lecturer can open one and read its fields and bytes.
// The transport carries segments (what one send() wrote). Peers send each wire message as a segment
// of its own, but any segment is split here into its messages by decoding the bytes as a receiver
// would, so bytes from elsewhere (a test, a malformed frame) show as they are.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ids.h"
#include "net.h"
#include "sim_time.h"
#include "wire.h"

namespace swarmscope {

class Swarm;

// The id standing for the tracker at one end of a connection (Connection::owner).
inline constexpr PeerId tracker_end = 0xFFFFFFFEu;

// The wire kinds, in MsgKind's order, then what travels to and from the tracker.
enum class InFlightKind : uint8_t {
    handshake, keep_alive, choke, unchoke, interested, not_interested, have, bitfield, request, piece, cancel,
    tracker_request,  // an HTTP announce
    tracker_reply,    // the tracker's HTTP reply
    undecodable,      // bytes a receiver would reject; the text gives the decoder's reason
};

inline InFlightKind in_flight_kind(MsgKind kind) { return static_cast<InFlightKind>(kind); }
// kind_name() for wire kinds; "announce", "tracker reply", "undecodable bytes" for the others.
const char* in_flight_kind_name(InFlightKind kind);

enum class InFlightStage : uint8_t {
    queued,        // waiting behind other segments on its connection
    transmitting,  // its segment is being serialized at the sender's share of bandwidth
    propagating,   // fully sent, crossing the link; `arrives` is known
};

const char* in_flight_stage_name(InFlightStage stage);

struct InFlightMessage {
    ConnId conn = 0;
    int dir = 0;                     // Connection::dir index: 0 initiator -> listener, 1 the reverse
    PeerId sender = no_peer, receiver = no_peer;  // or tracker_end
    InFlightKind kind = InFlightKind::keep_alive;
    Message message;                 // the decoded fields; left default for tracker traffic and undecodable bytes
    std::vector<uint8_t> raw;        // this message's bytes exactly as sent
    bool block_by_reference = false; // a PIECE whose block travels as a reference: `raw` is its 13 header bytes
    SimTime sent = 0;                // handed to the connection
    SimTime arrives = -1;            // -1 while queued or transmitting
    InFlightStage stage = InFlightStage::queued;
    double progress = 0;             // share of this message's bytes serialized so far; 1 when propagating
    // How far along the link from sender to receiver it is, 0 to 1: 0 while queued or transmitting
    // (`progress` says how much of it has left), then the share of its crossing that has elapsed.
    double travelled = 0;
    bool block_omitted = false;      // a PIECE whose block travelled as bytes, left out (InFlightOptions::payload)
    bool dropped = false;            // lost by a what-if: still drawn on its way, but it will never arrive
    // Where its segment sits on that direction: the index among those propagating (what
    // Swarm::drop_in_flight takes) or, when queued or transmitting, among those in the send queue.
    size_t segment = 0;
    size_t part = 0;                 // order within the segment
    std::string text;                // "peer 3 -> peer 7: request piece 12 begin 16384 length 16384"
};

struct InFlightOptions {
    // The time to place messages at: the controller's view time, which may lie between events (at or
    // after swarm.now(), and before the next event: no message changes stage in between). -1: now.
    SimTime at = -1;
    // false: a PIECE carrying its block as bytes keeps only its 13 header bytes in `raw`, and the
    // block is never copied (a canvas drawing every frame needs the fields, not 16 KiB per block).
    bool payload = true;
    // false: `text` is left empty (but for undecodable bytes), for a canvas that reads it only for the
    // message under the mouse; in_flight_text() makes it when asked.
    bool text = true;
    // false: messages still waiting in a send queue behind others are left out (in a busy swarm most
    // messages are; a canvas draws only those leaving or crossing a link).
    bool queued = true;
};

// Every message on every connection that is not closed, sorted by (sent, conn, dir, order in the
// stream), so the same swarm state always gives the same list.
std::vector<InFlightMessage> messages_in_flight(const Swarm& swarm, const InFlightOptions& options = {});
// The same into `out`, which is cleared first and keeps its capacity (for a caller asking every frame).
void messages_in_flight(const Swarm& swarm, const InFlightOptions& options, std::vector<InFlightMessage>& out);
// The message's one-line description (its `text`, made now if it was left out).
std::string in_flight_text(const InFlightMessage& m);

}  // namespace swarmscope

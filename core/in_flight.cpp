#include "in_flight.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string_view>
#include <tuple>

#include "swarm.h"
#include "tracker.h"

namespace swarmscope {

namespace {

// Peers send whole frames, but only the first segment on a direction opens with the handshake; its
// fixed 20-byte prefix tells us which decoder a receiver would be in, without tracking the stream.
bool starts_with_handshake(const SegmentBytes& bytes) {
    static constexpr char prefix[] = "\x13" "BitTorrent protocol";
    return bytes.size() >= sizeof(prefix) - 1 && std::memcmp(bytes.data(), prefix, sizeof(prefix) - 1) == 0;
}

// How many of the segment's stored bytes a decoded message took; a block sent by reference adds none.
size_t stored_size(const Message& m) {
    switch (m.kind) {
        case MsgKind::handshake: return handshake_size;
        case MsgKind::keep_alive: return 4;
        case MsgKind::choke:
        case MsgKind::unchoke:
        case MsgKind::interested:
        case MsgKind::not_interested: return 5;
        case MsgKind::have: return 9;
        case MsgKind::bitfield: return 5 + m.bits.size();
        case MsgKind::request:
        case MsgKind::cancel: return 17;
        case MsgKind::piece: return piece_header_size + (m.block_ref != 0 ? 0 : m.block.size());
    }
    return 0;
}

std::string end_name(PeerId id) { return id == tracker_end ? "tracker" : "peer " + std::to_string(id); }

std::string announce_text(const std::vector<uint8_t>& raw) {
    const std::string_view http(reinterpret_cast<const char*>(raw.data()), raw.size());
    const Result<Announce> a = parse_announce_request(http);
    if (!a) return "an announce the tracker cannot read (" + a.error().message + ")";
    // The request line up to its query string: what a learner would recognise from a browser.
    const size_t end = http.find_first_of("? ", http.find(' ') + 1);
    const std::string line(http.substr(0, end == std::string_view::npos ? http.size() : end));
    return line + " (" + (a->event == AnnounceEvent::none ? "regular" : announce_event_name(a->event)) + ")";
}

std::string reply_text(const std::vector<uint8_t>& raw) {
    const std::string_view http(reinterpret_cast<const char*>(raw.data()), raw.size());
    const Result<AnnounceReply> r = parse_announce_reply(http);
    if (!r) return "a tracker reply that does not parse (" + r.error().message + ")";
    // The status from the response line ("200 OK"), then what the body says.
    const size_t from = http.find(' ') + 1, to = http.find('\r');
    const std::string status(from == 0 || to == std::string_view::npos || to < from ? std::string_view("reply")
                                                                                     : http.substr(from, to - from));
    if (!r->failure.empty()) return status + ", failure: " + r->failure;
    const size_t n = r->peers.size();
    return status + ", " + std::to_string(n) + (n == 1 ? " peer" : " peers") + ", announce again in " +
           std::to_string(r->interval) + " s";
}

struct Placement {
    InFlightStage stage;
    SimTime arrives;
    size_t segment;
    double sent_bytes;  // of the segment, for the one transmitting
    bool dropped = false;  // lost by a what-if (only a segment crossing the link can be)
    double travelled = 0;
};

// Stands in for a block left out (InFlightOptions::payload): no real reference has every bit set,
// since a reference is (index << 32 | begin) + 1 and the decoder rejects such an index.
constexpr uint64_t omitted_block = ~uint64_t{0};

// Feeds a segment's stored bytes to the decoder. Without the payload, each whole PIECE frame that
// carries its block as bytes goes in as its header and a stand-in reference, so the decoder never
// copies the block; anything else (and any malformed frame) goes in as it is.
void feed_stored(WireDecoder& decoder, const SegmentBytes& bytes, bool handshake, bool payload) {
    const uint8_t* p = bytes.data();
    const size_t n = bytes.size();
    size_t from = 0;
    for (size_t at = handshake ? handshake_size : 0; !payload && at + 4 <= n;) {
        const uint64_t end = at + 4 + uint64_t{load_u32(p + at)};
        if (end > n) break;
        if (end - at > 4 + 9 && p[at + 4] == 7) {  // a piece (id 7) with a block after its 9-byte body header
            decoder.feed(p + from, at + piece_header_size - from);
            decoder.feed_block_ref(static_cast<uint32_t>(end - at - piece_header_size), omitted_block);
            from = static_cast<size_t>(end);
        }
        at = static_cast<size_t>(end);
    }
    decoder.feed(p + from, n - from);
}

class Collector {
public:
    Collector(const Swarm& swarm, bool payload, bool text, std::vector<InFlightMessage>& out)
        : swarm_(swarm), limits_(swarm.wire_limits()), payload_(payload), text_(text), out_(out) {}
    // The messages go into `out` from its start, over what it held before: a canvas asks every frame,
    // and each entry's byte buffers are used again instead of freed and allocated anew.
    void finish() { out_.resize(used_); }

    void add(ConnId c, int d, const Segment& seg, const Placement& at) {
        const Connection& conn = swarm_.net().conn(c);
        InFlightMessage base;
        base.conn = c;
        base.dir = d;
        base.sender = conn.owner[d];
        base.receiver = conn.owner[1 - d];
        base.sent = seg.sent;
        base.arrives = at.arrives;
        base.stage = at.stage;
        base.dropped = at.dropped;
        base.segment = at.segment;
        base.travelled = at.travelled;
        if (base.sender == tracker_end || base.receiver == tracker_end) {
            InFlightMessage& m = fresh(base);
            m.kind = base.sender == tracker_end ? InFlightKind::tracker_reply : InFlightKind::tracker_request;
            m.raw.assign(seg.bytes.begin(), seg.bytes.end());
            if (text_) m.text = in_flight_text(m);
            place(m, 0, seg.size(), at);
            return;
        }
        const bool handshake = starts_with_handshake(seg.bytes);
        WireDecoder decoder(limits_, handshake);
        size_t pos = 0;    // in the stored bytes
        uint64_t at_byte = 0;  // in the segment as transmitted, references included
        size_t part = 0;
        // Most segments are one valid frame: decoded in place, without the decoder's queue. Without
        // the payload a PIECE carrying its block as bytes goes in as its header and a stand-in
        // reference, as feed_stored() feeds it.
        if (!handshake) {
            const uint8_t* p = seg.bytes.data();
            const size_t n = seg.bytes.size();
            Message whole;
            const bool piece_bytes = !payload_ && seg.ref_length == 0 && n > piece_header_size && p[4] == 7 &&
                                     4 + uint64_t{load_u32(p)} == n;
            if (piece_bytes ? decoder.take_whole(p, piece_header_size, static_cast<uint32_t>(n - piece_header_size),
                                                 omitted_block, whole)
                            : decoder.take_whole(p, n, seg.ref_length, seg.ref, whole)) {
                add_message(base, whole, seg, pos, at_byte, part, at);
                return;
            }
        }
        feed_stored(decoder, seg.bytes, handshake, payload_);
        if (seg.ref_length) decoder.feed_block_ref(seg.ref_length, seg.ref);
        while (const Message* msg = decoder.next()) add_message(base, *msg, seg, pos, at_byte, part, at);
        if (pos < seg.bytes.size() || decoder.failed()) {
            // What a receiver would reject (or a frame cut short): shown as it is, with the reason.
            InFlightMessage& m = fresh(base);
            m.kind = InFlightKind::undecodable;
            m.raw.assign(seg.bytes.begin() + static_cast<std::ptrdiff_t>(pos), seg.bytes.end());
            m.part = part;
            const std::string why = decoder.failed() ? decoder.error().message : "an unfinished frame";
            m.text = end_name(base.sender) + " -> " + end_name(base.receiver) + ": " + std::to_string(m.raw.size()) +
                     " bytes that do not decode: " + why;
            place(m, at_byte, seg.size() - at_byte, at);
        }
    }

private:
    // One decoded message of the segment, whose stored bytes start at `pos`.
    void add_message(const InFlightMessage& base, const Message& msg, const Segment& seg, size_t& pos,
                     uint64_t& at_byte, size_t& part, const Placement& at) {
        InFlightMessage& m = fresh(base);
        m.kind = in_flight_kind(msg.kind);
        m.block_omitted = msg.kind == MsgKind::piece && msg.block_ref == omitted_block;
        m.block_by_reference = msg.kind == MsgKind::piece && msg.block_ref != 0 && !m.block_omitted;
        const size_t stored = m.block_omitted ? piece_header_size + msg.length : stored_size(msg);
        const size_t n = std::min(stored, seg.bytes.size() - pos);
        const size_t kept = m.block_omitted ? std::min(n, piece_header_size) : n;
        m.raw.assign(seg.bytes.begin() + static_cast<std::ptrdiff_t>(pos),
                     seg.bytes.begin() + static_cast<std::ptrdiff_t>(pos + kept));
        pos += n;
        m.message = msg;
        if (m.block_omitted) m.message.block_ref = 0;
        if (text_) m.text = in_flight_text(m);
        m.part = part++;
        const uint64_t span = n + (m.block_by_reference ? m.message.length : 0);
        place(m, at_byte, span, at);
        at_byte += span;
    }

    // The next entry, a copy of `base` (copying into it keeps its buffers' memory).
    InFlightMessage& fresh(const InFlightMessage& base) {
        if (used_ == out_.size()) out_.emplace_back();
        InFlightMessage& m = out_[used_++];
        m = base;
        return m;
    }

    void place(InFlightMessage& m, uint64_t first, uint64_t span, const Placement& at) {
        if (at.stage == InFlightStage::propagating) {
            m.progress = 1;
        } else if (at.stage == InFlightStage::transmitting && span > 0) {
            const double done = at.sent_bytes - static_cast<double>(first);
            m.progress = std::clamp(done / static_cast<double>(span), 0.0, 1.0);
        }
    }

    const Swarm& swarm_;
    WireLimits limits_;
    bool payload_;
    bool text_;
    std::vector<InFlightMessage>& out_;
    size_t used_ = 0;
};


}  // namespace

const char* in_flight_kind_name(InFlightKind kind) {
    switch (kind) {
        case InFlightKind::tracker_request: return "announce";
        case InFlightKind::tracker_reply: return "tracker reply";
        case InFlightKind::undecodable: return "undecodable bytes";
        default: return kind_name(static_cast<MsgKind>(kind));
    }
}

std::string in_flight_text(const InFlightMessage& m) {
    if (!m.text.empty()) return m.text;
    const std::string prefix = end_name(m.sender) + " -> " + end_name(m.receiver) + ": ";
    if (m.kind == InFlightKind::tracker_reply) return prefix + reply_text(m.raw);
    if (m.kind == InFlightKind::tracker_request) return prefix + announce_text(m.raw);
    return prefix + describe(m.message);
}

const char* in_flight_stage_name(InFlightStage stage) {
    switch (stage) {
        case InFlightStage::queued: return "queued";
        case InFlightStage::transmitting: return "transmitting";
        case InFlightStage::propagating: return "propagating";
    }
    return "unknown";
}

std::vector<InFlightMessage> messages_in_flight(const Swarm& swarm, const InFlightOptions& options) {
    std::vector<InFlightMessage> out;
    messages_in_flight(swarm, options, out);
    return out;
}

void messages_in_flight(const Swarm& swarm, const InFlightOptions& options, std::vector<InFlightMessage>& out) {
    Collector collect(swarm, options.payload, options.text, out);
    const Net& net = swarm.net();
    const SimTime now = std::max(swarm.now(), options.at);
    // Crossing links: by connection, direction and stream order, so each one's index in its stream is
    // a count. The transport stamps each with its arrival.
    size_t i = 0;
    ConnId last_conn = 0;
    int last_dir = -1;
    for (uint32_t slot : net.propagating_all()) {
        const Propagating& p = net.in_store(slot);
        i = p.conn() == last_conn && p.dir() == last_dir ? i + 1 : 0;
        last_conn = p.conn();
        last_dir = p.dir();
        // The transport keeps only the arrival. Crossing takes the link's latency, so it set out one
        // latency before arriving; a segment held back behind an earlier one on its stream (they
        // arrive in order) waits at the sender's end until then. So every message crosses at the
        // link's one speed, and none is drawn overtaking another.
        const Connection& conn = net.conn(p.conn());
        const SimTime latency = net.link_latency(conn.host[0], conn.host[1]);
        const double travelled =
            latency <= 0 ? 1.0 : std::clamp(1.0 - to_seconds(p.arrives - now) / to_seconds(latency), 0.0, 1.0);
        collect.add(p.conn(), p.dir(), p.segment,
                    Placement{InFlightStage::propagating, p.arrives, i, 0, p.dropped(), travelled});
    }
    // Leaving the sender: the head of each direction that is transmitting (only those have a queue),
    // then, if asked for, what waits behind it.
    net.for_each_flow([&](ConnId c, int d) {
        const HalfConn& h = net.conn(c).dir[d];
        if (h.queue.empty()) return;  // a flow always has its head segment; nothing to draw otherwise
        const Segment& head = h.queue.front();
        // `remaining` is brought up to date only when the rate changes; advance it to the view time.
        const double left = std::max(0.0, h.remaining - h.rate * to_seconds(now - h.updated));
        collect.add(c, d, head, Placement{InFlightStage::transmitting, -1, 0, static_cast<double>(head.size()) - left});
        if (!options.queued) return;
        size_t behind = 1;
        for (auto it = h.queue.begin() + 1; it != h.queue.end(); ++it, ++behind)
            collect.add(c, d, *it, Placement{InFlightStage::queued, -1, behind, 0});
    });
    collect.finish();
    // Within a direction, propagating segments come before the queue, so the stage orders the stream.
    // The keys are sorted, not the messages (each is a few hundred bytes); the messages then take their
    // places by swaps, following each cycle of the permutation, with no second list.
    using Key = std::tuple<SimTime, ConnId, int, int, size_t, size_t, size_t>;
    std::vector<Key> keys;
    keys.reserve(out.size());
    for (size_t k = 0; k < out.size(); ++k) {
        const InFlightMessage& m = out[k];
        keys.emplace_back(m.sent, m.conn, m.dir, m.stage == InFlightStage::propagating ? 0 : 1, m.segment, m.part, k);
    }
    std::sort(keys.begin(), keys.end());
    std::vector<size_t> from(keys.size());  // from[i]: where the message that belongs at i is now
    for (size_t i = 0; i < keys.size(); ++i) from[i] = std::get<6>(keys[i]);
    for (size_t start = 0; start < from.size(); ++start) {
        size_t i = start;
        while (from[i] != start) {  // the message at `start` is carried along the cycle to its place
            std::swap(out[i], out[from[i]]);
            const size_t next = from[i];
            from[i] = i;
            i = next;
        }
        from[i] = i;
    }
}

}  // namespace swarmscope

// A swarm: a tracker and peers on the loopback transport, driven by the event queue in simulated time.
// All state is plain data (ids, not pointers), so a Swarm copies as a snapshot.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "chunked_vector.h"
#include "metainfo.h"
#include "net.h"
#include "piece_picker.h"
#include "rng.h"
#include "sim.h"
#include "swarm_config.h"
#include "trace.h"
#include "tracker.h"
#include "wire.h"

namespace swarmscope {

class SnapshotWriter;

enum class PeerStatus : uint8_t { waiting, online, offline };

struct Block {
    PieceIndex piece = 0;
    uint32_t begin = 0;
    friend bool operator==(const Block&, const Block&) = default;

    template <class Archive>
    void io(Archive& a) { a(piece, begin); }
};

// A link is one peer's end of a connection, so its id follows from the connection's: 2 * conn + side.
// The swarm keeps every link in one table by that id, and a delivery finds its link from the event
// alone, without going through the peer.
using LinkId = uint32_t;
inline LinkId link_id(ConnId c, int side) { return 2 * c + static_cast<uint32_t>(side); }

// One peer's side of a connection to a neighbour. `remote` is no_peer while the slot is unused.
//
// The fields are laid out for the memory system: what every arriving message reads (a HAVE reads
// nothing else) fills the first cache line, and the decoder's own such fields the second. A block
// credits the sender's end too, in its first line. Four lines in all: a request or a block reads them
// all, and tens of thousands of links are live at once.
struct alignas(64) Link {
    ConnId conn = 0;
    PeerId remote = no_peer;
    uint8_t side = 0;
    bool open = false;             // handshakes exchanged
    bool am_choking = true, am_interested = false;
    bool peer_choking = true, peer_interested = false;
    Bitfield remote_has;
    uint32_t useful = 0;           // pieces the neighbour has and we lack: interest is useful > 0
    uint32_t remote_count = 0;     // pieces the neighbour has
    uint64_t sent_round = 0;       // bytes of blocks this choke round, to them
    WireDecoder decoder{WireLimits{}, true};
    std::vector<Block> requested;  // our outstanding requests to them
    SimTime answered = 0;          // with requests outstanding: when they last sent a block, or we began asking
    uint64_t got_round = 0;        // bytes of blocks this choke round, from them
    double down_rate = 0, up_rate = 0;       // moving averages, bytes/s
    SimTime window_start = 0;                // a short window of received blocks sizes the request queue
    uint64_t window_bytes = 0;
    double recent_rate = 0;
    int rounds_unchoked = 0;
    SimTime waiting_since = 0;
    uint64_t served_since_unchoke = 0;  // bytes of blocks we sent them since we last unchoked them

    bool live() const { return remote != no_peer; }
    // The initiator sends its handshake and bitfield as soon as the connection is up; the listener
    // answers the initiator's handshake with its own. From then on, every piece we verify must be
    // announced on this link, even before the neighbour's handshake has come back.
    bool handshake_sent() const { return open || side == 0; }

    template <class Archive>
    void io(Archive& a) {
        a(remote);
        if (!live()) {  // an unused slot is a default Link: only its marker is kept
            if constexpr (Archive::reading) *this = Link{};
            return;
        }
        // The five flags in one byte: tens of thousands of links go into a keyframe.
        uint8_t flags = static_cast<uint8_t>(open | am_choking << 1 | am_interested << 2 | peer_choking << 3 | peer_interested << 4);
        a(conn, side, flags, remote_has, useful);
        if constexpr (Archive::reading) {
            open = flags & 1, am_choking = flags >> 1 & 1, am_interested = flags >> 2 & 1;
            peer_choking = flags >> 3 & 1, peer_interested = flags >> 4 & 1;
        }
        a(remote_count, requested, answered, got_round, sent_round, down_rate, up_rate, window_start, window_bytes);
        a(recent_rate, rounds_unchoked, waiting_since, served_since_unchoke, decoder);
    }
};
// (On 64-bit machines; WebAssembly's 4-byte pointers pack it tighter.)
static_assert(sizeof(void*) != 8 || (offsetof(Link, sent_round) < 64 && offsetof(Link, decoder) == 64 && sizeof(Link) == 256),
              "see Link's layout");

// A peer's links, as references into the swarm's link table.
template <class L, class Table>
class LinkRange {
public:
    LinkRange(Table& table, const std::vector<LinkId>& ids) : table_(table), ids_(ids) {}
    struct iterator {
        Table* table;
        const LinkId* at;
        L& operator*() const { return (*table)[*at]; }
        iterator& operator++() {
            ++at;
            return *this;
        }
        bool operator!=(const iterator& o) const { return at != o.at; }
    };
    iterator begin() const { return {&table_, ids_.data()}; }
    iterator end() const { return {&table_, ids_.data() + ids_.size()}; }
    size_t size() const { return ids_.size(); }

private:
    Table& table_;
    const std::vector<LinkId>& ids_;
};

// Real-payload mode: a piece being assembled, and who sent its blocks, so a piece that fails its
// hash check is blamed on them.
struct PieceInProgress {
    std::vector<uint8_t> bytes;
    std::vector<PeerId> senders;  // each once, in the order their first block came

    template <class Archive>
    void io(Archive& a) { a(bytes, senders); }
};

// What every arriving message reads of its peer (its pieces, and the start of its picker) comes
// first, in two cache lines.
struct Peer {
    PeerId id = 0;
    HostId host = 0;
    PeerStatus status = PeerStatus::waiting;
    bool initial_seed = false;
    bool free_rider = false;
    bool removed = false;              // taken out by a what-if: never rejoins
    Bitfield have;
    uint32_t have_count = 0;
    PiecePicker picker;
    std::array<uint8_t, 20> peer_id{};
    std::vector<LinkId> links;         // its ends of connections to neighbours, in the order they were made
    uint32_t open_links = 0;           // those whose handshakes are done
    // Open links whose neighbour is interested, by whether we choke it: what fill_free_slot() asks on
    // every INTERESTED, kept current instead of counted. Derived, so keyframes leave them out.
    int unchoked_interested = 0, choked_interested = 0;
    std::vector<ConnId> dialing;       // connections we opened that are not up yet
    PeerId optimistic = no_peer;
    uint32_t rounds = 0;
    uint32_t generation = 0;           // bumps on leave, so timers from a previous stay are ignored
    // Where its blocks are counted in a receiver's received_from: its upload class (SwarmConfig::
    // up_class_of), then up_class_count() for a leecher in no class (added by a what-if), then the
    // seeds. Near `uploaded`, which a block credits too, so it is read from a line already loaded.
    uint32_t rate_class = 0;
    SimTime joined_at = -1, completed_at = -1;
    uint64_t uploaded = 0, downloaded = 0;
    std::vector<uint64_t> received_from;  // block bytes received, by the sender's rate_class
    std::map<PieceIndex, PieceInProgress> piece_data;  // real-payload mode: blocks being assembled
    std::vector<PeerId> banned;        // sent every block of a piece that failed: never connected again
    uint32_t corrupt_blocks = 0;       // what-if: the next blocks it serves have a byte wrong
    bool complete() const { return have_count == have.size(); }

    template <class Archive>
    void io(Archive& a) {
        a(id, host, status, initial_seed, free_rider, removed, peer_id, have, have_count, picker, links, open_links, dialing);
        a(optimistic, rounds, generation, joined_at, completed_at, uploaded, downloaded, piece_data, banned, corrupt_blocks);
        a(rate_class, received_from);
    }
};

struct SwarmMetrics {
    uint64_t messages = 0;                  // wire messages decoded by peers
    std::array<uint64_t, 11> by_kind{};     // indexed by MsgKind
    uint64_t bytes = 0;                     // bytes delivered by the transport
    uint64_t events = 0;
    int completed = 0;                      // leechers with the whole file
    SimTime distribution_time = -1;         // when the last leecher completed
    uint64_t bad_pieces = 0;
    uint64_t duplicate_bytes = 0;           // block bytes a peer received that it already had, or discarded

    template <class Archive>
    void io(Archive& a) { a(messages, by_kind, bytes, events, completed, distribution_time, bad_pieces, duplicate_bytes); }
};

class Swarm {
public:
    explicit Swarm(const SwarmConfig& config);

    // Runs events until `until` (inclusive) or until every leecher has the file; returns false when
    // nothing is left to do.
    bool run_until(SimTime until);
    bool step();  // one event
    bool done() const;
    bool real_payload() const { return real_payload_; }  // blocks carry real bytes, hashed with SHA-1

    SimTime now() const { return now_; }
    SimTime next_event_time() const { return queue_.empty() ? now_ : queue_.top_time(); }
    // Roughly how many bytes a copy of this swarm holds in memory.
    uint64_t state_bytes() const;
    // The whole state as compact bytes (snapshot.h), and back: a keyframe. What never changes after
    // construction (the metainfo) is not in it; restore() expects a swarm built from the same config.
    std::vector<uint8_t> snapshot() const;
    void snapshot_into(std::vector<uint8_t>& out) const;  // the same, into the memory `out` already has
    // The same bytes a part at a time, so a keyframe of a large swarm can be spread over frames: each
    // call writes on from `at` and asks `more()` between parts (about a millisecond's worth at most: the
    // leading state, or a run of peers or links) whether to go on; true once everything is written. The
    // swarm must not change between calls.
    struct SnapshotPlace {
        int stage = 0;
        size_t next = 0;  // in the stage of peers or of links: the next one
    };
    bool snapshot_part(SnapshotWriter& w, SnapshotPlace& at, const std::function<bool()>& more) const;
    void restore(const std::vector<uint8_t>& snapshot);
    const SwarmConfig& config() const { return config_; }
    const Metainfo& metainfo() const { return meta_; }
    const WireLimits& wire_limits() const { return limits_; }  // what every connection's decoder checks
    const std::vector<Peer>& peers() const { return peers_; }
    const Trace& trace() const { return trace_; }
    // What the last step() added to the trace (kept even when the trace itself keeps no records).
    const std::vector<TraceEvent>& last_step_events() const { return step_events_; }
    const SwarmMetrics& metrics() const { return metrics_; }
    const std::vector<uint32_t>& copies() const { return copies_; }  // per piece, among online peers
    // A peer's last choke round with its ranking; null before its first (a free rider never has one).
    // Kept after the peer leaves: it is what the peer last decided.
    const ChokeRecord* last_choke(PeerId id) const {
        return id < choke_records_.size() && choke_records_[id].time >= 0 ? &choke_records_[id] : nullptr;
    }
    const Net& net() const { return net_; }
    const Link& link(LinkId id) const { return links_[id]; }
    size_t link_count() const { return links_.size(); }  // ids below it, used or not
    LinkRange<const Link, const ChunkedVector<Link, 10>> links_of(const Peer& p) const { return {links_, p.links}; }
    // Leechers the run waits for: those configured, plus added ones, less those removed unfinished.
    int leechers() const { return config_.peers + leecher_delta_; }

    // What-ifs a lecturer applies between steps (what_if.cpp); each leaves a trace event. They return
    // an error message, or an empty string when applied.
    std::string add_leecher(PeerId* added = nullptr);
    std::string remove_peer(PeerId id);       // leaves for good
    std::string make_leave(PeerId id);        // leaves, keeping its pieces
    std::string make_rejoin(PeerId id);
    std::string set_peer_upload(PeerId id, double bytes_per_second);
    std::string set_free_rider(PeerId id, bool free_rider);
    std::string drop_in_flight(ConnId conn, int dir, size_t index);
    // `id` sends its bitfield again to `neighbour`, late, as some clients do (aria2, to peers without
    // the Fast extension): the receiver must replace, not add to, what it knew.
    std::string resend_bitfield(PeerId id, PeerId neighbour);
    // The next block `id` serves has one byte wrong (files up to 16 MiB, whose blocks travel as bytes).
    std::string corrupt_next_block(PeerId id);
    std::string set_preset(ChokePreset preset);

private:
    static constexpr uint32_t tracker_owner = 0xFFFFFFFEu;

    // The swarm's state in keyframe order, in parts: the leading state in two, then peers and links a
    // run at a time (hundreds of peers, tens of thousands of links), then the rest; writing can stop
    // between any two parts (snapshot_part).
    template <class Archive, class More>
    bool io(Archive& a, SnapshotPlace& at, More&& more) {
        for (;; ++at.stage, at.next = 0) {
            switch (at.stage) {
                case 0: a(config_, now_, rng_, queue_); break;
                case 1: a(net_, tracker_); break;
                case 2:
                    if (!io_runs(a, peers_, at, more, [&](Peer& p) { a.item(p); })) return false;
                    break;
                case 3:
                    if (!io_runs(a, links_, at, more, [&](Link& l) { link_io(a, l); })) return false;
                    break;
                default: a(copies_, trace_, step_events_, metrics_, leecher_delta_, choke_records_); return true;
            }
            if (!more()) {
                ++at.stage, at.next = 0;
                return false;
            }
        }
    }
    // A container's count (before its first item), then its items from at.next on, asking `more()`
    // after each run of them; true once the last is done.
    template <class Archive, class V, class More, class Each>
    static bool io_runs(Archive& a, V& v, SnapshotPlace& at, More& more, Each&& each) {
        constexpr size_t run = 128;
        if (at.next == 0) a.count(v);
        for (;;) {
            for (const size_t end = std::min(v.size(), at.next + run); at.next < end; ++at.next) each(v[at.next]);
            if (at.next == v.size()) return true;
            if (!more()) return false;
        }
    }
    template <class Archive>
    void io(Archive& a) {
        SnapshotPlace at;
        io(a, at, [] { return true; });
    }
    // What a peer knows a neighbour has differs from what the neighbour has only by the HAVEs still on
    // their way, so a keyframe keeps the difference (the bits flipped by the neighbour's own): nearly all
    // clear, which takes a byte or two. Peers come before links, so reading has their bits already.
    template <class Archive>
    void link_io(Archive& a, Link& l) {
        if constexpr (Archive::reading) {
            a.item(l);
            if (l.live()) {
                if (l.remote >= peers_.size()) throw std::runtime_error("keyframe snapshot is corrupt: a link to no peer");
                l.remote_has.flip(peers_[l.remote].have);
                l.decoder.set_limits(limits_);
            }
        } else {
            if (l.live()) l.remote_has.flip(peers_[l.remote].have);
            a.item(l);
            if (l.live()) l.remote_has.flip(peers_[l.remote].have);
        }
    }
    void dispatch(const Event& e);
    void prefetch_upcoming() const;
    void prefetch_handling(ConnId c, int dir, uint32_t slot) const;
    void on_deliver(ConnId c, int dir, uint32_t slot);  // slot: the transport's, for the arriving segment
    void on_accept(ConnId c);
    void on_connected(ConnId c);
    void on_closed(ConnId c, int side);
    void tracker_receive(ConnId c, int side, const std::string& request);
    void peer_tracker_receive(Peer& p, ConnId c, const std::string& http);

    // peer.cpp: the peer's side of the protocol
    // Its host's rates and its class: a seed shares server_up, a leecher has its class's rates.
    void init_peer(Peer& p, bool seed);
    void peer_arrive(PeerId id);
    void peer_leave(PeerId id);
    void scheduled_change(const ScheduledChange& change);  // what_if.cpp
    void announce(Peer& p, AnnounceEvent event);
    void dial(Peer& p, PeerId remote);
    void forget_dialing(Peer& p, ConnId c);
    Link* find_link(Peer& p, ConnId c);
    Link* find_link(Peer& p, ConnId c, int side);  // `side`: p's end of the connection
    bool has_link(const Peer& p, PeerId remote) const;
    bool is_dialing(const Peer& p, PeerId remote) const;
    bool is_banned(const Peer& p, PeerId remote) const;
    Link& add_link(Peer& p, ConnId c, int side, PeerId remote);
    void remove_link(Peer& p, ConnId c);
    void send(Link& l, const uint8_t* bytes, size_t size, uint32_t ref_length = 0, uint64_t ref = 0);
    void send(Link& l, const std::vector<uint8_t>& bytes, uint32_t ref_length = 0, uint64_t ref = 0);
    void send_frame(Link& l, MsgKind kind);  // a message without payload: choke, interested, ...
    void send_handshake_and_bitfield(Peer& p, Link& l);
    void handle_message(Peer& p, Link& l, const Message& m);
    void on_block(Peer& p, Link& l, const Message& m);
    void piece_done(Peer& p, PieceIndex piece, PeerId from);
    bool piece_failed(Peer& p, PieceIndex piece);  // real payload: a hash check that failed, handled
    void ban(Peer& p, PeerId remote, const std::string& why);
    void update_interest(Peer& p, Link& l);
    void fill_requests(Peer& p, Link& l);
    void drop_requests(Peer& p, Link& l);
    void time_out_requests(Peer& p);
    void refill_links(Peer& p);
    LinkRange<Link, ChunkedVector<Link, 10>> links_of(Peer& p) { return {links_, p.links}; }
    void serve_request(Peer& p, Link& l, const Message& m);
    void choke_round(Peer& p);
    void fill_free_slot(Peer& p);
    void make_room_for(Peer& p, Link& l);
    void rotate_seed_slot(Peer& p, Link& l, PieceIndex last_piece);
    void cancel_queued_block(Peer& p, Link& l, const Message& m);
    bool spoiled(PieceIndex piece, uint32_t begin, const uint8_t* block, size_t size) const;
    bool spoiled(const Segment& s) const;
    void keep_unsent_corruption(ConnId c, int side, bool with_head);
    void close_peer_conn(ConnId c, int side);
    void set_choke(Peer& p, Link& l, bool choke, const std::string& why, bool finish_queued = false);
    // Takes `l` out of (sign -1) or into (+1) p's interested counts: around any change to its open,
    // peer_interested or am_choking.
    static void count_interested(Peer& p, const Link& l, int sign) {
        if (l.open && l.peer_interested) (l.am_choking ? p.choked_interested : p.unchoked_interested) += sign;
    }
    void recount_interested();
    ChokeInput choke_input(const Peer& p) const;
    void trace(TraceKind kind, PeerId peer, PeerId other = no_peer, uint32_t piece = 0, uint32_t n1 = 0,
               uint32_t n2 = 0, const std::string& text = {});

    SwarmConfig config_;
    Metainfo meta_;
    WireLimits limits_;
    bool real_payload_ = false;
    SimTime now_ = 0;
    Rng rng_;
    EventQueue queue_;
    Net net_;
    HostId tracker_host_ = 0;
    Tracker tracker_;
    std::vector<Peer> peers_;
    // By LinkId; unused slots (tracker connections, closed ones) are default. In blocks, so that the
    // thousandth connection does not move every link (milliseconds of a frame when a std::vector doubled).
    ChunkedVector<Link, 10> links_;
    std::vector<uint32_t> copies_;
    std::vector<BlockPick> picks_, pending_;  // scratch for fill_requests, kept to avoid allocating
    std::vector<uint8_t> wire_;               // scratch for encoding what is sent next
    std::vector<uint8_t> have_wire_;          // scratch: the HAVE a verified piece sends to every neighbour
    Message whole_;                           // scratch: the message a whole-frame segment carried
    Trace trace_;
    std::vector<TraceEvent> step_events_;
    SwarmMetrics metrics_;
    int leecher_delta_ = 0;
    std::vector<ChokeRecord> choke_records_;  // by peer; grows as peers are added
};

}  // namespace swarmscope

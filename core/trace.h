// The trace: every state change of the swarm as a small record, with a one-line reason in plain English.
// Records are plain numbers; the text is made when someone reads it, so a million-event run stays cheap.
// The hash covers every record, so two runs can be compared bit for bit.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "chunked_vector.h"
#include "ids.h"
#include "sim_time.h"

namespace swarmscope {

enum class TraceKind : uint8_t {
    peer_joined,      // peer
    announce,         // peer; n1: AnnounceEvent
    tracker_reply,    // peer; n1: peers returned, n2: peers registered
    tracker_failure,  // peer; text
    connecting,       // peer -> other
    connected,        // peer <-> other (as seen by peer)
    handshake,        // peer received other's handshake
    bitfield,         // peer received other's bitfield; n1: pieces in it
    interested,       // peer is interested in other
    not_interested,   // peer lost interest in other
    unchoke,          // peer unchokes other; text: reason
    choke,            // peer chokes other; text: reason
    piece_requested,  // peer starts piece `piece` from other; text: reason
    piece_verified,   // peer has piece, SHA-1 checked (or, with blocks by reference, complete); n1: pieces
                      // now held; n2: copies in the swarm
    piece_failed,     // peer's piece failed its hash check; n1: how many sent its blocks; other: the one
                      // who sent them all (else no_peer, and text names them)
    completed,        // peer has every piece
    left,             // peer left the swarm; n1: pieces held
    rejoined,         // peer came back; n1: pieces held
    disconnected,     // peer's connection to other closed
    protocol_error,   // peer closed the connection to other; text: what was wrong
    choke_round,      // peer's 10 s choking decision; piece: 1 when the optimistic unchoke rotated;
                      // n1: unchoked, n2: interested neighbours; text: summary
    intervention,     // a what-if applied by the lecturer; peer (if any); text: what changed
    request_timeout,  // peer gave up waiting on other: n1 seconds without a block, n2 requests dropped
    bitfield_replaced,  // a late BITFIELD from other replaced what peer knew of it; n1: pieces in it, n2: known before
};

const char* trace_kind_name(TraceKind kind);

struct TraceEvent {
    SimTime time = 0;
    TraceKind kind = TraceKind::peer_joined;
    PeerId peer = no_peer;
    PeerId other = no_peer;
    uint32_t piece = 0;
    uint32_t n1 = 0, n2 = 0;
    uint32_t text = 0;  // index into the trace's text table + 1; 0 = none

    template <class Archive>
    void io(Archive& a) { a(time, kind, peer, other, piece, n1, n2, text); }
};

// The records a trace has kept, oldest first. They live in fixed-size blocks (the log never copies
// its records as it grows), so a view is indexed, not a pointer range; it stays valid while no record
// is added.
class TraceView {
public:
    using Records = ChunkedVector<TraceEvent>;
    using iterator = Records::const_iterator;
    TraceView(const Records* records, size_t size) : records_(records), size_(size) {}
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const TraceEvent& operator[](size_t i) const { return (*records_)[i]; }
    const TraceEvent& back() const { return (*records_)[size_ - 1]; }
    iterator begin() const { return {records_, 0}; }
    iterator end() const { return {records_, size_}; }

private:
    const Records* records_;
    size_t size_;
};

// The records live in a log that copies of a trace share: a copy of the swarm (a keyframe) costs no
// copy of its history. A trace sees the first count() records of the log; when a restored copy adds
// a record that differs from the log's next one, the log is first cut back to that copy's length,
// because its future is being rewritten (a replay that adds the same records leaves the log whole).
// A keyframe restored into a swarm whose log does not reach that far (a swarm built separately) has
// no records before it: its trace starts a log of its own at first() = count().
class Trace {
public:
    // pieces_hashed: false when blocks travel by reference, so a completed piece was never hashed and
    // its record must not say it was verified.
    explicit Trace(bool keep_events = true, bool pieces_hashed = true);

    static constexpr uint64_t empty_hash = 0xCBF29CE484222325ull;  // FNV-1a offset basis: no records

    void add(TraceEvent e, const std::string& text = {});
    uint64_t hash() const { return hash_; }
    // `h` carried on over one of our records (with its text), as add() carries the hash: so a reader
    // that follows the records can tell whether the trace it read before is a prefix of this one.
    uint64_t hash_with(uint64_t h, const TraceEvent& e) const;
    uint64_t count() const { return count_; }
    // The number of the first record kept: 0 unless restored from a keyframe of another swarm's log.
    uint64_t first() const { return first_; }
    bool keeps_events() const { return log_ != nullptr; }
    TraceView events() const;  // records first() to count() - 1
    // "t=12.345 s  peer 3: unchoked 7: 2nd fastest uploader to us, 41 KiB/s"
    std::string line(const TraceEvent& e) const;
    std::string reason(const TraceEvent& e) const;

    // A keyframe keeps how far into the shared log this trace reaches, and its hash; the log stays.
    template <class Archive>
    void io(Archive& a) {
        a(hash_, count_);
        if constexpr (Archive::reading)
            if (log_ && (count_ < first_ || count_ - first_ > log_->events.size())) {
                log_ = std::make_shared<Log>();
                first_ = count_;
            }
    }

private:
    struct Log {
        ChunkedVector<TraceEvent> events;
        ChunkedVector<std::string, 10> texts;
    };
    std::shared_ptr<Log> log_;
    bool pieces_hashed_ = true;
    uint64_t hash_ = empty_hash;
    uint64_t count_ = 0;
    uint64_t first_ = 0;  // the record log_->events[0] is; not in keyframes, as the log is not
};

std::string format_time(SimTime t);

}  // namespace swarmscope

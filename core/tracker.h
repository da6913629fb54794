// The tracker and its HTTP announce protocol (BEP 3), spoken as bytes over the loopback transport.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ids.h"
#include "result.h"
#include "rng.h"
#include "sim_time.h"

namespace swarmscope {

enum class AnnounceEvent : uint8_t { none, started, completed, stopped };
const char* announce_event_name(AnnounceEvent e);

struct Announce {
    std::array<uint8_t, 20> info_hash{};
    std::array<uint8_t, 20> peer_id{};
    uint16_t port = 6881;
    uint64_t uploaded = 0, downloaded = 0, left = 0;
    AnnounceEvent event = AnnounceEvent::none;
    uint32_t numwant = 50;
};

struct PeerAddress {
    uint32_t ip = 0;  // simulated addresses in 127.0.0.0/8: host h is 127.0.0.0 + h + 1
    uint16_t port = 0;
    friend bool operator==(const PeerAddress&, const PeerAddress&) = default;

    template <class Archive>
    void io(Archive& a) { a(ip, port); }
};

struct AnnounceReply {
    std::string failure;  // "failure reason"; empty on success
    int64_t interval = 0;
    int64_t complete = 0, incomplete = 0;
    std::vector<PeerAddress> peers;
};

// "GET /announce?info_hash=...&... HTTP/1.0\r\n\r\n"
std::string encode_announce_request(const Announce& a);
Result<Announce> parse_announce_request(std::string_view http);
// "HTTP/1.0 200 OK\r\n...\r\n\r\n" + bencoded body
std::string encode_announce_reply(const AnnounceReply& r);
Result<AnnounceReply> parse_announce_reply(std::string_view http);

uint32_t host_ip(uint32_t host);
uint32_t ip_host(uint32_t ip);
std::string format_ip(uint32_t ip);

class Tracker {
public:
    struct Entry {
        PeerAddress address;
        std::array<uint8_t, 20> peer_id{};
        uint64_t left = 0;
        SimTime last_seen = 0;

        template <class Archive>
        void io(Archive& a) { a(address, peer_id, left, last_seen); }
    };

    Tracker(std::array<uint8_t, 20> info_hash, int64_t interval_s) : info_hash_(info_hash), interval_(interval_s) {}

    // Handles one announce from `from`; returns the reply. The peer list is a uniform random subset
    // of the other registered peers (up to numwant), drawn with the swarm's RNG.
    AnnounceReply handle(const Announce& a, PeerAddress from, SimTime now, Rng& rng);
    // Same, starting from the raw HTTP request bytes; bad requests get a "failure reason".
    AnnounceReply handle_http(std::string_view http, PeerAddress from, SimTime now, Rng& rng);

    const std::map<uint32_t, Entry>& registered() const { return peers_; }  // by ip
    int64_t interval() const { return interval_; }

    template <class Archive>
    void io(Archive& a) { a(info_hash_, interval_, peers_); }

private:
    std::array<uint8_t, 20> info_hash_;
    int64_t interval_;
    std::map<uint32_t, Entry> peers_;
};

}  // namespace swarmscope

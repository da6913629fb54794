// The tracker's HTTP announce protocol and its replies.
#include <doctest/doctest.h>

#include "tracker.h"

using namespace swarmscope;

namespace {

Announce announce_from(uint8_t id, AnnounceEvent event = AnnounceEvent::started) {
    Announce a;
    a.info_hash.fill(0xAB);
    a.peer_id.fill(id);
    a.left = 1000;
    a.event = event;
    return a;
}

}  // namespace

TEST_CASE("an announce request is a GET with every BEP 3 parameter, and parses back") {
    Announce a = announce_from('x');
    a.info_hash[0] = ' ';
    a.uploaded = 5;
    a.downloaded = 7;
    const std::string http = encode_announce_request(a);
    CHECK(http.rfind("GET /announce?info_hash=%20%AB%AB", 0) == 0);
    CHECK(http.find("&peer_id=xxxxxxxxxxxxxxxxxxxx&port=6881&uploaded=5&downloaded=7&left=1000&event=started&numwant=50&compact=1 HTTP/1.0\r\n\r\n") != std::string::npos);
    Result<Announce> back = parse_announce_request(http);
    REQUIRE(back.ok());
    CHECK(back->info_hash == a.info_hash);
    CHECK(back->peer_id == a.peer_id);
    CHECK(back->uploaded == 5);
    CHECK(back->left == 1000);
    CHECK(back->event == AnnounceEvent::started);
}

TEST_CASE("bad announces get a failure reason") {
    Tracker t(announce_from(0).info_hash, 300);
    Rng rng(1);
    CHECK(t.handle_http("POST / HTTP/1.0\r\n\r\n", {host_ip(1), 6881}, 0, rng).failure == "not an HTTP GET request");
    CHECK(t.handle_http("GET /announce?peer_id=a HTTP/1.0\r\n\r\n", {host_ip(1), 6881}, 0, rng).failure ==
          "peer_id must be 20 bytes, got 1");
    CHECK(t.handle_http("GET /scrape?x=1 HTTP/1.0\r\n\r\n", {host_ip(1), 6881}, 0, rng).failure ==
          "unknown path; expected /announce?...");
    Announce other = announce_from(1);
    other.info_hash.fill(0x11);
    CHECK(t.handle(other, {host_ip(1), 6881}, 0, rng).failure == "unknown info_hash: this tracker serves one torrent");
    // The failure travels as a bencoded "failure reason".
    AnnounceReply r;
    r.failure = "missing port";
    Result<AnnounceReply> parsed = parse_announce_reply(encode_announce_reply(r));
    REQUIRE(parsed.ok());
    CHECK(parsed->failure == "missing port");
}

TEST_CASE("the tracker registers peers and returns a random subset of the others, at most numwant") {
    Tracker t(announce_from(0).info_hash, 300);
    Rng rng(9);
    for (uint8_t i = 0; i < 20; ++i) t.handle(announce_from(i), {host_ip(i), 6881}, 0, rng);
    CHECK(t.registered().size() == 20);
    Announce a = announce_from(20);
    a.numwant = 6;
    const AnnounceReply r = t.handle(a, {host_ip(20), 6881}, 0, rng);
    CHECK(r.failure.empty());
    CHECK(r.interval == 300);
    CHECK(r.peers.size() == 6);
    CHECK(r.incomplete == 21);
    for (const PeerAddress& p : r.peers) CHECK(p.ip != host_ip(20));
    // Compact peers: 6 bytes each, and they parse back to the same addresses.
    Result<AnnounceReply> parsed = parse_announce_reply(encode_announce_reply(r));
    REQUIRE(parsed.ok());
    CHECK(parsed->peers == r.peers);
    // Another seed of the RNG draws another subset.
    Rng other(10);
    Tracker t2(announce_from(0).info_hash, 300);
    for (uint8_t i = 0; i < 20; ++i) t2.handle(announce_from(i), {host_ip(i), 6881}, 0, other);
    CHECK(t2.handle(a, {host_ip(20), 6881}, 0, other).peers != r.peers);
    // A stopped peer is forgotten.
    t.handle(announce_from(3, AnnounceEvent::stopped), {host_ip(3), 6881}, 0, rng);
    CHECK(t.registered().count(host_ip(3)) == 0);
}

#include "tracker.h"

#include <cstdio>
#include <algorithm>
#include <cstring>

#include "bencode.h"

namespace swarmscope {

namespace {

const char* hex_digits = "0123456789ABCDEF";

std::string url_encode(const uint8_t* p, size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) {
        const uint8_t c = p[i];
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex_digits[c >> 4];
            out += hex_digits[c & 15];
        }
    }
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool url_decode(std::string_view in, std::string& out) {
    out.clear();
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%') {
            if (i + 2 >= in.size()) return false;
            const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return false;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += in[i];
        }
    }
    return true;
}

bool parse_u64(std::string_view s, uint64_t& v) {
    if (s.empty() || s.size() > 19) return false;
    v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    return true;
}

Error failure(std::string message) { return Error{std::move(message), 0}; }

}  // namespace

const char* announce_event_name(AnnounceEvent e) {
    switch (e) {
        case AnnounceEvent::started: return "started";
        case AnnounceEvent::completed: return "completed";
        case AnnounceEvent::stopped: return "stopped";
        case AnnounceEvent::none: break;
    }
    return "";
}

uint32_t host_ip(uint32_t host) { return 0x7F000000u + host + 1; }
uint32_t ip_host(uint32_t ip) { return ip - 0x7F000000u - 1; }

std::string format_ip(uint32_t ip) {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
    return buf;
}

std::string encode_announce_request(const Announce& a) {
    std::string q = "GET /announce?info_hash=" + url_encode(a.info_hash.data(), 20) +
                    "&peer_id=" + url_encode(a.peer_id.data(), 20) + "&port=" + std::to_string(a.port) +
                    "&uploaded=" + std::to_string(a.uploaded) + "&downloaded=" + std::to_string(a.downloaded) +
                    "&left=" + std::to_string(a.left);
    if (a.event != AnnounceEvent::none) q += std::string("&event=") + announce_event_name(a.event);
    q += "&numwant=" + std::to_string(a.numwant) + "&compact=1 HTTP/1.0\r\n\r\n";
    return q;
}

Result<Announce> parse_announce_request(std::string_view http) {
    if (http.substr(0, 4) != "GET ") return failure("not an HTTP GET request");
    const size_t end = http.find(' ', 4);
    if (end == std::string_view::npos) return failure("request line has no HTTP version");
    std::string_view target = http.substr(4, end - 4);
    if (target.substr(0, 10) != "/announce?") return failure("unknown path; expected /announce?...");
    std::string_view query = target.substr(10);
    Announce a;
    bool have_hash = false, have_id = false, have_port = false, have_left = false;
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        const size_t eq = pair.find('=');
        if (eq == std::string_view::npos) return failure("query parameter without '=': " + std::string(pair));
        const std::string_view key = pair.substr(0, eq);
        std::string value;
        if (!url_decode(pair.substr(eq + 1), value)) return failure("bad %-escape in " + std::string(key));
        uint64_t n = 0;
        if (key == "info_hash" || key == "peer_id") {
            if (value.size() != 20) return failure(std::string(key) + " must be 20 bytes, got " + std::to_string(value.size()));
            auto& dest = key == "info_hash" ? a.info_hash : a.peer_id;
            std::memcpy(dest.data(), value.data(), 20);
            (key == "info_hash" ? have_hash : have_id) = true;
        } else if (key == "port") {
            if (!parse_u64(value, n) || n == 0 || n > 65535) return failure("port must be 1-65535");
            a.port = static_cast<uint16_t>(n);
            have_port = true;
        } else if (key == "uploaded" || key == "downloaded" || key == "left" || key == "numwant") {
            if (!parse_u64(value, n)) return failure(std::string(key) + " must be a whole number");
            if (key == "uploaded") a.uploaded = n;
            else if (key == "downloaded") a.downloaded = n;
            else if (key == "left") { a.left = n; have_left = true; }
            else a.numwant = static_cast<uint32_t>(n > 200 ? 200 : n);
        } else if (key == "event") {
            if (value == "started") a.event = AnnounceEvent::started;
            else if (value == "completed") a.event = AnnounceEvent::completed;
            else if (value == "stopped") a.event = AnnounceEvent::stopped;
            else if (!value.empty()) return failure("unknown event '" + value + "'");
        }
        // compact and unknown keys are accepted and ignored, as real trackers do
    }
    if (!have_hash) return failure("missing info_hash");
    if (!have_id) return failure("missing peer_id");
    if (!have_port) return failure("missing port");
    if (!have_left) return failure("missing left");
    return a;
}

std::string encode_announce_reply(const AnnounceReply& r) {
    Value::Dict d;
    if (!r.failure.empty()) {
        d["failure reason"] = Value{r.failure};
    } else {
        d["interval"] = Value{r.interval};
        d["complete"] = Value{r.complete};
        d["incomplete"] = Value{r.incomplete};
        std::string compact;
        for (const PeerAddress& p : r.peers) {
            const uint8_t b[6] = {static_cast<uint8_t>(p.ip >> 24), static_cast<uint8_t>(p.ip >> 16),
                                  static_cast<uint8_t>(p.ip >> 8), static_cast<uint8_t>(p.ip),
                                  static_cast<uint8_t>(p.port >> 8), static_cast<uint8_t>(p.port)};
            compact.append(reinterpret_cast<const char*>(b), 6);
        }
        d["peers"] = Value{compact};
    }
    const std::string body = encode_bencode(Value{d});
    return "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

Result<AnnounceReply> parse_announce_reply(std::string_view http) {
    if (http.substr(0, 9) != "HTTP/1.0 " && http.substr(0, 9) != "HTTP/1.1 ") return failure("not an HTTP response");
    if (http.substr(9, 3) != "200") return failure("tracker answered HTTP " + std::string(http.substr(9, 3)));
    const size_t body_at = http.find("\r\n\r\n");
    if (body_at == std::string_view::npos) return failure("HTTP response has no body");
    Result<Value> v = decode_bencode(http.substr(body_at + 4));
    if (!v) return failure("reply body: " + v.error().message);
    AnnounceReply r;
    if (const Value* f = v->find("failure reason")) {
        if (const std::string* s = f->as_string()) r.failure = *s;
        else return failure("failure reason is not a string");
        return r;
    }
    const Value* interval = v->find("interval");
    const Value* peers = v->find("peers");
    if (!interval || !interval->as_int()) return failure("reply lacks an integer interval");
    if (!peers || !peers->as_string()) return failure("reply lacks compact peers");
    r.interval = *interval->as_int();
    if (const Value* c = v->find("complete"); c && c->as_int()) r.complete = *c->as_int();
    if (const Value* c = v->find("incomplete"); c && c->as_int()) r.incomplete = *c->as_int();
    const std::string& compact = *peers->as_string();
    if (compact.size() % 6 != 0) return failure("compact peers length " + std::to_string(compact.size()) + " is not a multiple of 6");
    for (size_t i = 0; i < compact.size(); i += 6) {
        const auto* b = reinterpret_cast<const uint8_t*>(compact.data() + i);
        r.peers.push_back({(uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3],
                           static_cast<uint16_t>((b[4] << 8) | b[5])});
    }
    return r;
}

AnnounceReply Tracker::handle(const Announce& a, PeerAddress from, SimTime now, Rng& rng) {
    AnnounceReply r;
    if (a.info_hash != info_hash_) {
        r.failure = "unknown info_hash: this tracker serves one torrent";
        return r;
    }
    if (a.event == AnnounceEvent::stopped) {
        peers_.erase(from.ip);
    } else {
        Entry& e = peers_[from.ip];
        e.address = {from.ip, a.port};
        e.peer_id = a.peer_id;
        e.left = a.left;
        e.last_seen = now;
    }
    std::vector<PeerAddress> others;
    for (const auto& [ip, e] : peers_) {
        if (ip == from.ip) continue;
        if (e.left == 0) ++r.complete;
        else ++r.incomplete;
        others.push_back(e.address);
    }
    if (a.event == AnnounceEvent::stopped) return r;  // a leaving peer needs no list
    // Partial Fisher-Yates: the first numwant entries are a uniform random subset.
    const size_t want = std::min<size_t>(a.numwant, others.size());
    for (size_t i = 0; i < want; ++i) {
        const size_t j = i + rng.below(static_cast<uint32_t>(others.size() - i));
        std::swap(others[i], others[j]);
    }
    others.resize(want);
    r.peers = std::move(others);
    r.interval = interval_;
    if (peers_.count(from.ip) && peers_[from.ip].left == 0) ++r.complete;
    else if (peers_.count(from.ip)) ++r.incomplete;
    return r;
}

AnnounceReply Tracker::handle_http(std::string_view http, PeerAddress from, SimTime now, Rng& rng) {
    Result<Announce> a = parse_announce_request(http);
    if (!a) {
        AnnounceReply r;
        r.failure = a.error().message;
        return r;
    }
    return handle(*a, from, now, rng);
}

}  // namespace swarmscope

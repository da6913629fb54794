#include "condition.h"

#include <algorithm>
#include <limits>

#include "error_words.h"
#include "swarm.h"

namespace swarmscope {

namespace {

// Parentheses and "not" nest by recursion; a cap keeps hostile input from exhausting the (small wasm) stack.
constexpr int max_depth = 64;
constexpr size_t max_length = 65536;
constexpr uint64_t max_number = 0xFFFFFFFEu;  // 0xFFFFFFFF is any_peer
// What can start a condition, said as "{1} or {2}" in an error.
const char* const atom_words = "peer, any, piece, min copies, time, completed, not";
const char* const atom_last = "(";
const char* const comparison_list = "(>=, >, <=, <, ==, !=)";

enum class TokenType : uint8_t { word, op, open, close, end };

struct Token {
    TokenType type = TokenType::end;
    std::string_view text;
    uint32_t column = 0;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_op_char(char c) { return c == '<' || c == '>' || c == '=' || c == '!'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = lower(c);
    return out;
}

// Operators split from words even without spaces, so "time>=90s" reads as three tokens.
std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (is_space(c)) {
            ++i;
            continue;
        }
        Token t;
        t.column = static_cast<uint32_t>(i + 1);
        size_t j = i + 1;
        if (c == '(') {
            t.type = TokenType::open;
        } else if (c == ')') {
            t.type = TokenType::close;
        } else if (is_op_char(c)) {
            t.type = TokenType::op;
            while (j < s.size() && is_op_char(s[j])) ++j;
        } else {
            t.type = TokenType::word;
            while (j < s.size() && !is_space(s[j]) && s[j] != '(' && s[j] != ')' && !is_op_char(s[j])) ++j;
        }
        t.text = s.substr(i, j - i);
        out.push_back(t);
        i = j;
    }
    Token end;
    end.column = static_cast<uint32_t>(s.size() + 1);
    out.push_back(end);
    return out;
}

bool is(const Token& t, std::string_view keyword) {
    if (t.type != TokenType::word || t.text.size() != keyword.size()) return false;
    for (size_t i = 0; i < keyword.size(); ++i)
        if (lower(t.text[i]) != keyword[i]) return false;
    return true;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

// Long words are cut short so a message stays one readable line.
std::string quoted(std::string_view s) {
    std::string out = "'";
    out.append(s.substr(0, 24));
    out += s.size() > 24 ? "...'" : "'";
    return out;
}

const char* comparison_text(Comparison c) {
    switch (c) {
        case Comparison::ge: return ">=";
        case Comparison::gt: return ">";
        case Comparison::le: return "<=";
        case Comparison::lt: return "<";
        case Comparison::eq: return "==";
        case Comparison::ne: return "!=";
    }
    return "?";
}

// "column N: ..." in English; key and args hold the words without the column (Error::offset has it).
Error error_at(uint32_t column, const char* key, std::vector<std::string> args = {}) {
    Error e = keyed_error(key, std::move(args), column);
    e.message = "column " + std::to_string(column) + ": " + e.message;
    return e;
}

std::string peer_text(PeerId p) { return p == any_peer ? "any peer" : "peer " + std::to_string(p); }

class Parser {
public:
    explicit Parser(std::string_view text) : tokens_(tokenize(text)) {}

    Result<Condition> run() {
        const uint32_t root = parse_or();
        if (!error_) {
            const Token& t = tok();
            if (t.type == TokenType::close) fail(t.column, "err.cond.unbalanced_close");
            else if (t.type != TokenType::end) fail(t.column, "err.cond.expected_and_or", {quoted(t.text)});
        }
        if (error_) return *error_;
        condition_.root = root;
        return condition_;
    }

private:
    const Token& tok() const { return tokens_[pos_]; }

    uint32_t fail(uint32_t column, const char* key, std::vector<std::string> args = {}) {
        if (!error_) error_ = error_at(column, key, std::move(args));
        return no_node;
    }

    uint32_t add(const ConditionNode& n) {
        condition_.nodes.push_back(n);
        return static_cast<uint32_t>(condition_.nodes.size() - 1);
    }

    // The keyword, or "expected 'keyword' after 'what came before'".
    bool expect(std::string_view keyword, std::string before) {
        if (!is(tok(), keyword)) {
            fail(tok().column, "err.cond.expected_after", {quoted(keyword), quoted(before)});
            return false;
        }
        ++pos_;
        return true;
    }

    // A whole number that fits a peer, piece or count.
    bool number(uint64_t& out, const char* key, std::vector<std::string> args = {}) {
        const Token& t = tok();
        if (t.type != TokenType::word || !all_digits(t.text)) {
            fail(t.column, key, std::move(args));
            return false;
        }
        uint64_t v = 0;
        for (char c : t.text) {
            v = v * 10 + static_cast<uint64_t>(c - '0');
            if (v > max_number) {
                fail(t.column, "err.cond.number_too_large", {quoted(t.text)});
                return false;
            }
        }
        out = v;
        ++pos_;
        return true;
    }

    bool comparison(Comparison& out) {
        const Token& t = tok();
        static const struct {
            const char* text;
            Comparison cmp;
        } ops[] = {{">=", Comparison::ge}, {">", Comparison::gt}, {"<=", Comparison::le},
                   {"<", Comparison::lt},  {"==", Comparison::eq}, {"!=", Comparison::ne}};
        if (t.type == TokenType::op)
            for (const auto& o : ops)
                if (t.text == o.text) {
                    out = o.cmp;
                    ++pos_;
                    return true;
                }
        fail(t.column, "err.cond.expected_comparison", {comparison_list});
        return false;
    }

    // "90s", "1500ms", "2min", "90" (seconds) or "90 s"; whole numbers only, so times stay exact.
    bool time_value(int64_t& out, Comparison cmp) {
        const Token& t = tok();
        if (t.type != TokenType::word || !is_digit(t.text[0])) {
            fail(t.column, "err.cond.expected_time", {quoted(comparison_text(cmp))});
            return false;
        }
        size_t digits = 0;
        while (digits < t.text.size() && is_digit(t.text[digits])) ++digits;
        if (digits > 18) {
            fail(t.column, "err.cond.time_too_large", {quoted(t.text)});
            return false;
        }
        int64_t n = 0;
        for (size_t i = 0; i < digits; ++i) n = n * 10 + (t.text[i] - '0');
        std::string_view unit = t.text.substr(digits);
        uint32_t unit_column = t.column + static_cast<uint32_t>(digits);
        ++pos_;
        const Token& next = tok();
        if (unit.empty() && next.type == TokenType::word && is_letter(next.text[0]) && !is(next, "and") &&
            !is(next, "or") && !is(next, "not") && !is(next, "peer") && !is(next, "any") && !is(next, "piece") &&
            !is(next, "time") && !is(next, "completed")) {
            unit = next.text;
            unit_column = next.column;
            ++pos_;
        }
        if (!unit.empty() && (unit[0] == '.' || unit[0] == ',')) {
            fail(unit_column, "err.cond.fraction");
            return false;
        }
        static const struct {
            const char* name;
            int64_t scale;
        } units[] = {{"us", 1}, {"ms", 1000}, {"s", 1000000}, {"min", 60000000}, {"h", 3600000000}};
        int64_t scale = unit.empty() ? 1000000 : 0;
        for (const auto& u : units)
            if (lowered(unit) == u.name) scale = u.scale;
        if (scale == 0) {
            fail(unit_column, "err.cond.unknown_unit", {quoted(unit)});
            return false;
        }
        if (n > std::numeric_limits<int64_t>::max() / scale) {
            fail(t.column, "err.cond.time_too_large", {quoted(t.text)});
            return false;
        }
        out = n * scale;
        return true;
    }

    uint32_t parse_or() { return parse_list(ConditionNodeKind::or_op, "or"); }
    uint32_t parse_and() { return parse_list(ConditionNodeKind::and_op, "and"); }

    // Chains of "and" / "or" become one node with a child list, so long chains do not deepen the recursion.
    uint32_t parse_list(ConditionNodeKind kind, std::string_view keyword) {
        std::vector<uint32_t> items;
        for (;;) {
            const uint32_t n = kind == ConditionNodeKind::or_op ? parse_and() : parse_unary();
            if (n == no_node) return no_node;
            items.push_back(n);
            if (!is(tok(), keyword)) break;
            ++pos_;
        }
        if (items.size() == 1) return items[0];
        for (size_t i = 0; i + 1 < items.size(); ++i) condition_.nodes[items[i]].next_sibling = items[i + 1];
        ConditionNode n;
        n.kind = kind;
        n.first_child = items[0];
        return add(n);
    }

    uint32_t parse_unary() {
        const Token& t = tok();
        if (is(t, "not") || t.type == TokenType::open) {
            if (++depth_ > max_depth)
                return fail(t.column, "err.cond.too_deep", {std::to_string(max_depth)});
        }
        if (is(t, "not")) {
            ++pos_;
            const uint32_t child = parse_unary();
            if (child == no_node) return no_node;
            --depth_;
            ConditionNode n;
            n.kind = ConditionNodeKind::not_op;
            n.first_child = child;
            return add(n);
        }
        if (t.type == TokenType::open) {
            ++pos_;
            ++open_parens_;
            const uint32_t inner = parse_or();
            if (inner == no_node) return no_node;
            const Token& close = tok();
            if (close.type == TokenType::end) return fail(t.column, "err.cond.unclosed_open");
            if (close.type != TokenType::close)
                return fail(close.column, "err.cond.expected_and_or_close", {quoted(close.text)});
            ++pos_;
            --open_parens_;
            --depth_;
            return inner;
        }
        if (t.type == TokenType::close)
            return fail(t.column, open_parens_ > 0 ? "err.cond.nothing_before_close" : "err.cond.unbalanced_close");
        if (t.type == TokenType::end) {
            if (pos_ == 0) return fail(t.column, "err.cond.empty");
            return fail(t.column, "err.cond.nothing_after", {quoted(tokens_[pos_ - 1].text)});
        }
        if (t.type == TokenType::op) return fail(t.column, "err.cond.unexpected", {quoted(t.text), atom_words, atom_last});
        return parse_atom();
    }

    uint32_t event(ConditionNode n, ConditionEvent e) {
        n.kind = ConditionNodeKind::event;
        n.event = e;
        return add(n);
    }

    // "CMP NUMBER" after a counted state ("completed", "min copies", "neighbours"): the node, or no_node.
    uint32_t counted_state(ConditionNode n, ConditionNodeKind kind) {
        uint64_t v = 0;
        if (!comparison(n.cmp)) return no_node;
        if (!number(v, "err.cond.expected_number_after", {quoted(comparison_text(n.cmp))})) return no_node;
        n.kind = kind;
        n.value = static_cast<int64_t>(v);
        return add(n);
    }

    uint32_t parse_atom() {
        const Token& t = tok();
        if (is(t, "peer")) {
            ++pos_;
            uint64_t a = 0;
            if (!number(a, "err.cond.expected_peer_number")) return no_node;
            return parse_peer_rest(static_cast<PeerId>(a), t.column);
        }
        if (is(t, "any")) {
            ++pos_;
            if (is(tok(), "choke")) {
                ++pos_;
                if (!expect("round", "choke")) return no_node;
                ConditionNode n;
                n.peer = any_peer;
                n.peer_column = t.column;
                return event(n, ConditionEvent::choke_round);
            }
            if (is(tok(), "peer")) {
                ++pos_;
                return parse_peer_rest(any_peer, t.column);
            }
            return fail(tok().column, "err.cond.expected_either_after", {"'peer'", "'choke round'", "'any'"});
        }
        ConditionNode n;
        if (is(t, "piece")) {
            ++pos_;
            uint64_t k = 0, v = 0;
            if (!number(k, "err.cond.expected_piece_number")) return no_node;
            if (!expect("copies", "piece " + std::to_string(k))) return no_node;
            if (!comparison(n.cmp)) return no_node;
            if (!number(v, "err.cond.expected_number_after", {quoted(comparison_text(n.cmp))})) return no_node;
            n.kind = ConditionNodeKind::piece_copies;
            n.piece = static_cast<PieceIndex>(k);
            n.piece_column = t.column;
            n.value = static_cast<int64_t>(v);
            return add(n);
        }
        if (is(t, "min")) {
            ++pos_;
            if (!expect("copies", "min")) return no_node;
            return counted_state(n, ConditionNodeKind::min_copies);
        }
        if (is(t, "time")) {
            ++pos_;
            if (!comparison(n.cmp) || !time_value(n.value, n.cmp)) return no_node;
            n.kind = ConditionNodeKind::time;
            return add(n);
        }
        if (is(t, "completed")) {
            ++pos_;
            return counted_state(n, ConditionNodeKind::completed);
        }
        return fail(t.column, "err.cond.unknown_word", {quoted(t.text), atom_words, atom_last});
    }

    // "unchokes peer B" / "unchokes any peer"
    bool target(ConditionNode& n, std::string_view verb) {
        const Token& t = tok();
        if (is(t, "peer")) {
            n.other_column = t.column;
            ++pos_;
            uint64_t b = 0;
            if (!number(b, "err.cond.expected_peer_number")) return false;
            n.other = static_cast<PeerId>(b);
            return true;
        }
        if (is(t, "any")) {
            ++pos_;
            n.other = any_peer;
            return expect("peer", "any");
        }
        fail(t.column, "err.cond.expected_either_after", {"'peer'", "'any'", quoted(lowered(verb))});
        return false;
    }

    // What follows "peer A" or "any peer": an event verb, or (for one peer) a state.
    uint32_t parse_peer_rest(PeerId a, uint32_t column) {
        ConditionNode n;
        n.peer = a;
        n.peer_column = column;
        const Token& v = tok();
        if (is(v, "unchokes") || is(v, "chokes")) {
            ++pos_;
            if (!target(n, v.text)) return no_node;
            return event(n, is(v, "chokes") ? ConditionEvent::chokes : ConditionEvent::unchokes);
        }
        if (is(v, "interested")) {
            ++pos_;
            if (!expect("in", "interested") || !target(n, "in")) return no_node;
            return event(n, ConditionEvent::interested);
        }
        static const struct {
            const char* word;
            ConditionEvent event;
        } simple[] = {{"leaves", ConditionEvent::leaves},
                      {"joins", ConditionEvent::joins},
                      {"completes", ConditionEvent::completes},
                      {"announces", ConditionEvent::announces}};
        for (const auto& s : simple)
            if (is(v, s.word)) {
                ++pos_;
                return event(n, s.event);
            }
        if (is(v, "gets")) {
            ++pos_;
            n.piece_column = tok().column;
            uint64_t k = 0;
            if (!expect("piece", "gets") || !number(k, "err.cond.expected_piece_number"))
                return no_node;
            n.piece = static_cast<PieceIndex>(k);
            return event(n, ConditionEvent::gets_piece);
        }
        if (is(v, "choke")) {
            ++pos_;
            if (!expect("round", "choke")) return no_node;
            return event(n, ConditionEvent::choke_round);
        }
        if (is(v, "unchoking")) {  // a state: whom the peer uploads to now, where "unchokes" is the moment it starts
            ++pos_;
            if (!target(n, "unchoking")) return no_node;
            n.kind = ConditionNodeKind::unchoking;
            return add(n);
        }
        if (is(v, "optimistically")) {  // a state: whom the peer's optimistic unchoke is on now
            ++pos_;
            if (!expect("unchokes", "optimistically") || !target(n, "unchokes")) return no_node;
            n.kind = ConditionNodeKind::optimistic;
            return add(n);
        }
        if (is(v, "neighbours") || is(v, "neighbors")) {
            if (a == any_peer) return fail(v.column, "err.cond.needs_peer_number", {"'neighbours'"});
            ++pos_;
            return counted_state(n, ConditionNodeKind::peer_neighbours);
        }
        const bool state = is(v, "complete") || is(v, "has") || is(v, "pieces");
        if (state && a == any_peer)
            return fail(v.column, "err.cond.state_needs_peer", {quoted(lowered(v.text))});
        if (is(v, "complete")) {
            ++pos_;
            n.kind = ConditionNodeKind::peer_complete;
            return add(n);
        }
        if (is(v, "has")) {
            ++pos_;
            const Token& h = tok();
            uint64_t k = 0;
            if (is(h, "piece")) {
                ++pos_;
                if (!number(k, "err.cond.expected_piece_number")) return no_node;
                n.kind = ConditionNodeKind::peer_has_piece;
                n.piece = static_cast<PieceIndex>(k);
                n.piece_column = h.column;
                return add(n);
            }
            if (h.type == TokenType::word && all_digits(h.text)) {
                if (!number(k, "err.cond.expected_number_after", {"'has'"})) return no_node;
                if (!is(tok(), "pieces") && !is(tok(), "piece"))
                    return fail(tok().column, "err.cond.expected_after", {"'pieces'", quoted("has " + std::to_string(k))});
                ++pos_;
                n.kind = ConditionNodeKind::peer_pieces;
                n.cmp = Comparison::ge;
                n.value = static_cast<int64_t>(k);
                return add(n);
            }
            return fail(h.column, "err.cond.expected_either_after", {"'piece K'", "'N pieces'", "'has'"});
        }
        if (is(v, "pieces")) {
            ++pos_;
            uint64_t k = 0;
            if (!comparison(n.cmp)) return no_node;
            if (!number(k, "err.cond.expected_number_after", {quoted(comparison_text(n.cmp))})) return no_node;
            n.kind = ConditionNodeKind::peer_pieces;
            n.value = static_cast<int64_t>(k);
            return add(n);
        }
        const char* const verbs =
            "unchokes, chokes, interested in, leaves, joins, completes, gets piece, announces, choke round, unchoking, "
            "optimistically unchokes, complete, has, pieces";
        if (v.type == TokenType::end)
            return fail(v.column, "err.cond.expected_either_after", {verbs, "neighbours", quoted(peer_text(a))});
        return fail(v.column, "err.cond.unknown_word_after", {quoted(v.text), quoted(peer_text(a)), verbs, "neighbours"});
    }

    std::vector<Token> tokens_;
    size_t pos_ = 0;
    int depth_ = 0;
    int open_parens_ = 0;
    Condition condition_;
    std::optional<Error> error_;
};

bool compare(int64_t lhs, Comparison c, int64_t rhs) {
    switch (c) {
        case Comparison::ge: return lhs >= rhs;
        case Comparison::gt: return lhs > rhs;
        case Comparison::le: return lhs <= rhs;
        case Comparison::lt: return lhs < rhs;
        case Comparison::eq: return lhs == rhs;
        case Comparison::ne: return lhs != rhs;
    }
    return false;
}

bool same(PeerId wanted, PeerId actual) { return wanted == any_peer || wanted == actual; }

bool matches(const ConditionNode& n, const TraceEvent& e) {
    if (!same(n.peer, e.peer)) return false;
    switch (n.event) {
        case ConditionEvent::unchokes: return e.kind == TraceKind::unchoke && same(n.other, e.other);
        case ConditionEvent::chokes: return e.kind == TraceKind::choke && same(n.other, e.other);
        case ConditionEvent::interested: return e.kind == TraceKind::interested && same(n.other, e.other);
        case ConditionEvent::leaves: return e.kind == TraceKind::left;
        case ConditionEvent::joins: return e.kind == TraceKind::peer_joined || e.kind == TraceKind::rejoined;
        case ConditionEvent::completes: return e.kind == TraceKind::completed;
        case ConditionEvent::gets_piece: return e.kind == TraceKind::piece_verified && e.piece == n.piece;
        case ConditionEvent::announces: return e.kind == TraceKind::announce;
        case ConditionEvent::choke_round: return e.kind == TraceKind::choke_round;
    }
    return false;
}

bool eval(const Condition& c, uint32_t index, const Swarm& swarm) {
    if (index >= c.nodes.size()) return false;
    const ConditionNode& n = c.nodes[index];
    const std::vector<Peer>& peers = swarm.peers();
    const bool peer_ok = n.peer < peers.size();
    switch (n.kind) {
        case ConditionNodeKind::and_op:
            for (uint32_t ch = n.first_child; ch < c.nodes.size(); ch = c.nodes[ch].next_sibling)
                if (!eval(c, ch, swarm)) return false;
            return n.first_child < c.nodes.size();
        case ConditionNodeKind::or_op:
            for (uint32_t ch = n.first_child; ch < c.nodes.size(); ch = c.nodes[ch].next_sibling)
                if (eval(c, ch, swarm)) return true;
            return false;
        case ConditionNodeKind::not_op: return !eval(c, n.first_child, swarm);
        case ConditionNodeKind::event:
            for (const TraceEvent& e : swarm.last_step_events())
                if (matches(n, e)) return true;
            return false;
        case ConditionNodeKind::piece_copies:
            return n.piece < swarm.copies().size() && compare(swarm.copies()[n.piece], n.cmp, n.value);
        case ConditionNodeKind::peer_complete: return peer_ok && peers[n.peer].complete();
        case ConditionNodeKind::peer_has_piece:
            return peer_ok && n.piece < peers[n.peer].have.size() && peers[n.peer].have[n.piece];
        case ConditionNodeKind::peer_pieces: return peer_ok && compare(peers[n.peer].have_count, n.cmp, n.value);
        case ConditionNodeKind::completed: return compare(swarm.metrics().completed, n.cmp, n.value);
        case ConditionNodeKind::time: return compare(swarm.now(), n.cmp, n.value);
        case ConditionNodeKind::peer_neighbours:
            return peer_ok && compare(static_cast<int64_t>(peers[n.peer].links.size()), n.cmp, n.value);
        case ConditionNodeKind::optimistic:
            for (const Peer& p : peers)
                if (same(n.peer, p.id) && p.status == PeerStatus::online && p.optimistic != no_peer && same(n.other, p.optimistic))
                    return true;
            return false;
        case ConditionNodeKind::unchoking:
            for (const Peer& p : peers) {
                if (!same(n.peer, p.id) || p.status != PeerStatus::online) continue;
                for (const Link& l : swarm.links_of(p))
                    if (l.live() && l.open && !l.am_choking && same(n.other, l.remote)) return true;
            }
            return false;
        case ConditionNodeKind::min_copies: {
            const std::vector<uint32_t>& copies = swarm.copies();
            int64_t least = copies.empty() ? 0 : static_cast<int64_t>(*std::min_element(copies.begin(), copies.end()));
            return compare(least, n.cmp, n.value);
        }
    }
    return false;
}

// The largest unit that divides the time exactly, so "120s" reads "2min" and "1500ms" stays as it is.
std::string duration_text(int64_t us) {
    static const struct {
        int64_t scale;
        const char* name;
    } units[] = {{3600000000, "h"}, {60000000, "min"}, {1000000, "s"}, {1000, "ms"}};
    if (us == 0) return "0s";
    for (const auto& u : units)
        if (us % u.scale == 0) return std::to_string(us / u.scale) + u.name;
    return std::to_string(us) + "us";
}

std::string describe_node(const Condition& c, uint32_t index) {
    if (index >= c.nodes.size()) return "?";
    const ConditionNode& n = c.nodes[index];
    const std::string cmp = std::string(" ") + comparison_text(n.cmp) + " ";
    const std::string who = peer_text(n.peer);
    switch (n.kind) {
        case ConditionNodeKind::and_op:
        case ConditionNodeKind::or_op: {
            const bool is_and = n.kind == ConditionNodeKind::and_op;
            std::string out;
            for (uint32_t ch = n.first_child; ch < c.nodes.size(); ch = c.nodes[ch].next_sibling) {
                if (!out.empty()) out += is_and ? " and " : " or ";
                const std::string part = describe_node(c, ch);
                // "or" binds looser than "and", so an "or" inside an "and" keeps its parentheses.
                out += is_and && c.nodes[ch].kind == ConditionNodeKind::or_op ? "(" + part + ")" : part;
            }
            return out;
        }
        case ConditionNodeKind::not_op: {
            const std::string part = describe_node(c, n.first_child);
            const bool compound = n.first_child < c.nodes.size() &&
                                  (c.nodes[n.first_child].kind == ConditionNodeKind::and_op ||
                                   c.nodes[n.first_child].kind == ConditionNodeKind::or_op);
            return compound ? "not (" + part + ")" : "not " + part;
        }
        case ConditionNodeKind::event:
            switch (n.event) {
                case ConditionEvent::unchokes: return who + " unchokes " + peer_text(n.other);
                case ConditionEvent::chokes: return who + " chokes " + peer_text(n.other);
                case ConditionEvent::interested: return who + " interested in " + peer_text(n.other);
                case ConditionEvent::leaves: return who + " leaves";
                case ConditionEvent::joins: return who + " joins";
                case ConditionEvent::completes: return who + " completes";
                case ConditionEvent::gets_piece: return who + " gets piece " + std::to_string(n.piece);
                case ConditionEvent::announces: return who + " announces";
                case ConditionEvent::choke_round: return n.peer == any_peer ? "any choke round" : who + " choke round";
            }
            return "?";
        case ConditionNodeKind::piece_copies:
            return "piece " + std::to_string(n.piece) + " copies" + cmp + std::to_string(n.value);
        case ConditionNodeKind::peer_complete: return who + " complete";
        case ConditionNodeKind::peer_has_piece: return who + " has piece " + std::to_string(n.piece);
        case ConditionNodeKind::peer_pieces:
            if (n.cmp == Comparison::ge)
                return who + " has " + std::to_string(n.value) + (n.value == 1 ? " piece" : " pieces");
            return who + " pieces" + cmp + std::to_string(n.value);
        case ConditionNodeKind::completed: return "completed" + cmp + std::to_string(n.value);
        case ConditionNodeKind::time: return "time" + cmp + duration_text(n.value);
        case ConditionNodeKind::peer_neighbours: return who + " neighbours" + cmp + std::to_string(n.value);
        case ConditionNodeKind::optimistic: return who + " optimistically unchokes " + peer_text(n.other);
        case ConditionNodeKind::unchoking: return who + " unchoking " + peer_text(n.other);
        case ConditionNodeKind::min_copies: return "min copies" + cmp + std::to_string(n.value);
    }
    return "?";
}


}  // namespace

Result<Condition> parse_condition(std::string_view text) {
    if (text.size() > max_length)
        return error_at(1, "err.cond.too_long", {std::to_string(max_length)});
    return Parser(text).run();
}

std::optional<Error> validate(const Condition& condition, const Swarm& swarm) {
    const size_t peers = swarm.peers().size();
    const size_t pieces = swarm.copies().size();
    // Atoms are stored in the order they were written, so the first problem found is the leftmost.
    for (const ConditionNode& n : condition.nodes) {
        const bool event = n.kind == ConditionNodeKind::event;
        const bool optimistic = n.kind == ConditionNodeKind::optimistic || n.kind == ConditionNodeKind::unchoking;
        const bool names_peer = event || optimistic || n.kind == ConditionNodeKind::peer_complete ||
                                n.kind == ConditionNodeKind::peer_has_piece || n.kind == ConditionNodeKind::peer_pieces ||
                                n.kind == ConditionNodeKind::peer_neighbours;
        const bool names_other = optimistic || (event && (n.event == ConditionEvent::unchokes || n.event == ConditionEvent::chokes ||
                                                          n.event == ConditionEvent::interested));
        const bool names_piece = n.kind == ConditionNodeKind::piece_copies || n.kind == ConditionNodeKind::peer_has_piece ||
                                 (event && n.event == ConditionEvent::gets_piece);
        const char* const no_peer_key = peers == 1 ? "err.cond.no_such_peer_of_one" : "err.cond.no_such_peer";
        if (names_peer && n.peer != any_peer && n.peer >= peers)
            return error_at(n.peer_column, no_peer_key, {std::to_string(n.peer), std::to_string(peers)});
        if (names_other && n.other != any_peer && n.other >= peers)
            return error_at(n.other_column, no_peer_key, {std::to_string(n.other), std::to_string(peers)});
        if (names_piece && n.piece >= pieces)
            return error_at(n.piece_column, pieces == 1 ? "err.cond.no_such_piece_of_one" : "err.cond.no_such_piece",
                            {std::to_string(n.piece), std::to_string(pieces)});
    }
    return std::nullopt;
}

bool evaluate(const Condition& condition, const Swarm& swarm) {
    return !condition.empty() && eval(condition, condition.root, swarm);
}

std::string describe(const Condition& condition) {
    return condition.empty() ? std::string() : describe_node(condition, condition.root);
}

RunToResult run_until_condition(Swarm& swarm, const Condition& condition, uint64_t max_steps) {
    RunToResult r;
    while (r.steps < max_steps && swarm.step()) {
        ++r.steps;
        if (evaluate(condition, swarm)) {
            r.hit = true;
            break;
        }
    }
    return r;
}

}  // namespace swarmscope

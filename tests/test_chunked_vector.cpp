// The trace's block storage: reads across block boundaries, cutting back, addresses that stay put,
// and a trace whose log spans several blocks read, branched and restored from keyframes.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "chunked_vector.h"
#include "snapshot.h"
#include "swarm.h"
#include "trace.h"

using namespace swarmscope;

TEST_CASE("chunked vector: reads across block boundaries, truncation and stable addresses") {
    ChunkedVector<int, 3> v;  // blocks of 8
    CHECK(v.empty());
    CHECK(v.begin() == v.end());
    std::vector<const int*> addresses;
    for (int i = 0; i < 50; ++i) {
        v.push_back(i * 3);
        addresses.push_back(&v[static_cast<size_t>(i)]);
    }
    REQUIRE(v.size() == 50);
    for (size_t i = 0; i < v.size(); ++i) {
        CHECK(v[i] == static_cast<int>(i) * 3);
        CHECK(&v[i] == addresses[i]);  // growing never moved an element
    }
    CHECK(v.back() == 49 * 3);
    CHECK(v.end() - v.begin() == 50);
    CHECK(*(v.begin() + 8) == 24);  // the first of the second block
    CHECK(*(v.begin() + 7) == 21);  // the last of the first
    const std::vector<int> copied(v.begin() + 6, v.begin() + 10);
    CHECK(copied == std::vector<int>{18, 21, 24, 27});
    CHECK(std::count_if(v.begin(), v.end(), [](int x) { return x % 2 == 0; }) == 25);

    v.truncate(16);  // exactly two blocks
    CHECK(v.size() == 16);
    CHECK(v.back() == 45);
    CHECK(&v[15] == addresses[15]);
    v.truncate(9);  // into the second block
    CHECK(v.size() == 9);
    CHECK(v.back() == 24);
    v.truncate(20);  // only shrinks
    CHECK(v.size() == 9);
    for (int i = 0; i < 10; ++i) v.push_back(-i);
    REQUIRE(v.size() == 19);
    CHECK(v[8] == 24);
    CHECK(v[9] == 0);
    CHECK(v[16] == -7);
    CHECK(v[18] == -9);
    v.truncate(0);
    CHECK(v.empty());
    v.push_back(7);
    CHECK(v[0] == 7);

    ChunkedVector<std::string, 2> s;
    for (int i = 0; i < 11; ++i) s.push_back("text " + std::to_string(i));
    s.truncate(5);
    s.push_back("again");
    CHECK(s.size() == 6);
    CHECK(s[4] == "text 4");
    CHECK(s[5] == "again");
}

TEST_CASE("a trace over several blocks: a branch cuts the log back across a block boundary") {
    constexpr size_t block = ChunkedVector<TraceEvent>::block_size;
    Trace t;
    auto record = [](size_t i) {
        TraceEvent e;
        e.time = static_cast<SimTime>(i);
        e.kind = TraceKind::unchoke;
        e.peer = static_cast<PeerId>(i % 7);
        e.other = static_cast<PeerId>(i % 5);
        return e;
    };
    const size_t branch_at = block + block / 2;
    for (size_t i = 0; i < branch_at; ++i) t.add(record(i), "reason " + std::to_string(i));
    Trace branch = t;  // shares the log, as a restored keyframe does
    Trace replay = t;
    for (size_t i = branch_at; i < 3 * block + 5; ++i) t.add(record(i), "reason " + std::to_string(i));
    {
        const TraceView all = t.events();
        REQUIRE(all.size() == 3 * block + 5);
        for (size_t i : {size_t{0}, block - 1, block, 2 * block - 1, 2 * block, 3 * block + 4}) {
            CHECK(all[i].time == static_cast<SimTime>(i));
            CHECK(t.reason(all[i]) == "reason " + std::to_string(i));
        }
        size_t n = 0;
        for (const TraceEvent& e : all) n += e.time == static_cast<SimTime>(n);
        CHECK(n == all.size());
        CHECK(all.back().time == static_cast<SimTime>(3 * block + 4));
    }
    // Replaying the same future keeps the log whole.
    for (size_t i = branch_at; i < 2 * block + 1; ++i) replay.add(record(i), "reason " + std::to_string(i));
    CHECK(t.events().size() == 3 * block + 5);
    CHECK(replay.events().size() == 2 * block + 1);
    // A new future drops the records after the branch's own, texts included.
    TraceEvent other = record(branch_at);
    other.kind = TraceKind::choke;
    branch.add(other, "a what-if");
    const TraceView mine = branch.events();
    REQUIRE(mine.size() == branch_at + 1);
    CHECK(mine[branch_at - 1].time == static_cast<SimTime>(branch_at - 1));
    CHECK(branch.reason(mine[branch_at - 1]) == "reason " + std::to_string(branch_at - 1));
    CHECK(mine.back().kind == TraceKind::choke);
    CHECK(branch.reason(mine.back()) == "a what-if");
    CHECK(mine.back().text == branch_at + 1);
}

TEST_CASE("a swarm restored from a keyframe past the first block reads its trace as the original does") {
    SwarmConfig c;
    c.peers = 30;
    c.pieces = 32;
    c.piece_size = 64 * 1024;
    c.rng_seed = 11;
    Swarm original(c);
    constexpr size_t block = ChunkedVector<TraceEvent>::block_size;
    while (original.trace().count() < block + 100 && original.step()) {
    }
    REQUIRE(original.trace().count() >= block + 100);
    const std::vector<uint8_t> keyframe = original.snapshot();
    const uint64_t at = original.trace().count();
    while (original.trace().count() < 3 * block && original.step()) {
    }
    const uint64_t end = original.trace().count(), hash = original.trace().hash();
    std::vector<std::string> lines;
    for (const TraceEvent& e : original.trace().events()) lines.push_back(original.trace().line(e));
    REQUIRE(lines.size() == end);
    Swarm& copy = original;  // restored from its own keyframe: the log is shared from there on
    copy.restore(keyframe);
    CHECK(copy.trace().count() == at);
    CHECK(copy.trace().first() == 0);
    CHECK(copy.trace().events().size() == at);
    while (copy.trace().count() < end && copy.step()) {
    }
    REQUIRE(copy.trace().count() == end);
    CHECK(copy.trace().hash() == hash);
    const TraceView mine = copy.trace().events();
    REQUIRE(mine.size() == lines.size());
    for (size_t i = 0; i < mine.size(); ++i)
        if (copy.trace().line(mine[i]) != lines[i]) FAIL("record " << i << " differs");
}

TEST_CASE("chunked vector: resize grows a block at a time without moving what is there, and shrinks") {
    ChunkedVector<std::string, 2> v;  // blocks of four
    v.resize(3);
    v[1] = "one";
    const std::string* kept = &v[1];
    v.resize(11);  // two more blocks
    CHECK(v.size() == 11);
    CHECK(&v[1] == kept);  // not moved
    CHECK(v[1] == "one");
    CHECK(v[10].empty());
    CHECK(v.capacity() == 12);
    v[10] = "ten";
    v.resize(5);
    CHECK(v.size() == 5);
    v.resize(11);
    CHECK(v[10].empty());  // what was cut is gone
    CHECK(v[1] == "one");
}

TEST_CASE("chunked vector: a snapshot writes it as it writes a std::vector") {
    std::vector<uint32_t> plain = {1, 300, 70000, 5};
    ChunkedVector<uint32_t, 1> chunked;
    for (uint32_t x : plain) chunked.push_back(x);
    SnapshotWriter a, b;
    a.field(plain);
    b.field(chunked);
    CHECK(a.bytes() == b.bytes());
    SnapshotReader r(b.bytes().data(), b.bytes().size());
    ChunkedVector<uint32_t, 1> back;
    r.field(back);
    REQUIRE(back.size() == plain.size());
    for (size_t i = 0; i < plain.size(); ++i) CHECK(back[i] == plain[i]);
}

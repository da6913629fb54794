// Swarms shared by several test files.
#pragma once
#include "swarm.h"

namespace swarmscope::testing {

// Six leechers and a seed (peer 6) on slow links, so the run lasts long enough (about 20 s) for
// choke rounds; peer 2 leaves at 3 s and comes back at 8 s.
inline SwarmConfig class_config() {
    SwarmConfig c;
    c.peers = 6;
    c.seeds = 1;
    c.pieces = 16;
    c.piece_size = 64 * 1024;
    c.server_up = 128 * 1024;
    c.peer_up = 64 * 1024;
    c.peer_down = 1 << 20;
    c.schedule = {{seconds(0), 2, ChangeKind::join}, {seconds(3), 2, ChangeKind::leave}, {seconds(8), 2, ChangeKind::join}};
    return c;
}

inline Swarm run_to_end(const SwarmConfig& c) {
    Swarm s(c);
    while (s.step()) {
    }
    return s;
}

}  // namespace swarmscope::testing

// The swarm a lecture starts from: the page opens on it, and a lesson's set-up changes only what it names.
#pragma once
#include "swarm_config.h"

namespace swarmscope {

// A tracker, 1 seed and 12 leechers sharing 40 pieces of 32 KiB, in the textbook's proportions
// (u_s = 10u, d >= u_s) at a pace a class can follow: with u = 16 KiB/s a 16 KiB block takes a second
// to send, so blocks are seen crossing their links at 5x.
inline SwarmConfig lecture_config() {
    SwarmConfig c;
    c.peers = 12;
    c.seeds = 1;
    c.pieces = 40;
    c.piece_size = 32 * 1024;
    c.peer_up = 16 * 1024;
    c.server_up = 160 * 1024;
    c.peer_down = 160 * 1024;
    c.latency_min = milliseconds(40);
    c.latency_max = milliseconds(120);
    return c;
}

}  // namespace swarmscope

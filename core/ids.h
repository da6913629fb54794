// Plain index types shared by the core: ids, not pointers, so swarm state copies as a snapshot.
#pragma once
#include <cstdint>

namespace swarmscope {

using PeerId = uint32_t;   // index of a peer in the swarm; also its name in the trace ("peer 7")
using PieceIndex = uint32_t;
constexpr PeerId no_peer = 0xFFFFFFFFu;
constexpr uint32_t block_size = 16384;  // 16 KiB: the request unit inside a piece

}  // namespace swarmscope

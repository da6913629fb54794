// Synthetic file content: every byte is a pure function of (seed, offset), so piece hashes are
// real while nothing large is stored, and any range can be regenerated on demand.
#pragma once
#include <cstddef>
#include <cstdint>

namespace swarmscope {

// Writes bytes [offset, offset + len) of the file named by seed. Any sub-range equals the same
// bytes of a larger range, and the output is identical on every platform (native and wasm32).
void generate_content(uint64_t seed, uint64_t offset, uint8_t* out, size_t len);

}  // namespace swarmscope

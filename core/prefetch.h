// A hint that the memory at `p` will be used soon, so it can be on its way while other work goes on.
// Natively this is a prefetch instruction. WebAssembly has none, so there it is a load whose value is
// dropped: the processor runs on past it while the line comes in, and loads issued together overlap
// instead of waiting one after the other. So every address given must be valid memory (null is
// skipped), never one past the end of an array.
//
// The compiler counts a prefetch instruction as doing nothing: a function made only of prefetches
// would be found to have no effect, and its calls deleted. The empty volatile statement beside each
// one is an effect it must keep, and it costs no instruction.
//
// The hints, and the look-ahead that works out what to hint (which guesses a message's kind from its
// size and reads a Link by byte offset), may never change a result. Built with the CMake option
// SWARMSCOPE_NO_PREFETCH they are all compiled out, and the trace hashes the tests check must come
// out the same.
#pragma once

namespace swarmscope {

#if defined(SWARMSCOPE_NO_PREFETCH)
inline constexpr bool prefetch_hints = false;
#else
inline constexpr bool prefetch_hints = true;
#endif

inline void prefetch([[maybe_unused]] const void* p) {
#if defined(SWARMSCOPE_NO_PREFETCH)
#elif defined(__wasm__)
    if (p) (void)*static_cast<const volatile char*>(p);
#else
    __builtin_prefetch(p);
    asm volatile("");
#endif
}

}  // namespace swarmscope

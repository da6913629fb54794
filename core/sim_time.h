// Simulated time: an integer count of microseconds, never a double, so runs are exact and repeatable.
#pragma once
#include <cstdint>

namespace swarmscope {

using SimTime = int64_t;

constexpr SimTime microseconds(int64_t n) { return n; }
constexpr SimTime milliseconds(int64_t n) { return n * 1000; }
constexpr SimTime seconds(int64_t n) { return n * 1000000; }
constexpr double to_seconds(SimTime t) { return static_cast<double>(t) / 1e6; }

}  // namespace swarmscope

// A small PNG encoder (stored, uncompressed deflate): enough for the desktop app's screenshots.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace swarmscope {

// rgba: width * height * 4 bytes, top row first.
std::vector<uint8_t> encode_png(const uint8_t* rgba, int width, int height);
bool write_png(const std::string& path, const uint8_t* rgba, int width, int height);

}  // namespace swarmscope

// Torrent metainfo (BEP 3, single file): the .torrent file and what it says about the pieces.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"
#include "sha1.h"

namespace swarmscope {

struct Metainfo {
    std::string announce;             // tracker URL
    std::string name;                 // suggested file name
    uint32_t piece_length = 0;        // bytes per piece, except maybe the last
    uint64_t total_length = 0;        // file size in bytes
    std::vector<Sha1Digest> piece_hashes;
    Sha1Digest info_hash{};           // SHA-1 of the bencoded info dict: the torrent's identity

    // Derived from the lengths: ceil(total_length / piece_length), 0 when piece_length is 0.
    uint32_t piece_count() const;
    // Bytes in piece `index`: piece_length, less for the last piece, 0 past the end.
    uint32_t piece_size(uint32_t index) const;

    friend bool operator==(const Metainfo&, const Metainfo&) = default;
};

// Hashes the generated content (see content.h) of a file of total_length bytes.
// piece_length must be positive; 0 gives a metainfo without pieces, which parse_torrent rejects.
Metainfo make_metainfo(std::string name, std::string announce, uint64_t total_length, uint32_t piece_length,
                       uint64_t content_seed);

// The bencoded info dict {length, name, piece length, pieces}: the bytes the info-hash covers.
std::string encode_info(const Metainfo& meta);
// The .torrent file: {announce, info}. info_hash is not stored; it is derived from the info dict.
std::string encode_torrent(const Metainfo& meta);

// Errors read "byte N: ..." with N the offset of the offending value (or of the dict missing a
// key). The info-hash is the SHA-1 of the info dict's bytes exactly as they appear in the file.
Result<Metainfo> parse_torrent(std::string_view file);

}  // namespace swarmscope

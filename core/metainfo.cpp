#include "metainfo.h"

#include <algorithm>

#include "bencode.h"
#include "content.h"

namespace swarmscope {

uint32_t Metainfo::piece_count() const {
    if (piece_length == 0) return 0;
    return static_cast<uint32_t>((total_length + piece_length - 1) / piece_length);
}

uint32_t Metainfo::piece_size(uint32_t index) const {
    if (index >= piece_count()) return 0;
    const uint64_t start = uint64_t(index) * piece_length;
    return static_cast<uint32_t>(std::min<uint64_t>(piece_length, total_length - start));
}

Metainfo make_metainfo(std::string name, std::string announce, uint64_t total_length, uint32_t piece_length,
                       uint64_t content_seed) {
    Metainfo meta;
    meta.announce = std::move(announce);
    meta.name = std::move(name);
    meta.piece_length = piece_length;
    meta.total_length = total_length;

    // Generate and hash in chunks so a large piece never needs a piece-sized buffer.
    std::vector<uint8_t> chunk(64 * 1024);
    const uint32_t count = meta.piece_count();
    meta.piece_hashes.reserve(count);
    for (uint32_t piece = 0; piece < count; ++piece) {
        Sha1 hasher;
        uint64_t offset = uint64_t(piece) * piece_length;
        for (uint32_t left = meta.piece_size(piece); left > 0;) {
            const size_t n = std::min<size_t>(left, chunk.size());
            generate_content(content_seed, offset, chunk.data(), n);
            hasher.update(chunk.data(), n);
            offset += n;
            left -= static_cast<uint32_t>(n);
        }
        meta.piece_hashes.push_back(hasher.finish());
    }
    meta.info_hash = sha1(encode_info(meta));
    return meta;
}

namespace {

Value info_dict(const Metainfo& meta) {
    std::string pieces;
    pieces.reserve(meta.piece_hashes.size() * 20);
    for (const Sha1Digest& hash : meta.piece_hashes) pieces.append(hash.begin(), hash.end());
    Value::Dict info;
    info["length"] = Value(meta.total_length);
    info["name"] = Value(meta.name);
    info["piece length"] = Value(meta.piece_length);
    info["pieces"] = Value(std::move(pieces));
    return Value(std::move(info));
}

}  // namespace

std::string encode_info(const Metainfo& meta) { return encode_bencode(info_dict(meta)); }

std::string encode_torrent(const Metainfo& meta) {
    Value::Dict torrent;
    torrent["announce"] = Value(meta.announce);
    torrent["info"] = info_dict(meta);
    return encode_bencode(Value(std::move(torrent)));
}

namespace {

Error error_at(size_t offset, const std::string& what) {
    return Error{"byte " + std::to_string(offset) + ": " + what, offset};
}

// A dict as decoded, with its byte offset in the file. The decoder accepts only canonical
// bencode, so the offset of any member follows from the encoded sizes of the members before it.
struct DictAt {
    const Value::Dict& dict;
    size_t offset;
    const char* label;  // "the torrent", "the info dict"

    size_t offset_of(const std::string& key) const {
        size_t pos = offset + 1;  // past 'd'
        for (const auto& [k, v] : dict) {
            pos += std::to_string(k.size()).size() + 1 + k.size();  // "<len>:<key>"
            if (k == key) return pos;
            pos += encoded_size(v);
        }
        return offset;
    }

    Error missing(const std::string& key) const {
        return error_at(offset, std::string("missing key \"") + key + "\" in " + label);
    }

    // "byte N: "<key>" in <label> <problem>", pointing at the key's value.
    Error invalid(const std::string& key, const std::string& problem) const {
        return error_at(offset_of(key), "\"" + key + "\" in " + label + " " + problem);
    }

    Error wrong_kind(const std::string& key, const char* expected, const Value& found) const {
        return invalid(key, std::string("must be ") + expected + ", found " + kind_name(found.kind()));
    }
};

}  // namespace

Result<Metainfo> parse_torrent(std::string_view file) {
    Result<Value> decoded = decode_bencode(file);
    if (!decoded) return decoded.error();
    const Value::Dict* top_dict = decoded->as_dict();
    if (top_dict == nullptr) {
        return error_at(0, std::string("expected the torrent to be a dict, found ") + kind_name(decoded->kind()));
    }
    const DictAt top{*top_dict, 0, "the torrent"};

    Metainfo meta;
    const Value* announce = decoded->find("announce");
    if (announce == nullptr) return top.missing("announce");
    if (announce->as_string() == nullptr) return top.wrong_kind("announce", "a string", *announce);
    meta.announce = *announce->as_string();

    const Value* info_value = decoded->find("info");
    if (info_value == nullptr) return top.missing("info");
    if (info_value->as_dict() == nullptr) return top.wrong_kind("info", "a dict", *info_value);
    const DictAt info{*info_value->as_dict(), top.offset_of("info"), "the info dict"};

    if (info_value->find("files") != nullptr) {
        return error_at(info.offset_of("files"), "multi-file torrents (\"files\" in the info dict) are not supported");
    }

    const Value* length = info_value->find("length");
    if (length == nullptr) return info.missing("length");
    if (!length->as_int()) return info.wrong_kind("length", "an integer", *length);
    if (*length->as_int() < 0) {
        return info.invalid("length", "must be 0 or more, found " + std::to_string(*length->as_int()));
    }
    meta.total_length = static_cast<uint64_t>(*length->as_int());

    const Value* name = info_value->find("name");
    if (name == nullptr) return info.missing("name");
    if (name->as_string() == nullptr) return info.wrong_kind("name", "a string", *name);
    meta.name = *name->as_string();

    const Value* piece_length = info_value->find("piece length");
    if (piece_length == nullptr) return info.missing("piece length");
    if (!piece_length->as_int()) return info.wrong_kind("piece length", "an integer", *piece_length);
    const int64_t piece_length_value = *piece_length->as_int();
    if (piece_length_value < 1 || piece_length_value > int64_t{UINT32_MAX}) {
        return info.invalid("piece length",
                            "must be from 1 to 4294967295, found " + std::to_string(piece_length_value));
    }
    meta.piece_length = static_cast<uint32_t>(piece_length_value);

    const Value* pieces = info_value->find("pieces");
    if (pieces == nullptr) return info.missing("pieces");
    if (pieces->as_string() == nullptr) return info.wrong_kind("pieces", "a string", *pieces);
    const std::string& hashes = *pieces->as_string();
    if (hashes.size() % 20 != 0) {
        return info.invalid("pieces", "is " + std::to_string(hashes.size()) +
                                          " bytes, expected a multiple of 20 (one SHA-1 per piece)");
    }
    const uint64_t needed = (meta.total_length + meta.piece_length - 1) / meta.piece_length;
    const size_t have = hashes.size() / 20;
    if (have != needed) {
        return info.invalid("pieces", "holds " + std::to_string(have) + (have == 1 ? " hash" : " hashes") +
                                          ", expected " + std::to_string(needed) + " for length " +
                                          std::to_string(meta.total_length) + " and piece length " +
                                          std::to_string(meta.piece_length));
    }
    meta.piece_hashes.resize(have);
    for (size_t i = 0; i < meta.piece_hashes.size(); ++i) {
        std::copy_n(reinterpret_cast<const uint8_t*>(hashes.data()) + 20 * i, 20, meta.piece_hashes[i].begin());
    }

    // Hash the info dict's bytes as they sit in the file, unknown keys included.
    meta.info_hash = sha1(file.substr(info.offset, encoded_size(*info_value)));
    return meta;
}

}  // namespace swarmscope

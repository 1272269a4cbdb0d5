#pragma once
// Deterministic sharding: pair "rel/path" belongs to shard (fnv1a64(rel/path) mod n) + 1.
#include <string>

namespace difflens::review {

struct Shard {
    int index = 1;   // 1-based
    int count = 1;
    bool contains(const std::string &relPath) const;
    std::string toString() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// Parses "i/n" with 1 <= i <= n.
bool parseShard(const std::string &text, Shard &out, std::string &error);

} // namespace difflens::review

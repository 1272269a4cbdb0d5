#pragma once
// Fast non-cryptographic 64-bit hashing for content keys (review resume) and stable
// path hashes (sharding). Our own design: four 64-bit lanes of multiply-rotate mixing over
// 32-byte stripes with a final avalanche; FNV-1a 64 for short strings.
#include <cstddef>
#include <cstdint>
#include <string>

namespace difflens::review {

// FNV-1a, 64 bit. Stable across platforms and releases (used for --shard).
uint64_t fnv1a64(const void *data, size_t size, uint64_t seed = 14695981039346656037ull);
inline uint64_t fnv1a64(const std::string &s) { return fnv1a64(s.data(), s.size()); }

// Streaming 64-bit hash; the result depends only on the bytes fed, not on chunking.
class Hasher64 {
public:
    explicit Hasher64(uint64_t seed = 0);
    void update(const void *data, size_t size);
    uint64_t digest() const;

private:
    void stripe(const uint8_t *p);
    uint64_t m_lane[4];
    uint8_t m_buf[32];
    size_t m_bufLen = 0;
    uint64_t m_total = 0;
    uint64_t m_seed;
};

uint64_t hashBytes(const void *data, size_t size, uint64_t seed = 0);
uint64_t mixHash(uint64_t a, uint64_t b);

// Reads two files in step (bounded buffers), hashing each and checking byte equality.
struct FilePairDigest {
    bool ok = false;
    std::string errorFile;   // which file failed (path)
    std::string error;       // reason
    uint64_t hashA = 0, hashB = 0;
    uint64_t sizeA = 0, sizeB = 0;
    bool sameBytes = false;
    uint64_t contentHash() const { return mixHash(mixHash(hashA, sizeA), mixHash(hashB, sizeB)); }
};
FilePairDigest digestFilePair(const std::string &pathA, const std::string &pathB);

} // namespace difflens::review

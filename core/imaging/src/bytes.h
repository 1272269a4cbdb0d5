#pragma once
// Bounds-free byte readers for header parsing; callers check ranges first.
#include <cstddef>
#include <cstdint>

namespace difflens::bytes {

inline uint16_t be16(const uint8_t *p) { return uint16_t(p[0] << 8 | p[1]); }
inline uint16_t le16(const uint8_t *p) { return uint16_t(p[1] << 8 | p[0]); }
inline uint32_t be32(const uint8_t *p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }
inline uint32_t le32(const uint8_t *p) { return uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0]; }
inline uint32_t le24(const uint8_t *p) { return uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0]; }
inline uint64_t le64(const uint8_t *p) { return uint64_t(le32(p + 4)) << 32 | le32(p); }
inline uint64_t be64(const uint8_t *p) { return uint64_t(be32(p)) << 32 | be32(p + 4); }

// Reader with a byte order chosen at run time (TIFF / EXIF).
struct Endian {
    bool little = true;
    uint16_t u16(const uint8_t *p) const { return little ? le16(p) : be16(p); }
    uint32_t u32(const uint8_t *p) const { return little ? le32(p) : be32(p); }
    uint64_t u64(const uint8_t *p) const { return little ? le64(p) : be64(p); }
};

} // namespace difflens::bytes

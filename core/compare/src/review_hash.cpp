#include "difflens/compare/review/hash.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace difflens::review {

namespace {
constexpr uint64_t kMulA = 0x9E3779B185EBCA87ull; // odd constants with well-spread bits
constexpr uint64_t kMulB = 0xC2B2AE3D27D4EB4Full;
constexpr uint64_t kMulC = 0x165667B19E3779F9ull;

inline uint64_t rotl(uint64_t v, int r) { return (v << r) | (v >> (64 - r)); }

inline uint64_t load64(const uint8_t *p)
{
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v; // little-endian hosts only matter for stability across runs on one platform
}

// Avalanche finaliser (xor-shift-multiply rounds).
inline uint64_t finalMix(uint64_t h)
{
    h ^= h >> 33;
    h *= kMulB;
    h ^= h >> 29;
    h *= kMulC;
    h ^= h >> 32;
    return h;
}

inline uint64_t laneStep(uint64_t lane, uint64_t word)
{
    lane += word * kMulB;
    lane = rotl(lane, 31);
    return lane * kMulA;
}
} // namespace

uint64_t fnv1a64(const void *data, size_t size, uint64_t seed)
{
    const auto *p = static_cast<const uint8_t *>(data);
    uint64_t h = seed;
    for (size_t i = 0; i < size; ++i) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

Hasher64::Hasher64(uint64_t seed) : m_seed(seed)
{
    m_lane[0] = seed + kMulA + kMulB;
    m_lane[1] = seed + kMulB;
    m_lane[2] = seed;
    m_lane[3] = seed - kMulA;
}

void Hasher64::stripe(const uint8_t *p)
{
    for (int i = 0; i < 4; ++i)
        m_lane[i] = laneStep(m_lane[i], load64(p + 8 * i));
}

void Hasher64::update(const void *data, size_t size)
{
    const auto *p = static_cast<const uint8_t *>(data);
    m_total += size;
    if (m_bufLen) {
        const size_t take = std::min(size, 32 - m_bufLen);
        std::memcpy(m_buf + m_bufLen, p, take);
        m_bufLen += take;
        p += take;
        size -= take;
        if (m_bufLen < 32)
            return;
        stripe(m_buf);
        m_bufLen = 0;
    }
    while (size >= 32) {
        stripe(p);
        p += 32;
        size -= 32;
    }
    if (size) {
        std::memcpy(m_buf, p, size);
        m_bufLen = size;
    }
}

uint64_t Hasher64::digest() const
{
    uint64_t h = rotl(m_lane[0], 1) + rotl(m_lane[1], 7) + rotl(m_lane[2], 12) + rotl(m_lane[3], 18);
    for (int i = 0; i < 4; ++i)
        h = (h ^ laneStep(0, m_lane[i])) * kMulA + kMulC;
    h += m_total;
    size_t i = 0;
    for (; i + 8 <= m_bufLen; i += 8)
        h = rotl(h ^ laneStep(0, load64(m_buf + i)), 27) * kMulA + kMulC;
    for (; i < m_bufLen; ++i)
        h = rotl(h ^ (uint64_t(m_buf[i]) * kMulC), 11) * kMulA;
    return finalMix(h ^ m_seed);
}

uint64_t hashBytes(const void *data, size_t size, uint64_t seed)
{
    Hasher64 h(seed);
    h.update(data, size);
    return h.digest();
}

uint64_t mixHash(uint64_t a, uint64_t b)
{
    return finalMix(a * kMulA + rotl(b, 23) + kMulC);
}

namespace {
struct Fd {
    int fd = -1;
    ~Fd() { if (fd >= 0) ::close(fd); }
};

// Reads up to `want` bytes (fewer only at end of file). Returns -1 on error.
ssize_t readFully(int fd, uint8_t *buf, size_t want)
{
    size_t got = 0;
    while (got < want) {
        const ssize_t n = ::read(fd, buf + got, want - got);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            break;
        got += size_t(n);
    }
    return ssize_t(got);
}
} // namespace

FilePairDigest digestFilePair(const std::string &pathA, const std::string &pathB)
{
    FilePairDigest d;
    Fd a, b;
    a.fd = ::open(pathA.c_str(), O_RDONLY | O_CLOEXEC);
    if (a.fd < 0) {
        d.errorFile = pathA;
        d.error = std::string("cannot open: ") + std::strerror(errno);
        return d;
    }
    b.fd = ::open(pathB.c_str(), O_RDONLY | O_CLOEXEC);
    if (b.fd < 0) {
        d.errorFile = pathB;
        d.error = std::string("cannot open: ") + std::strerror(errno);
        return d;
    }
    constexpr size_t kChunk = 256 * 1024;
    std::vector<uint8_t> bufA(kChunk), bufB(kChunk);
    Hasher64 ha, hb;
    bool same = true, endA = false, endB = false;
    while (!endA || !endB) {
        ssize_t na = 0, nb = 0;
        if (!endA) {
            na = readFully(a.fd, bufA.data(), kChunk);
            if (na < 0) {
                d.errorFile = pathA;
                d.error = std::string("cannot read: ") + std::strerror(errno);
                return d;
            }
            endA = size_t(na) < kChunk;
            ha.update(bufA.data(), size_t(na));
            d.sizeA += uint64_t(na);
        }
        if (!endB) {
            nb = readFully(b.fd, bufB.data(), kChunk);
            if (nb < 0) {
                d.errorFile = pathB;
                d.error = std::string("cannot read: ") + std::strerror(errno);
                return d;
            }
            endB = size_t(nb) < kChunk;
            hb.update(bufB.data(), size_t(nb));
            d.sizeB += uint64_t(nb);
        }
        if (same && (na != nb || std::memcmp(bufA.data(), bufB.data(), size_t(na)) != 0))
            same = false;
    }
    d.hashA = ha.digest();
    d.hashB = hb.digest();
    d.sameBytes = same && d.sizeA == d.sizeB;
    d.ok = true;
    return d;
}

} // namespace difflens::review

// zlib's verdict on a deflate stream without inflating it (png_inflate_check.h): the block
// structure, code tables and symbols are read with zlib 1.2's rules, where libdeflate (which
// inflates the fast PNG path's data) is more lenient: more than 286 length or 30 distance
// codes, length symbols 286/287 and distance codes 30/31, unused codes of an incomplete code,
// bit-length repeats past the end. Matches are counted, never copied.
#include "png_inflate_check.h"

#include <cstring>

namespace difflens::pngfast {

namespace {

constexpr int kMaxBits = 15;
constexpr int kFastBits = 10;

class BitReader {
public:
    BitReader(const uint8_t *p, size_t n) : m_p(p), m_n(n) {}

    // Loads whole bytes while there is room; false when fewer than k bits are left.
    bool need(int k)
    {
        if (m_count < k)
            refill();
        return m_count >= k;
    }
    // At least 56 bits held, or all that is left. Away from the end one 8-byte load does it
    // (libdeflate's way): the bytes it holds past the count are the next ones anyway.
    void refill()
    {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (m_n - m_pos >= 8) {
            uint64_t w;
            std::memcpy(&w, m_p + m_pos, 8);
            m_buf |= w << m_count;
            m_pos += size_t(63 - m_count) >> 3;
            m_count |= 56;
            return;
        }
#endif
        while (m_count <= 56 && m_pos < m_n) {
            m_buf |= uint64_t(m_p[m_pos++]) << m_count;
            m_count += 8;
        }
    }
    uint32_t peek(int k) const { return uint32_t(m_buf & ((uint64_t(1) << k) - 1)); }
    int available() const { return m_count; }
    void drop(int k)
    {
        m_buf >>= k;
        m_count -= k;
    }
    bool take(int k, uint32_t &v)
    {
        if (!need(k))
            return false;
        v = peek(k);
        drop(k);
        return true;
    }
    // Drops the bits up to the next byte boundary; returns the byte position reached.
    size_t alignedPosition()
    {
        drop(m_count % 8);
        return m_pos - size_t(m_count / 8);
    }
    void restartAt(size_t pos)
    {
        m_pos = pos;
        m_buf = 0;
        m_count = 0;
    }
    size_t size() const { return m_n; }
    const uint8_t *data() const { return m_p; }

private:
    const uint8_t *m_p;
    size_t m_n;
    size_t m_pos = 0;
    uint64_t m_buf = 0;
    int m_count = 0;
};

// A canonical Huffman code as zlib's inflate_table accepts it.
struct Code {
    uint16_t count[kMaxBits + 1];
    uint16_t symbol[320];
    uint16_t fast[1 << kFastBits]; // symbol << 4 | length for codes of at most kFastBits; 0: slow path
    bool empty = false;            // no codes at all: any use is an error
};

// False where zlib says "invalid ... set": over-subscribed, or incomplete unless it is a
// single one-bit code of a length/distance code (never the code-length code).
bool build(Code &c, const uint8_t *lens, int n, bool codeLengthCode)
{
    std::memset(c.count, 0, sizeof c.count);
    std::memset(c.fast, 0, sizeof c.fast);
    int maxLen = 0;
    for (int s = 0; s < n; ++s) {
        ++c.count[lens[s]];
        if (lens[s] > maxLen)
            maxLen = lens[s];
    }
    c.empty = maxLen == 0;
    if (c.empty)
        return !codeLengthCode; // zlib then fails on the missing end-of-block code
    int left = 1;
    for (int len = 1; len <= kMaxBits; ++len) {
        left <<= 1;
        left -= c.count[len];
        if (left < 0)
            return false;
    }
    if (left > 0 && (codeLengthCode || maxLen != 1))
        return false;
    uint16_t offset[kMaxBits + 2];
    offset[1] = 0;
    for (int len = 1; len <= kMaxBits; ++len)
        offset[len + 1] = uint16_t(offset[len] + c.count[len]);
    uint16_t next[kMaxBits + 2];
    std::memcpy(next, offset, sizeof next);
    for (int s = 0; s < n; ++s)
        if (lens[s])
            c.symbol[next[lens[s]]++] = uint16_t(s);
    // Fast table: canonical codes, bit-reversed (deflate sends them most significant bit first).
    uint32_t code = 0;
    int index = 0;
    for (int len = 1; len <= kMaxBits; ++len) {
        for (int i = 0; i < c.count[len]; ++i, ++index, ++code) {
            if (len > kFastBits)
                continue;
            uint32_t reversed = 0;
            for (int b = 0; b < len; ++b)
                reversed |= ((code >> b) & 1u) << (len - 1 - b);
            for (uint32_t fill = reversed; fill < (1u << kFastBits); fill += 1u << len)
                c.fast[fill] = uint16_t(c.symbol[index] << 4 | len);
        }
        code <<= 1;
    }
    return true;
}

// One symbol; -1 for a code that is not in the table, or the end of the data.
inline __attribute__((always_inline)) int decode(BitReader &in, const Code &c)
{
    if (c.empty)
        return -1;
    in.need(kMaxBits);
    const uint16_t e = c.fast[in.peek(kFastBits)];
    if (e != 0 && (e & 15) <= in.available()) {
        in.drop(e & 15);
        return e >> 4;
    }
    int code = 0, first = 0, index = 0; // bit by bit (puff's way)
    for (int len = 1; len <= kMaxBits; ++len) {
        if (in.available() < len)
            return -1;
        code |= int((in.peek(len) >> (len - 1)) & 1u);
        const int count = c.count[len];
        if (code - count < first) {
            in.drop(len);
            return c.symbol[index + (code - first)];
        }
        index += count;
        first += count;
        first <<= 1;
        code <<= 1;
    }
    return -1;
}

const uint16_t kLengthBase[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                  31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
const uint8_t kLengthExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
const uint16_t kDistBase[30] = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
                                193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
const uint8_t kDistExtra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

// The symbols of one Huffman-coded block; `out` counts the bytes it would give.
inline __attribute__((always_inline)) bool codedSymbols(BitReader &in, const Code &lit, const Code &dist,
                                                        size_t expected, size_t &out)
{
    for (;;) {
        const int sym = decode(in, lit);
        if (sym < 0 || sym > 285)
            return false; // "invalid literal/length code"
        if (sym < 256) {
            if (++out > expected)
                return false;
            continue;
        }
        if (sym == 256)
            return true;
        uint32_t extra = 0;
        if (!in.take(kLengthExtra[sym - 257], extra))
            return false;
        const size_t length = kLengthBase[sym - 257] + extra;
        const int d = decode(in, dist);
        if (d < 0 || d > 29)
            return false; // "invalid distance code"
        if (!in.take(kDistExtra[d], extra))
            return false;
        const size_t distance = kDistBase[d] + extra;
        if (distance > out)
            return false; // "invalid distance too far back"
        out += length;
        if (out > expected)
            return false;
    }
}

// codedSymbols on a copy of the reader and the count, so that their state stays in
// registers through the loop (a byte load through the data pointer could alias them).
bool codedBlock(BitReader &reader, const Code &lit, const Code &dist, size_t expected, size_t &outCount)
{
    BitReader in = reader;
    size_t out = outCount;
    const bool ok = codedSymbols(in, lit, dist, expected, out);
    reader = in;
    outCount = out;
    return ok;
}

bool dynamicTables(BitReader &in, Code &lit, Code &dist)
{
    uint32_t hlit = 0, hdist = 0, hclen = 0;
    if (!in.take(5, hlit) || !in.take(5, hdist) || !in.take(4, hclen))
        return false;
    const int nlen = int(hlit) + 257, ndist = int(hdist) + 1, ncode = int(hclen) + 4;
    if (nlen > 286 || ndist > 30)
        return false; // "too many length or distance symbols"
    static const uint8_t order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    uint8_t lens[320] = {};
    for (int i = 0; i < ncode; ++i) {
        uint32_t v = 0;
        if (!in.take(3, v))
            return false;
        lens[order[i]] = uint8_t(v);
    }
    Code lengthCode;
    if (!build(lengthCode, lens, 19, true))
        return false; // "invalid code lengths set"
    std::memset(lens, 0, sizeof lens);
    int have = 0;
    while (have < nlen + ndist) {
        const int sym = decode(in, lengthCode);
        if (sym < 0)
            return false;
        if (sym < 16) {
            lens[have++] = uint8_t(sym);
            continue;
        }
        uint32_t extra = 0;
        int copy = 0;
        uint8_t value = 0;
        if (sym == 16) {
            if (have == 0 || !in.take(2, extra))
                return false; // "invalid bit length repeat"
            value = lens[have - 1];
            copy = 3 + int(extra);
        } else if (sym == 17) {
            if (!in.take(3, extra))
                return false;
            copy = 3 + int(extra);
        } else {
            if (!in.take(7, extra))
                return false;
            copy = 11 + int(extra);
        }
        if (have + copy > nlen + ndist)
            return false; // "invalid bit length repeat"
        while (copy-- > 0)
            lens[have++] = value;
    }
    if (lens[256] == 0)
        return false; // "invalid code -- missing end-of-block"
    return build(lit, lens, nlen, false) && build(dist, lens + nlen, ndist, false);
}

} // namespace

bool zlibWouldInflate(const uint8_t *deflate, size_t size, size_t expected)
{
    BitReader in(deflate, size);
    size_t out = 0;
    Code fixedLit, fixedDist;
    bool fixedBuilt = false;
    Code lit, dist;
    for (bool last = false; !last;) {
        uint32_t header = 0;
        if (!in.take(3, header))
            return false;
        last = (header & 1) != 0;
        const uint32_t type = header >> 1;
        if (type == 0) {
            size_t pos = in.alignedPosition();
            if (size - pos < 4)
                return false;
            const uint8_t *p = deflate + pos;
            const uint32_t len = uint32_t(p[0]) | uint32_t(p[1]) << 8;
            const uint32_t nlen = uint32_t(p[2]) | uint32_t(p[3]) << 8;
            if (len != (nlen ^ 0xffffu))
                return false; // "invalid stored block lengths"
            pos += 4;
            if (size - pos < len || expected - out < len)
                return false;
            in.restartAt(pos + len);
            out += len;
        } else if (type == 1) {
            if (!fixedBuilt) {
                uint8_t lens[320];
                std::memset(lens, 8, 144);
                std::memset(lens + 144, 9, 112);
                std::memset(lens + 256, 7, 24);
                std::memset(lens + 280, 8, 8);
                std::memset(lens + 288, 5, 32);
                build(fixedLit, lens, 288, false);
                build(fixedDist, lens + 288, 32, false);
                fixedBuilt = true;
            }
            if (!codedBlock(in, fixedLit, fixedDist, expected, out))
                return false;
        } else if (type == 2) {
            if (!dynamicTables(in, lit, dist) || !codedBlock(in, lit, dist, expected, out))
                return false;
        } else {
            return false; // "invalid block type"
        }
    }
    // zlib then reads the four bytes of the Adler-32 (libpng does not check it).
    return out == expected && size - in.alignedPosition() >= 4;
}

} // namespace difflens::pngfast

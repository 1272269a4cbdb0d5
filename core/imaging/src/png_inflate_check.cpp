// A deflate stream read with zlib 1.2's rules (png_inflate_check.h): its verdict alone, or
// the stream inflated. The block structure, code tables and symbols are checked as zlib
// checks them, where libdeflate is more lenient: more than 286 length or 30 distance codes,
// length symbols 286/287 and distance codes 30/31, unused codes of an incomplete code,
// bit-length repeats past the end.
#include "png_inflate_check.h"

#include <cstring>

namespace difflens::pngfast {

namespace {

constexpr int kMaxBits = 15;
constexpr int kFastBits = 11;

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

const uint16_t kLengthBase[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                  31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
const uint8_t kLengthExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
const uint16_t kDistBase[30] = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
                                193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
const uint8_t kDistExtra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

// A decoded symbol, as the fast tables hold it: bits 0-3 the code's length (0: not in the
// table, decode bit by bit), 4-7 the extra bits that follow, 8-9 the kind, 16-31 the base
// (a literal's byte; a length's or a distance's smallest value).
enum Kind : uint32_t { kLiteral = 0, kLength = 1, kEnd = 2, kInvalid = 3 };
constexpr uint32_t entry(uint32_t len, uint32_t extra, Kind kind, uint32_t base)
{
    return len | extra << 4 | uint32_t(kind) << 8 | base << 16;
}
inline Kind kindOf(uint32_t e) { return Kind((e >> 8) & 3); }

// The entry of literal/length symbol s (zlib: 286 and 287 are invalid) or of distance s
// (30 and 31 are), without its code length.
uint32_t symbolEntry(int s, bool distance)
{
    if (distance)
        return s < 30 ? entry(0, kDistExtra[s], kLiteral, kDistBase[s]) : entry(0, 0, kInvalid, 0);
    if (s < 256)
        return entry(0, 0, kLiteral, uint32_t(s));
    if (s == 256)
        return entry(0, 0, kEnd, 0);
    if (s <= 285)
        return entry(0, kLengthExtra[s - 257], kLength, kLengthBase[s - 257]);
    return entry(0, 0, kInvalid, 0);
}

// A canonical Huffman code as zlib's inflate_table accepts it.
struct Code {
    uint16_t count[kMaxBits + 1];
    uint16_t symbol[320];
    uint32_t fast[1 << kFastBits]; // the entry of each code of at most kFastBits; 0: slow path
    bool empty = false;            // no codes at all: any use is an error
    bool distance = false;
};

// False where zlib says "invalid ... set": over-subscribed, or incomplete unless it is a
// single one-bit code of a length/distance code (never the code-length code).
bool build(Code &c, const uint8_t *lens, int n, bool codeLengthCode, bool distance = false)
{
    std::memset(c.count, 0, sizeof c.count);
    std::memset(c.fast, 0, sizeof c.fast);
    c.distance = distance;
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
    // Fast table: canonical codes, bit-reversed (deflate sends them most significant bit
    // first). The code-length code's entries hold the symbol as their base.
    uint32_t code = 0;
    int index = 0;
    for (int len = 1; len <= kMaxBits; ++len) {
        for (int i = 0; i < c.count[len]; ++i, ++index, ++code) {
            if (len > kFastBits)
                continue;
            uint32_t reversed = 0;
            for (int b = 0; b < len; ++b)
                reversed |= ((code >> b) & 1u) << (len - 1 - b);
            const int s = c.symbol[index];
            const uint32_t e = uint32_t(len) | (codeLengthCode ? uint32_t(s) << 16 : symbolEntry(s, distance));
            for (uint32_t fill = reversed; fill < (1u << kFastBits); fill += 1u << len)
                c.fast[fill] = e;
        }
        code <<= 1;
    }
    return true;
}

// A symbol bit by bit (puff's way) for codes the fast table does not hold; -1 for a code
// that is not in the table, or the end of the data.
int decodeSlow(BitReader &in, const Code &c)
{
    if (c.empty)
        return -1;
    int code = 0, first = 0, index = 0;
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

// One symbol's entry (its code consumed); kInvalid for a code that is not in the table, or
// the end of the data.
inline __attribute__((always_inline)) uint32_t decode(BitReader &in, const Code &c)
{
    in.need(kMaxBits);
    const uint32_t e = c.fast[in.peek(kFastBits)];
    const int len = int(e & 15);
    if (len != 0 && len <= in.available()) {
        in.drop(len);
        return e;
    }
    const int s = decodeSlow(in, c);
    return s < 0 ? entry(0, 0, kInvalid, 0) : symbolEntry(s, c.distance);
}

// The code-length code's symbols (their entries hold the symbol as the base); -1 as decode.
int decodeSymbol(BitReader &in, const Code &c)
{
    in.need(kMaxBits);
    const uint32_t e = c.fast[in.peek(kFastBits)];
    const int len = int(e & 15);
    if (len != 0 && len <= in.available()) {
        in.drop(len);
        return int(e >> 16);
    }
    return decodeSlow(in, c);
}

// Where inflated bytes go: nowhere (the verdict alone) or a buffer of `expected` bytes and
// 16 more (word copies may write up to 15 bytes past a match). `progress` hears, as the
// output grows, how many leading bytes no match can reach any more.
struct Output {
    uint8_t *data = nullptr;
    InflateProgress *progress = nullptr;
    size_t nextReport = 0;
};

constexpr size_t kWindow = 32768;      // the farthest a deflate match reaches back
constexpr size_t kReportEvery = 16384; // output bytes between two progress reports

// Copies a match of `length` bytes from `distance` back (at least 1, at most what is out).
inline void copyMatch(uint8_t *dst, size_t distance, size_t length)
{
    const uint8_t *src = dst - distance;
    if (distance >= 16) { // 16 bytes a step; a step reads only bytes written before it
        for (size_t i = 0; i < length; i += 16)
            std::memcpy(dst + i, src + i, 16);
    } else if (distance >= 8) {
        for (size_t i = 0; i < length; i += 8)
            std::memcpy(dst + i, src + i, 8);
    } else if (distance == 1) { // a run of one byte: 8 at a time (memset's call cost more)
        const uint64_t run = uint64_t(*src) * 0x0101010101010101ull;
        for (size_t i = 0; i < length; i += 8)
            std::memcpy(dst + i, &run, 8);
    } else {
        for (size_t i = 0; i < length; ++i)
            dst[i] = src[i];
    }
}

// The symbols of one Huffman-coded block; `out` counts the bytes it gives (written when
// WRITE). Without output the count is compared with `expected` at the end of the block
// only: it never shrinks, so once past it the verdict is no anyway; with output, before
// each write.
template <bool WRITE>
inline __attribute__((always_inline)) bool codedSymbols(BitReader &in, const Code &lit, const Code &dist,
                                                        size_t expected, size_t &out, Output &sink)
{
    for (;;) {
        const uint32_t e = decode(in, lit);
        const Kind kind = kindOf(e);
        if (kind == kLiteral) {
            if (WRITE) {
                if (out >= expected)
                    return false;
                sink.data[out] = uint8_t(e >> 16);
            }
            ++out;
            continue;
        }
        if (kind != kLength)
            return kind == kEnd && out <= expected; // kInvalid: "invalid literal/length code"
        uint32_t extra = 0;
        if (!in.take(int((e >> 4) & 15), extra))
            return false;
        const size_t length = (e >> 16) + extra;
        const uint32_t d = decode(in, dist);
        if (kindOf(d) == kInvalid)
            return false; // "invalid distance code"
        if (!in.take(int((d >> 4) & 15), extra))
            return false;
        const size_t distance = (d >> 16) + extra;
        if (distance > out)
            return false; // "invalid distance too far back"
        if (WRITE) {
            if (length > expected - out)
                return false;
            copyMatch(sink.data + out, distance, length);
            if (out + length >= sink.nextReport) {
                if (!sink.progress->ready(out + length - kWindow))
                    return false;
                sink.nextReport = out + length + kReportEvery;
            }
        }
        out += length;
    }
}

// codedSymbols on a copy of the reader and the count, so that their state stays in
// registers through the loop (a byte load through the data pointer could alias them).
template <bool WRITE>
bool codedBlock(BitReader &reader, const Code &lit, const Code &dist, size_t expected, size_t &outCount, Output &sink)
{
    BitReader in = reader;
    size_t out = outCount;
    Output local = sink;
    const bool ok = codedSymbols<WRITE>(in, lit, dist, expected, out, local);
    reader = in;
    outCount = out;
    sink = local;
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
        const int sym = decodeSymbol(in, lengthCode);
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
    return build(lit, lens, nlen, false) && build(dist, lens + nlen, ndist, false, true);
}

} // namespace

namespace {

template <bool WRITE>
bool run(const uint8_t *deflate, size_t size, size_t expected, Output &sink)
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
            if (WRITE) {
                std::memcpy(sink.data + out, deflate + pos, len);
                if (out + len >= sink.nextReport) {
                    if (!sink.progress->ready(out + len - kWindow))
                        return false;
                    sink.nextReport = out + len + kReportEvery;
                }
            }
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
                build(fixedDist, lens + 288, 32, false, true);
                fixedBuilt = true;
            }
            if (!codedBlock<WRITE>(in, fixedLit, fixedDist, expected, out, sink))
                return false;
        } else if (type == 2) {
            if (!dynamicTables(in, lit, dist) || !codedBlock<WRITE>(in, lit, dist, expected, out, sink))
                return false;
        } else {
            return false; // "invalid block type"
        }
    }
    // zlib then reads the four bytes of the Adler-32 (libpng does not check it).
    return out == expected && size - in.alignedPosition() >= 4;
}

} // namespace

bool zlibWouldInflate(const uint8_t *deflate, size_t size, size_t expected)
{
    Output none;
    return run<false>(deflate, size, expected, none);
}

bool inflateWithZlibRules(const uint8_t *deflate, size_t size, uint8_t *out, size_t expected, InflateProgress &progress)
{
    Output sink;
    sink.data = out;
    sink.progress = &progress;
    sink.nextReport = kWindow + kReportEvery;
    return run<true>(deflate, size, expected, sink) && progress.ready(expected);
}

} // namespace difflens::pngfast

// The fast PNG path's chunk parser and inflation (png_fast.h). It mirrors what libpng
// 1.6 accepts with png_reader.cpp's settings, and declines rather than guesses: any CRC
// mismatch, an unknown critical chunk, a chunk out of its place, a tRNS or PLTE libpng
// would ignore or reject, IDAT chunks not in one run, a zlib window smaller than the
// image data, or a zlib stream that does not give exactly the image's bytes.
#include "png_fast.h"

#include "bytes.h"
#include "png_inflate_check.h"

#include <libdeflate.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <new>
#include <vector>

namespace difflens::pngfast {

namespace {

constexpr uint8_t kSignature[8] = {137, 80, 78, 71, 13, 10, 26, 10};
constexpr uint32_t kMaxUint31 = 0x7fffffffu;
// libpng's default limit for any chunk but IDAT (PNG_USER_CHUNK_MALLOC_MAX).
constexpr uint32_t kChunkLimit = 8000000u;

using bytes::be16;
using bytes::be32;

constexpr uint32_t tag(char a, char b, char c, char d)
{
    return uint32_t(uint8_t(a)) << 24 | uint32_t(uint8_t(b)) << 16 | uint32_t(uint8_t(c)) << 8 | uint32_t(uint8_t(d));
}

bool isLetter(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// IHDR's 13 bytes -> info; false for anything but a valid non-interlaced image.
bool parseHeader(const uint8_t *p, Info &info)
{
    const uint32_t w = be32(p), h = be32(p + 4);
    const int depth = p[8], type = p[9];
    if (w == 0 || h == 0 || w > kMaxUint31 || h > kMaxUint31)
        return false;
    if (p[10] != 0 || p[11] != 0 || p[12] != 0) // compression, filter method, interlace
        return false;
    int samples = 0;
    bool depthOk = false;
    switch (type) {
    case 0:
        samples = 1;
        depthOk = depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
        break;
    case 3:
        samples = 1;
        depthOk = depth == 1 || depth == 2 || depth == 4 || depth == 8;
        break;
    case 2:
    case 4:
    case 6:
        samples = type == 2 ? 3 : type == 4 ? 2 : 4;
        depthOk = depth == 8 || depth == 16;
        break;
    default:
        return false;
    }
    if (!depthOk)
        return false;
    const uint64_t bitsPerPixel = uint64_t(samples) * uint64_t(depth);
    const uint64_t rowBytes = (uint64_t(w) * bitsPerPixel + 7) / 8;
    // The inflated size, height x (1 + rowBytes), must fit a size_t with room to spare.
    if (rowBytes + 1 > (uint64_t(SIZE_MAX) / 2) / h)
        return false;
    info.width = w;
    info.height = h;
    info.bitDepth = depth;
    info.colorType = type;
    info.samples = samples;
    info.rowBytes = size_t(rowBytes);
    info.filterBpp = std::max(1, int(bitsPerPixel / 8));
    return true;
}

// Walks every chunk from IHDR to IEND. False when the fast path must decline the file.
bool parseChunks(const uint8_t *data, size_t size, Info &info, std::vector<IdatSpan> &idat)
{
    if (size < 8 || std::memcmp(data, kSignature, 8) != 0)
        return false;
    bool seenHeader = false, seenPalette = false, seenTrns = false;
    bool inIdat = false, idatDone = false;
    int paletteSize = 0;
    uint8_t paletteRgb[256 * 3] = {};
    uint8_t trnsAlpha[256];
    int trnsCount = 0;
    size_t pos = 8;
    for (;;) {
        if (size - pos < 12)
            return false; // no IEND
        const uint32_t length = be32(data + pos);
        if (length > kMaxUint31 || size - pos - 12 < length)
            return false;
        const uint8_t *type = data + pos + 4;
        const uint8_t *body = type + 4;
        for (int i = 0; i < 4; ++i)
            if (!isLetter(type[i]))
                return false;
        if (libdeflate_crc32(0, type, size_t(length) + 4) != be32(body + length))
            return false;
        const uint32_t name = be32(type);
        if (!seenHeader && name != tag('I', 'H', 'D', 'R'))
            return false;
        if (inIdat && name != tag('I', 'D', 'A', 'T')) {
            inIdat = false;
            idatDone = true;
        }
        if (name == tag('I', 'H', 'D', 'R')) {
            if (seenHeader || length != 13 || !parseHeader(body, info))
                return false;
            seenHeader = true;
        } else if (name == tag('P', 'L', 'T', 'E')) {
            // A suggested palette of a true-colour image is declined too (rare).
            if (seenPalette || inIdat || idatDone || info.colorType != 3)
                return false;
            if (length == 0 || length % 3 != 0 || length > 256 * 3)
                return false;
            // libpng drops the entries the bit depth cannot index.
            paletteSize = std::min(int(length / 3), 1 << info.bitDepth);
            std::memcpy(paletteRgb, body, size_t(paletteSize) * 3);
            seenPalette = true;
        } else if (name == tag('t', 'R', 'N', 'S')) {
            if (seenTrns || inIdat || idatDone)
                return false;
            const uint32_t maxSample = (1u << info.bitDepth) - 1;
            if (info.colorType == 0) {
                if (length != 2 || be16(body) > maxSample)
                    return false;
                info.trnsKey[0] = be16(body);
            } else if (info.colorType == 2) {
                if (length != 6)
                    return false;
                for (int c = 0; c < 3; ++c) {
                    info.trnsKey[c] = be16(body + 2 * c);
                    if (info.trnsKey[c] > maxSample)
                        return false;
                }
            } else if (info.colorType == 3) {
                if (!seenPalette || length == 0 || length > uint32_t(paletteSize))
                    return false;
                trnsCount = int(length);
                std::memcpy(trnsAlpha, body, length);
            } else {
                return false; // libpng ignores tRNS with an alpha channel
            }
            info.hasTrns = true;
            seenTrns = true;
        } else if (name == tag('I', 'D', 'A', 'T')) {
            if (idatDone || (info.colorType == 3 && !seenPalette))
                return false;
            if (length > kChunkLimit && length > info.inflatedBytes())
                return false; // libpng's limit on one IDAT chunk
            inIdat = true;
            if (length > 0)
                idat.push_back({size_t(body - data), length});
        } else if (name == tag('I', 'E', 'N', 'D')) {
            if (!idatDone || length != 0)
                return false;
            break;
        } else {
            if (!(type[0] & 0x20) || length > kChunkLimit)
                return false; // unknown critical chunk; an ancillary one libpng refuses
        }
        pos += 12 + size_t(length);
    }
    if (info.colorType == 3) {
        for (int i = 0; i < 256; ++i) {
            const uint8_t *rgb = paletteRgb + 3 * i; // zero past the palette, as libpng's
            const uint32_t alpha = i < trnsCount ? trnsAlpha[i] : 255u;
            const uint8_t px[4] = {rgb[0], rgb[1], rgb[2], uint8_t(alpha)};
            std::memcpy(&info.palette[i], px, 4);
        }
    }
    return true;
}

// Inflates the zlib stream held by the IDAT chunks into the rows' buffer
// (info.inflatedBytes()) with zlib's rules (png_inflate_check.h): the same streams are
// refused as by libpng's zlib. (libdeflate, used here before, reads a few codes zlib
// refuses, such as tests/data/imaging/png-invalid-deflate-code.png's, so a separate pass
// of the check had to read the stream first; now one pass does both.) Like libpng, the
// Adler-32 is not checked but its four bytes must be there; extra bytes after the stream
// are fine. Rows are unfiltered as soon as no match can reach back to them, while they are
// still in the cache (rows.unfilterFinal).
bool inflateAll(const uint8_t *data, const std::vector<IdatSpan> &idat, const Info &info, uint8_t *out,
                InflateProgress &progress)
{
    std::vector<uint8_t> joined;
    const uint8_t *z = nullptr;
    size_t zSize = 0;
    if (idat.size() == 1) {
        z = data + idat[0].offset;
        zSize = idat[0].length;
    } else {
        for (const IdatSpan &s : idat)
            zSize += s.length;
        joined.resize(zSize);
        size_t at = 0;
        for (const IdatSpan &s : idat) {
            std::memcpy(joined.data() + at, data + s.offset, s.length);
            at += s.length;
        }
        z = joined.data();
    }
    if (zSize < 2 + 4)
        return false;
    const unsigned cmf = z[0], flg = z[1];
    if ((cmf * 256 + flg) % 31 != 0 || (cmf & 0x0f) != 8 || (cmf >> 4) > 7 || (flg & 0x20))
        return false;
    // libpng's zlib honours the header's window; the inflation here allows any distance
    // back into the output: with at most a window of output both are the same.
    const size_t window = size_t(1) << ((cmf >> 4) + 8);
    const size_t expected = info.inflatedBytes();
    if (window < expected && (cmf >> 4) != 7)
        return false;
    return inflateWithZlibRules(z + 2, zSize - 2, out, expected, progress);
}

} // namespace

// Unfilters the rows inflateAll has finished, from the top; false at a filter type libpng
// refuses ("bad adaptive filter value").
class UnfilterAsInflated final : public InflateProgress {
public:
    explicit UnfilterAsInflated(Rows &rows) : m_rows(rows) {}
    bool ready(size_t finalBytes) override { return m_rows.unfilterFinal(finalBytes); }

private:
    Rows &m_rows;
};

namespace {
} // namespace

size_t inflatedSizeOf(const uint8_t *data, size_t size)
{
    if (size < 8 + 8 + 13 || std::memcmp(data, kSignature, 8) != 0)
        return 0;
    if (be32(data + 8) != 13 || be32(data + 12) != tag('I', 'H', 'D', 'R'))
        return 0;
    Info info;
    return parseHeader(data + 16, info) ? info.inflatedBytes() : 0;
}

bool parse(const uint8_t *data, size_t size, size_t maxInflated, std::unique_ptr<Rows> &out,
           Buffer *scratch)
{
    out.reset();
    if (!data)
        return false;
    try {
        auto rows = std::make_unique<Rows>();
        if (!parseChunks(data, size, rows->m_info, rows->m_idat))
            return false;
        const Info &info = rows->m_info;
        if (maxInflated > 0 && info.inflatedBytes() > maxInflated)
            return false;
        // 16 bytes of padding: the row loops may read (never use) a few bytes past a row.
        const size_t bytes = info.inflatedBytes() + 16;
        if (scratch) {
            if (scratch->size() < bytes)
                scratch->resize(bytes);
            rows->m_data = scratch->data();
        } else {
            rows->m_owned.reset(new uint8_t[bytes]);
            rows->m_data = rows->m_owned.get();
        }
        std::memset(rows->m_data + info.inflatedBytes(), 0, 16);
        rows->m_zeroRow.reset(new uint8_t[info.rowBytes + 16]());
        out = std::move(rows);
        return true;
    } catch (const std::bad_alloc &) {
        return false; // libpng, needing less, may still manage
    }
}

bool Rows::inflate(const uint8_t *data, size_t size)
{
    if (!data || size == 0 || m_idat.empty() || m_idat.back().offset + m_idat.back().length > size)
        return false;
    try {
        UnfilterAsInflated progress(*this);
        return inflateAll(data, m_idat, m_info, m_data, progress);
    } catch (const std::bad_alloc &) {
        return false;
    }
}

bool prepare(const uint8_t *data, size_t size, size_t maxInflated, std::unique_ptr<Rows> &out,
             Buffer *scratch)
{
    if (!parse(data, size, maxInflated, out, scratch))
        return false;
    if (!out->inflate(data, size)) {
        out.reset();
        return false;
    }
    return true;
}

namespace {

std::mutex &poolMutex()
{
    static std::mutex m;
    return m;
}

std::vector<Buffer> &pool()
{
    static std::vector<Buffer> buffers;
    return buffers;
}

constexpr size_t kPoolBuffers = 8;
constexpr size_t kPoolBytes = size_t(32) << 20;

} // namespace

Buffer takeBuffer(size_t bytes)
{
    std::lock_guard<std::mutex> lock(poolMutex());
    auto &buffers = pool();
    for (size_t i = 0; i < buffers.size(); ++i) {
        if (buffers[i].size() >= bytes) {
            Buffer b = std::move(buffers[i]);
            buffers.erase(buffers.begin() + long(i));
            return b;
        }
    }
    return {};
}

void giveBuffer(Buffer &&buffer)
{
    if (buffer.empty())
        return;
    std::lock_guard<std::mutex> lock(poolMutex());
    auto &buffers = pool();
    size_t held = 0;
    for (const auto &b : buffers)
        held += b.size();
    if (buffers.size() < kPoolBuffers && held + buffer.size() <= kPoolBytes)
        buffers.push_back(std::move(buffer));
}

// Whole-image decodes of up to this much inflated data (1920x1080 RGBA is 8.3 MB) take
// their buffer from the pool: a fresh one each time cost more in page faults (about 0.8 ms
// a 1280x720 image in serve) than the unfiltering.
constexpr size_t kPooledBytes = size_t(16) << 20;

bool decode(const uint8_t *data, size_t size, Image &out)
{
    const size_t inflated = inflatedSizeOf(data, size);
    const bool pooled = inflated > 0 && inflated <= kPooledBytes;
    Buffer buffer = pooled ? takeBuffer(inflated + 16) : Buffer();
    std::unique_ptr<Rows> rows;
    bool ok = prepare(data, size, 0, rows, pooled ? &buffer : nullptr);
    if (ok) {
        const Info &info = rows->info();
        try {
            Image img(int(info.width), int(info.height), 4, info.outDepth());
            for (uint32_t y = 0; y < info.height; ++y)
                rows->next(img.row(int(y)));
            out = std::move(img);
        } catch (const std::bad_alloc &) {
            ok = false;
        }
    }
    rows.reset();
    giveBuffer(std::move(buffer));
    return ok;
}

} // namespace difflens::pngfast

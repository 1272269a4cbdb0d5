#include "bmp_reader.h"

#include "bytes.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace difflens {

namespace {

using namespace bytes;

using Palette = std::array<uint32_t, 256>; // entries packed as bytes R, G, B, A in memory order

uint32_t packRgba(uint8_t r, uint8_t g, uint8_t b, uint8_t a)
{
    uint32_t v;
    const uint8_t px[4] = {r, g, b, a};
    std::memcpy(&v, px, 4);
    return v;
}

// Missing entries (indices past the stored palette) are opaque black.
Palette readPalette(const uint8_t *d, const bmp::Info &info)
{
    Palette p;
    p.fill(packRgba(0, 0, 0, 255));
    for (int i = 0; i < info.paletteCount && i < 256; ++i) {
        const uint8_t *e = d + info.paletteStart + size_t(i) * size_t(info.paletteEntrySize);
        p[size_t(i)] = packRgba(e[2], e[1], e[0], 255);
    }
    return p;
}

// One colour mask: the value is (pixel & mask) >> shift, scaled from 0..max to 0..255.
struct MaskChannel {
    uint32_t mask = 0;
    int shift = 0;
    uint64_t max = 0;

    explicit MaskChannel(uint32_t m) : mask(m)
    {
        if (m == 0)
            return;
        while (!((m >> shift) & 1u))
            ++shift;
        max = m >> shift;
    }
    uint8_t operator()(uint32_t px, uint8_t absent) const
    {
        if (max == 0)
            return absent;
        const uint64_t v = (px & mask) >> shift;
        if (max == 255)
            return uint8_t(v);
        return uint8_t(std::min<uint64_t>(255, (v * 255 + max / 2) / max));
    }
};

void decodeIndexedRow(const uint8_t *src, uint8_t *dst, int width, int bpp, const Palette &pal)
{
    const int perByte = 8 / bpp;
    const unsigned valueMask = (1u << bpp) - 1u;
    for (int x = 0; x < width; ++x) {
        const int shift = 8 - bpp * (x % perByte + 1);
        const unsigned index = (src[x / perByte] >> shift) & valueMask;
        std::memcpy(dst + 4 * size_t(x), &pal[index], 4);
    }
}

void decodeMaskedRow(const uint8_t *src, uint8_t *dst, int width, int bpp, const MaskChannel (&ch)[4])
{
    for (int x = 0; x < width; ++x, dst += 4) {
        const uint32_t px = bpp == 16 ? le16(src + 2 * size_t(x)) : le32(src + 4 * size_t(x));
        dst[0] = ch[0](px, 0);
        dst[1] = ch[1](px, 0);
        dst[2] = ch[2](px, 0);
        dst[3] = ch[3](px, 255);
    }
}

void decode24Row(const uint8_t *src, uint8_t *dst, int width)
{
    for (int x = 0; x < width; ++x, src += 3, dst += 4) {
        dst[0] = src[2];
        dst[1] = src[1];
        dst[2] = src[0];
        dst[3] = 255;
    }
}

bool decodeUncompressed(const uint8_t *d, size_t n, const bmp::Info &info, Image &out)
{
    const uint64_t rowBytes = info.rowBytes();
    if (info.dataOffset > n || rowBytes * uint64_t(info.height) > uint64_t(n - info.dataOffset))
        return false;
    const Palette pal = info.bitsPerPixel <= 8 ? readPalette(d, info) : Palette{};
    const MaskChannel ch[4] = {MaskChannel(info.masks[0]), MaskChannel(info.masks[1]), MaskChannel(info.masks[2]),
                               MaskChannel(info.masks[3])};
    for (int row = 0; row < info.height; ++row) {
        const uint8_t *src = d + info.dataOffset + size_t(row) * size_t(rowBytes);
        uint8_t *dst = out.row(info.topDown ? row : info.height - 1 - row);
        if (info.bitsPerPixel <= 8)
            decodeIndexedRow(src, dst, info.width, info.bitsPerPixel, pal);
        else if (info.bitsPerPixel == 24)
            decode24Row(src, dst, info.width);
        else
            decodeMaskedRow(src, dst, info.width, info.bitsPerPixel, ch);
    }
    return true;
}

// Run-length data (bottom-up only): pairs (count, value) repeat a value; a zero count is an
// escape: 0 end of line, 1 end of bitmap, 2 move by (dx, dy), n >= 3 n literal indices
// padded to an even byte count. RLE4 values hold two alternating 4-bit indices. Pixels the
// stream skips stay opaque black; writes past the right edge are clipped.
class RleWriter {
public:
    RleWriter(Image &out, const Palette &pal) : m_out(out), m_pal(pal) {}
    // x stops at the right edge (everything beyond is clipped), so it never overflows.
    void put(unsigned index)
    {
        if (m_x >= m_out.width() || m_row >= m_out.height())
            return;
        std::memcpy(m_out.row(m_out.height() - 1 - m_row) + 4 * size_t(m_x), &m_pal[index & 255u], 4);
        ++m_x;
    }
    void newLine() { m_x = 0; ++m_row; }
    void move(int dx, int dy)
    {
        m_x = std::min(m_x + dx, m_out.width());
        m_row += dy;
    }
    bool done() const { return m_row >= m_out.height(); }

private:
    Image &m_out;
    const Palette &m_pal;
    int m_x = 0, m_row = 0;
};

bool decodeRle(const uint8_t *d, size_t n, const bmp::Info &info, Image &out)
{
    const bool four = info.compression == bmp::Rle4;
    const Palette pal = readPalette(d, info);
    const uint32_t black = packRgba(0, 0, 0, 255);
    for (int y = 0; y < out.height(); ++y)
        for (int x = 0; x < out.width(); ++x)
            std::memcpy(out.row(y) + 4 * size_t(x), &black, 4);
    RleWriter w(out, pal);
    size_t pos = info.dataOffset;
    while (!w.done()) {
        if (pos > n || n - pos < 2)
            return false; // ran out before the end-of-bitmap marker
        const unsigned count = d[pos], value = d[pos + 1];
        pos += 2;
        if (count > 0) {
            for (unsigned i = 0; i < count; ++i)
                w.put(four ? (i % 2 ? value & 15u : value >> 4) : value);
            continue;
        }
        if (value == 0) {
            w.newLine();
        } else if (value == 1) {
            return true;
        } else if (value == 2) {
            if (n - pos < 2)
                return false;
            w.move(d[pos], d[pos + 1]);
            pos += 2;
        } else {
            const size_t bytes = four ? (value + 1) / 2 : value;
            if (n - pos < bytes)
                return false;
            for (unsigned i = 0; i < value; ++i)
                w.put(four ? (i % 2 ? d[pos + i / 2] & 15u : d[pos + i / 2] >> 4) : d[pos + i]);
            pos += bytes + (bytes & 1);
        }
    }
    return true;
}

bool alphaAllZero(const Image &img)
{
    for (int y = 0; y < img.height(); ++y) {
        const uint8_t *p = img.row(y);
        for (int x = 0; x < img.width(); ++x)
            if (p[4 * size_t(x) + 3] != 0)
                return false;
    }
    return true;
}

void makeOpaque(Image &img)
{
    for (int y = 0; y < img.height(); ++y) {
        uint8_t *p = img.row(y);
        for (int x = 0; x < img.width(); ++x)
            p[4 * size_t(x) + 3] = 255;
    }
}

} // namespace

bool decodeBmp(const uint8_t *data, size_t size, const bmp::Info &info, Image &out, int &sourceChannels,
               std::string &error)
{
    const std::string corrupt = "truncated or corrupt BMP data";
    // Validate what the pixel array needs before allocating anything.
    if (info.width <= 0 || info.height <= 0 || info.dataOffset >= size) {
        error = corrupt;
        return false;
    }
    if (!info.rle() && info.rowBytes() * uint64_t(info.height) > uint64_t(size - info.dataOffset)) {
        error = corrupt;
        return false;
    }
    out = Image(info.width, info.height, 4, 8);
    const bool ok = info.rle() ? decodeRle(data, size, info, out) : decodeUncompressed(data, size, info, out);
    if (!ok) {
        out = Image();
        error = corrupt;
        return false;
    }
    sourceChannels = info.channels;
    if (info.channels == 4 && alphaAllZero(out)) {
        makeOpaque(out);
        sourceChannels = 3;
    }
    return true;
}

} // namespace difflens

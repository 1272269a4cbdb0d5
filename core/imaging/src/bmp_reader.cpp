// Our own BMP decoder (bmp_reader.h): uncompressed rows (bmp_rows.h) and RLE8 / RLE4.
#include "bmp_reader.h"

#include "bmp_rows.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace difflens {

namespace {

using bmp::Palette;
using bmp::packRgba;
using bmp::readPalette;

bool decodeUncompressed(const uint8_t *d, size_t n, const bmp::Info &info, Image &out)
{
    const uint64_t rowBytes = info.rowBytes();
    if (info.dataOffset > n || rowBytes * uint64_t(info.height) > uint64_t(n - info.dataOffset))
        return false;
    const bmp::RowConverter convert(info, d);
    for (int row = 0; row < info.height; ++row)
        convert.convert(d + info.dataOffset + size_t(row) * size_t(rowBytes),
                        out.row(info.topDown ? row : info.height - 1 - row));
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

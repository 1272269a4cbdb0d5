#include "bmp_header.h"

#include "bytes.h"

#include <algorithm>

namespace difflens::bmp {

namespace {

using namespace bytes;

constexpr int64_t kMaxSide = int64_t(1) << 30;
constexpr uint32_t kFileHeader = 14;

bool fail(std::string &error, const std::string &reason)
{
    error = reason;
    return false;
}

// Windows info headers have one of these sizes (or are newer and larger); any other size
// up to 64 bytes is an OS/2 2.x header, whose compression codes 3 and 4 mean other things.
bool isWindowsHeader(uint32_t size)
{
    return size == 40 || size == 52 || size == 56 || size == 108 || size == 124 || size > 124;
}

bool compressionFits(uint32_t compression, int bpp)
{
    switch (compression) {
    case Rgb: return true;
    case Rle8: return bpp == 8;
    case Rle4: return bpp == 4;
    case Bitfields:
    case AlphaBitfields: return bpp == 16 || bpp == 32;
    default: return false;
    }
}

std::string unsupportedCompression(uint32_t compression, bool os2)
{
    if (os2 && compression == 3)
        return "Huffman-compressed BMP is not supported";
    if (os2 && compression == 4)
        return "RLE24-compressed BMP is not supported";
    if (compression == 4)
        return "JPEG-compressed BMP is not supported";
    if (compression == 5)
        return "PNG-compressed BMP is not supported";
    if (compression > AlphaBitfields)
        return "compressed BMP (method " + std::to_string(compression) + ") is not supported";
    return {};
}

// Colour masks: implied for uncompressed 16/32-bit data, stored in the V2+ header or
// (for a 40-byte header) right after it. Returns false when stored masks lie outside data.
bool readMasks(const uint8_t *d, size_t n, uint32_t headerSize, Info &info, size_t &afterMasks)
{
    afterMasks = kFileHeader + size_t(headerSize);
    if (info.compression == Rgb) {
        if (info.bitsPerPixel == 16) {
            info.masks[0] = 0x7C00; info.masks[1] = 0x03E0; info.masks[2] = 0x001F;
        } else if (info.bitsPerPixel == 32) {
            info.masks[0] = 0xFF0000; info.masks[1] = 0xFF00; info.masks[2] = 0xFF;
            // V3+ headers may declare the fourth byte as alpha even without bitfields.
            if (headerSize >= 56 && le32(d + 66) == 0xFF000000u)
                info.masks[3] = 0xFF000000u;
        }
        return true;
    }
    if (info.compression != Bitfields && info.compression != AlphaBitfields)
        return true;
    const int count = info.compression == AlphaBitfields ? 4 : 3;
    const size_t inHeader = headerSize >= 56 ? 4 : (headerSize >= 52 ? 3 : 0);
    if (size_t(count) > inHeader) {
        if (inHeader != 0 || afterMasks + 4 * size_t(count) > n)
            return false;
        afterMasks += 4 * size_t(count);
    }
    for (int i = 0; i < count || (size_t(i) < inHeader && i < 4); ++i)
        info.masks[i] = le32(d + 54 + 4 * i);
    return true;
}

bool readPalette(const uint8_t *d, size_t n, uint32_t colorsUsed, size_t start, Info &info)
{
    const int64_t max = int64_t(1) << info.bitsPerPixel;
    int64_t count = (colorsUsed > 0 && colorsUsed < max) ? colorsUsed : max;
    const size_t entry = size_t(info.paletteEntrySize);
    // Some writers declare more entries than they store before the pixel array.
    if (info.dataOffset <= start)
        return false;
    count = std::min<int64_t>(count, int64_t((info.dataOffset - start) / entry));
    if (count <= 0 || start + size_t(count) * entry > n)
        return false;
    info.paletteStart = start;
    info.paletteCount = int(count);
    bool grey = true;
    for (int64_t i = 0; i < count && grey; ++i) {
        const uint8_t *p = d + start + size_t(i) * entry;
        grey = p[0] == p[1] && p[1] == p[2];
    }
    info.channels = grey ? 1 : 3;
    return true;
}

} // namespace

bool parseHeader(const uint8_t *d, size_t n, Info &info, std::string &error)
{
    info = Info{};
    const std::string corrupt = "truncated or corrupt BMP data";
    if (!d || n < kFileHeader + 4 || d[0] != 'B' || d[1] != 'M')
        return fail(error, corrupt);
    const uint32_t headerSize = le32(d + 14);
    if (headerSize < 12 || (headerSize > 12 && headerSize < 16) || headerSize > n - kFileHeader)
        return fail(error, corrupt);
    int64_t w = 0, h = 0;
    uint32_t colorsUsed = 0;
    if (headerSize == 12) {
        w = le16(d + 18);
        h = le16(d + 20);
        info.bitsPerPixel = le16(d + 24);
        info.paletteEntrySize = 3;
    } else {
        w = int32_t(le32(d + 18));
        h = int32_t(le32(d + 22));
        info.bitsPerPixel = le16(d + 28);
        info.compression = headerSize >= 20 ? le32(d + 30) : Rgb;
        colorsUsed = headerSize >= 36 ? le32(d + 46) : 0;
    }
    const bool os2 = headerSize != 12 && !isWindowsHeader(headerSize);
    const std::string unsupported = unsupportedCompression(info.compression, os2);
    if (!unsupported.empty())
        return fail(error, unsupported);
    if (h < 0) {
        info.topDown = true;
        h = -h;
    }
    if (w <= 0 || h <= 0 || w > kMaxSide || h > kMaxSide)
        return fail(error, corrupt);
    info.width = int(w);
    info.height = int(h);
    const int bpp = info.bitsPerPixel;
    if (bpp != 1 && bpp != 2 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32)
        return fail(error, bpp == 0 ? corrupt : "BMP with " + std::to_string(bpp) + " bits per pixel is not supported");
    if (!compressionFits(info.compression, bpp) || (info.rle() && info.topDown))
        return fail(error, corrupt);
    info.dataOffset = le32(d + 10);
    size_t afterMasks = 0;
    if (!readMasks(d, n, headerSize, info, afterMasks) || info.dataOffset < afterMasks)
        return fail(error, corrupt);
    if (bpp <= 8)
        return readPalette(d, n, colorsUsed, afterMasks, info) || fail(error, corrupt);
    info.channels = info.masks[3] != 0 ? 4 : 3;
    return true;
}

} // namespace difflens::bmp

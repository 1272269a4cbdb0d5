#pragma once
// Hand-built BMP files for the BMP decoder tests: any header size, bit depth, palette,
// colour masks, row order, and raw RLE streams. Written from the format description.
#include "imaging_test_util.h"

#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

namespace testutil {

struct BmpSpec {
    int width = 1, height = 1;
    bool topDown = false;
    int bpp = 24;
    uint32_t compression = 0;
    uint32_t headerSize = 40;       // 12 (core), 40, 52, 56, 108, 124, or an OS/2 2.x size
    std::vector<uint32_t> masks;    // 40-byte header: stored after it; V2+ headers: inside it
    std::vector<uint32_t> palette;  // 0xRRGGBB entries
    uint32_t colorsUsed = 0;
    // Stored value of pixel (x, y) (y = 0 is the top row): a palette index (<= 8 bpp),
    // 0xRRGGBB (24 bpp) or the raw 16/32-bit word.
    std::function<uint32_t(int, int)> pixel;
    std::vector<uint8_t> rle;       // the pixel array as given, for RLE8 / RLE4
};

inline std::vector<uint8_t> bmpRows(const BmpSpec &s)
{
    ByteWriter w;
    const int rowBytes = (s.width * s.bpp + 31) / 32 * 4;
    for (int i = 0; i < s.height; ++i) {
        const int y = s.topDown ? i : s.height - 1 - i;
        std::vector<uint8_t> row(size_t(rowBytes), 0);
        for (int x = 0; x < s.width; ++x) {
            const uint32_t v = s.pixel ? s.pixel(x, y) : 0;
            if (s.bpp <= 8) {
                const int bit = x * s.bpp; // most significant bits first
                row[size_t(bit / 8)] |= uint8_t((v & ((1u << s.bpp) - 1)) << (8 - s.bpp - bit % 8));
            } else {
                for (int b = 0; b < s.bpp / 8; ++b) // little-endian; 24-bit: B, G, R
                    row[size_t(x * (s.bpp / 8) + b)] = uint8_t(v >> (8 * b));
            }
        }
        w.b.insert(w.b.end(), row.begin(), row.end());
    }
    return w.b;
}

inline std::vector<uint8_t> buildBmp(const BmpSpec &s)
{
    const std::vector<uint8_t> pixels = s.rle.empty() ? bmpRows(s) : s.rle;
    ByteWriter info;
    info.u32(s.headerSize);
    if (s.headerSize == 12) {
        info.u16(s.width);
        info.u16(s.height);
        info.u16(1);
        info.u16(s.bpp);
    } else {
        info.u32(uint32_t(s.width));
        info.u32(uint32_t(s.topDown ? -s.height : s.height));
        info.u16(1);
        info.u16(s.bpp);
        info.u32(s.compression);
        info.u32(uint32_t(pixels.size()));
        info.u32(2835);
        info.u32(2835);
        info.u32(s.colorsUsed);
        info.u32(0);
        for (size_t i = 0; i < 4 && s.headerSize >= (i < 3 ? 52u : 56u); ++i)
            info.u32(i < s.masks.size() ? s.masks[i] : 0);
        info.b.resize(s.headerSize, 0); // OS/2 sizes cut, V4 / V5 fields zero
    }
    if (s.headerSize == 40)
        for (uint32_t m : s.masks)
            info.u32(m);
    for (uint32_t c : s.palette) {
        info.u8(int(c & 255));
        info.u8(int((c >> 8) & 255));
        info.u8(int((c >> 16) & 255));
        if (s.headerSize != 12)
            info.u8(0);
    }
    const uint32_t offset = 14 + uint32_t(info.b.size());
    std::vector<uint8_t> out(size_t(offset) + pixels.size());
    out[0] = 'B';
    out[1] = 'M';
    for (int i = 0; i < 4; ++i) {
        out[size_t(2 + i)] = uint8_t(uint32_t(out.size()) >> (8 * i));
        out[size_t(10 + i)] = uint8_t(offset >> (8 * i));
    }
    std::memcpy(out.data() + 14, info.b.data(), info.b.size());
    if (!pixels.empty())
        std::memcpy(out.data() + offset, pixels.data(), pixels.size());
    return out;
}

inline void putLe32(std::vector<uint8_t> &b, size_t at, uint32_t v)
{
    if (at + 4 > b.size())
        return;
    for (int i = 0; i < 4; ++i)
        b[at + size_t(i)] = uint8_t(v >> (8 * i));
}

inline void putLe16(std::vector<uint8_t> &b, size_t at, uint32_t v)
{
    if (at + 2 > b.size())
        return;
    b[at] = uint8_t(v & 255);
    b[at + 1] = uint8_t((v >> 8) & 255);
}

} // namespace testutil

#pragma once
// Internal: BMP pixel conversion shared by the whole-image decoder (bmp_reader.cpp) and the
// streaming one (stream_bmp.cpp): the palette, colour masks and one stored row of an
// uncompressed file (1/2/4/8-bit palette, 16/32-bit masks, 24-bit BGR) to RGBA8.
#include "bmp_header.h"

#include <array>
#include <cstdint>

namespace difflens::bmp {

using Palette = std::array<uint32_t, 256>; // entries packed as bytes R, G, B, A in memory order

uint32_t packRgba(uint8_t r, uint8_t g, uint8_t b, uint8_t a);

// The palette of the file whose bytes start at `file` (at least up to the end of the
// palette). Missing entries (indices past the stored palette) are opaque black.
Palette readPalette(const uint8_t *file, const Info &info);

// One colour mask: the value is (pixel & mask) >> shift, scaled from 0..max to 0..255.
struct MaskChannel {
    uint32_t mask = 0;
    int shift = 0;
    uint64_t max = 0;

    explicit MaskChannel(uint32_t m);
    uint8_t operator()(uint32_t px, uint8_t absent) const;
};

// Converts stored rows of an uncompressed file to RGBA8 pixels.
class RowConverter {
public:
    // `file`: as for readPalette (read only for palette files).
    RowConverter(const Info &info, const uint8_t *file);
    // One stored row (info.rowBytes() bytes) -> info.width RGBA8 pixels.
    void convert(const uint8_t *src, uint8_t *dst) const;
    // Masked files: whether a pixel of this stored row has a non-zero alpha.
    bool anyAlpha(const uint8_t *src) const;
    // Treats the alpha mask as absent: every pixel opaque (a file whose alpha is zero
    // everywhere, a common writer mistake).
    void makeOpaque() { m_ch[3] = MaskChannel(0); }

private:
    uint32_t masked(const uint8_t *src, int x) const;

    int m_width, m_bpp;
    Palette m_palette{};
    MaskChannel m_ch[4];
};

} // namespace difflens::bmp

// BMP pixel conversion (bmp_rows.h): palette, colour masks, stored rows to RGBA8.
#include "bmp_rows.h"

#include "bytes.h"

#include <algorithm>
#include <cstring>

namespace difflens::bmp {

using namespace bytes;

uint32_t packRgba(uint8_t r, uint8_t g, uint8_t b, uint8_t a)
{
    uint32_t v;
    const uint8_t px[4] = {r, g, b, a};
    std::memcpy(&v, px, 4);
    return v;
}

Palette readPalette(const uint8_t *file, const Info &info)
{
    Palette p;
    p.fill(packRgba(0, 0, 0, 255));
    for (int i = 0; i < info.paletteCount && i < 256; ++i) {
        const uint8_t *e = file + info.paletteStart + size_t(i) * size_t(info.paletteEntrySize);
        p[size_t(i)] = packRgba(e[2], e[1], e[0], 255);
    }
    return p;
}

MaskChannel::MaskChannel(uint32_t m) : mask(m)
{
    if (m == 0)
        return;
    while (!((m >> shift) & 1u))
        ++shift;
    max = m >> shift;
}

uint8_t MaskChannel::operator()(uint32_t px, uint8_t absent) const
{
    if (max == 0)
        return absent;
    const uint64_t v = (px & mask) >> shift;
    if (max == 255)
        return uint8_t(v);
    return uint8_t(std::min<uint64_t>(255, (v * 255 + max / 2) / max));
}

RowConverter::RowConverter(const Info &info, const uint8_t *file)
    : m_width(info.width), m_bpp(info.bitsPerPixel),
      m_ch{MaskChannel(info.masks[0]), MaskChannel(info.masks[1]), MaskChannel(info.masks[2]),
           MaskChannel(info.masks[3])}
{
    if (m_bpp <= 8)
        m_palette = readPalette(file, info);
}

uint32_t RowConverter::masked(const uint8_t *src, int x) const
{
    return m_bpp == 16 ? le16(src + 2 * size_t(x)) : le32(src + 4 * size_t(x));
}

void RowConverter::convert(const uint8_t *src, uint8_t *dst) const
{
    if (m_bpp <= 8) {
        const int perByte = 8 / m_bpp;
        const unsigned valueMask = (1u << m_bpp) - 1u;
        for (int x = 0; x < m_width; ++x) {
            const int shift = 8 - m_bpp * (x % perByte + 1);
            const unsigned index = (src[x / perByte] >> shift) & valueMask;
            std::memcpy(dst + 4 * size_t(x), &m_palette[index], 4);
        }
    } else if (m_bpp == 24) {
        for (int x = 0; x < m_width; ++x, src += 3, dst += 4) {
            dst[0] = src[2];
            dst[1] = src[1];
            dst[2] = src[0];
            dst[3] = 255;
        }
    } else {
        for (int x = 0; x < m_width; ++x, dst += 4) {
            const uint32_t px = masked(src, x);
            dst[0] = m_ch[0](px, 0);
            dst[1] = m_ch[1](px, 0);
            dst[2] = m_ch[2](px, 0);
            dst[3] = m_ch[3](px, 255);
        }
    }
}

bool RowConverter::anyAlpha(const uint8_t *src) const
{
    if (m_bpp != 16 && m_bpp != 32)
        return true; // no alpha mask: opaque
    for (int x = 0; x < m_width; ++x)
        if (m_ch[3](masked(src, x), 255) != 0)
            return true;
    return false;
}

} // namespace difflens::bmp

// Direct libtiff decoding of grey / RGB TIFFs (tiff_direct.h): strips, planes and tiles
// read with libtiff, samples converted by tiff_pixels.h.
#include "tiff_direct.h"

#include "tiff_pixels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace difflens {

namespace {

using Layout = tiff::PixelLayout;

template <typename F>
uint16_t floatTo16(F v)
{
    if (!(v > 0)) // also NaN
        return 0;
    return v >= 1 ? 65535 : uint16_t(std::lround(double(v) * 65535.0));
}

// Signed and float samples -> unsigned samples of the output depth, into `scratch`.
const uint8_t *toUnsigned(const uint8_t *src, size_t samples, const Layout &L, std::vector<uint8_t> &scratch)
{
    if (L.format == SAMPLEFORMAT_UINT)
        return src;
    const size_t outBytes = L.bytesPerSample == 1 ? 1 : 2;
    scratch.resize(samples * outBytes);
    uint8_t *out8 = scratch.data();
    uint16_t *out16 = reinterpret_cast<uint16_t *>(scratch.data());
    for (size_t i = 0; i < samples; ++i) {
        const uint8_t *p = src + i * size_t(L.bytesPerSample);
        if (L.format == SAMPLEFORMAT_INT && L.bytesPerSample == 1) {
            out8[i] = uint8_t(int(int8_t(*p)) + 128);
        } else if (L.format == SAMPLEFORMAT_INT) {
            int16_t v;
            std::memcpy(&v, p, 2);
            out16[i] = uint16_t(int(v) + 32768);
        } else if (L.bytesPerSample == 4) {
            float v;
            std::memcpy(&v, p, 4);
            out16[i] = floatTo16(v);
        } else {
            double v;
            std::memcpy(&v, p, 8);
            out16[i] = floatTo16(v);
        }
    }
    return scratch.data();
}

class Expander {
public:
    Expander(Image &out, const Layout &L) : m_out(out), m_L(L) {}
    void operator()(const uint8_t *src, int x, int y, int count)
    {
        src = toUnsigned(src, size_t(count) * size_t(m_L.spp), m_L, m_scratch);
        tiff::expandPixels(src, m_out.row(y) + 4 * size_t(x) * size_t(m_out.depth() / 8), count, m_L, m_out.depth());
    }

private:
    Image &m_out;
    const Layout &m_L;
    std::vector<uint8_t> m_scratch;
};

bool readStrips(TIFF *tif, Image &out, const Layout &L, bool separate)
{
    const int w = out.width();
    const size_t bps = size_t(L.bytesPerSample);
    const tmsize_t lineSize = TIFFScanlineSize(tif);
    if (lineSize <= 0 || size_t(lineSize) < size_t(w) * bps * (separate ? 1 : size_t(L.spp)))
        return false;
    std::vector<uint8_t> line(static_cast<size_t>(lineSize));
    std::vector<uint8_t> pixels(separate ? size_t(w) * L.spp * bps : 0);
    Expander expand(out, L);
    for (int y = 0; y < out.height(); ++y) {
        if (!separate) {
            if (TIFFReadScanline(tif, line.data(), uint32_t(y), 0) < 0)
                return false;
            expand(line.data(), 0, y, w);
            continue;
        }
        for (int s = 0; s < L.spp; ++s) { // interleave the sample planes of this row
            if (TIFFReadScanline(tif, line.data(), uint32_t(y), uint16_t(s)) < 0)
                return false;
            for (int x = 0; x < w; ++x)
                std::memcpy(pixels.data() + (size_t(x) * L.spp + s) * bps, line.data() + size_t(x) * bps, bps);
        }
        expand(pixels.data(), 0, y, w);
    }
    return true;
}

bool readTiles(TIFF *tif, Image &out, const Layout &L)
{
    uint32_t tw = 0, th = 0;
    TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tw);
    TIFFGetField(tif, TIFFTAG_TILELENGTH, &th);
    if (tw == 0 || th == 0)
        return false;
    const tmsize_t tileSize = TIFFTileSize(tif);
    const size_t tileRow = size_t(tw) * L.spp * size_t(L.bytesPerSample);
    if (tileSize <= 0 || size_t(tileSize) < tileRow * th)
        return false;
    std::vector<uint8_t> tile(static_cast<size_t>(tileSize));
    Expander expand(out, L);
    for (uint32_t ty = 0; ty < uint32_t(out.height()); ty += th)
        for (uint32_t tx = 0; tx < uint32_t(out.width()); tx += tw) {
            if (TIFFReadTile(tif, tile.data(), tx, ty, 0, 0) < 0)
                return false;
            const int count = int(std::min<uint32_t>(tw, uint32_t(out.width()) - tx));
            const uint32_t rows = std::min<uint32_t>(th, uint32_t(out.height()) - ty);
            for (uint32_t r = 0; r < rows; ++r)
                expand(tile.data() + r * tileRow, int(tx), int(ty + r), count);
        }
    return true;
}

bool sampleTypeHandled(int format, int bits)
{
    switch (format) {
    case SAMPLEFORMAT_UINT:
    case SAMPLEFORMAT_INT: return bits == 8 || bits == 16;
    case SAMPLEFORMAT_IEEEFP: return bits == 32 || bits == 64;
    default: return false;
    }
}

} // namespace

TiffDirect decodeTiffDirect(TIFF *tif, Image &out, std::string &error)
{
    const tiff::Fields f = tiff::readFields(tif);
    const Layout &L = f.layout;
    const uint32_t w = f.width, ht = f.height;
    const uint16_t bits = f.bits;
    if (!f.greyOrRgb || !sampleTypeHandled(L.format, bits) || w == 0 || ht == 0 ||
        (TIFFIsTiled(tif) && f.planar == PLANARCONFIG_SEPARATE))
        return TiffDirect::NotHandled;

    out = Image(int(w), int(ht), 4, bits == 8 ? 8 : 16);
    const bool ok = TIFFIsTiled(tif) ? readTiles(tif, out, L) : readStrips(tif, out, L, f.planar == PLANARCONFIG_SEPARATE);
    if (!ok) {
        out = Image();
        error = "truncated or corrupt TIFF data";
        return TiffDirect::Failed;
    }
    return TiffDirect::Decoded;
}

} // namespace difflens

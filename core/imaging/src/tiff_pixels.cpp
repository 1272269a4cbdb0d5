// TIFF grey / RGB layouts and their conversion to RGBA (tiff_pixels.h).
#include "tiff_pixels.h"

#include <algorithm>

namespace difflens::tiff {

namespace {

template <typename T>
void expandRun(const uint8_t *src, T *dst, int count, const PixelLayout &L)
{
    constexpr uint32_t maxv = sizeof(T) == 1 ? 255u : 65535u;
    const T *s = reinterpret_cast<const T *>(src);
    for (int x = 0; x < count; ++x, s += L.spp, dst += 4) {
        uint32_t c[3];
        if (L.rgb) {
            c[0] = s[0]; c[1] = s[1]; c[2] = s[2];
        } else {
            c[0] = c[1] = c[2] = L.invert ? maxv - s[0] : s[0];
        }
        const uint32_t a = L.hasAlpha ? s[L.rgb ? 3 : 1] : maxv;
        if (L.associated && a != maxv) {
            for (uint32_t &v : c)
                v = a == 0 ? 0 : std::min<uint32_t>(maxv, (v * maxv + a / 2) / a);
        }
        dst[0] = T(c[0]); dst[1] = T(c[1]); dst[2] = T(c[2]); dst[3] = T(a);
    }
}

} // namespace

Fields readFields(TIFF *tif)
{
    Fields f;
    uint16_t spp = 1, photometric = 0, format = SAMPLEFORMAT_UINT;
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &f.width);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &f.height);
    f.hasPhotometric = TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric) != 0;
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &f.bits);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &f.planar);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &format);
    uint16_t extraCount = 0;
    uint16_t *extraTypes = nullptr;
    TIFFGetField(tif, TIFFTAG_EXTRASAMPLES, &extraCount, &extraTypes);

    PixelLayout &L = f.layout;
    L.spp = spp;
    L.bytesPerSample = f.bits / 8;
    L.format = format;
    L.rgb = photometric == PHOTOMETRIC_RGB;
    L.invert = photometric == PHOTOMETRIC_MINISWHITE;
    const int colour = L.rgb ? 3 : 1;
    f.greyOrRgb = (L.rgb || photometric == PHOTOMETRIC_MINISBLACK || photometric == PHOTOMETRIC_MINISWHITE) &&
                  spp >= colour && spp <= colour + 1;
    L.hasAlpha = spp == colour + 1;
    L.associated = L.hasAlpha && extraCount > 0 && extraTypes && extraTypes[0] == EXTRASAMPLE_ASSOCALPHA;
    return f;
}

void expandPixels(const uint8_t *src, uint8_t *dst, int count, const PixelLayout &L, int depth)
{
    if (depth == 16)
        expandRun<uint16_t>(src, reinterpret_cast<uint16_t *>(dst), count, L);
    else
        expandRun<uint8_t>(src, dst, count, L);
}

} // namespace difflens::tiff

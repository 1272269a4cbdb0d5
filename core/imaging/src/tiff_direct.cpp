#include "tiff_direct.h"

#include <tiffio.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <new>
#include <vector>

namespace difflens {

namespace {

struct MemFile {
    const uint8_t *data = nullptr;
    toff_t size = 0;
    toff_t pos = 0;
};

tmsize_t memRead(thandle_t h, void *buf, tmsize_t n)
{
    auto *f = static_cast<MemFile *>(h);
    if (n <= 0 || f->pos >= f->size)
        return 0;
    const toff_t take = std::min<toff_t>(toff_t(n), f->size - f->pos);
    std::memcpy(buf, f->data + f->pos, size_t(take));
    f->pos += take;
    return tmsize_t(take);
}

tmsize_t memWrite(thandle_t, void *, tmsize_t) { return 0; }

toff_t memSeek(thandle_t h, toff_t off, int whence)
{
    auto *f = static_cast<MemFile *>(h);
    const toff_t base = whence == SEEK_CUR ? f->pos : (whence == SEEK_END ? f->size : 0);
    f->pos = base + off;
    return f->pos;
}

int memClose(thandle_t) { return 0; }
toff_t memSize(thandle_t h) { return static_cast<MemFile *>(h)->size; }
int memMap(thandle_t, void **, toff_t *) { return 0; }
void memUnmap(thandle_t, void *, toff_t) {}

// Returning 1 marks a message as handled, so libtiff prints nothing.
int quiet(TIFF *, void *, const char *, const char *, va_list) { return 1; }

struct Layout {
    int spp = 1;
    bool rgb = false;      // else grey
    bool invert = false;   // min-is-white
    bool hasAlpha = false;
    bool associated = false;
};

template <typename T>
void expandRun(const uint8_t *src, T *dst, int count, const Layout &L)
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

void expand(const uint8_t *src, Image &out, int x, int y, int count, const Layout &L)
{
    if (out.depth() == 16)
        expandRun<uint16_t>(src, reinterpret_cast<uint16_t *>(out.row(y)) + 4 * size_t(x), count, L);
    else
        expandRun<uint8_t>(src, out.row(y) + 4 * size_t(x), count, L);
}

bool readStrips(TIFF *tif, Image &out, const Layout &L, bool separate, int bytesPerSample)
{
    const int w = out.width();
    std::vector<uint8_t> line(size_t(TIFFScanlineSize(tif)));
    std::vector<uint8_t> pixels(separate ? size_t(w) * L.spp * bytesPerSample : 0);
    for (int y = 0; y < out.height(); ++y) {
        if (!separate) {
            if (TIFFReadScanline(tif, line.data(), uint32_t(y), 0) < 0)
                return false;
            expand(line.data(), out, 0, y, w, L);
            continue;
        }
        for (int s = 0; s < L.spp; ++s) { // interleave the sample planes of this row
            if (TIFFReadScanline(tif, line.data(), uint32_t(y), uint16_t(s)) < 0)
                return false;
            for (int x = 0; x < w; ++x)
                std::memcpy(pixels.data() + (size_t(x) * L.spp + s) * bytesPerSample,
                            line.data() + size_t(x) * bytesPerSample, size_t(bytesPerSample));
        }
        expand(pixels.data(), out, 0, y, w, L);
    }
    return true;
}

bool readTiles(TIFF *tif, Image &out, const Layout &L, int bytesPerSample)
{
    uint32_t tw = 0, th = 0;
    TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tw);
    TIFFGetField(tif, TIFFTAG_TILELENGTH, &th);
    if (tw == 0 || th == 0)
        return false;
    std::vector<uint8_t> tile(size_t(TIFFTileSize(tif)));
    const size_t tileRow = size_t(tw) * L.spp * bytesPerSample;
    if (tile.size() < tileRow * th)
        return false;
    for (uint32_t ty = 0; ty < uint32_t(out.height()); ty += th)
        for (uint32_t tx = 0; tx < uint32_t(out.width()); tx += tw) {
            if (TIFFReadTile(tif, tile.data(), tx, ty, 0, 0) < 0)
                return false;
            const int count = int(std::min<uint32_t>(tw, uint32_t(out.width()) - tx));
            const uint32_t rows = std::min<uint32_t>(th, uint32_t(out.height()) - ty);
            for (uint32_t r = 0; r < rows; ++r)
                expand(tile.data() + r * tileRow, out, int(tx), int(ty + r), count, L);
        }
    return true;
}

struct TiffHandle {
    TIFF *tif = nullptr;
    ~TiffHandle() { if (tif) TIFFClose(tif); }
};

} // namespace

TiffDirect decodeTiffDirect(const uint8_t *data, size_t size, Image &out, std::string &error)
{
    MemFile file;
    file.data = data;
    file.size = size;
    TIFFOpenOptions *opts = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(opts, quiet, nullptr);
    TIFFOpenOptionsSetWarningHandlerExtR(opts, quiet, nullptr);
    TiffHandle h;
    h.tif = TIFFClientOpenExt("memory", "rm", &file, memRead, memWrite, memSeek, memClose, memSize, memMap,
                              memUnmap, opts);
    TIFFOpenOptionsFree(opts);
    if (!h.tif) {
        error = "truncated or corrupt TIFF data";
        return TiffDirect::Failed;
    }
    uint32_t w = 0, ht = 0;
    uint16_t spp = 1, bits = 1, photometric = 0, planar = PLANARCONFIG_CONTIG, format = SAMPLEFORMAT_UINT;
    TIFFGetField(h.tif, TIFFTAG_IMAGEWIDTH, &w);
    TIFFGetField(h.tif, TIFFTAG_IMAGELENGTH, &ht);
    TIFFGetFieldDefaulted(h.tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
    TIFFGetFieldDefaulted(h.tif, TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetFieldDefaulted(h.tif, TIFFTAG_PLANARCONFIG, &planar);
    TIFFGetFieldDefaulted(h.tif, TIFFTAG_SAMPLEFORMAT, &format);
    if (!TIFFGetField(h.tif, TIFFTAG_PHOTOMETRIC, &photometric)) {
        error = "truncated or corrupt TIFF data"; // required tag; OpenCV cannot read it either
        return TiffDirect::Failed;
    }
    uint16_t extraCount = 0;
    uint16_t *extraTypes = nullptr;
    TIFFGetField(h.tif, TIFFTAG_EXTRASAMPLES, &extraCount, &extraTypes);

    Layout L;
    L.spp = spp;
    L.rgb = photometric == PHOTOMETRIC_RGB;
    L.invert = photometric == PHOTOMETRIC_MINISWHITE;
    const int colour = L.rgb ? 3 : 1;
    const bool greyOrRgb = L.rgb || photometric == PHOTOMETRIC_MINISBLACK || photometric == PHOTOMETRIC_MINISWHITE;
    if (!greyOrRgb || (bits != 8 && bits != 16) || format != SAMPLEFORMAT_UINT || spp < colour || spp > colour + 1 ||
        w == 0 || ht == 0 || (TIFFIsTiled(h.tif) && planar == PLANARCONFIG_SEPARATE))
        return TiffDirect::NotHandled;
    L.hasAlpha = spp == colour + 1;
    L.associated = L.hasAlpha && extraCount > 0 && extraTypes && extraTypes[0] == EXTRASAMPLE_ASSOCALPHA;

    try {
        out = Image(int(w), int(ht), 4, bits);
    } catch (const std::bad_alloc &) {
        error = "not enough memory to decode the image";
        return TiffDirect::Failed;
    }
    const bool ok = TIFFIsTiled(h.tif) ? readTiles(h.tif, out, L, bits / 8)
                                       : readStrips(h.tif, out, L, planar == PLANARCONFIG_SEPARATE, bits / 8);
    if (!ok) {
        out = Image();
        error = "truncated or corrupt TIFF data";
        return TiffDirect::Failed;
    }
    return TiffDirect::Decoded;
}

} // namespace difflens

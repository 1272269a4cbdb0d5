#include "tiff_reader.h"

#include "tiff_direct.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <new>

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
// The data is already in memory: hand it to libtiff as a read-only "mapping", so strips and
// tiles are decoded straight from it (libtiff never writes to mapped data; the unmapped
// path of libtiff 4.5 also rejects valid planar tiles in its RGBA interface).
int memMap(thandle_t h, void **base, toff_t *size)
{
    auto *f = static_cast<MemFile *>(h);
    *base = const_cast<uint8_t *>(f->data);
    *size = f->size;
    return 1;
}
void memUnmap(thandle_t, void *, toff_t) {}

// Returning 1 marks a message as handled, so libtiff prints nothing.
int quiet(TIFF *, void *, const char *, const char *, va_list) { return 1; }

struct TiffHandle {
    TIFF *tif = nullptr;
    ~TiffHandle() { if (tif) TIFFClose(tif); }
};

} // namespace

bool decodeTiffLibtiff(const uint8_t *data, size_t size, int expectedWidth, int expectedHeight, Image &out,
                       std::string &error)
{
    const std::string corrupt = "truncated or corrupt TIFF data";
    MemFile file;
    file.data = data;
    file.size = size;
    TIFFOpenOptions *opts = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(opts, quiet, nullptr);
    TIFFOpenOptionsSetWarningHandlerExtR(opts, quiet, nullptr);
    TiffHandle h;
    h.tif = TIFFClientOpenExt("memory", "r", &file, memRead, memWrite, memSeek, memClose, memSize, memMap,
                              memUnmap, opts);
    TIFFOpenOptionsFree(opts);
    if (!h.tif) {
        error = corrupt;
        return false;
    }
    uint32_t w = 0, ht = 0;
    uint16_t photometric = 0;
    TIFFGetField(h.tif, TIFFTAG_IMAGEWIDTH, &w);
    TIFFGetField(h.tif, TIFFTAG_IMAGELENGTH, &ht);
    if (w == 0 || ht == 0 || int64_t(w) != expectedWidth || int64_t(ht) != expectedHeight ||
        !TIFFGetField(h.tif, TIFFTAG_PHOTOMETRIC, &photometric)) {
        error = corrupt; // photometric is a required tag
        return false;
    }
    try {
        const TiffDirect direct = decodeTiffDirect(h.tif, out, error);
        if (direct != TiffDirect::NotHandled)
            return direct == TiffDirect::Decoded;
        return decodeTiffRgba(h.tif, out, error);
    } catch (const std::bad_alloc &) {
        out = Image();
        error = "not enough memory to decode the image";
        return false;
    }
}

} // namespace difflens

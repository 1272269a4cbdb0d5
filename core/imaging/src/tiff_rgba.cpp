// General TIFF path: libtiff's RGBA interface (palette, bilevel, 2/4-bit grey, CMYK,
// YCbCr, JPEG-in-TIFF, planar tiles, ...).
#include "tiff_direct.h"

#include <algorithm>
#include <cstring>

namespace difflens {

namespace {

// The raster holds one uint32 per pixel (R in the low byte, then G, B, A), written by
// libtiff into our RGBA8 buffer; rewrite each as bytes R, G, B, A whatever the host order.
// libtiff premultiplies alpha (unassociated alpha included): undo it so alpha is straight.
void rasterToRgba(Image &img)
{
    for (int y = 0; y < img.height(); ++y) {
        uint8_t *p = img.row(y);
        for (int x = 0; x < img.width(); ++x, p += 4) {
            uint32_t v;
            std::memcpy(&v, p, 4);
            uint32_t c[3] = {TIFFGetR(v), TIFFGetG(v), TIFFGetB(v)};
            const uint32_t a = TIFFGetA(v);
            if (a != 255) {
                for (uint32_t &s : c)
                    s = a == 0 ? 0 : std::min<uint32_t>(255, (s * 255 + a / 2) / a);
            }
            p[0] = uint8_t(c[0]);
            p[1] = uint8_t(c[1]);
            p[2] = uint8_t(c[2]);
            p[3] = uint8_t(a);
        }
    }
}

std::string unsupportedReason(const char *message)
{
    std::string m = message;
    const std::string sorry = "Sorry, ";
    if (m.compare(0, sorry.size(), sorry) == 0)
        m.erase(0, sorry.size());
    return m.empty() ? "TIFF layout is not supported" : "unsupported TIFF layout: " + m;
}

} // namespace

bool decodeTiffRgba(TIFF *tif, Image &out, std::string &error)
{
    char message[1024] = {0};
    if (!TIFFRGBAImageOK(tif, message)) {
        error = unsupportedReason(message);
        return false;
    }
    uint32_t w = 0, h = 0;
    uint16_t orientation = ORIENTATION_TOPLEFT;
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &h);
    TIFFGetFieldDefaulted(tif, TIFFTAG_ORIENTATION, &orientation);
    out = Image(int(w), int(h), 4, 8);
    // Asking for the file's own orientation makes libtiff copy rows as stored (no flips);
    // the caller applies the orientation like for every other format.
    auto *raster = reinterpret_cast<uint32_t *>(out.data());
    if (!TIFFReadRGBAImageOriented(tif, w, h, raster, int(orientation), 1)) {
        out = Image();
        error = "truncated or corrupt TIFF data";
        return false;
    }
    rasterToRgba(out);
    return true;
}

} // namespace difflens

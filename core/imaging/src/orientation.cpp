// EXIF/TIFF orientation applied to a decoded image (orientation.h): one pass that reads
// each output pixel from its source position, for any channel count and depth.
#include "orientation.h"

#include <cstring>
#include <utility>

namespace difflens {

namespace {

// Source position of output pixel (x, y) for an image of w x h (as stored).
inline void sourceOf(int orientation, int x, int y, int w, int h, int &sx, int &sy)
{
    switch (orientation) {
    case 2: sx = w - 1 - x; sy = y; break;         // mirror horizontally
    case 3: sx = w - 1 - x; sy = h - 1 - y; break; // rotate 180
    case 4: sx = x; sy = h - 1 - y; break;         // mirror vertically
    case 5: sx = y; sy = x; break;                 // transpose
    case 6: sx = y; sy = h - 1 - x; break;         // rotate 90 clockwise
    case 7: sx = w - 1 - y; sy = h - 1 - x; break; // transverse
    case 8: sx = w - 1 - y; sy = x; break;         // rotate 90 counter-clockwise
    default: sx = x; sy = y; break;
    }
}

} // namespace

Image applyOrientation(Image &&img, int orientation)
{
    if (orientation < 2 || orientation > 8 || img.isNull())
        return std::move(img);
    const int w = img.width(), h = img.height();
    const bool swap = orientation >= 5;
    Image out(swap ? h : w, swap ? w : h, img.channels(), img.depth());
    const size_t bpp = size_t(img.channels()) * size_t(img.depth() / 8);
    for (int y = 0; y < out.height(); ++y) {
        uint8_t *dst = out.row(y);
        for (int x = 0; x < out.width(); ++x, dst += bpp) {
            int sx = 0, sy = 0;
            sourceOf(orientation, x, y, w, h, sx, sy);
            std::memcpy(dst, img.row(sy) + size_t(sx) * bpp, bpp);
        }
    }
    return out;
}

} // namespace difflens

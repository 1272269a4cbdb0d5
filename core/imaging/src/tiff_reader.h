#pragma once
// Internal: TIFF decoding with libtiff, from memory, quietly (libtiff messages are
// captured, never printed). Two paths:
//  - direct (tiff_direct.cpp): grey / grey+alpha / RGB / RGBA with 8/16-bit unsigned,
//    8/16-bit signed or 32/64-bit float samples, read as stored into RGBA8 / RGBA16
//    (alpha kept straight; libtiff's RGBA interface would premultiply it);
//  - general (tiff_rgba.cpp): every other layout libtiff understands (palette, bilevel,
//    2/4-bit grey, CMYK, YCbCr / JPEG-in-TIFF, planar tiles, ...) through
//    TIFFReadRGBAImageOriented into RGBA8.
#include "difflens/engine/image.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace difflens {

// expectedWidth/Height are the probed size: a directory that disagrees is refused before
// any pixel memory is allocated. Rows are returned as stored (the caller applies the
// orientation tag).
bool decodeTiffLibtiff(const uint8_t *data, size_t size, int expectedWidth, int expectedHeight, Image &out,
                       std::string &error);

} // namespace difflens

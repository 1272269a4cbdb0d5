#pragma once
// Internal: direct libtiff decoding of grey / grey+alpha / RGB / RGBA TIFFs at 8 or 16 bits.
// OpenCV 4.6 drops or garbles the alpha of two-sample TIFFs and premultiplies 8-bit
// unassociated alpha (it reads those through libtiff's RGBA interface), so these common
// layouts are decoded here, straight into RGBA; everything else (palette, CMYK, YCbCr,
// float, bilevel) goes to OpenCV. Reads from memory; libtiff messages are captured, never
// printed.
#include "difflens/engine/image.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace difflens {

enum class TiffDirect { Decoded, NotHandled, Failed };

// Colour samples are returned as stored; associated (premultiplied) alpha is undone so the
// result is straight RGBA like every other format.
TiffDirect decodeTiffDirect(const uint8_t *data, size_t size, Image &out, std::string &error);

} // namespace difflens

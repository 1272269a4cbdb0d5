#pragma once
// Internal: direct libtiff decoding of grey / grey+alpha / RGB / RGBA TIFFs (see
// tiff_reader.h). Colour samples are returned as stored; associated (premultiplied) alpha
// is undone so the result is straight RGBA like every other format. Unsigned samples keep
// their values; signed ones are offset to unsigned (-128 -> 0, -32768 -> 0); floats are
// taken as 0..1 (clamped) and become 16-bit.
#include "difflens/engine/image.h"

#include <tiffio.h>

#include <string>

namespace difflens {

enum class TiffDirect { Decoded, NotHandled, Failed };

TiffDirect decodeTiffDirect(TIFF *tif, Image &out, std::string &error);

// The general path: any layout libtiff's RGBA interface reads, as RGBA8 in stored row order.
bool decodeTiffRgba(TIFF *tif, Image &out, std::string &error);

} // namespace difflens

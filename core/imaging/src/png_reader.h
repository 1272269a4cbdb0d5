#pragma once
// Internal: PNG decoding with libpng straight into the RGBA result (no intermediate BGR
// image, no channel swap pass). libpng errors and warnings are captured, never printed.
#include "difflens/engine/image.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace difflens {

// Any PNG (palette, grey, low bit depths, tRNS, interlaced) -> RGBA at 8 bits, or 16 bits
// for 16-bit files. Sample values are kept exactly as stored (no gamma conversion).
bool decodePngLibpng(const uint8_t *data, size_t size, Image &out, std::string &error);

} // namespace difflens

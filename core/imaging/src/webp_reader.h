#pragma once
// Internal: WebP decoding with libwebp straight into the RGBA result (lossy, lossless,
// extended with alpha). Animated files are refused by the probe before we get here.
#include "difflens/engine/image.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace difflens {

// Decodes to RGBA8 (opaque alpha when the file has none). expectedWidth/Height are the
// probed size: a bitstream that disagrees with it is refused before any pixel memory is
// allocated, so the pixel limit checked on the header holds.
bool decodeWebpLibwebp(const uint8_t *data, size_t size, int expectedWidth, int expectedHeight, Image &out,
                       std::string &error);

} // namespace difflens

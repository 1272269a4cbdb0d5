#pragma once
// Internal: JPEG encoding with libjpeg(-turbo), reading our grey / RGB / RGBA rows directly
// (RGBA through JCS_EXT_RGBX, so alpha is skipped without a conversion pass). 16-bit rows
// are reduced to 8 bits one row at a time. Errors give our own reason; nothing is printed.
#include "difflens/engine/image.h"

#include <cstdint>
#include <string>
#include <vector>

namespace difflens {

// 1, 3 or 4 channels at 8 or 16 bits; quality 1..100 (baseline, 4:2:0 chroma).
bool encodeJpegLibjpeg(const ImageView &img, int quality, std::vector<uint8_t> &out, std::string &error);

} // namespace difflens

#pragma once
// Internal: our own BMP decoder (uncompressed 1/2/4/8-bit palette, 16/24/32-bit with
// default or explicit colour masks and alpha, bottom-up and top-down rows; RLE8 / RLE4).
// Decodes into RGBA8. Every read is bounds-checked against the data; the image is
// allocated only after the header has been validated (the caller has applied the pixel
// limit to the same header).
#include "bmp_header.h"
#include "difflens/engine/image.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace difflens {

// sourceChannels: 1 grey palette, 3 colour, 4 colour + alpha. A 32-bit file whose alpha
// is zero everywhere (a common writer mistake) is shown opaque and reported as 3.
bool decodeBmp(const uint8_t *data, size_t size, const bmp::Info &info, Image &out, int &sourceChannels,
               std::string &error);

} // namespace difflens

#pragma once
// Image encoding. PNG is written with our own fast encoder (libdeflate, cheap filter);
// JPEG with libjpeg(-turbo).
#include "difflens/engine/image.h"

#include <string>
#include <vector>

namespace difflens {

struct PngEncodeOptions {
    int level = 1;       // deflate level 1..12 (libdeflate)
    int threads = 0;     // 0 = default (2 threads)
    bool allowPalette = true; // 8-bit RGB(A) with <= 256 colours -> indexed colour (type 3)
};

// Encodes 1..4 channel images at 8 or 16 bits (grey, grey+alpha, RGB, RGBA). Pixel values
// always read back identically:
//  - 8-bit RGB/RGBA with at most 256 distinct colours (typical diff images) is written as
//    indexed colour with a PLTE (+ tRNS for translucent entries) unless allowPalette=false;
//  - otherwise a 4-channel image whose alpha is fully opaque is written as RGB (colour
//    type 2), else RGBA (type 6); likewise grey+alpha becomes grey (type 0) when opaque.
// writePng writes atomically (temp file in the same folder, then rename; the temp file is
// removed on failure).
bool writePng(const std::string &path, const ImageView &img, std::string &error, const PngEncodeOptions &opt = {});
bool encodePng(const ImageView &img, std::vector<uint8_t> &out, std::string &error, const PngEncodeOptions &opt = {});
// JPEG (reports), quality 1..100, baseline with 4:2:0 chroma. Accepts 1, 3 (RGB) or 4 (RGBA, alpha ignored)
// channels; 16-bit input is reduced to 8 bits.
bool encodeJpeg(const ImageView &img, int quality, std::vector<uint8_t> &out, std::string &error);
bool writeJpeg(const std::string &path, const ImageView &img, int quality, std::string &error);

} // namespace difflens

#pragma once
// Image encoding. PNG is written with our own fast encoder (libdeflate, cheap filter).
#include "difflens/engine/image.h"

#include <string>
#include <vector>

namespace difflens {

struct PngEncodeOptions {
    int level = 1;       // deflate level 1..12 (libdeflate)
    int threads = 0;     // 0 = default
};

// Encodes RGBA8/RGBA16/grey images. Writes atomically (temp file then rename).
bool writePng(const std::string &path, const ImageView &img, std::string &error, const PngEncodeOptions &opt = {});
bool encodePng(const ImageView &img, std::vector<uint8_t> &out, std::string &error, const PngEncodeOptions &opt = {});
// JPEG via OpenCV (reports), quality 1..100.
bool encodeJpeg(const ImageView &img, int quality, std::vector<uint8_t> &out, std::string &error);

} // namespace difflens

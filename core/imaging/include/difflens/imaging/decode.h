#pragma once
// Image file decoding (OpenCV). Always yields interleaved RGBA at 8 or 16 bits.
#include "difflens/engine/image.h"

#include <cstdint>
#include <string>

namespace difflens {

struct ImageHeader {
    std::string format;  // "png", "jpeg", "webp", "tiff", "bmp"
    int width = 0, height = 0;
    int channels = 0;    // 0 when the header does not say
    int depth = 0;       // 0 when the header does not say
};

struct DecodeOptions {
    int64_t maxPixels = int64_t(16384) * 16384; // refuse before decoding when the header says more
    bool applyExifOrientation = true;
};

struct DecodeResult {
    bool ok = false;
    std::string error;   // reason only (the caller names the file)
    Image image;         // RGBA, 8 or 16 bit
    ImageHeader header;  // as probed
    int sourceChannels = 0;
    int sourceDepth = 8;
};

// Reads only the header. ok=false with a reason when it is not a supported image.
bool probeImageHeader(const std::string &path, ImageHeader &header, std::string &error);

DecodeResult decodeImageFile(const std::string &path, const DecodeOptions &opt = {});
DecodeResult decodeImageBuffer(const uint8_t *data, size_t size, const DecodeOptions &opt = {});

} // namespace difflens

#pragma once
// Small pixel utilities for the UI and reports (thumbnails, 8-bit previews).
// All functions return a new tightly packed Image and accept any row stride.
#include "difflens/engine/image.h"

namespace difflens {

struct Size2 {
    int width = 0, height = 0;
};

// Largest size with the image's aspect ratio that fits in maxWidth x maxHeight, never
// larger than the image itself, at least 1x1.
Size2 fitWithin(int width, int height, int maxWidth, int maxHeight);

// Area-average downscale (each output pixel is the mean of the source pixels it covers;
// OpenCV INTER_AREA). 1..4 channels, 8 or 16 bits, depth and channels kept. A target that
// is not smaller than the source in both axes returns a copy.
Image downscaleArea(const ImageView &img, int width, int height);

// downscaleArea to fitWithin(maxWidth, maxHeight).
Image thumbnail(const ImageView &img, int maxWidth, int maxHeight);

// 16-bit -> 8-bit with rounding (v * 255 / 65535); 8-bit input is copied. Channels kept,
// so RGBA16 becomes RGBA8.
Image toDepth8(const ImageView &img);

// Grey, grey+alpha, RGB or RGBA -> RGBA at the same depth (opaque alpha added if missing).
Image toRgba(const ImageView &img);

} // namespace difflens

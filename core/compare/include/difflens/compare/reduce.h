#pragma once
// The per-pixel kernels behind the app's display layers, Qt-free (the app wraps their
// output; ui/ holds no pixel loops): halving a frame for its preview levels (2x2 average
// of 8-bit RGBA, 2x2 maximum of one-byte indices), the mask's display order and the SSIM
// map's one-byte shading. An odd last row or column is paired with itself.
#include "difflens/engine/image.h"

#include <cstddef>
#include <cstdint>

namespace difflens {

// The size of a halved frame: max(1, n / 2) on each axis.
inline int halvedExtent(int n) { return n / 2 > 1 ? n / 2 : 1; }

// dst (halvedExtent(src.width) x halvedExtent(src.height), dstStride bytes a row) receives
// the rounded 2x2 average of src, 4 bytes a pixel (any 8-bit order: each byte on its own).
// src: channels 4, depth 8. False (nothing written) for any other src.
bool halveAverage8x4(const ImageView &src, uint8_t *dst, size_t dstStride);
// The same with the 2x2 maximum of one-byte pixels (src: channels 1, depth 8): a single
// different pixel stays visible at every level.
bool halveMax8(const ImageView &src, uint8_t *dst, size_t dstStride);

// The engine's MaskValue per pixel (pixelmatch.h: 0 same, 1 different, 2 anti-aliased,
// 3 ignored) to display order (0 same, 1 ignored, 2 anti-aliased, 3 different) so a
// maximum keeps differences on top; other values become 0. `out` may equal `mask`.
void maskToDisplayOrder(const uint8_t *mask, size_t count, uint8_t *out);
// SSIM values to one byte each: round(clamp(1 - s, 0, 1) * 255) (0 = identical).
void ssimToShade(const float *ssim, size_t count, uint8_t *out);

} // namespace difflens

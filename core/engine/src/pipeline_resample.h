#pragma once
// Area-average downscaling for the Low tier (analysis resolution).
#include "difflens/engine/image.h"

namespace difflens::detail {

// Downscales an RGBA view (8 or 16 bit) to dstWidth x dstHeight (each <= the source's) by
// exact box-area averaging: every destination pixel is the coverage-weighted mean of the
// source pixels under its footprint. Channels are averaged independently (no alpha
// premultiplication); results are rounded to the nearest sample value. Same depth out.
Image downscaleArea(const ImageView &src, int dstWidth, int dstHeight, int threads = 0);

} // namespace difflens::detail

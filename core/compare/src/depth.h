#pragma once
// Sample-depth conversion used when A and B differ in depth.
#include "difflens/engine/image.h"

namespace difflens::detail {

// 16-bit RGBA -> 8-bit RGBA, rounding to nearest (v8 = round(v16 / 257)), so that an 8-bit
// image saved as 16 bits (v16 = v8 * 257) converts back exactly.
Image convert16To8(const ImageView &src);

} // namespace difflens::detail

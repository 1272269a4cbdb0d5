#pragma once
// Internal: applies an EXIF/TIFF orientation (1..8) to an image of any channel count.
#include "difflens/engine/image.h"

namespace difflens {

// Returns the image as it should be displayed: 2 mirror horizontally, 3 rotate 180,
// 4 mirror vertically, 5 transpose, 6 rotate 90 clockwise, 7 transverse, 8 rotate 90
// counter-clockwise. 1 and unknown values return the input unchanged.
Image applyOrientation(Image &&img, int orientation);

} // namespace difflens

#pragma once
// Internal: palette (indexed colour) path of the PNG writer. Diff images are a faded grey
// (a few dozen levels) plus a handful of marker colours, so they almost always fit in 256
// colours: one index byte per pixel instead of three or four means a third of the data to
// compress, and a smaller file. The pixel values read back identically (a decoder expands
// the palette); images with more than 256 colours fall back to RGB/RGBA.
#include "difflens/engine/image.h"

#include <cstdint>
#include <vector>

namespace difflens::png {

// Writes each row of an 8-bit RGB/RGBA image as filter byte 0 followed by palette indices
// into `filtered` ((width + 1) * height bytes). Returns false (quickly, from the first rows
// of a photo) when the image has more than 256 distinct colours. Palette entries are
// packed as 0xAABBGGRR.
bool indexImage(const ImageView &img, int threads, uint8_t *filtered, std::vector<uint32_t> &palette);

} // namespace difflens::png

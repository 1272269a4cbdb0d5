#pragma once
// Grouping of mismatched pixels into reviewable regions.
#include "difflens/engine/image.h"

#include <cstdint>
#include <vector>

namespace difflens {

struct Region {
    Rect box;
    int64_t pixels = 0; // mismatched pixels inside the cluster
    friend bool operator==(const Region &a, const Region &b) { return a.box == b.box && a.pixels == b.pixels; }
};

// Clusters pixels where mask[y*stride+x] is non-zero and equals `value` (or any non-zero
// value when value < 0): 8-connected after a square dilation of radius `dilation`.
// Result sorted by pixel count descending, then by (y, x).
std::vector<Region> findRegions(const uint8_t *mask, int width, int height, size_t stride,
                                int value, int dilation = 2);

} // namespace difflens

#pragma once
// Grouping of mismatched pixels into reviewable regions.
#include "difflens/engine/image.h"

#include <cstdint>
#include <memory>
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

// The same clustering fed one mask row at a time, top to bottom: memory is proportional
// to the width (plus the regions found), never to the height. Clusters that can no longer
// grow are closed as the scan passes them, so a mask with millions of separate clusters
// keeps only the open ones in its working set. finish() gives exactly what findRegions
// gives for the rows pushed.
class RegionStream {
public:
    RegionStream(int width, int value, int dilation = 2);
    ~RegionStream();
    RegionStream(const RegionStream &) = delete;
    RegionStream &operator=(const RegionStream &) = delete;

    void pushRow(const uint8_t *row);
    int rows() const;
    std::vector<Region> finish(); // once, after the last row
    // Bytes held now (run buffers, open clusters, closed regions), for memory accounting.
    int64_t workingBytes() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace difflens

#pragma once
// Internal: the first pass of a store that defers its full resolution, for an 8-bit pair
// (layer_store.cpp): each pair of a band's rows goes straight to level 1 of A, B, the
// heatmap, the mask and the diff in one read (reducePairRgba8, maskMaximum, averageRgba8),
// on two threads (column halves), and the level-1 rows go on into their pyramids (A, the
// heatmap and the mask on one thread, B and the diff on the other) while the next rows are
// reduced.
#include "difflens/engine/stream.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace difflens {

class LayerPyramidBuilder;

struct FusedBandTargets {
    // A, B and the heatmap (all three or none: one read makes them) and the mask; null: a
    // layer this pass does not fill (LayerStore::Options::firstPassLayers).
    LayerPyramidBuilder *a = nullptr, *b = nullptr, *heat = nullptr, *mask = nullptr;
    // The diff's builder and the band's diff rows (RGBA8), when they come with the band.
    LayerPyramidBuilder *diff = nullptr;
    const uint8_t *diffRows = nullptr;
    size_t diffStride = 0;
    int width = 0, height = 0;   // the compared area
    uint8_t *scratch = nullptr;  // fusedBandScratchBytes(width) bytes, kept between bands
};

// The scratch one store needs: the first rows of pairs a band's end splits, and a ring of
// level-1 rows (level-1 rows stay there until their own pair is reduced).
size_t fusedBandScratchBytes(int width);

// Pushes the band's rows (rows.y0 onwards, in order); `peak` is raised to the largest heat
// value seen. False with `error` when a level cannot take its rows.
bool pushFusedBand(const BandRows &rows, const FusedBandTargets &t, int &peak, std::string &error);

} // namespace difflens

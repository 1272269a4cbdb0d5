#pragma once
// The pixels a pair's pages draw (PDF and HTML), from one of two sources: the decoded images
// of the pair (PairContent::imageA/imageB and the result's diff image) or, for a streamed pair,
// its layer store (layer_store.h): page images from the in-memory level that best fits the
// printed size (display quality), region crops from the full-resolution tiles (exact pixels).
#include "report_pages.h"

#include "difflens/compare/layer_store.h"
#include "difflens/imaging/convert.h"

#include <QImage>

#include <string>

namespace difflens::report::detail {

enum class PairLayer { A, B, Diff };

// What a page says where a side of the pair cannot be drawn ("Not available.", or why).
QString missingSideText(const PairContent &p);

// Whether the pair has this layer to draw, and its full-resolution size (0 x 0 when not).
bool hasLayer(const PairContent &p, PairLayer layer);
Size2 layerSize(const PairContent &p, PairLayer layer);

// The whole layer fitted to maxW x maxH pixels, opaque over white (print_images.h: toPrintImage).
QImage layerPrint(const PairContent &p, PairLayer layer, int maxW, int maxH);
// The crop r (full-resolution pixels) of the layer fitted to maxW x maxH (print_images.h:
// cropForPrint). From a store: level 0's tiles when the crop is printed at one pixel per pixel
// or enlarged (exact), else the coarsest level that still has the printed resolution.
QImage layerCrop(const PairContent &p, PairLayer layer, const Rect &r, int maxW, int maxH);
// The heatmap (heatmap.h) max-pooled onto at most maxW x maxH cells; `peak` in native units.
QImage pairHeatmap(const PairContent &p, int maxW, int maxH, int *peak);

// The pixels of rectangle r of a store's layer at `level` (r in that level's pixels, inside
// it): in-memory levels from memory, the others assembled from the tiles r overlaps. A and
// B at level 0 in the pair's depth (RGBA 8 or 16), other layers and levels RGBA8 (Heat and
// Mask one byte). Null when a tile is not written or cannot be read (`error` then says why).
Image storeRegion(const LayerStore &store, LayerKind kind, int level, const Rect &r, std::string &error);

} // namespace difflens::report::detail

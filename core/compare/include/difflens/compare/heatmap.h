#pragma once
// The one heatmap definition, shared by the app's heatmap layer and the PDF report (Qt-free).
//
// Per pixel: the largest absolute difference between A and B over R, G and B (alpha is not
// compared), in the images' native sample units; scaled linearly so that the largest such
// difference of the pair (its peak) is index 255 and no difference is index 0:
//   index = round(value * 255 / peak)      (all 0 when the images are identical in RGB)
// The index is coloured with one ramp, kHeatRamp (light = no difference, dark red = peak),
// interpolated linearly in RGB into the 256-entry heatRampTable().
#include "difflens/engine/image.h"

#include <array>
#include <cstdint>
#include <vector>

namespace difflens {

struct HeatRampStop {
    double t;          // position 0..1 (index / 255)
    uint8_t r, g, b;
};

inline constexpr HeatRampStop kHeatRamp[] = {
    {0.00, 252, 252, 250}, {0.15, 255, 240, 170}, {0.40, 254, 190, 90},
    {0.65, 244, 100, 45},  {0.85, 200, 25, 35},   {1.00, 110, 0, 40},
};

// kHeatRamp at every index, as 0xffRRGGBB (the layout of Qt's QRgb).
const std::array<uint32_t, 256> &heatRampTable();

// The magma ramp (matplotlib's, as NVIDIA's FLIP tool colours its error maps): entry i is
// the colour of FLIP error i / 255, as 0xffRRGGBB.
const std::array<uint32_t, 256> &magmaRampTable();

// FLIP error (0..1) to its 8-bit level: round(error * 255), clamped to 0..255.
inline uint8_t flipErrorLevel(float error)
{
    const float v = error * 255.0f + 0.5f;
    return v <= 0.0f ? 0 : v >= 255.0f ? 255 : uint8_t(v);
}

// A row of FLIP errors as pixels: one grey byte (the level) per pixel when grey, else
// R, G, B of the level's magma colour.
void flipErrorRowToPixels(const float *errors, int width, bool grey, uint8_t *out);

// The heatmap indices of a pair: width * height bytes, row by row. a and b must have the
// same size, channel count (1..4; RGB are the first three, grey counts as R=G=B) and depth
// (8 or 16). Returns false (out untouched) otherwise. `peak` receives the largest value in
// native units. Runs on the engine's worker threads.
bool heatmapIndices(const ImageView &a, const ImageView &b, std::vector<uint8_t> &out, int &peak);

// The same definition before scaling, for layers that stream (layer_store.h) and so learn
// the peak only at the end: one row `y` of a and b (RGBA, 8 or 16 bits) as one byte a pixel,
// the value itself for 8-bit pairs and value / 257 (rounded) for 16-bit ones. Returns the
// row's largest value in native units.
int heatDeltaRow(const ImageView &a, const ImageView &b, int y, uint8_t *out);
// The colour of each such byte for a pair whose peak is `peak` (native units of `depth`):
// heatRampTable()[round(value * 255 / peak)], so a streamed 8-bit heatmap shows exactly the
// colours of heatmapIndices + heatRampTable.
std::array<uint32_t, 256> heatDisplayTable(int peak, int depth);

} // namespace difflens

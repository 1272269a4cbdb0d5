#pragma once
// LDR-FLIP (Andersson et al., HPG 2020; version 1.6 of NVIDIA's reference tool): a
// perceptual error map in [0,1] from colour differences (CSF-filtered YCxCz, Hunt-adjusted
// HyAB in CIELAB) and edge/point feature differences, with the mean, min, max and the
// value-weighted median and quartiles the reference tool reports.
//
// Our own implementation of the published method: sRGB 8/16 bit in, alpha ignored.
// Map values depend only on the pixel's position in the frame (edge-clamped filters), so any
// split into areas, strips or bands gives bit-identical maps; the statistics are additive
// (FlipAccumulator) and exact under any split (integer sums and histogram counts).
#include "difflens/engine/image.h"

#include <cstdint>
#include <vector>

namespace difflens {

// 0.7 m from a 0.7 m wide, 3840-pixel display: 3840 * pi / 180 pixels per degree (the
// reference tool's default; it prints it rounded, as 67).
constexpr double kFlipDefaultPpd = 67.02064327658226;

struct FlipOptions {
    double ppd = kFlipDefaultPpd; // pixels per degree of visual angle (> 0)
    bool wantMap = false;         // per-pixel error map in the result
};

struct FlipResult {
    double mean = 0, weightedMedian = 0, weightedQ1 = 0, weightedQ3 = 0, min = 0, max = 0;
    double ppd = kFlipDefaultPpd;
    FloatImage map; // empty unless wantMap
};

// Buckets of the error histogram behind the weighted quartiles (uniform over (0,1]; exact
// zeros are counted apart: they carry no weight).
constexpr int kFlipHistogramBuckets = 1 << 16;

// Additive partial statistics of a FLIP map: merge() in any order gives the same result.
struct FlipAccumulator {
    uint64_t sumLo = 0, sumHi = 0;    // sum of round(value * 2^32), 128-bit
    int64_t count = 0;
    float min = 2.0f, max = -1.0f;    // min > max: empty
    uint64_t zeros = 0;               // values exactly 0
    std::vector<uint64_t> histogram;  // kFlipHistogramBuckets counts (empty until used)

    void addFixed(uint64_t v);        // one more term of the fixed-point sum
    void merge(const FlipAccumulator &o);
    double sum() const;
};

// Largest filter radius (colour CSF or feature kernel) for ppd: map rows [y0, y1) need input
// rows [y0 - halo, y1 + halo) (clamped to the frame), and likewise for columns.
int flipHalo(double ppd);

// Scratch bytes one worker thread of flipCpuArea holds (buffers and its histogram).
int64_t flipScratchBytesPerThread(double ppd);

// Where the views lie in the frame: row 0 of the views is frame row `top`, the frame has
// `height` rows (0: the views are the whole frame). Columns: the views are full width.
struct FlipFrame {
    int top = 0;
    int height = 0;
};

// FLIP for output pixels [outArea] (view coordinates) of a and b (RGBA, 8 or 16 bit, equal
// size), reading the halo around it; writes map values to mapOut[(y - outArea.y) *
// mapStride + (x - outArea.x)] when mapOut is non-null. Threads: 0 = default, 1 = calling
// thread only; results do not depend on it.
FlipAccumulator flipCpuArea(const ImageView &a, const ImageView &b, const Rect &outArea, const FlipOptions &opt,
                            float *mapOut, size_t mapStride, int threads = 0, const FlipFrame &frame = {});

// Mean, min, max and the weighted median/quartiles (the reference's value-weighted
// percentiles, from the histogram) of the accumulated map.
FlipResult finalizeFlip(const FlipAccumulator &acc, FloatImage map, const FlipOptions &opt);

// Whole frame.
FlipResult flipCpu(const ImageView &a, const ImageView &b, const FlipOptions &opt = {}, int threads = 0);

} // namespace difflens

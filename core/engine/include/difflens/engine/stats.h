#pragma once
// Exact per-pixel statistics on native sample values.
//
// Averages run over every sample of the RGBA buffer: channels = 4 (alpha included), so
// MAE = sum|d| / (4 * pixels), MSE = sum d^2 / (4 * pixels), RMSE = sqrt(MSE). Values are
// in native units (0..255 for 8-bit, 0..65535 for 16-bit); PSNR = 10 log10(peak^2 / MSE)
// with peak 255 or 65535, +infinity when MSE == 0 (also when no pixel was considered).
// Inputs of different size or depth, or not 4-channel, give an empty result.
#include "difflens/engine/image.h"

#include <cstdint>
#include <vector>

namespace difflens {

// Additive accumulator so tiles can be merged exactly (integer sums, no float drift).
struct ExactAccumulator {
    int64_t pixels = 0;          // pixels considered (ignore regions excluded)
    int64_t differing = 0;       // pixels that differ in any channel
    int maxDelta = 0;            // largest absolute channel delta
    uint64_t sumAbs = 0;         // sum of |delta| over all channels
    unsigned __int128 sumSq = 0; // sum of delta^2 over all channels
    int channels = 4;
    void merge(const ExactAccumulator &o);
};

struct ExactStats {
    int64_t differing = 0;
    int maxDelta = 0;
    double mae = 0, mse = 0, rmse = 0;
    double psnr = 0;     // dB; +infinity when identical (JSON writes null)
    int peak = 255;      // 255 or 65535
};

// Accumulate over `area` of equally sized RGBA views a and b (same depth), skipping pixels
// inside any ignore rect.
ExactAccumulator accumulateExact(const ImageView &a, const ImageView &b, const Rect &area,
                                 const std::vector<Rect> &ignore = {});
ExactStats finalizeExact(const ExactAccumulator &acc, int depth);
// Whole frame, multi-threaded.
ExactStats exactStats(const ImageView &a, const ImageView &b, const std::vector<Rect> &ignore = {},
                      int threads = 0);

} // namespace difflens

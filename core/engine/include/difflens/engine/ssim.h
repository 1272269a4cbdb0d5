#pragma once
// SSIM (Wang et al. 2004), scikit-image compatible: Gaussian window sigma 1.5 truncated to
// 11x11, K1=0.01, K2=0.03, population covariance, per channel then averaged, mean taken
// over the map with a (win_size-1)/2 = 5 pixel border cropped.
#include "difflens/engine/image.h"
#include "difflens/engine/regions.h"

#include <vector>

namespace difflens {

struct SsimOptions {
    double dataRange = 0;      // 0 = 255 for 8 bit, 65535 for 16 bit
    bool wantMap = true;       // per-pixel map (mean over channels)
    float lowThreshold = 0.9f; // map values below this form low-SSIM regions
    int regionDilation = 2;
    int channels = 3;          // channels of RGBA used (3 = RGB; alpha excluded). 1 for grey sources.
};

// Additive partial sums so tiles can be merged: per-channel sum of map values over the
// cropped interior, and count of interior pixels.
struct SsimAccumulator {
    std::vector<double> channelSums;
    int64_t count = 0;
    void merge(const SsimAccumulator &o);
};

struct SsimResult {
    double mean = 1.0;
    std::vector<double> perChannel;
    FloatImage map;                  // empty unless wantMap
    std::vector<Region> lowRegions;
};

// Tuned CPU implementation (separable Gaussian, multi-threaded).
SsimResult ssimCpu(const ImageView &a, const ImageView &b, const SsimOptions &opt = {}, int threads = 0);

// Compute SSIM for output rows [outArea] only, reading a and b (full images) with the
// needed halo; accumulates interior sums and writes map values (if mapOut non-null, at
// mapOut[(y-outArea.y)*mapStride + (x-outArea.x)]). Tiling must give identical results.
SsimAccumulator ssimCpuArea(const ImageView &a, const ImageView &b, const Rect &outArea,
                            const SsimOptions &opt, float *mapOut, size_t mapStride);

SsimResult finalizeSsim(const SsimAccumulator &acc, FloatImage map, const SsimOptions &opt);

} // namespace difflens

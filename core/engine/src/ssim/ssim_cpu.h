#pragma once
// Internal entry points of the tuned CPU SSIM (see ssim_cpu.cpp).
//
// Every map value depends only on its position in the full frame, never on how the frame
// was cut into areas or strips, so any tiling yields bit-identical maps.
#include "difflens/engine/ssim.h"

#include <cstddef>

namespace difflens::detail {

// Where the views a and b lie in the frame: row 0 of the views is frame row `top`, and the
// frame has `height` rows (0: the views are the whole frame). A band of a streamed frame
// crops the frame's border rows from the mean, not its own; its reads never reach the
// band's edges except at the frame's (the caller gives it the halo).
struct SsimFrame {
    int top = 0;
    int height = 0;
};

// Same contract as ssimCpuArea, but the area is cut into row strips processed on up to
// `threads` threads (0 = default, 1 = calling thread only). Results do not depend on
// `threads`.
SsimAccumulator ssimCpuAreaThreaded(const ImageView &a, const ImageView &b, const Rect &outArea,
                                    const SsimOptions &opt, float *mapOut, size_t mapStride,
                                    int threads, const SsimFrame &frame = {});

// Gaussian taps used by every SSIM implementation of the engine: sigma 1.5, radius 5
// (truncate 3.5), normalised to sum 1 (computed in double like scipy.ndimage).
constexpr int kSsimRadius = 5;
constexpr int kSsimTaps = 2 * kSsimRadius + 1;
void ssimGaussianTaps(double taps[kSsimTaps]);

// scipy.ndimage 'reflect' boundary (d c b a | a b c d | d c b a) for any index.
inline int ssimReflectIndex(int i, int n)
{
    if (n == 1)
        return 0;
    const int period = 2 * n;
    i %= period;
    if (i < 0)
        i += period;
    return i < n ? i : period - 1 - i;
}

} // namespace difflens::detail

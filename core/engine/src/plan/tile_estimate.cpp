// Device-memory estimate of the LibTorch tile kernels. A pure formula, kept out of the
// LibTorch backend plugin so that planning never needs to load LibTorch.
#include "tiles/tile_kernels.h"

namespace difflens::detail {

int64_t estimateTorchTileBytes(int width, int height, bool ssim, bool fused)
{
    // Uploaded region (with halo) and the outputs dominate the fused path; the ops path holds
    // a few dozen double planes at once (measured on the CPU device, rounded up).
    const int halo = ssim ? kSsimHalo : kPixelmatchHalo;
    const int64_t padded = int64_t(width + 2 * halo) * int64_t(height + 2 * halo);
    const int64_t px = int64_t(width) * int64_t(height);
    const int64_t upload = 2 * padded * 8; // two RGBA frames, up to 16 bit
    if (fused)
        return upload + px * (4 + 1 + (ssim ? 4 : 0)) + (1 << 20);
    return upload + padded * 8 * 40 + (ssim ? padded * 8 * 16 : 0) + (8 << 20);
}

} // namespace difflens::detail

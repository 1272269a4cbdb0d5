#pragma once
// Small diagnostics of the LibTorch layer, callable without LibTorch headers (tests, bench).
#include <cstdint>

namespace difflens::detail {

// Allocates `bytes` on the CUDA device (cuda) or the CPU through LibTorch and frees it
// again; out-of-memory is reported as std::bad_alloc, exactly like runTileTorch.
void torchProbeAllocation(int64_t bytes, bool cuda);

} // namespace difflens::detail

#include "tiles/tile_kernels.h"

#include <string>

namespace difflens::detail {

struct KernelTiming {
    bool ok = false;
    std::string error;
    double ms = 0;            // mean wall time per iteration (device synchronised)
    int64_t peakBytes = -1;   // CUDA allocator peak during the timed iterations
    PixelmatchCounts counts;
    double ssimMean = 0;      // interior mean over channels (when req.wantSsim)
};

// Benchmark hook: uploads req's region once to the CUDA device, then times `iterations`
// warm runs of the tile kernels on it: the fused kernels (diff image, mask and SSIM map
// kept on the device) or the LibTorch-ops path (counts, statistics and SSIM sums only).
KernelTiming torchTimeDeviceKernels(const TileRequest &req, bool fused, int iterations);

} // namespace difflens::detail

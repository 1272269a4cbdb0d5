// LibTorch tile kernels: the portable LibTorch-ops path and the dispatch to the fused CUDA
// kernels (src/cuda/*.cu) when the engine was built with DIFFLENS_HAVE_CUDA.
#include "tile_kernels.h"

#include <ATen/ATen.h>
#include <torch/cuda.h>

#include <stdexcept>

namespace difflens::detail {

void runTileTorch(const TileRequest &, TileOutput &, bool, bool)
{
    throw std::runtime_error("not implemented yet");
}

bool torchCudaAvailable()
{
    try {
        return torch::cuda::is_available();
    } catch (...) {
        return false;
    }
}

bool fusedCudaKernelsBuilt()
{
#ifdef DIFFLENS_HAVE_CUDA
    return true;
#else
    return false;
#endif
}

std::string cudaDeviceName() { return {}; }

int64_t estimateTorchTileBytes(int width, int height, bool ssim, bool fused)
{
    const int64_t px = int64_t(width) * height;
    if (fused)
        return px * (8 + 8 + 4 + 1 + (ssim ? 4 : 0));
    return px * (ssim ? 200 : 80);
}

void releaseCachedDeviceMemory() {}

int64_t cudaPeakAllocatedBytes() { return -1; }

void resetCudaPeakStats() {}

} // namespace difflens::detail

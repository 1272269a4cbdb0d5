// LibTorch tile kernels: dispatch between the portable LibTorch-ops path (CPU or CUDA
// device) and the fused CUDA kernels (src/cuda/*.cu, built with DIFFLENS_HAVE_CUDA), plus
// the device queries and allocator statistics of the CUDA pipeline.
#include "tiles/tile_kernels.h"
#include "torch/torch_probe.h"
#include "torch/torch_tile_common.h"

#include <c10/core/InferenceMode.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <stdexcept>

#ifdef DIFFLENS_HAVE_CUDA
#include <ATen/cuda/CUDAContext.h>
#if __has_include(<c10/cuda/CUDACachingAllocator.h>)
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#define DIFFLENS_HAVE_CUDA_ALLOCATOR_STATS 1
#endif
#endif

namespace difflens::detail {

namespace {

void validate(const TileRequest &req, const TileOutput &out)
{
    if (!req.opt)
        throw std::invalid_argument("tile request without options");
    const ImageView &a = req.a, &b = req.b;
    if (!a.valid() || !b.valid() || a.width != b.width || a.height != b.height || a.depth != b.depth
        || a.channels != 4 || b.channels != 4 || (a.depth != 8 && a.depth != 16))
        throw std::invalid_argument("tile inputs must be equally sized RGBA8 or RGBA16 frames");
    if (req.area.empty() || !(req.area.intersected({0, 0, a.width, a.height}) == req.area))
        throw std::invalid_argument("tile area outside the frame");
    if ((out.diff && out.diffStride < size_t(req.area.width) * 4) || (out.mask && out.maskStride < size_t(req.area.width))
        || (out.ssimMap && out.ssimMapStride < size_t(req.area.width)))
        throw std::invalid_argument("tile output stride too small");
}

void runTile(const TileRequest &req, TileOutput &out, bool cuda, bool fused)
{
    c10::InferenceMode inference;
    const at::Device device = cuda ? at::Device(at::kCUDA, 0) : at::Device(at::kCPU);
#ifdef DIFFLENS_HAVE_CUDA
    const bool useFused = cuda && fused;
#else
    const bool useFused = false;
    (void)fused;
#endif
    const int halo = req.wantSsim ? kSsimHalo : kPixelmatchHalo;
    const Rect region = torchk::expandClip(req.area, halo, req.a.width, req.a.height);
    if (useFused) {
        torchk::fusedTile(req, out, region);
        return;
    }
    const at::Tensor a = torchk::uploadRegion(req.a, region, device);
    const at::Tensor b = torchk::uploadRegion(req.b, region, device);
    torchk::opsPixelmatchStats(req, out, a, b, region);
    if (req.wantSsim)
        torchk::opsSsim(req, out, a, b, region);
}

} // namespace

void runTileTorch(const TileRequest &req, TileOutput &out, bool cuda, bool fused)
{
    validate(req, out);
    if (cuda && !torchCudaAvailable())
        throw std::runtime_error("CUDA device requested but not available");
    try {
        runTile(req, out, cuda, fused);
    } catch (...) {
        torchk::rethrowTranslated();
    }
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

std::string cudaDeviceName()
{
    if (!torchCudaAvailable())
        return {};
#ifdef DIFFLENS_HAVE_CUDA
    try {
        const cudaDeviceProp *prop = at::cuda::getDeviceProperties(0);
        return prop ? std::string(prop->name) : std::string("CUDA device");
    } catch (...) {
        return "CUDA device";
    }
#else
    return "CUDA device";
#endif
}

void releaseCachedDeviceMemory()
{
#ifdef DIFFLENS_HAVE_CUDA_ALLOCATOR_STATS
    try {
        if (torchCudaAvailable())
            c10::cuda::CUDACachingAllocator::emptyCache();
    } catch (...) {
    }
#endif
}

int64_t cudaPeakAllocatedBytes()
{
#ifdef DIFFLENS_HAVE_CUDA_ALLOCATOR_STATS
    try {
        if (!torchCudaAvailable())
            return -1;
        const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(c10::cuda::current_device());
        return int64_t(stats.allocated_bytes[0].peak); // index 0: aggregate over pool types
    } catch (...) {
        return -1;
    }
#else
    return -1;
#endif
}

void torchProbeAllocation(int64_t bytes, bool cuda)
{
    try {
        c10::InferenceMode inference;
        const at::Device device = cuda ? at::Device(at::kCUDA, 0) : at::Device(at::kCPU);
        at::Tensor t = at::empty({bytes}, at::TensorOptions().dtype(at::kByte).device(device));
        (void)t;
    } catch (...) {
        torchk::rethrowTranslated();
    }
}

void resetCudaPeakStats()
{
#ifdef DIFFLENS_HAVE_CUDA_ALLOCATOR_STATS
    try {
        if (torchCudaAvailable())
            c10::cuda::CUDACachingAllocator::resetPeakStats(c10::cuda::current_device());
    } catch (...) {
    }
#endif
}

} // namespace difflens::detail

// Benchmark hook of the LibTorch tile kernels: device-resident timing without host
// transfers (see torch_probe.h).
#include "torch/torch_probe.h"
#include "torch/torch_tile_common.h"

#include <c10/core/InferenceMode.h>
#include <torch/cuda.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <new>

namespace difflens::detail {

KernelTiming torchTimeDeviceKernels(const TileRequest &req, bool fused, int iterations)
{
    KernelTiming t;
    if (!torchCudaAvailable()) {
        t.error = "no CUDA device";
        return t;
    }
    if (fused && !fusedCudaKernelsBuilt()) {
        t.error = "fused kernels not built";
        return t;
    }
    try {
        try {
            c10::InferenceMode inference;
            const at::Device dev(at::kCUDA, 0);
            const int halo = req.wantSsim ? kSsimHalo : kPixelmatchHalo;
            const Rect region = torchk::expandClip(req.area, halo, req.a.width, req.a.height);
            const at::Tensor a = torchk::uploadRegion(req.a, region, dev);
            const at::Tensor b = torchk::uploadRegion(req.b, region, dev);
            uint8_t sink = 0; // non-null output markers; fused outputs stay on the device
            float fsink = 0;
            auto once = [&]() {
                TileOutput out;
                if (fused) {
                    out.diff = &sink;
                    out.diffStride = size_t(req.area.width) * 4;
                    out.mask = &sink;
                    out.maskStride = size_t(req.area.width);
                    out.ssimMap = req.wantSsim ? &fsink : nullptr;
                    out.ssimMapStride = size_t(req.area.width);
                    torchk::DeviceOutputs keep;
                    torchk::fusedPixelmatchStats(req, out, a, b, region, &keep);
                    if (req.wantSsim)
                        torchk::fusedSsim(req, out, a, b, region, &keep);
                } else {
                    torchk::opsPixelmatchStats(req, out, a, b, region);
                    if (req.wantSsim)
                        torchk::opsSsim(req, out, a, b, region);
                }
                torch::cuda::synchronize();
                return out;
            };
            once(); // warm-up (allocator, kernels, cuDNN plans)
            resetCudaPeakStats();
            const auto start = std::chrono::steady_clock::now();
            TileOutput last;
            for (int i = 0; i < iterations; ++i)
                last = once();
            t.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count()
                / std::max(1, iterations);
            t.peakBytes = cudaPeakAllocatedBytes();
            t.counts = last.counts;
            if (req.wantSsim && last.ssim.count > 0 && !last.ssim.channelSums.empty()) {
                double s = 0;
                for (double c : last.ssim.channelSums)
                    s += c / double(last.ssim.count);
                t.ssimMean = s / double(last.ssim.channelSums.size());
            }
            t.ok = true;
        } catch (...) {
            torchk::rethrowTranslated();
        }
    } catch (const std::bad_alloc &) {
        t.error = "out of memory";
    } catch (const std::exception &e) {
        t.error = e.what();
    }
    return t;
}

} // namespace difflens::detail

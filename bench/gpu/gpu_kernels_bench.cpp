// Times the tile kernels on the CUDA device at 4096^2 and 8192^2 (RGB content, opaque
// RGBA8): fused kernels vs the LibTorch-ops path, device-resident (kernels only) and end to
// end (uploads and host copies included), with the allocator's peak bytes. Also checks
// that the paths agree (counts identical, SSIM means close) against the CPU kernels.
//
// usage: gpu_kernels_bench [size ...] [--iterations N] [--no-ops] [--no-cpu]
#include "difflens/engine/job.h"
#include "tile_kernels.h"
#include "torch_probe.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

using namespace difflens;
using namespace difflens::detail;

namespace {

struct Pair {
    Image a, b;
};

// Screenshot-like content: panels, thin strokes, a noisy photo block; b moves a panel,
// recolours text and perturbs part of the photo.
Pair makePair(int n)
{
    Pair p{Image(n, n, 4, 8), Image(n, n, 4, 8)};
    uint32_t s = 12345;
    for (int y = 0; y < n; ++y) {
        uint8_t *ra = p.a.row(y), *rb = p.b.row(y);
        for (int x = 0; x < n; ++x) {
            uint8_t r = 240, g = 240, b = 242;
            if ((x / 256 + y / 192) % 3 == 0 && x % 256 > 16 && y % 192 > 12)
                r = 255, g = 255, b = 255;
            if (y % 24 == 8 && x % 256 > 30 && x % 256 < 200)
                r = g = b = 40;
            if (y % 24 == 9 && x % 256 > 30 && x % 256 < 200)
                r = g = b = 150; // anti-aliased underline
            if (x > n / 2 && y > n / 2 && x < n / 2 + n / 8 && y < n / 2 + n / 8) {
                s = s * 1664525u + 1013904223u;
                r = uint8_t(s >> 24), g = uint8_t(s >> 16), b = uint8_t(s >> 8);
            }
            uint8_t *pa = ra + size_t(x) * 4, *pb = rb + size_t(x) * 4;
            pa[0] = r, pa[1] = g, pa[2] = b, pa[3] = 255;
            std::memcpy(pb, pa, 4);
            if (y % 24 == 8 && (x / 512) % 4 == 1 && x % 256 > 30 && x % 256 < 200)
                pb[0] = 200; // recoloured text
            if (x > n / 2 && y > n / 2 && x < n / 2 + n / 16 && y < n / 2 + n / 16 && (x ^ y) % 7 == 0)
                pb[1] = uint8_t(pb[1] + 9);
        }
    }
    // Moved panel: shift a block of b right by 3 pixels.
    for (int y = n / 8; y < n / 8 + n / 16; ++y)
        std::memmove(p.b.row(y) + size_t(n / 8 + 3) * 4, p.a.row(y) + size_t(n / 8) * 4, size_t(n / 16) * 4);
    return p;
}

double since(std::chrono::steady_clock::time_point t)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

void report(int n, const char *what, const KernelTiming &t)
{
    if (!t.ok) {
        std::printf("size=%d path=%s error=\"%s\"\n", n, what, t.error.c_str());
        return;
    }
    std::printf("size=%d path=%s ms=%.3f peak_bytes=%lld peak_GiB=%.3f mismatched=%lld aa=%lld ssim_mean=%.9f\n", n,
                what, t.ms, (long long)t.peakBytes, double(t.peakBytes) / double(1LL << 30),
                (long long)t.counts.mismatched, (long long)t.counts.antiAliased, t.ssimMean);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    std::vector<int> sizes;
    int iterations = 5;
    bool ops = true, cpu = true;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--iterations") && i + 1 < argc)
            iterations = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--no-ops"))
            ops = false;
        else if (!std::strcmp(argv[i], "--no-cpu"))
            cpu = false;
        else
            sizes.push_back(std::atoi(argv[i]));
    }
    if (sizes.empty())
        sizes = {4096, 8192};
    std::printf("cuda=%d fused_built=%d device=\"%s\"\n", int(torchCudaAvailable()), int(fusedCudaKernelsBuilt()),
                cudaDeviceName().c_str());
    if (!torchCudaAvailable())
        return 0;

    int failures = 0;
    for (int n : sizes) {
        const Pair p = makePair(n);
        JobOptions opt;
        opt.computeSsim = true;
        TileRequest req;
        req.a = p.a.view();
        req.b = p.b.view();
        req.area = Rect{0, 0, n, n};
        req.opt = &opt;
        req.wantSsim = true;

        const KernelTiming fused = torchTimeDeviceKernels(req, true, iterations);
        report(n, "fused_pixelmatch+ssim(device)", fused);
        TileRequest pmOnly = req;
        pmOnly.wantSsim = false;
        report(n, "fused_pixelmatch(device)", torchTimeDeviceKernels(pmOnly, true, iterations));
        if (ops) {
            const KernelTiming o = torchTimeDeviceKernels(req, false, std::max(1, iterations / 2));
            report(n, "ops_pixelmatch+ssim(device)", o);
            if (o.ok && fused.ok) {
                const bool same = o.counts == fused.counts;
                const double d = std::fabs(o.ssimMean - fused.ssimMean);
                std::printf("size=%d check fused_vs_ops counts_identical=%d ssim_mean_absdiff=%.3g\n", n, int(same), d);
                failures += (!same || d > 1e-6) ? 1 : 0;
            }
        }
        // End to end: upload, kernels, host copies of diff image, mask and SSIM map.
        std::vector<uint8_t> diff(size_t(n) * n * 4), mask(size_t(n) * n);
        std::vector<float> map(size_t(n) * n);
        TileOutput out;
        out.diff = diff.data();
        out.diffStride = size_t(n) * 4;
        out.mask = mask.data();
        out.maskStride = size_t(n);
        out.ssimMap = map.data();
        out.ssimMapStride = size_t(n);
        try {
            runTileTorch(req, out, true, true); // warm-up
            resetCudaPeakStats();
            const auto t0 = std::chrono::steady_clock::now();
            TileOutput o2 = out;
            runTileTorch(req, o2, true, true);
            std::printf("size=%d path=fused_end_to_end ms=%.3f peak_bytes=%lld mismatched=%lld\n", n, since(t0),
                        (long long)cudaPeakAllocatedBytes(), (long long)o2.counts.mismatched);
        } catch (const std::bad_alloc &) {
            std::printf("size=%d path=fused_end_to_end error=\"out of memory\"\n", n);
        } catch (const std::exception &e) {
            std::printf("size=%d path=fused_end_to_end error=\"%s\"\n", n, e.what());
        }
        if (cpu && fused.ok) {
            TileOutput c;
            const auto t0 = std::chrono::steady_clock::now();
            runTileCpu(req, c, 0);
            const double ms = since(t0);
            double s = 0;
            for (double v : c.ssim.channelSums)
                s += v / double(std::max<int64_t>(1, c.ssim.count));
            s /= double(std::max<size_t>(1, c.ssim.channelSums.size()));
            const bool same = c.counts == fused.counts;
            std::printf("size=%d path=cpu ms=%.1f mismatched=%lld aa=%lld ssim_mean=%.9f check counts_identical=%d "
                        "ssim_mean_absdiff=%.3g\n",
                        n, ms, (long long)c.counts.mismatched, (long long)c.counts.antiAliased, s, int(same),
                        std::fabs(s - fused.ssimMean));
            failures += (!same || std::fabs(s - fused.ssimMean) > 1e-5) ? 1 : 0;
        }
        releaseCachedDeviceMemory();
    }
    std::printf("bench checks: %d failed\n", failures);
    return failures == 0 ? 0 : 1;
}

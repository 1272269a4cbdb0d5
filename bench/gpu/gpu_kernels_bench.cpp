// Times the tile kernels on the CUDA device at 4096^2 and 8192^2 (RGB content, opaque
// RGBA8): fused kernels vs the LibTorch-ops path, device-resident (kernels only) and per tile
// end to end (uploads and host copies included, staged and direct transfers), with the
// allocator's peak bytes; checks that the paths agree against the CPU kernels. Then the
// transfer checks (every transfer variant against the CPU kernels) and runJob end to end on
// the largest size (fused vs CPU path, stage breakdown, result identity).
//
// usage: gpu_kernels_bench [size ...] [--iterations N] [--no-ops] [--no-cpu] [--no-checks]
//                          [--no-job] [--job-size N] [--job-runs N] [--sweep]
#include "bench_pair.h"
#include "bench_parts.h"

#include "difflens/engine/job.h"
#include "torch/fused_path.h"
#include "tiles/tile_kernels.h"
#include "torch/torch_probe.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <utility>
#include <vector>

using namespace difflens;
using namespace difflens::detail;
using namespace difflens::gpubench;

namespace {

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
    bool ops = true, cpu = true, checks = true, job = true, sweep = false;
    int jobSize = 0, jobRuns = 5;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--iterations") && i + 1 < argc)
            iterations = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--job-size") && i + 1 < argc)
            jobSize = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--job-runs") && i + 1 < argc)
            jobRuns = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--no-checks"))
            checks = false;
        else if (!std::strcmp(argv[i], "--no-job"))
            job = false;
        else if (!std::strcmp(argv[i], "--sweep"))
            sweep = true;
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

    // Transfer settings timed per tile: the default staging and direct copies; --sweep adds
    // other lane counts and buffer sizes.
    std::vector<std::pair<std::string, FusedTransferSettings>> transfers = {
        {"staged", {FusedTransferMode::Staged, 0, 0}}, {"direct", {FusedTransferMode::Direct, 0, 0}}};
    if (sweep) {
        for (int lanes : {1, 2, 4, 12, 16})
            transfers.push_back({"staged-4MiBx" + std::to_string(lanes), {FusedTransferMode::Staged, 4u << 20, lanes}});
        for (size_t mib : {1, 16})
            transfers.push_back({"staged-" + std::to_string(mib) + "MiBx8", {FusedTransferMode::Staged, mib << 20, 8}});
    }

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
        // Per tile end to end: uploads, kernels, copies of diff image, mask and SSIM map into
        // (already faulted) host buffers; staged and direct transfers, median of `iterations`.
        std::vector<uint8_t> diff(size_t(n) * n * 4), mask(size_t(n) * n);
        std::vector<float> map(size_t(n) * n);
        for (const auto &[label, settings] : transfers) {
            const char *name = label.c_str();
            try {
                setFusedTransferSettings(settings);
                TileOutput out;
                out.diff = diff.data();
                out.diffStride = size_t(n) * 4;
                out.mask = mask.data();
                out.maskStride = size_t(n);
                out.ssimMap = map.data();
                out.ssimMapStride = size_t(n);
                TileOutput warm = out;
                runTileTorch(req, warm, true, true); // warm-up: allocator cache, pinned pool
                resetCudaPeakStats();
                std::vector<double> ms;
                FusedTileTimes sum;
                TileOutput o2 = out;
                for (int i = 0; i < std::max(1, iterations); ++i) {
                    o2 = out;
                    resetFusedTileTimes();
                    const auto t0 = std::chrono::steady_clock::now();
                    runTileTorch(req, o2, true, true);
                    ms.push_back(since(t0));
                    const FusedTileTimes t = fusedTileTimes();
                    sum.uploadMs += t.uploadMs, sum.kernelsMs += t.kernelsMs, sum.downloadMs += t.downloadMs;
                    sum.staged = t.staged, sum.lanes = t.lanes, sum.slotBytes = t.slotBytes;
                }
                std::vector<double> sorted = ms;
                std::sort(sorted.begin(), sorted.end());
                const double k = double(ms.size());
                std::printf("size=%d path=fused_end_to_end(tile) transfer=%s staged=%d lanes=%d slot_KiB=%zu "
                            "median_ms=%.3f min_ms=%.3f mean_upload_ms=%.3f mean_kernels_ms=%.3f "
                            "mean_download_ms=%.3f peak_bytes=%lld mismatched=%lld\n",
                            n, name, int(sum.staged), sum.lanes, sum.slotBytes / 1024, sorted[sorted.size() / 2],
                            sorted.front(), sum.uploadMs / k, sum.kernelsMs / k, sum.downloadMs / k,
                            (long long)cudaPeakAllocatedBytes(), (long long)o2.counts.mismatched);
                const bool same = o2.counts == fused.counts;
                std::printf("size=%d check fused_end_to_end(%s)_vs_device counts_identical=%d\n", n, name, int(same));
                failures += same ? 0 : 1;
            } catch (const std::bad_alloc &) {
                std::printf("size=%d path=fused_end_to_end(tile) transfer=%s error=\"out of memory\"\n", n, name);
            } catch (const std::exception &e) {
                std::printf("size=%d path=fused_end_to_end(tile) transfer=%s error=\"%s\"\n", n, name, e.what());
                ++failures;
            }
            std::fflush(stdout);
        }
        setFusedTransferSettings({});
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
    if (checks && fusedCudaKernelsBuilt())
        failures += runTransferChecks();
    if (job && fusedCudaKernelsBuilt())
        failures += runJobBench(jobSize > 0 ? jobSize : *std::max_element(sizes.begin(), sizes.end()), jobRuns, cpu);
    std::printf("bench checks: %d failed\n", failures);
    return failures == 0 ? 0 : 1;
}

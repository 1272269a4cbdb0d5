// runJob end to end on the CUDA device (host RGBA frames in; counts, statistics, regions,
// diff image, mask and SSIM map out): fused path with staged and direct transfers, the CPU
// path for comparison, and result checks.
#include "bench_pair.h"
#include "bench_parts.h"

#include "difflens/engine/job.h"
#include "torch/fused_path.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace difflens::gpubench {

using namespace difflens::detail;

namespace {

struct Timed {
    double wallMs = 0;
    std::vector<std::pair<std::string, double>> stageMs;
    FusedTileTimes tile;
};

std::string stages(const Timed &t)
{
    std::string s;
    char buf[96];
    for (const auto &st : t.stageMs) {
        std::snprintf(buf, sizeof buf, "%s%s=%.1f", s.empty() ? "" : " ", st.first.c_str(), st.second);
        s += buf;
    }
    if (t.tile.tiles > 0) {
        std::snprintf(buf, sizeof buf, " | tiles=%d upload=%.1f kernels=%.1f download=%.1f tile_total=%.1f",
                      t.tile.tiles, t.tile.uploadMs, t.tile.kernelsMs, t.tile.downloadMs, t.tile.totalMs);
        s += buf;
    }
    return s;
}

// Runs the job `runs` times after one warm-up; prints the median run; returns the last result.
JobResult timeJob(const char *label, const Pair &p, const JobOptions &o, int runs)
{
    JobResult last = runJob(p.a.view(), p.b.view(), o); // warm-up: allocator caches, pinned pool, kernels
    if (!last.ok) {
        std::printf("job path=%s error=\"%s\"\n", label, last.error.c_str());
        return last;
    }
    std::vector<Timed> timed;
    for (int i = 0; i < std::max(1, runs); ++i) {
        last = JobResult(); // the previous result is released outside the timed call
        resetFusedTileTimes();
        const auto t0 = std::chrono::steady_clock::now();
        last = runJob(p.a.view(), p.b.view(), o);
        const double ms = since(t0);
        if (!last.ok) {
            std::printf("job path=%s error=\"%s\"\n", label, last.error.c_str());
            return last;
        }
        timed.push_back({ms, last.plan.stageMs, fusedTileTimes()});
    }
    std::vector<Timed> sorted = timed;
    std::sort(sorted.begin(), sorted.end(), [](const Timed &x, const Timed &y) { return x.wallMs < y.wallMs; });
    const Timed &med = sorted[sorted.size() / 2];
    std::string walls;
    for (const Timed &t : timed) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%s%.1f", walls.empty() ? "" : ",", t.wallMs);
        walls += buf;
    }
    const FusedTileTimes &ft = med.tile;
    std::printf("job size=%dx%d path=%s backend=%s tier=%s tiles=%d transfer=%s lanes=%d slot_KiB=%zu runs=%d "
                "median_ms=%.1f min_ms=%.1f wall_ms=[%s] peak_device_bytes=%lld\n",
                p.a.width(), p.a.height(), label, last.plan.backend.c_str(), toString(last.plan.tier),
                last.plan.tileCount, ft.tiles == 0 ? "-" : (ft.staged ? "staged" : "direct"), ft.lanes,
                ft.slotBytes / 1024, int(timed.size()), med.wallMs, sorted.front().wallMs, walls.c_str(),
                (long long)last.plan.peakBytes);
    std::printf("job path=%s median run stages (ms): %s\n", label, stages(med).c_str());
    std::fflush(stdout);
    return last;
}

// Empty when the results agree: everything from pixelmatch and the exact statistics
// identical; SSIM mean within meanTol, map within mapTol.
std::string differences(const JobResult &x, const JobResult &y, double mapTol, double meanTol)
{
    if (!x.ok || !y.ok)
        return "a run failed";
    if (!(x.counts == y.counts))
        return "pixelmatch counts differ";
    if (x.totalPixels != y.totalPixels || x.stats.differing != y.stats.differing ||
        x.stats.maxDelta != y.stats.maxDelta || x.stats.mae != y.stats.mae || x.stats.mse != y.stats.mse)
        return "exact statistics differ";
    if (x.regions != y.regions)
        return "regions differ";
    if (x.diff.byteSize() != y.diff.byteSize() ||
        (x.diff.byteSize() && std::memcmp(x.diff.data(), y.diff.data(), x.diff.byteSize()) != 0))
        return "diff images differ";
    if (x.mask != y.mask)
        return "masks differ";
    if (x.ssim.has_value() != y.ssim.has_value())
        return "SSIM presence differs";
    if (!x.ssim)
        return {};
    if (!(std::fabs(x.ssim->mean - y.ssim->mean) <= meanTol))
        return "SSIM means differ by " + sci(std::fabs(x.ssim->mean - y.ssim->mean));
    if (x.ssim->map.data.size() != y.ssim->map.data.size())
        return "SSIM map sizes differ";
    double worst = 0;
    for (size_t i = 0; i < x.ssim->map.data.size(); ++i)
        worst = std::max(worst, double(std::fabs(x.ssim->map.data[i] - y.ssim->map.data[i])));
    if (!(worst <= mapTol))
        return "SSIM maps differ by " + sci(worst);
    return {};
}

int check(const char *what, const JobResult &x, const JobResult &y, double mapTol, double meanTol)
{
    const std::string why = differences(x, y, mapTol, meanTol);
    std::printf("job check %s: %s%s", what, why.empty() ? "identical" : "FAIL ", why.c_str());
    if (x.ok && y.ok && x.ssim && y.ssim)
        std::printf(" (mismatched %lld, regions %zu, ssim mean %.9f vs %.9f, low-SSIM regions %zu vs %zu)",
                    (long long)x.counts.mismatched, x.regions.size(), x.ssim->mean, y.ssim->mean,
                    x.ssim->lowRegions.size(), y.ssim->lowRegions.size());
    std::printf("\n");
    std::fflush(stdout);
    return why.empty() ? 0 : 1;
}

} // namespace

int runJobBench(int n, int runs, bool cpu)
{
    const Pair p = makePair(n);
    JobOptions o;
    o.device = Device::Cuda;
    o.computeSsim = true;
    o.ssim.wantMap = true;
    o.wantDiffImage = true;
    o.wantMask = true;
    const FusedTransferSettings saved = fusedTransferSettings();
    int failures = 0;

    setFusedTransferSettings({FusedTransferMode::Staged, 0, 0});
    const JobResult staged = timeJob("fused-staged", p, o, runs);
    setFusedTransferSettings({FusedTransferMode::Direct, 0, 0});
    const JobResult direct = timeJob("fused-direct", p, o, std::max(1, runs / 2));
    setFusedTransferSettings(saved);
    // Outputs bit-identical; the SSIM mean within the rounding of the kernels' atomic sums.
    failures += check("fused-staged vs fused-direct (bit-identical)", staged, direct, 0.0, 1e-12);
    {
        JobOptions t = o;
        t.tileSize = n / 2; // Medium tier: strided tile sources and destinations
        resetFusedTileTimes();
        const JobResult tiled = runJob(p.a.view(), p.b.view(), t);
        std::printf("job path=fused-tiled tiles=%d tier=%s total_ms=%.1f\n", tiled.plan.tileCount,
                    toString(tiled.plan.tier), tiled.plan.stageMs.empty() ? 0.0 : tiled.plan.stageMs.back().second);
        failures += check("fused tiled vs fused whole (bit-identical)", tiled, staged, 0.0, 1e-12);
    }
    if (cpu) {
        JobOptions c = o;
        c.device = Device::Cpu;
        const JobResult cpuResult = timeJob("cpu", p, c, std::min(runs, 3));
        // CPU SSIM runs in float32 (map within 1e-4, mean within 1e-5 of the double kernels).
        failures += check("fused-staged vs cpu", staged, cpuResult, 1e-4, 1e-5);
    }
    return failures;
}

} // namespace difflens::gpubench

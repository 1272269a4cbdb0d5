// CPU tile kernels: pixelmatch, exact statistics and SSIM over one output rectangle,
// multi-threaded over row bands. Bands read the full frames (halo included), so any
// band split gives the same pixels; accumulators are merged in band order.
// SSIM uses the tuned kernel's own strip threading (ssim_cpu.h).
#include "tiles/tile_cpu.h"
#include "ssim/ssim_cpu.h"

#include "difflens/engine/parallel.h"

#include <algorithm>
#include <chrono>
#include <vector>

namespace difflens::detail {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Row bands of `area`: at most `threads` bands of at least `minRows` rows each.
std::vector<Rect> rowBands(const Rect &area, int threads, int minRows)
{
    const int maxBands = std::max(1, area.height / std::max(1, minRows));
    const int n = std::max(1, std::min(threads, maxBands));
    std::vector<Rect> bands;
    bands.reserve(size_t(n));
    for (int i = 0; i < n; ++i) {
        const int y0 = area.y + int(int64_t(area.height) * i / n);
        const int y1 = area.y + int(int64_t(area.height) * (i + 1) / n);
        if (y1 > y0)
            bands.push_back({area.x, y0, area.width, y1 - y0});
    }
    return bands;
}

} // namespace

void checkFault(const JobOptions &opt, const char *stage, Tier tier, Device device)
{
    if (opt.faultInjector && opt.faultInjector(stage, tier, device))
        throw InjectedOutOfMemory(stage);
}

void runTileCpuStaged(const TileRequest &req, TileOutput &out, int threads, Tier tier, StageTimes *times)
{
    const JobOptions &opt = *req.opt;
    const int t = threads > 0 ? threads : defaultThreadCount();
    const Rect area = req.area;
    const int dy0 = area.y;

    // Pixelmatch: cheap per pixel, small bands are fine.
    checkFault(opt, "pixelmatch", tier, Device::Cpu);
    auto t0 = Clock::now();
    {
        const std::vector<Rect> bands = rowBands(area, t, 16);
        std::vector<PixelmatchCounts> counts(bands.size());
        parallelFor(
            int(bands.size()),
            [&req, &out, &opt, &bands, &counts, dy0](int b, int e) {
                for (int i = b; i < e; ++i) {
                    const Rect &r = bands[size_t(i)];
                    PixelmatchOutputs po;
                    if (out.diff) {
                        po.diff = out.diff + size_t(r.y - dy0) * out.diffStride;
                        po.diffStride = out.diffStride;
                    }
                    if (out.mask) {
                        po.mask = out.mask + size_t(r.y - dy0) * out.maskStride;
                        po.maskStride = out.maskStride;
                    }
                    counts[size_t(i)] = pixelmatchArea(req.a, req.b, r, opt.pixelmatch, po, opt.ignore, req.frameTop);
                }
            },
            t);
        for (const PixelmatchCounts &c : counts) {
            out.counts.mismatched += c.mismatched;
            out.counts.antiAliased += c.antiAliased;
            out.counts.shiftTolerated += c.shiftTolerated;
        }
    }
    if (times)
        times->pixelmatchMs += msSince(t0);

    checkFault(opt, "stats", tier, Device::Cpu);
    t0 = Clock::now();
    {
        const std::vector<Rect> bands = rowBands(area, t, 16);
        std::vector<ExactAccumulator> accs(bands.size());
        parallelFor(
            int(bands.size()),
            [&req, &opt, &bands, &accs](int b, int e) {
                for (int i = b; i < e; ++i)
                    accs[size_t(i)] = accumulateExact(req.a, req.b, bands[size_t(i)], opt.ignore);
            },
            t);
        for (const ExactAccumulator &a : accs)
            out.exact.merge(a);
    }
    if (times)
        times->statsMs += msSince(t0);

    if (req.wantSsim) {
        checkFault(opt, "ssim", tier, Device::Cpu);
        t0 = Clock::now();
        // The tuned SSIM splits the area into strips on its own threads.
        out.ssim.merge(ssimCpuAreaThreaded(req.a, req.b, area, opt.ssim, out.ssimMap, out.ssimMapStride, t,
                                           SsimFrame{req.frameTop, req.frameHeight}));
        if (times)
            times->ssimMs += msSince(t0);
    }

    if (!req.wantFlip)
        return;
    checkFault(opt, "flip", tier, Device::Cpu);
    t0 = Clock::now();
    // FLIP splits the area into strips on its own threads; its halo is read from the frame.
    out.flip.merge(flipCpuArea(req.a, req.b, area, opt.flip, out.flipMap, out.flipMapStride, t,
                               FlipFrame{req.frameTop, req.frameHeight}));
    if (times)
        times->flipMs += msSince(t0);
}

void runTileCpu(const TileRequest &req, TileOutput &out, int threads)
{
    runTileCpuStaged(req, out, threads, Tier::High, nullptr);
}

} // namespace difflens::detail

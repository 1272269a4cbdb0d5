// One plan, executed at native resolution: output allocation, tiles on the CPU kernels or
// LibTorch, accumulator merge, statistics/SSIM finalisation and regions.
#include "tiles/pipeline_exec.h"

#include "tiles/tile_cpu.h"
#include "plan/pipeline_memory.h"
#include "tiles/tile_kernels.h"

#include <chrono>
#include <future>

namespace difflens::detail {

namespace {

using Clock = std::chrono::steady_clock;

constexpr int64_t kConcurrentAllocPixels = int64_t(1) << 22; // 16 MB diff image

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

bool canceled(const JobOptions &opt) { return opt.isCanceled && opt.isCanceled(); }

void addMs(std::vector<std::pair<std::string, double>> &stageMs, const std::string &name, double ms)
{
    for (auto &s : stageMs)
        if (s.first == name) {
            s.second += ms;
            return;
        }
    stageMs.emplace_back(name, ms);
}

} // namespace

ExecStatus executePlan(const PlanExecution &ex, JobResult &result,
                       std::vector<std::pair<std::string, double>> &stageMs)
{
    const JobOptions &opt = *ex.opt;
    const Plan &plan = ex.plan;
    const Tier tier = plan.tier;
    checkFault(opt, "plan", tier, ex.device);

    const ImageView &va = ex.a, &vb = ex.b;
    const int w = va.width, h = va.height;

    // Full-frame outputs; tiles write (or copy) into them directly. Large frames zero the
    // diff image on another thread while the mask and the map are made (first-touch page
    // faults dominate this stage).
    auto t0 = Clock::now();
    Image diff;
    std::future<Image> diffLater;
    if (opt.wantDiffImage) {
        checkFault(opt, "diff", tier, ex.device);
        if (int64_t(w) * h >= kConcurrentAllocPixels)
            diffLater = std::async(std::launch::async, [w, h] { return Image(w, h, 4, 8); });
        else
            diff = Image(w, h, 4, 8);
    }
    std::vector<uint8_t> mask;
    assignFresh(mask, size_t(w) * h, uint8_t(MaskSame));
    const bool wantSsim = opt.computeSsim;
    FloatImage map;
    if (wantSsim && opt.ssim.wantMap) {
        map.width = w;
        map.height = h;
        assignFresh(map.data, size_t(w) * h, 0.0f);
    }
    const bool wantFlip = opt.computeFlip;
    FloatImage flipMap;
    if (wantFlip && opt.flip.wantMap) {
        flipMap.width = w;
        flipMap.height = h;
        assignFresh(flipMap.data, size_t(w) * h, 0.0f);
    }
    if (diffLater.valid())
        diff = diffLater.get();
    addMs(stageMs, "alloc", msSince(t0));

    PixelmatchCounts counts;
    ExactAccumulator exact;
    SsimAccumulator ssimAcc;
    FlipAccumulator flipAcc;
    StageTimes times;
    const bool cuda = ex.device == Device::Cuda;
    const bool fused = plan.backend == Backend::FusedCuda;
    t0 = Clock::now();
    for (const Rect &tile : tileGrid(w, h, plan.tileWidth, plan.tileHeight)) {
        if (canceled(opt))
            return ExecStatus::Canceled;
        TileRequest req{va, vb, tile, &opt, wantSsim};
        req.wantFlip = wantFlip;
        TileOutput out;
        if (!diff.isNull()) {
            out.diffStride = diff.stride();
            out.diff = diff.data() + size_t(tile.y) * out.diffStride + size_t(tile.x) * 4;
        }
        out.maskStride = size_t(w);
        out.mask = mask.data() + size_t(tile.y) * w + tile.x;
        if (!map.data.empty()) {
            out.ssimMapStride = size_t(w);
            out.ssimMap = map.data.data() + size_t(tile.y) * w + tile.x;
        }
        if (!flipMap.data.empty()) {
            out.flipMapStride = size_t(w);
            out.flipMap = flipMap.data.data() + size_t(tile.y) * w + tile.x;
        }
        if (cuda) {
            checkFault(opt, "upload", tier, ex.device);
            checkFault(opt, "pixelmatch", tier, ex.device);
            checkFault(opt, "stats", tier, ex.device);
            if (wantSsim)
                checkFault(opt, "ssim", tier, ex.device);
            runTileTorch(req, out, true, fused);
        } else {
            checkFault(opt, "upload", tier, ex.device);
            runTileCpuStaged(req, out, ex.threads, tier, &times);
        }
        checkFault(opt, "download", tier, ex.device);
        counts.mismatched += out.counts.mismatched;
        counts.antiAliased += out.counts.antiAliased;
        counts.shiftTolerated += out.counts.shiftTolerated; // CPU kernels only (shift forces the CPU)
        exact.merge(out.exact);
        if (wantSsim)
            ssimAcc.merge(out.ssim);
        if (wantFlip)
            flipAcc.merge(out.flip);
    }
    if (cuda) {
        addMs(stageMs, "tiles", msSince(t0));
    } else {
        addMs(stageMs, "pixelmatch", times.pixelmatchMs);
        addMs(stageMs, "stats", times.statsMs);
        if (wantSsim)
            addMs(stageMs, "ssim", times.ssimMs);
        if (wantFlip)
            addMs(stageMs, "flip", times.flipMs);
    }
    if (canceled(opt))
        return ExecStatus::Canceled;

    checkFault(opt, "regions", tier, ex.device);
    t0 = Clock::now();
    std::vector<Region> regions = findRegions(mask.data(), w, h, size_t(w), MaskDiff, opt.regionDilation);
    addMs(stageMs, "regions", msSince(t0));

    t0 = Clock::now();
    result.counts = counts;
    result.totalPixels = exact.pixels;
    result.stats = finalizeExact(exact, va.depth);
    if (wantSsim)
        result.ssim = finalizeSsim(ssimAcc, std::move(map), opt.ssim);
    if (wantFlip)
        result.flip = finalizeFlip(flipAcc, std::move(flipMap), opt.flip);
    result.regions = std::move(regions);
    result.diff = std::move(diff);
    if (opt.wantMask)
        result.mask = std::move(mask);
    addMs(stageMs, "finalize", msSince(t0));
    return ExecStatus::Done;
}

} // namespace difflens::detail

// The streaming comparison (stream.h): band buffers over two RowSources, the CPU kernels
// run on each band with its halo, outputs handed to RowSinks, regions clustered as the
// mask rows pass.
#include "difflens/engine/stream.h"

#include "difflens/engine/monitor.h"
#include "difflens/engine/parallel.h"
#include "difflens/engine/planner.h"

#include "tiles/tile_cpu.h"
#include "plan/pipeline_memory.h"
#include "bands/band_workers.h"
#include "bands/stream_bands.h"
#include "plan/job_checks.h"
#include "tiles/tile_kernels.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <future>
#include <new>

namespace difflens {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

JobResult failure(PlanInfo plan, std::string error)
{
    JobResult r;
    r.ok = false;
    r.error = std::move(error);
    plan.processPeakBytes = processPeakRssBytes();
    r.plan = std::move(plan);
    return r;
}

std::string validate(const RowSource &a, const RowSource &b)
{
    if (a.width() <= 0 || a.height() <= 0 || b.width() <= 0 || b.height() <= 0)
        return "empty image";
    if (a.depth() != b.depth())
        return "bit depths differ";
    if (a.depth() != 8 && a.depth() != 16)
        return "unsupported bit depth " + std::to_string(a.depth());
    return {};
}


// Ignore rectangles in band coordinates (the band buffer's first row is image row `top`).
void translateIgnore(const std::vector<Rect> &in, int top, std::vector<Rect> &out)
{
    out.clear();
    for (Rect r : in) {
        r.y -= top;
        out.push_back(r);
    }
}

void addMs(std::vector<std::pair<std::string, double>> &stageMs, const std::string &name, double ms)
{
    for (auto &s : stageMs)
        if (s.first == name) {
            s.second += ms;
            return;
        }
    stageMs.emplace_back(name, ms);
}

void log(const JobOptions &opt, const std::string &line)
{
    if (!opt.log)
        return;
    try {
        opt.log("difflens job: " + line);
    } catch (...) {
        // A failing log sink never fails the job.
    }
}

// True when the 1-minute load average leaves less than one core idle (or cannot be read):
// then a small frame's per-band hand-offs between threads cost more than they save.
bool machineBusy()
{
    std::FILE *f = std::fopen("/proc/loadavg", "r");
    if (!f)
        return true;
    double load = 0;
    const bool ok = std::fscanf(f, "%lf", &load) == 1;
    std::fclose(f);
    return !ok || load > double(defaultThreadCount()) - 1.0;
}

// Rows per task when a band's kernels are shared with the helper threads: small enough to
// balance a 64-row band between two threads, large enough that a task's fixed costs vanish.
constexpr int kChunkRows = 16;

// Pixelmatch and the exact statistics of tile.area (no SSIM, no FLIP) in chunks of
// kChunkRows rows on the caller and the helpers. Every chunk reads the same band views,
// so the results are those of one pass; counts and sums are merged in chunk order.
void runChunked(detail::BandWorkers &workers, const detail::TileRequest &tile, detail::TileOutput &out,
                detail::StageTimes &times)
{
    const Rect area = tile.area;
    const int n = (area.height + kChunkRows - 1) / kChunkRows;
    std::vector<detail::TileOutput> outs(static_cast<size_t>(n));
    std::vector<detail::StageTimes> chunkTimes(static_cast<size_t>(n));
    const auto t0 = Clock::now();
    workers.run(n, [&tile, &out, &outs, &chunkTimes, area](int i) {
        const int y0 = area.y + i * kChunkRows;
        detail::TileRequest sub = tile;
        sub.area = Rect{area.x, y0, area.width, std::min(kChunkRows, area.y + area.height - y0)};
        detail::TileOutput &o = outs[size_t(i)];
        const size_t skip = size_t(y0 - area.y);
        if (out.diff) {
            o.diff = out.diff + skip * out.diffStride;
            o.diffStride = out.diffStride;
        }
        if (out.mask) {
            o.mask = out.mask + skip * out.maskStride;
            o.maskStride = out.maskStride;
        }
        detail::runTileCpuStaged(sub, o, 1, Tier::Medium, &chunkTimes[size_t(i)]);
    });
    const double wall = msSince(t0);
    double pm = 0, stats = 0;
    for (int i = 0; i < n; ++i) {
        const detail::TileOutput &o = outs[size_t(i)];
        out.counts.mismatched += o.counts.mismatched;
        out.counts.antiAliased += o.counts.antiAliased;
        out.counts.shiftTolerated += o.counts.shiftTolerated;
        out.exact.merge(o.exact);
        pm += chunkTimes[size_t(i)].pixelmatchMs;
        stats += chunkTimes[size_t(i)].statsMs;
    }
    // The stages ran side by side: the wall time is shared out as their CPU times were.
    const double cpu = pm + stats;
    times.pixelmatchMs += cpu > 0 ? wall * pm / cpu : wall;
    times.statsMs += cpu > 0 ? wall * stats / cpu : 0;
}

// Counts the streamed jobs running in this process; `others` is how many were running
// when this one started.
std::atomic<int> g_runningJobs{0};

struct RunningJob {
    RunningJob() : others(g_runningJobs.fetch_add(1)) {}
    ~RunningJob() { g_runningJobs.fetch_sub(1); }
    RunningJob(const RunningJob &) = delete;
    RunningJob &operator=(const RunningJob &) = delete;
    const int others;
};

struct Accumulated {
    PixelmatchCounts counts;
    ExactAccumulator exact;
    SsimAccumulator ssim;
    FlipAccumulator flip;
};

JobResult runStream(RowSource &a, RowSource &b, const JobOptions &opt, const StreamSinks &sinks,
                    const StreamOptions &sopt)
{
    const auto tJob = Clock::now();
    PlanInfo info;
    info.device = "cpu";
    info.backend = toString(Backend::CpuKernels);
    info.tier = Tier::Medium;
    info.streamed = true;
    if (const std::string err = validate(a, b); !err.empty())
        return failure(info, err);
    if (const std::string err = detail::validateShift(opt); !err.empty())
        return failure(info, err);
    if (opt.device == Device::Cuda)
        return failure(info, "the streamed comparison runs on the CPU; CUDA was requested");

    const int w = std::min(a.width(), b.width()), h = std::min(a.height(), b.height());
    const int depth = a.depth();
    const bool wantSsim = opt.computeSsim;
    const bool ssimRegions = wantSsim && opt.ssim.wantMap;
    const bool wantFlip = opt.computeFlip;
    if (wantFlip && !(opt.flip.ppd > 0))
        return failure(info, "FLIP pixels per degree must be > 0");
    const MemorySample sample = detail::sampleDevice(Device::Cpu, opt);

    BandRequest req;
    req.width = w;
    req.height = h;
    req.widthA = a.width();
    req.widthB = b.width();
    req.depth = depth;
    req.ssim = wantSsim;
    req.ssimRegions = ssimRegions;
    req.wantDiff = sinks.diff != nullptr;
    req.wantMask = sinks.mask != nullptr;
    req.fixedBytes = sopt.fixedBytes;
    req.budgetBytes = opt.memoryBudget;
    req.forcedBandHeight = sopt.bandHeight;
    req.threads = opt.threads;
    req.shift = opt.pixelmatch.shift;
    req.flip = wantFlip;
    req.flipPpd = opt.flip.ppd;
    req.flipMap = wantFlip && sopt.flipMap != nullptr;
    BandPlan plan = planBands(req);
    // Without a budget, never plan past free memory less the safety margin.
    const int64_t freeBudget = budgetFromSample(sample, 0);
    if (opt.memoryBudget <= 0 && sopt.bandHeight <= 0 && freeBudget > 0 && plan.estimatedPeakBytes > freeBudget) {
        req.budgetBytes = freeBudget;
        plan = planBands(req);
    }
    info.budgetBytes = req.budgetBytes;
    info.bandHeight = plan.bandHeight;
    info.tileWidth = w;
    info.tileHeight = plan.bandHeight;
    info.tileCount = plan.bandHeight > 0 ? (h + plan.bandHeight - 1) / plan.bandHeight : 0;
    info.estimatedPeakBytes = plan.estimatedPeakBytes;
    info.memoryRatio = sample.ratio;
    info.memoryStatus = toString(MemoryMonitor::classify(sample.ratio, {opt.warningRatio, opt.criticalRatio}));
    log(opt, "ratio=" + (sample.ratio >= 0 ? std::to_string(sample.ratio) : std::string("unknown")) + " status=" +
                 info.memoryStatus + " streamed band=" + std::to_string(plan.bandHeight) + " halo=" +
                 std::to_string(plan.halo) + " bands=" + std::to_string(info.tileCount) + " estimate=" +
                 formatBytes(plan.estimatedPeakBytes) + " budget=" +
                 (req.budgetBytes > 0 ? formatBytes(req.budgetBytes) : std::string("none")) + " size=" +
                 std::to_string(w) + "x" + std::to_string(h));
    if (!plan.fits) {
        log(opt, "refused: " + plan.reason);
        return failure(info, "not enough memory: " + plan.reason);
    }

    const int band = plan.bandHeight, halo = plan.halo;
    // Without SSIM and FLIP the kernels run in chunks of rows shared with helper threads
    // started once for the job (band_workers.h): a helper the scheduler has not woken yet
    // costs nothing, so this runs on both cores of a quiet machine and as one thread on a
    // busy one. 1280x720, quiet: 13.7 -> 12.1 ms a compare; beside two busy loops: 14.4 ->
    // 14.1 ms (docs/performance.md). SSIM and FLIP split their areas on threads of their
    // own, started per band: a small frame's per-band thread starts cost more than they
    // save on a busy machine (under load 5 a 1080p compare took 0.18 s with them, 0.03 s
    // without), so they run on the calling thread alone there.
    // Streamed jobs running at the same time in this process (serve's jobs) share the
    // cores between them already: without a thread count each takes its share. serve,
    // 300 distinct 720p pairs on 2 jobs: a helper a job made it 0.31 -> 0.35 of odiff.
    const RunningJob running;
    const int threads = opt.threads > 0 ? opt.threads : std::max(1, defaultThreadCount() / (running.others + 1));
    const bool chunked = threads > 1 && !wantSsim && !wantFlip;
    const int kernelThreads =
        (!chunked && opt.threads <= 0 && int64_t(w) * h <= kSmallFramePixels && machineBusy()) ? 1 : threads;
    detail::BandWorkers workers(chunked ? threads - 1 : 0);
    detail::BandBuffer bufA(a, band + 2 * halo), bufB(b, band + 2 * halo);
    // Two diff buffers: the sink writes one band on a second thread while the next band is
    // read and compared into the other.
    Image diffBuffers[2];
    if (sinks.diff) {
        diffBuffers[0] = Image(w, band, 4, 8);
        diffBuffers[1] = Image(w, band, 4, 8);
    }
    int current = 0;
    detail::PendingWrite pendingDiff;
    std::vector<uint8_t> mask(size_t(w) * size_t(band), uint8_t(MaskSame));
    std::vector<float> map;
    std::vector<uint8_t> lowRow;
    if (ssimRegions) {
        map.assign(size_t(w) * size_t(band), 1.0f);
        lowRow.assign(size_t(w), 0);
    }
    std::vector<float> flipRows;
    if (req.flipMap)
        flipRows.assign(size_t(w) * size_t(band), 0.0f);
    RegionStream diffRegions(w, MaskDiff, opt.regionDilation);
    std::unique_ptr<RegionStream> lowRegions;
    if (ssimRegions)
        lowRegions = std::make_unique<RegionStream>(w, 1, opt.ssim.regionDilation);

    JobOptions bandOpt = opt; // its ignore list is rewritten in band coordinates per band
    bandOpt.faultInjector = nullptr;
    Accumulated acc;
    detail::StageTimes times;
    double readMs = 0, writeMs = 0, regionsMs = 0;
    std::string error;
    for (int y0 = 0; y0 < h; y0 += band) {
        if (opt.isCanceled && opt.isCanceled()) {
            JobResult c = failure(info, "canceled");
            c.canceled = true;
            log(opt, "canceled");
            return c;
        }
        const int y1 = std::min(h, y0 + band);
        const int keepFrom = std::max(0, y0 - halo);
        const int needTo = std::min(h, y1 + halo);
        auto t0 = Clock::now();
        const bool filled = workers.helpers() > 0
                                ? detail::fillBoth(bufA, bufB, keepFrom, needTo, workers, error)
                                : detail::fillBoth(bufA, bufB, keepFrom, needTo, kernelThreads > 1, error);
        if (!filled)
            return failure(info, error);
        readMs += msSince(t0);

        Image &diff = diffBuffers[current];
        const ImageView va = bufA.view(w), vb = bufB.view(w);
        const int top = bufA.top();
        translateIgnore(opt.ignore, top, bandOpt.ignore);
        detail::TileRequest tile{va, vb, Rect{0, y0 - top, w, y1 - y0}, &bandOpt, wantSsim, top, h};
        tile.wantFlip = wantFlip; // the map's rows only when a sink takes them
        detail::TileOutput out;
        if (sinks.diff) {
            out.diff = diff.data();
            out.diffStride = diff.stride();
        }
        out.mask = mask.data();
        out.maskStride = size_t(w);
        if (ssimRegions) {
            out.ssimMap = map.data();
            out.ssimMapStride = size_t(w);
        }
        if (!flipRows.empty()) {
            out.flipMap = flipRows.data();
            out.flipMapStride = size_t(w);
        }
        if (opt.faultInjector && opt.faultInjector("band", Tier::Medium, Device::Cpu))
            return failure(info, "out of memory (injected) in band at row " + std::to_string(y0));
        if (chunked)
            runChunked(workers, tile, out, times);
        else
            detail::runTileCpuStaged(tile, out, kernelThreads, Tier::Medium, &times);
        acc.counts.mismatched += out.counts.mismatched;
        acc.counts.antiAliased += out.counts.antiAliased;
        acc.counts.shiftTolerated += out.counts.shiftTolerated;
        acc.exact.merge(out.exact);
        if (wantSsim)
            acc.ssim.merge(out.ssim);
        if (wantFlip)
            acc.flip.merge(out.flip); // additive: sums and histogram counts

        t0 = Clock::now();
        for (int y = 0; y < y1 - y0; ++y)
            diffRegions.pushRow(mask.data() + size_t(y) * size_t(w));
        if (ssimRegions) {
            const float threshold = opt.ssim.lowThreshold;
            for (int y = 0; y < y1 - y0; ++y) {
                const float *m = map.data() + size_t(y) * size_t(w);
                for (int x = 0; x < w; ++x)
                    lowRow[size_t(x)] = m[x] < threshold ? 1 : 0;
                lowRegions->pushRow(lowRow.data());
            }
        }
        regionsMs += msSince(t0);

        t0 = Clock::now();
        if (sinks.diff) {
            // The previous band's write used the other buffer; it must be done before that
            // buffer is reused, and its failure stops the job.
            if (!pendingDiff.wait(error))
                return failure(info, error.empty() ? "cannot write the diff image" : error);
            // The PNG sink compresses on a thread of its own: with helpers the rows are
            // handed to it here rather than from a thread started per band.
            pendingDiff.start(*sinks.diff, diff.data(), diff.stride(), y1 - y0, !chunked && kernelThreads > 1);
            current ^= 1;
        }
        if (sinks.mask && !sinks.mask->writeRows(mask.data(), size_t(w), y1 - y0, error))
            return failure(info, error.empty() ? "cannot write the mask" : error);
        if (!flipRows.empty() && !sopt.flipMap->writeRows(reinterpret_cast<const uint8_t *>(flipRows.data()),
                                                           size_t(w) * sizeof(float), y1 - y0, error))
            return failure(info, error.empty() ? "cannot write the FLIP map" : error);
        if (sinks.bands) {
            BandRows rows;
            rows.y0 = y0;
            rows.count = y1 - y0;
            rows.a = va.sub(Rect{0, y0 - top, w, y1 - y0});
            rows.b = vb.sub(Rect{0, y0 - top, w, y1 - y0});
            rows.mask = mask.data();
            if (!sinks.bands(rows, error))
                return failure(info, error.empty() ? "cannot build the display layers" : error);
        }
        writeMs += msSince(t0);
        if (sopt.progress)
            sopt.progress(y1, h);
    }
    // Rows of the taller image below the compared area are read too, so a file that is
    // truncated there is still an error, never a silent pass.
    auto t0 = Clock::now();
    if (!detail::drainRest(bufA, error) || !detail::drainRest(bufB, error))
        return failure(info, error);
    readMs += msSince(t0);
    t0 = Clock::now();
    if (!pendingDiff.wait(error))
        return failure(info, error.empty() ? "cannot write the diff image" : error);
    if (sinks.diff && !sinks.diff->finish(error))
        return failure(info, error.empty() ? "cannot write the diff image" : error);
    if (sinks.mask && !sinks.mask->finish(error))
        return failure(info, error.empty() ? "cannot write the mask" : error);
    if (!flipRows.empty() && !sopt.flipMap->finish(error))
        return failure(info, error.empty() ? "cannot write the FLIP map" : error);
    writeMs += msSince(t0);

    JobResult r;
    r.ok = true;
    r.counts = acc.counts;
    r.totalPixels = acc.exact.pixels;
    r.stats = finalizeExact(acc.exact, depth);
    t0 = Clock::now();
    r.regions = diffRegions.finish();
    if (wantSsim) {
        SsimResult s = finalizeSsim(acc.ssim, FloatImage{}, opt.ssim);
        if (lowRegions)
            s.lowRegions = lowRegions->finish();
        r.ssim = std::move(s);
    }
    if (wantFlip)
        r.flip = finalizeFlip(acc.flip, FloatImage{}, opt.flip);
    regionsMs += msSince(t0);
    addMs(info.stageMs, "read", readMs);
    addMs(info.stageMs, "pixelmatch", times.pixelmatchMs);
    addMs(info.stageMs, "stats", times.statsMs);
    if (wantSsim)
        addMs(info.stageMs, "ssim", times.ssimMs);
    if (wantFlip)
        addMs(info.stageMs, "flip", times.flipMs);
    addMs(info.stageMs, "regions", regionsMs);
    addMs(info.stageMs, "write_wait", writeMs); // time spent waiting for the sinks
    addMs(info.stageMs, "total", msSince(tJob));
    info.processPeakBytes = processPeakRssBytes();
    info.peakBytes = info.processPeakBytes;
    r.plan = info;
    log(opt, "done streamed band=" + std::to_string(band) + " bands=" + std::to_string(info.tileCount) +
                 " process_peak=" + formatBytes(info.processPeakBytes) + " estimate=" +
                 formatBytes(plan.estimatedPeakBytes) + " ms=" + std::to_string(info.stageMs.back().second));
    return r;
}

} // namespace

int64_t processPeakRssBytes()
{
    return detail::rssHighWaterBytes();
}

JobResult runStreamJob(RowSource &a, RowSource &b, const JobOptions &opt, const StreamSinks &sinks,
                       const StreamOptions &sopt)
{
    try {
        return runStream(a, b, opt, sinks, sopt);
    } catch (const std::bad_alloc &) {
        return failure({}, "out of memory");
    } catch (const std::exception &e) {
        return failure({}, std::string("comparison failed: ") + e.what());
    } catch (...) {
        return failure({}, "comparison failed: unknown error");
    }
}

} // namespace difflens

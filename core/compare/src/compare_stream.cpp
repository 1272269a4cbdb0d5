// The streamed route of compareFiles: both files opened as row sources, compared band by
// band within the memory budget, the diff image written row by row (compare_stream.h).
#include "compare_stream.h"

#include "pipeline_log.h"
#include "row_adapters.h"

#include "difflens/compare/heatmap.h"
#include "difflens/engine/monitor.h"
#include "difflens/engine/planner.h"
#include "difflens/engine/stream.h"
#include "difflens/imaging/stream.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

namespace difflens::detail {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

CompareResult failure(std::string file, std::string reason, const std::string &pathA, const std::string &pathB)
{
    CompareResult r;
    r.ok = false;
    r.errorFile = std::move(file);
    r.errorReason = std::move(reason);
    r.a.path = pathA;
    r.b.path = pathB;
    return r;
}

// A failure once both files are open: their info stays in the result.
CompareResult failureAfterOpen(const CompareResult &opened, std::string file, std::string reason)
{
    CompareResult f;
    f.ok = false;
    f.errorFile = std::move(file);
    f.errorReason = std::move(reason);
    f.a = opened.a;
    f.b = opened.b;
    return f;
}

ImageInfo infoFrom(const std::string &path, const OpenedImage &img)
{
    ImageInfo info;
    info.path = path;
    info.width = img.rows->width();
    info.height = img.rows->height();
    info.channels = img.sourceChannels > 0 ? img.sourceChannels : 4;
    info.depth = img.sourceDepth > 0 ? img.sourceDepth : img.rows->depth();
    return info;
}

// Opens both files as row sources. Formats read whole must fit in what the budget leaves
// (A's frame counts against B's). False with the file at fault and the reason.
bool openBoth(const std::string &pathA, const std::string &pathB, DecodeOptions dopt, int64_t budget,
              OpenedImage &oa, OpenedImage &ob, std::string &file, std::string &error)
{
    dopt.wholeFrameByteLimit = budget;
    if (!openImageRows(pathA, dopt, oa, error)) {
        file = pathA;
        return false;
    }
    if (budget > 0)
        dopt.wholeFrameByteLimit = std::max<int64_t>(1, budget - oa.rows->workingBytes());
    if (!openImageRows(pathB, dopt, ob, error)) {
        file = pathB;
        return false;
    }
    return true;
}

// The CPU memory sample the job would plan with (its test seam when set).
MemorySample memorySampleFor(const JobOptions &job)
{
    if (job.memorySample)
        return job.memorySample();
    return MemoryMonitor(makeCpuMemorySource(), {job.warningRatio, job.criticalRatio}).sample();
}

// Reads all of `source` as greyscale (align.h's luma), a few rows at a time.
bool readGrey(RowSource &source, GreyImage &out, std::string &error)
{
    constexpr int kRows = 32;
    out.width = source.width();
    out.height = source.height();
    out.data.assign(size_t(out.width) * size_t(out.height), 0);
    const size_t stride = size_t(out.width) * 4 * size_t(source.depth() / 8);
    std::vector<uint8_t> rows(stride * kRows);
    for (int y = 0; y < out.height; y += kRows) {
        const int n = std::min(kRows, out.height - y);
        if (!source.readRows(rows.data(), stride, n, error))
            return false;
        rgbaRowsToGrey(rows.data(), stride, n, out.width, source.depth(),
                       out.data.data() + size_t(y) * size_t(out.width));
    }
    return true;
}

std::string confidenceText(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}

} // namespace

CompareAlignment resolveAlignment(const AlignEstimate &e, double minConfidence, int widthA, int heightA, int widthB,
                                  int heightB)
{
    CompareAlignment al;
    al.requested = true;
    al.dx = e.dx;
    al.dy = e.dy;
    al.confidence = e.confidence;
    if (!e.ok) {
        al.reason = e.reason;
        return al;
    }
    if (e.confidence < minConfidence) {
        al.reason = "confidence " + confidenceText(e.confidence) + " is below " + confidenceText(minConfidence);
        return al;
    }
    al.overlap = alignOverlap(widthA, heightA, widthB, heightB, e.dx, e.dy);
    if (al.overlap.empty()) {
        al.reason = "the images do not overlap at that offset";
        return al;
    }
    al.applied = true;
    return al;
}

Rect overlapInA(const CompareAlignment &al)
{
    return Rect{al.overlap.x + al.dx, al.overlap.y + al.dy, al.overlap.width, al.overlap.height};
}

std::vector<Rect> ignoreInOverlap(const std::vector<Rect> &ignore, const Rect &overlap)
{
    std::vector<Rect> out;
    for (Rect r : ignore) {
        r.x -= overlap.x;
        r.y -= overlap.y;
        out.push_back(r);
    }
    return out;
}

bool wantsStreaming(const CompareOptions &opt)
{
    return !opt.keepImages && !opt.wholeFrame && opt.job.device != Device::Cuda && opt.job.tier != Tier::High &&
           opt.job.tileSize <= 0;
}

CompareResult compareFilesStreamed(const std::string &pathA, const std::string &pathB, const CompareOptions &opt,
                                   StreamHooks *hooks)
{
    DecodeOptions dopt;
    dopt.maxPixels = opt.maxPixels;
    const auto openStart = Clock::now();
    OpenedImage oa, ob;
    std::string error;
    const int64_t budget = opt.job.memoryBudget;
    std::string badFile;
    if (!openBoth(pathA, pathB, dopt, budget, oa, ob, badFile, error))
        return failure(badFile, error.empty() ? "cannot decode the image" : error, pathA, pathB);

    CompareResult r;
    r.ok = true;
    r.a = infoFrom(pathA, oa);
    r.b = infoFrom(pathB, ob);
    r.layoutDiffers = r.a.width != r.b.width || r.a.height != r.b.height;
    r.timings.decodeMs = msSince(openStart);
    if (r.layoutDiffers && opt.failOnLayout)
        return r;

    if (opt.align) {
        // A first pass reads both images as greyscale for the estimate; the files are then
        // opened again for the comparison.
        const int64_t need = alignGreyBytes(r.a.width, r.a.height, r.b.width, r.b.height) +
                             alignScratchBytes(r.a.width, r.a.height, r.b.width, r.b.height) +
                             oa.rows->workingBytes() + ob.rows->workingBytes();
        // Without a budget: what is free, less the planner's safety margin.
        const int64_t allowed = budget > 0 ? budget : budgetFromSample(memorySampleFor(opt.job), 0);
        if (allowed > 0 && need > allowed) {
            const std::string limit =
                budget > 0 ? "the memory budget is " + formatBytes(budget) + " (raise --memory-budget or drop --align)"
                           : "free memory less a safety margin allows " + formatBytes(allowed) + " (drop --align)";
            return failure({}, "--align needs " + formatBytes(need) + " for greyscale copies of the two images; " + limit,
                           pathA, pathB);
        }
        AlignEstimate estimate;
        {
            GreyImage ga, gb;
            TrackedSource ga0(*oa.rows), gb0(*ob.rows);
            if (!readGrey(ga0, ga, error))
                return failure(pathA, error, pathA, pathB);
            if (!readGrey(gb0, gb, error))
                return failure(pathB, error, pathA, pathB);
            oa.rows.reset();
            ob.rows.reset();
            estimate = estimateAlignment(ga, gb);
        }
        r.alignment = resolveAlignment(estimate, opt.alignMinConfidence, r.a.width, r.a.height, r.b.width,
                                       r.b.height);
        if (!openBoth(pathA, pathB, dopt, budget, oa, ob, badFile, error))
            return failure(badFile, error.empty() ? "cannot decode the image" : error, pathA, pathB);
    }

    // --align: both sources cropped to the overlap. Mixed depth: compare at 8 bits (the
    // 16-bit side is rounded to 8 bits).
    TrackedSource ta(*oa.rows), tb(*ob.rows);
    std::unique_ptr<CropSource> cropA, cropB;
    RowSource *baseA = &ta, *baseB = &tb;
    if (r.alignment.applied) {
        baseA = (cropA = std::make_unique<CropSource>(ta, overlapInA(r.alignment))).get();
        baseB = (cropB = std::make_unique<CropSource>(tb, r.alignment.overlap)).get();
    }
    std::unique_ptr<To8BitSource> narrowA, narrowB;
    RowSource *sa = baseA, *sb = baseB;
    if (baseA->depth() != baseB->depth()) {
        if (baseA->depth() == 16)
            sa = (narrowA = std::make_unique<To8BitSource>(*baseA)).get();
        else
            sb = (narrowB = std::make_unique<To8BitSource>(*baseB)).get();
    }
    const int w = std::min(sa->width(), sb->width()), h = std::min(sa->height(), sb->height());

    if (hooks && hooks->opened && !hooks->opened(r, w, h, sa->depth(), error))
        return failureAfterOpen(r, "", error);
    std::unique_ptr<RowSink> diffSink;
    if (!opt.diffImagePath.empty()) {
        // Indexed colour when the options bound the diff image's colours (the usual case):
        // a quarter of the bytes to compress, like the whole-frame writer's palette PNGs.
        const auto palette = diffImagePalette(opt.job.pixelmatch, !opt.job.ignore.empty());
        const bool opaque = !opt.job.pixelmatch.diffMask;
        PngSinkOptions po;
        po.width = w;
        po.height = h;
        po.channels = opaque ? 3 : 4;
        po.depth = 8;
        po.palette = palette;
        std::unique_ptr<RowSink> png = createPngRowSink(opt.diffImagePath, po, error);
        if (!png)
            return failureAfterOpen(r, opt.diffImagePath, error.empty() ? "cannot write the diff image" : error);
        if (!palette.empty())
            diffSink = std::make_unique<IndexingSink>(std::move(png), w, palette);
        else if (opaque)
            diffSink = std::make_unique<DropAlphaSink>(std::move(png), w);
        else
            diffSink = std::move(png);
    }
    RowSink *diffTarget = diffSink ? diffSink.get() : hooks ? hooks->diff : nullptr;
    std::unique_ptr<TrackedSink> trackedDiff = diffTarget ? std::make_unique<TrackedSink>(*diffTarget) : nullptr;

    // The FLIP map: levels, grey or indices of the magma palette.
    std::unique_ptr<RowSink> flipSink;
    if (!opt.flipMapPath.empty()) {
        PngSinkOptions po;
        po.width = w;
        po.height = h;
        po.channels = 1;
        po.depth = 8;
        if (!opt.flipMapGrey)
            for (uint32_t c : magmaRampTable())
                po.palette.push_back({uint8_t(c >> 16), uint8_t(c >> 8), uint8_t(c), 255});
        std::unique_ptr<RowSink> png = createPngRowSink(opt.flipMapPath, po, error);
        if (!png)
            return failureAfterOpen(r, opt.flipMapPath, error.empty() ? "cannot write the FLIP map" : error);
        flipSink = std::make_unique<FlipMapSink>(std::move(png), w);
    }
    std::unique_ptr<TrackedSink> trackedFlip = flipSink ? std::make_unique<TrackedSink>(*flipSink) : nullptr;

    JobOptions job = opt.job;
    job.computeFlip = job.computeFlip || flipSink != nullptr;
    if (r.alignment.applied)
        job.ignore = ignoreInOverlap(job.ignore, r.alignment.overlap);
    job.wantDiffImage = diffTarget != nullptr;
    routeEngineLog(job);
    StreamOptions sopt;
    sopt.bandHeight = opt.bandHeight;
    if (opt.progress) {
        auto progress = opt.progress;
        sopt.progress = [progress, w](int done, int total) { progress(done, total, w); };
    }
    sopt.fixedBytes = sa->workingBytes() + sb->workingBytes() + (diffSink ? diffSink->workingBytes() : 0) +
                      (hooks ? hooks->fixedBytes : 0);
    sopt.fixedBytes += flipSink ? flipSink->workingBytes() : 0;
    sopt.flipMap = trackedFlip.get();
    StreamSinks sinks;
    sinks.diff = trackedDiff.get();
    if (hooks)
        sinks.bands = hooks->bands;

    const auto compareStart = Clock::now();
    r.job = runStreamJob(*sa, *sb, job, sinks, sopt);
    r.timings.compareMs = msSince(compareStart);
    if (!r.job.ok) {
        const bool diffFailed = trackedDiff && trackedDiff->failed();
        const bool flipFailed = trackedFlip && trackedFlip->failed();
        trackedDiff.reset();
        diffSink.reset(); // an unfinished diff image leaves no file behind
        trackedFlip.reset();
        flipSink.reset();
        std::string file;
        if (ta.failed())
            file = pathA;
        else if (tb.failed())
            file = pathB;
        else if (diffFailed)
            file = opt.diffImagePath;
        else if (flipFailed)
            file = opt.flipMapPath;
        CompareResult f = failureAfterOpen(r, file, r.job.canceled ? "canceled" : r.job.error);
        f.job.plan = r.job.plan;
        f.job.canceled = r.job.canceled;
        f.alignment = r.alignment;
        return f;
    }
    r.exactDiffering = r.job.stats.differing;
    r.identical = !r.layoutDiffers && r.exactDiffering == 0 &&
                  !(r.alignment.applied && (r.alignment.dx != 0 || r.alignment.dy != 0));
    return r;
}

} // namespace difflens::detail

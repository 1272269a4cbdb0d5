// The streamed route of compareFiles: both files opened as row sources, compared band by
// band within the memory budget, the diff image written row by row (compare_stream.h).
#include "compare_stream.h"

#include "pipeline_log.h"
#include "row_adapters.h"

#include "difflens/engine/stream.h"
#include "difflens/imaging/stream.h"

#include <algorithm>
#include <chrono>
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

} // namespace

bool wantsStreaming(const CompareOptions &opt)
{
    return !opt.keepImages && !opt.wholeFrame && opt.job.device != Device::Cuda && opt.job.tier != Tier::High &&
           opt.job.tileSize <= 0;
}

CompareResult compareFilesStreamed(const std::string &pathA, const std::string &pathB, const CompareOptions &opt)
{
    DecodeOptions dopt;
    dopt.maxPixels = opt.maxPixels;
    const auto openStart = Clock::now();
    OpenedImage oa, ob;
    std::string error;
    // Formats read whole must fit in what the budget leaves (A's frame counts against B's).
    const int64_t budget = opt.job.memoryBudget;
    dopt.wholeFrameByteLimit = budget;
    if (!openImageRows(pathA, dopt, oa, error))
        return failure(pathA, error.empty() ? "cannot decode the image" : error, pathA, pathB);
    if (budget > 0)
        dopt.wholeFrameByteLimit = std::max<int64_t>(1, budget - oa.rows->workingBytes());
    if (!openImageRows(pathB, dopt, ob, error))
        return failure(pathB, error.empty() ? "cannot decode the image" : error, pathA, pathB);

    CompareResult r;
    r.ok = true;
    r.a = infoFrom(pathA, oa);
    r.b = infoFrom(pathB, ob);
    r.layoutDiffers = r.a.width != r.b.width || r.a.height != r.b.height;
    r.timings.decodeMs = msSince(openStart);
    if (r.layoutDiffers && opt.failOnLayout)
        return r;

    // Mixed depth: compare at 8 bits (the 16-bit side is rounded to 8 bits).
    TrackedSource ta(*oa.rows), tb(*ob.rows);
    std::unique_ptr<To8BitSource> narrowA, narrowB;
    RowSource *sa = &ta, *sb = &tb;
    if (ta.depth() != tb.depth()) {
        if (ta.depth() == 16)
            sa = (narrowA = std::make_unique<To8BitSource>(ta)).get();
        else
            sb = (narrowB = std::make_unique<To8BitSource>(tb)).get();
    }
    const int w = std::min(sa->width(), sb->width()), h = std::min(sa->height(), sb->height());

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
        if (!png) {
            CompareResult f = failure(opt.diffImagePath, error.empty() ? "cannot write the diff image" : error,
                                      pathA, pathB);
            f.a = r.a;
            f.b = r.b;
            return f;
        }
        if (!palette.empty())
            diffSink = std::make_unique<IndexingSink>(std::move(png), w, palette);
        else if (opaque)
            diffSink = std::make_unique<DropAlphaSink>(std::move(png), w);
        else
            diffSink = std::move(png);
    }
    std::unique_ptr<TrackedSink> trackedDiff = diffSink ? std::make_unique<TrackedSink>(*diffSink) : nullptr;

    JobOptions job = opt.job;
    job.wantDiffImage = diffSink != nullptr;
    routeEngineLog(job);
    StreamOptions sopt;
    sopt.bandHeight = opt.bandHeight;
    if (opt.progress) {
        auto progress = opt.progress;
        sopt.progress = [progress, w](int done, int total) { progress(done, total, w); };
    }
    sopt.fixedBytes = sa->workingBytes() + sb->workingBytes() + (diffSink ? diffSink->workingBytes() : 0);
    StreamSinks sinks;
    sinks.diff = trackedDiff.get();

    const auto compareStart = Clock::now();
    r.job = runStreamJob(*sa, *sb, job, sinks, sopt);
    r.timings.compareMs = msSince(compareStart);
    if (!r.job.ok) {
        const bool diffFailed = trackedDiff && trackedDiff->failed();
        trackedDiff.reset();
        diffSink.reset(); // an unfinished diff image leaves no file behind
        std::string file;
        if (ta.failed())
            file = pathA;
        else if (tb.failed())
            file = pathB;
        else if (diffFailed)
            file = opt.diffImagePath;
        CompareResult f = failure(file, r.job.canceled ? "canceled" : r.job.error, pathA, pathB);
        f.a = r.a;
        f.b = r.b;
        f.job.plan = r.job.plan;
        f.job.canceled = r.job.canceled;
        return f;
    }
    r.exactDiffering = r.job.stats.differing;
    r.identical = !r.layoutDiffers && r.exactDiffering == 0;
    return r;
}

} // namespace difflens::detail

// runComparison's whole-frame route: decode (stage 1) and compare (2), each stage guarded,
// then comparison_stages.cpp's stages 3 and 4; runComparison's choice of route.
#include "comparison_run.h"

#include "difflens/compare/load.h"
#include "difflens/compare/reduce.h"

#include <future>
#include <system_error>

namespace difflens {

using detail::ComparisonRun;

namespace {

// Decodes one side unless given decoded; a failure (thrown ones too) is the side's error.
ComparisonSide openSide(ComparisonSide side, int64_t maxPixels)
{
    if (side.image || side.path.empty())
        return side;
    try {
        LoadedImage d = loadImageFile(side.path, maxPixels);
        if (!d.ok) {
            side.error = d.error;
            side.outOfMemory = detail::isOutOfMemoryReason(d.error);
            side.info.path = side.path;
            side.info.width = d.header.width;
            side.info.height = d.header.height;
            side.info.depth = d.header.depth > 8 ? 16 : 8;
            return side;
        }
        side.info = d.info;
        side.image = std::make_shared<const Image>(std::move(d.image));
    } catch (...) {
        side.image.reset();
        side.error = describeComparisonError(std::current_exception(), &side.outOfMemory);
    }
    return side;
}

// Stage 1: both sides decoded, B beside A (here after A when no thread can be started).
void opened(ComparisonRun &run)
{
    run.before(ComparisonStage::Opened);
    auto s = run.next();
    const int64_t maxPixels = run.request().options.maxPixels;
    const ComparisonSide inB = s->b;
    auto decodeB = [inB, maxPixels] { return openSide(inB, maxPixels); };
    std::future<ComparisonSide> futureB;
    try {
        futureB = std::async(std::launch::async, decodeB);
    } catch (const std::system_error &) {
        futureB = std::async(std::launch::deferred, decodeB);
    }
    s->a = openSide(s->a, maxPixels);
    s->b = futureB.get();
    s->stage = ComparisonStage::Opened;
    s->timings.decodeMs = run.elapsedMs();
    if (s->a.outOfMemory || s->b.outOfMemory) {
        s->outOfMemory = true;
        s->error = (s->a.outOfMemory ? s->a.error : s->b.error);
        s->a.image = run.request().a.image; // what was decoded here is given back
        s->b.image = run.request().b.image;
    }
    s->finished = !s->error.empty() || !s->a.image || !s->b.image;
    run.publish(std::move(s));
}

// Stage 2: the exact comparison (no SSIM, no FLIP: they are stage 4's) and its mask in
// display order (in place: one pass over the bytes the engine made).
void exact(ComparisonRun &run)
{
    run.before(ComparisonStage::Exact);
    const Comparison &c = run.current();
    CompareOptions opt = run.engineOptions();
    opt.keepImages = false;
    opt.job.wantDiffImage = true;
    opt.job.wantMask = true;
    opt.job.computeSsim = false;
    opt.job.computeFlip = false;
    const double start = run.elapsedMs();
    auto result = std::make_shared<CompareResult>(compareImages(*c.a.image, *c.b.image, c.a.info, c.b.info, opt));
    auto s = run.next();
    s->timings.compareMs = run.elapsedMs() - start;
    if (result->job.canceled || run.canceled()) {
        s->canceled = true;
    } else if (!result->ok) {
        s->error = result->errorMessage();
        s->outOfMemory = detail::isOutOfMemoryReason(s->error);
        if (s->outOfMemory) {
            s->a.image = run.request().a.image;
            s->b.image = run.request().b.image;
        }
    } else {
        JobResult &job = result->job;
        if (!job.diff.isNull())
            s->diff = std::make_shared<const Image>(std::move(job.diff));
        job.diff = Image();
        s->stage = ComparisonStage::Exact;
        // The layers cover the compared area: the diff's, the aligned overlap or the common one.
        const CompareAlignment &al = result->alignment;
        s->layerWidth = s->diff ? s->diff->width() : al.applied ? al.overlap.width : std::min(c.a.info.width, c.b.info.width);
        s->layerHeight = s->diff ? s->diff->height() : al.applied ? al.overlap.height : std::min(c.a.info.height, c.b.info.height);
        const size_t count = size_t(s->layerWidth) * size_t(s->layerHeight);
        try {
            if (count > 0 && job.mask.size() >= count) {
                maskToDisplayOrder(job.mask.data(), count, job.mask.data());
                job.mask.resize(count);
                s->mask = std::make_shared<const Bytes>(std::move(job.mask));
            }
        } catch (...) {
            s->failedParts.push_back({ComparisonPart::Mask, true, "not enough memory"});
        }
        job.mask = {};
    }
    result->imageA.reset();
    result->imageB.reset();
    s->result = std::move(result);
    s->finished = s->stage != ComparisonStage::Exact;
    run.publish(std::move(s));
}

ComparisonPtr wholeFrame(ComparisonRun &run)
{
    try {
        opened(run);
    } catch (...) {
        return run.fail(std::current_exception());
    }
    const Comparison &c = run.current();
    if (run.canceled() || !c.error.empty() || !c.a.image || !c.b.image)
        return run.finish();
    try {
        exact(run);
    } catch (...) {
        return run.fail(std::current_exception());
    }
    if (run.canceled() || !run.current().compared())
        return run.finish();
    if (run.request().stopAfter <= ComparisonStage::Exact)
        return run.currentPtr(); // continueComparison goes on from here
    return detail::laterStages(run);
}

} // namespace

ComparisonPtr continueComparison(const ComparisonRequest &request, const ComparisonPtr &from,
                                 const ComparisonObserver &observe)
{
    if (!from || from->finished || from->store || !from->compared())
        return from;
    try {
        ComparisonRun run(request, observe, from);
        try {
            return run.canceled() ? run.finish() : detail::laterStages(run);
        } catch (...) {
            return run.fail(std::current_exception());
        }
    } catch (...) {
        return from; // not even the run's copy fitted: the exact result stands
    }
}

ComparisonPtr runComparison(const ComparisonRequest &request, const ComparisonObserver &observe)
{
    if (request.direct)
        return detail::runDirect(request, observe);
    try {
        if (request.layeredPixels)
            return runComparison(routedComparison(request), observe);
        ComparisonRun run(request, observe);
        try {
            return request.layered ? detail::runLayeredComparison(run) : wholeFrame(run);
        } catch (...) {
            return run.fail(std::current_exception());
        }
    } catch (...) {
        bool oom = false;
        std::string reason;
        try {
            reason = describeComparisonError(std::current_exception(), &oom);
        } catch (...) {
            oom = true;
        }
        try {
            return failedComparison(request, reason, oom);
        } catch (...) {
            return nullptr; // not even the error snapshot fitted
        }
    }
}

} // namespace difflens

// runComparison's whole-frame route: decode (stage 1) and compare (2), each stage guarded,
// then comparison_stages.cpp's stages 3 and 4; and the run's shared snapshot handling.
#include "comparison_run.h"

#include "difflens/compare/load.h"
#include "difflens/compare/reduce.h"

#include <future>
#include <stdexcept>
#include <system_error>

namespace difflens {

namespace detail {

bool isOutOfMemoryReason(const std::string &reason)
{
    for (const char *text : {"not enough memory", "out of memory", "bad_alloc", "cannot allocate memory",
                             "Not enough memory", "Out of memory", "Cannot allocate memory"})
        if (reason.find(text) != std::string::npos)
            return true;
    return false;
}

std::shared_ptr<Comparison> firstSnapshot(const ComparisonRequest &request)
{
    auto first = std::make_shared<Comparison>();
    auto options = std::make_shared<CompareOptions>(request.options);
    options->job.isCanceled = nullptr;
    options->progress = nullptr;
    first->options = std::move(options);
    first->layered = request.layered;
    first->layerOptions = request.layerOptions;
    for (auto side : {std::make_pair(&first->a, &request.a), std::make_pair(&first->b, &request.b)}) {
        side.first->path = side.second->path;
        side.first->image = side.second->image;
        side.first->info = side.second->info;
        if (side.first->image && side.first->info.width <= 0) {
            side.first->info.width = side.first->image->width();
            side.first->info.height = side.first->image->height();
            side.first->info.depth = side.first->image->depth();
            side.first->info.channels = side.first->image->channels();
        }
    }
    return first;
}

ComparisonRun::ComparisonRun(const ComparisonRequest &request, const ComparisonObserver &observe, ComparisonPtr from)
    : m_request(request), m_observe(observe), m_engine(request.options), m_start(std::chrono::steady_clock::now())
{
    if (from) { // continued: the timings go on from the snapshot's
        m_start -= std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double, std::milli>(from->timings.elapsedMs));
        m_current = std::move(from);
    }
    const std::shared_ptr<std::atomic_bool> flag = request.cancel;
    if (flag && !m_engine.job.isCanceled)
        m_engine.job.isCanceled = [flag] { return flag->load(std::memory_order_relaxed); };
    if (!m_current)
        m_current = firstSnapshot(request);
}

double ComparisonRun::elapsedMs() const
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_start).count();
}

void ComparisonRun::publish(std::shared_ptr<Comparison> snapshot)
{
    snapshot->timings.elapsedMs = elapsedMs();
    snapshot->canceled = snapshot->canceled || canceled();
    m_current = snapshot;
    if (m_observe && !snapshot->canceled)
        m_observe(m_current);
}

ComparisonPtr ComparisonRun::finish()
{
    if (m_current->finished && (m_current->canceled || !canceled()))
        return m_current; // the last snapshot observed said so itself
    auto last = next();
    last->finished = true;
    last->canceled = last->canceled || canceled();
    last->timings.elapsedMs = elapsedMs();
    m_current = last;
    return m_current;
}

ComparisonPtr ComparisonRun::fail(std::exception_ptr error)
{
    auto last = next();
    last->error = describeComparisonError(error, &last->outOfMemory);
    if (last->outOfMemory) { // give back what this run decoded: the pair does not fit
        if (!m_request.a.image)
            last->a.image.reset();
        if (!m_request.b.image)
            last->b.image.reset();
    }
    m_current = last;
    return finish();
}

void ComparisonRun::before(ComparisonStage stage) const
{
    if (m_request.beforeStage)
        m_request.beforeStage(stage);
}

} // namespace detail

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

const ComparisonPartFailure *Comparison::failed(ComparisonPart part) const
{
    for (const ComparisonPartFailure &f : failedParts)
        if (f.part == part)
            return &f;
    return nullptr;
}

std::string describeComparisonError(std::exception_ptr error, bool *outOfMemory)
{
    bool oom = false;
    std::string text;
    try {
        std::rethrow_exception(error);
    } catch (const std::bad_alloc &) {
        oom = true;
        text = "not enough memory";
    } catch (const std::system_error &e) {
        // Starting a thread fails when its stack cannot be mapped: memory as well.
        oom = e.code() == std::errc::resource_unavailable_try_again || e.code() == std::errc::not_enough_memory;
        text = oom ? "not enough memory to start a worker thread" : e.what();
    } catch (const std::exception &e) {
        text = e.what();
        oom = detail::isOutOfMemoryReason(text);
    } catch (...) {
        text = "unexpected internal error";
    }
    if (outOfMemory)
        *outOfMemory = oom;
    return text;
}

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
    try {
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

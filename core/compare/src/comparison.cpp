// runComparison's whole-frame route: decode (stage 1), compare (2), heatmap and mask (3),
// SSIM and FLIP (4), each stage guarded; and the run's shared snapshot handling.
#include "comparison_run.h"

#include "difflens/compare/heatmap.h"
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

ComparisonRun::ComparisonRun(const ComparisonRequest &request, const ComparisonObserver &observe)
    : m_request(request), m_observe(observe), m_engine(request.options), m_start(std::chrono::steady_clock::now())
{
    const std::shared_ptr<std::atomic_bool> flag = request.cancel;
    if (flag && !m_engine.job.isCanceled)
        m_engine.job.isCanceled = [flag] { return flag->load(std::memory_order_relaxed); };
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
        }
    }
    m_current = std::move(first);
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

// Stage 2: the exact comparison (no SSIM, no FLIP: they are stage 4's).
std::vector<uint8_t> exact(ComparisonRun &run)
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
    std::vector<uint8_t> mask;
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
        mask = std::move(job.mask);
        job.mask = {};
        s->stage = ComparisonStage::Exact;
        // The layers cover the compared area: the diff's, the aligned overlap or the common one.
        const CompareAlignment &al = result->alignment;
        s->layerWidth = s->diff ? s->diff->width() : al.applied ? al.overlap.width : std::min(c.a.info.width, c.b.info.width);
        s->layerHeight = s->diff ? s->diff->height() : al.applied ? al.overlap.height : std::min(c.a.info.height, c.b.info.height);
    }
    result->imageA.reset();
    result->imageB.reset();
    s->result = std::move(result);
    s->finished = s->stage != ComparisonStage::Exact;
    run.publish(std::move(s));
    return mask;
}

void addFailure(Comparison &s, ComparisonPart part, std::exception_ptr error)
{
    ComparisonPartFailure f{part, false, {}};
    f.reason = describeComparisonError(error, &f.outOfMemory);
    s.failedParts.push_back(std::move(f));
}

struct Heat {
    std::shared_ptr<const Bytes> bytes;
    int peak = 0;
    std::exception_ptr error;
};

Heat heatOf(std::shared_ptr<const Image> a, std::shared_ptr<const Image> b, CompareAlignment al)
{
    Heat h;
    try { // with --align over the compared overlap, as the diff
        auto bytes = std::make_shared<Bytes>();
        const bool ok = !al.applied ? heatmapIndices(a->view(), b->view(), *bytes, h.peak)
                                    : heatmapIndices(a->view().sub(Rect{al.overlap.x + al.dx, al.overlap.y + al.dy,
                                                                        al.overlap.width, al.overlap.height}),
                                                     b->view().sub(al.overlap), *bytes, h.peak);
        if (ok)
            h.bytes = std::move(bytes);
    } catch (...) {
        h.error = std::current_exception();
    }
    return h;
}

// Stage 3: the heatmap (beside the rest) and the mask in display order.
void layers(ComparisonRun &run, std::vector<uint8_t> mask)
{
    const double start = run.elapsedMs();
    auto s = run.next();
    try {
        run.before(ComparisonStage::Layers);
        const CompareAlignment al = s->result->alignment;
        std::future<Heat> heat;
        try {
            heat = std::async(std::launch::async, heatOf, s->a.image, s->b.image, al);
        } catch (const std::system_error &) {
            heat = std::async(std::launch::deferred, heatOf, s->a.image, s->b.image, al);
        }
        try {
            const size_t count = size_t(s->layerWidth) * size_t(s->layerHeight);
            if (count > 0 && mask.size() >= count) {
                maskToDisplayOrder(mask.data(), count, mask.data());
                mask.resize(count);
                s->mask = std::make_shared<const Bytes>(std::move(mask));
            }
        } catch (...) {
            addFailure(*s, ComparisonPart::Mask, std::current_exception());
        }
        Heat h = heat.get();
        s->heat = std::move(h.bytes);
        s->heatPeak = h.peak;
        if (h.error)
            addFailure(*s, ComparisonPart::Heatmap, h.error);
    } catch (...) {
        addFailure(*s, ComparisonPart::Heatmap, std::current_exception());
    }
    s->stage = ComparisonStage::Layers;
    s->timings.layersMs = run.elapsedMs() - start;
    run.publish(std::move(s));
}

// One engine run for a metric of stage 4, its map included; the result when it ran.
std::optional<CompareResult> metricRun(ComparisonRun &run, Comparison &s, ComparisonPart part, bool ssim)
{
    CompareOptions opt = run.engineOptions();
    opt.keepImages = false;
    opt.job.wantDiffImage = false;
    opt.job.wantMask = false;
    opt.job.computeSsim = ssim;
    opt.job.computeFlip = !ssim;
    opt.job.ssim.wantMap = true;
    opt.job.flip.wantMap = true;
    opt.flipMapPath.clear();
    opt.diffImagePath.clear();
    try {
        CompareResult r = compareImages(*s.a.image, *s.b.image, s.a.info, s.b.info, opt);
        if (!r.ok && !r.job.canceled) {
            const std::string reason = r.errorMessage();
            s.failedParts.push_back({part, detail::isOutOfMemoryReason(reason), reason});
        }
        if (r.ok)
            return r;
    } catch (...) {
        addFailure(s, part, std::current_exception());
    }
    return std::nullopt;
}

// Stage 4: SSIM and FLIP, each its own engine run with the pair's options.
void metrics(ComparisonRun &run)
{
    const double start = run.elapsedMs();
    auto s = run.next();
    try {
        run.before(ComparisonStage::Metrics);
        if (s->options->job.computeSsim && !run.canceled()) {
            if (std::optional<CompareResult> r = metricRun(run, *s, ComparisonPart::SsimMap, true); r && r->job.ssim) {
                auto map = std::make_shared<FloatImage>(std::move(r->job.ssim->map));
                r->job.ssim->map = {};
                auto shade = std::make_shared<Bytes>(map->data.size());
                ssimToShade(map->data.data(), map->data.size(), shade->data());
                s->ssimMap = std::move(map);
                s->ssimShade = std::move(shade);
                s->ssim = std::move(r->job.ssim);
            }
        }
        if (s->options->job.computeFlip && !run.canceled()) {
            if (std::optional<CompareResult> r = metricRun(run, *s, ComparisonPart::Flip, false); r && r->job.flip) {
                const FloatImage &map = r->job.flip->map;
                auto levels = std::make_shared<Bytes>(size_t(map.width) * size_t(map.height));
                for (size_t i = 0; i < levels->size() && i < map.data.size(); ++i)
                    (*levels)[i] = flipErrorLevel(map.data[i]);
                s->flipWidth = map.width;
                s->flipHeight = map.height;
                s->flipLevels = std::move(levels);
                r->job.flip->map = {};
                s->flip = std::move(r->job.flip);
            }
        }
    } catch (...) {
        const ComparisonPart part = s->ssim || !s->options->job.computeSsim ? ComparisonPart::Flip : ComparisonPart::SsimMap;
        addFailure(*s, part, std::current_exception());
    }
    s->stage = ComparisonStage::Metrics;
    s->finished = true;
    s->timings.metricsMs = run.elapsedMs() - start;
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
    std::vector<uint8_t> mask;
    try {
        mask = exact(run);
    } catch (...) {
        return run.fail(std::current_exception());
    }
    if (run.canceled() || !run.current().compared())
        return run.finish();
    layers(run, std::move(mask));
    if (run.canceled())
        return run.finish();
    metrics(run);
    return run.finish();
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

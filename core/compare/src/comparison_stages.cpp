// runComparison's stages 3 (the heatmap) and 4 (SSIM and FLIP, each an engine run with its
// map), also continueComparison's: a failure leaves that part out (failedParts).
#include "comparison_run.h"

#include "difflens/compare/heatmap.h"
#include "difflens/compare/reduce.h"

namespace difflens {

namespace {

using detail::ComparisonRun;

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

// Stage 3: the heatmap.
void layersStage(ComparisonRun &run)
{
    const double start = run.elapsedMs();
    auto s = run.next();
    try {
        run.before(ComparisonStage::Layers);
        Heat h = heatOf(s->a.image, s->b.image, s->result->alignment);
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

// Stage 4: SSIM and FLIP, each its own engine run with the pair's options.
void metricsStage(ComparisonRun &run)
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

} // namespace

namespace detail {

ComparisonPtr laterStages(ComparisonRun &run)
{
    layersStage(run);
    if (!run.canceled())
        metricsStage(run);
    return run.finish();
}

} // namespace detail

} // namespace difflens

// runComparison's direct route (ComparisonRequest::direct): the exact result as compareFiles
// or compareImages give it for the request's own options, in one snapshot. Links none of the
// display routes, so the CLI's fast path can call it alone (runDirectComparison).
#include "comparison_run.h"

namespace difflens {

namespace detail {

ComparisonPtr runDirect(const ComparisonRequest &request, const ComparisonObserver &observe)
{
    try {
        ComparisonRun run(request, observe);
        const Comparison &first = run.current();
        auto result = std::make_shared<CompareResult>();
        try {
            run.before(ComparisonStage::Exact);
            const ComparisonInput *unread = !request.a.error.empty()   ? &request.a
                                            : !request.b.error.empty() ? &request.b
                                                                       : nullptr;
            if (unread) {
                result->errorFile = unread->path;
                result->errorReason = unread->error;
                result->a.path = first.a.path;
                result->b.path = first.b.path;
            } else if (first.a.image && first.b.image) {
                *result = compareImages(*first.a.image, *first.b.image, first.a.info, first.b.info, run.engineOptions());
                result->timings.decodeMs = request.decodedMs;
            } else {
                *result = compareFiles(first.a.path, first.b.path, run.engineOptions());
            }
        } catch (...) { // the pair's error, in the result as compareFiles reports one
            bool oom = false;
            *result = CompareResult();
            result->errorReason = describeComparisonError(std::current_exception(), &oom);
            result->a.path = first.a.path;
            result->b.path = first.b.path;
        }
        auto s = run.next();
        s->a.info = result->a;
        s->b.info = result->b;
        s->timings.decodeMs = result->timings.decodeMs;
        s->timings.compareMs = result->timings.compareMs;
        if (result->job.canceled || run.canceled()) {
            s->canceled = true;
        } else if (!result->ok) {
            s->error = result->errorMessage();
            s->outOfMemory = isOutOfMemoryReason(s->error);
            for (ComparisonSide *side : {&s->a, &s->b})
                if (!result->errorFile.empty() && result->errorFile == side->path)
                    side->error = result->errorReason;
        } else {
            s->stage = ComparisonStage::Exact;
        }
        s->result = std::move(result);
        s->finished = true;
        run.publish(std::move(s));
        return run.currentPtr();
    } catch (...) {
        return nullptr; // not even the snapshot fitted
    }
}

} // namespace detail

ComparisonPtr runDirectComparison(const ComparisonRequest &request)
{
    const ComparisonObserver none;
    return detail::runDirect(request, none);
}

ComparisonPtr compareDirect(const std::string &pathA, const std::string &pathB, const CompareOptions &options)
{
    ComparisonRequest request;
    request.a.path = pathA;
    request.b.path = pathB;
    request.options = options;
    request.direct = true;
    return runDirectComparison(request);
}

const CompareResult &resultOrError(const ComparisonPtr &comparison)
{
    static const CompareResult outOfMemory = [] {
        CompareResult r;
        r.errorReason = "not enough memory";
        return r;
    }();
    return comparison && comparison->result ? *comparison->result : outOfMemory;
}

} // namespace difflens

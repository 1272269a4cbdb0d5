// The run that every route of runComparison shares (comparison_run.h): its current snapshot,
// how a new one is published, cancel polling, and the error texts.
#include "comparison_run.h"

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

} // namespace difflens

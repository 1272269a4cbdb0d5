// CompareController: the thread pools, futures and generations of the comparison jobs.
#include "comparecontroller.h"

#include "addresslimit.h"
#include "memoryerror.h"

#include <QtConcurrent/QtConcurrentRun>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace difflens::ui {

namespace {
// The background pool's threads run at a lower CPU priority so the GUI thread and the next
// comparison win the CPU on small machines. On Linux the nice value is per thread and
// inherited by the threads the engine starts from there.
void lowerPriorityOnce()
{
#ifdef Q_OS_LINUX
    static thread_local bool niced = false;
    if (!niced) {
        setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 10);
        niced = true;
    }
#endif
}

LayersOutcome runLayersNiced(const LayersRequest &request)
{
    lowerPriorityOnce();
    return runLayersWork(request);
}

ReportExportOutcome runReportNiced(const ReportExportRequest &request)
{
    lowerPriorityOnce();
    return runReportExport(request);
}

std::function<bool()> pollFlag(const std::shared_ptr<std::atomic_bool> &flag)
{
    return [flag] { return flag->load(std::memory_order_relaxed); };
}
} // namespace

CompareController::CompareController(QObject *parent)
    : QObject(parent), m_pool(std::make_unique<QThreadPool>()), m_background(std::make_unique<QThreadPool>())
{
    // Two threads each: a canceled job can finish its current stage while the new one starts.
    m_pool->setMaxThreadCount(2);
    m_pool->setObjectName(QStringLiteral("difflens-compare"));
    m_background->setMaxThreadCount(2);
    m_background->setObjectName(QStringLiteral("difflens-background"));
    prepareForAddressSpaceLimit();
    m_threadsOk = startPoolThreads(*m_pool) && startPoolThreads(*m_background, &lowerPriorityOnce);
}

CompareController::~CompareController()
{
    waitForAll();
    if (!m_threadsOk) {
        (void)m_pool.release();
        (void)m_background.release();
    }
}

template <typename Out, typename In>
void CompareController::launch(QThreadPool *pool, Kind kind, quint64 generation,
                               const std::shared_ptr<std::atomic_bool> &cancel, Out (*work)(const In &),
                               Out (*fail)(const In &, const QString &, bool), const In &input,
                               std::function<void(const Out &)> deliver)
{
    auto *watcher = new QFutureWatcher<Out>(this);
    m_jobs.push_back({kind, generation, cancel, watcher});
    // Runs on the GUI thread when the job is done.
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, deliver, fail] {
        bool current = false;
        const bool known = takeJob(watcher, &current);
        // Moved out of the future so that the last reference (a stale result's decoded
        // images, say) is dropped in the background, not when the watcher dies here.
        std::shared_ptr<const Out> result;
        try {
            result = std::make_shared<const Out>(watcher->future().takeResult());
        } catch (...) {
            // Only when even the worker's guard failed: report an error, never rethrow here.
            try {
                result = std::make_shared<const Out>(fail(In{}, tr("unexpected internal error"), false));
            } catch (...) {
                result.reset();
            }
        }
        watcher->deleteLater();
        if (known && current && result)
            deliver(*result);
        else if (known && current && !result)
            setBusy(false);
        releaseLater(std::move(result));
    });
    if (!m_threadsOk) {
        // No thread to run it on: the job fails at once, as out of memory.
        watcher->setFuture(
            QtFuture::makeReadyFuture(fail(input, tr("not enough memory to start a worker thread"), true)));
        return;
    }
    // The worker never lets an exception out: it becomes the job's error outcome.
    watcher->setFuture(QtConcurrent::run(pool, [work, fail, input]() -> Out {
        return runGuarded(
            [work, &input] { return work(input); },
            [fail, &input](const QString &reason, bool oom) { return fail(input, reason, oom); });
    }));
}

template <typename Request> quint64 CompareController::newGeneration(Request &request)
{
    for (Job &job : m_jobs)
        if (job.kind != Kind::Report)
            job.cancel->store(true);
    const quint64 gen = ++m_generation;
    request.generation = gen;
    request.cancel = std::make_shared<std::atomic_bool>(false);
    request.options.job.isCanceled = pollFlag(request.cancel);
    return gen;
}

quint64 CompareController::submit(CompareRequest request)
{
    const quint64 gen = newGeneration(request);
    const auto flag = request.cancel;
    launch<CompareOutcome, CompareRequest>(m_pool.get(), Kind::Compare, gen, flag, &runCompareWork,
                                           &failedCompareOutcome, request, [this](const CompareOutcome &o) {
                                               setBusy(false);
                                               Q_EMIT finished(o);
                                           });
    setBusy(true);
    Q_EMIT started(gen);
    return gen;
}

void CompareController::submitLayers(LayersRequest request)
{
    if (request.generation != m_generation)
        return;
    auto flag = std::make_shared<std::atomic_bool>(false);
    request.cancel = flag;
    request.options.job.isCanceled = pollFlag(flag);
    launch<LayersOutcome, LayersRequest>(m_background.get(), Kind::Layers, request.generation, flag,
                                         &runLayersNiced, &failedLayersOutcome, request,
                                         [this](const LayersOutcome &o) { Q_EMIT layersFinished(o); });
}

quint64 CompareController::submitLayered(LayeredRequest request)
{
    const quint64 gen = newGeneration(request);
    const auto flag = request.cancel;
    // Stage 1, from the worker: handed to the GUI thread, dropped there when stale. The
    // controller outlives every job (its destructor waits for them).
    CompareController *self = this;
    request.opened = [self, gen](const ImageInfo &a, const ImageInfo &b, const std::shared_ptr<LayerStore> &store) {
        QMetaObject::invokeMethod(
            self,
            [self, gen, a, b, store] {
                if (gen == self->m_generation)
                    Q_EMIT self->layeredOpened(gen, a, b, store);
            },
            Qt::QueuedConnection);
    };
    launch<LayeredOutcome, LayeredRequest>(m_pool.get(), Kind::Compare, gen, flag, &runLayeredWork,
                                           &failedLayeredOutcome, request, [this](const LayeredOutcome &o) {
                                               setBusy(false);
                                               Q_EMIT layeredFinished(o);
                                           });
    setBusy(true);
    Q_EMIT started(gen);
    return gen;
}

static FullResolutionOutcome runFullResolutionNiced(const FullResolutionRequest &request)
{
    lowerPriorityOnce();
    return runFullResolutionWork(request);
}

void CompareController::submitFullResolution(FullResolutionRequest request)
{
    if (request.generation != m_generation)
        return;
    auto flag = std::make_shared<std::atomic_bool>(false);
    request.cancel = flag;
    request.options.job.isCanceled = pollFlag(flag);
    launch<FullResolutionOutcome, FullResolutionRequest>(
        m_background.get(), Kind::Layers, request.generation, flag, &runFullResolutionNiced, &failedFullResolution,
        request, [this](const FullResolutionOutcome &o) { Q_EMIT fullResolutionFinished(o); });
}

quint64 CompareController::exportReport(ReportExportRequest request)
{
    const quint64 id = ++m_exports;
    auto flag = std::make_shared<std::atomic_bool>(false);
    request.cancel = flag;
    const QString path = request.path;
    launch<ReportExportOutcome, ReportExportRequest>(m_background.get(), Kind::Report, id, flag,
                                                     &runReportNiced, &failedReportExport, request,
                                                     [this, id](const ReportExportOutcome &o) {
                                                         ReportExportOutcome copy = o;
                                                         copy.id = id;
                                                         Q_EMIT reportFinished(copy);
                                                     });
    Q_EMIT reportStarted(id, path);
    return id;
}

void CompareController::releaseLater(std::shared_ptr<const void> payload)
{
    if (!payload || !m_threadsOk)
        return; // without a background thread the payload is dropped here
    m_background->start([held = std::move(payload)]() mutable { held.reset(); });
}

bool CompareController::isExporting() const
{
    for (const Job &job : m_jobs)
        if (job.kind == Kind::Report)
            return true;
    return false;
}

void CompareController::cancel()
{
    bool any = false;
    for (Job &job : m_jobs) {
        if (job.kind == Kind::Report)
            continue;
        job.cancel->store(true);
        any = true;
    }
    if (!any)
        return;
    const quint64 gen = m_generation;
    ++m_generation; // whatever is running now is stale
    setBusy(false);
    Q_EMIT canceled(gen);
}

void CompareController::waitForAll()
{
    for (Job &job : m_jobs)
        job.cancel->store(true);
    for (Job &job : m_jobs) {
        job.watcher->disconnect(this);
        job.watcher->waitForFinished();
        delete job.watcher;
    }
    m_jobs.clear();
    if (m_threadsOk) { // a pool that lost a task never becomes idle (nothing of ours runs there)
        m_pool->waitForDone();
        m_background->waitForDone();
    }
    setBusy(false);
}

bool CompareController::takeJob(QFutureWatcherBase *watcher, bool *current)
{
    for (auto it = m_jobs.begin(); it != m_jobs.end(); ++it) {
        if (it->watcher != watcher)
            continue;
        *current = !it->cancel->load() && (it->kind == Kind::Report || it->generation == m_generation);
        if (it->kind == Kind::Report)
            *current = true;   // a canceled export still reports (as canceled)
        m_jobs.erase(it);
        return true;
    }
    return false;
}

void CompareController::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

} // namespace difflens::ui

#include "comparecontroller.h"

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

CompareController::CompareController(QObject *parent) : QObject(parent)
{
    // Two threads each: a canceled job can finish its current stage while the new one starts.
    m_pool.setMaxThreadCount(2);
    m_pool.setObjectName(QStringLiteral("difflens-compare"));
    m_background.setMaxThreadCount(2);
    m_background.setObjectName(QStringLiteral("difflens-background"));
}

CompareController::~CompareController() { waitForAll(); }

template <typename Out, typename In>
void CompareController::launch(QThreadPool *pool, Kind kind, quint64 generation,
                               const std::shared_ptr<std::atomic_bool> &cancel, Out (*work)(const In &),
                               const In &input, std::function<void(const Out &)> deliver)
{
    auto *watcher = new QFutureWatcher<Out>(this);
    m_jobs.push_back({kind, generation, cancel, watcher});
    // Runs on the GUI thread when the job is done.
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, deliver] {
        bool current = false;
        const bool known = takeJob(watcher, &current);
        // Moved out of the future so that the last reference (a stale result's decoded
        // images, say) is dropped in the background, not when the watcher dies here.
        auto result = std::make_shared<const Out>(watcher->future().takeResult());
        watcher->deleteLater();
        if (known && current)
            deliver(*result);
        releaseLater(std::move(result));
    });
    watcher->setFuture(QtConcurrent::run(pool, work, input));
}

quint64 CompareController::submit(CompareRequest request)
{
    for (Job &job : m_jobs)
        if (job.kind != Kind::Report)
            job.cancel->store(true);
    const quint64 gen = ++m_generation;
    auto flag = std::make_shared<std::atomic_bool>(false);
    request.generation = gen;
    request.cancel = flag;
    request.options.job.isCanceled = pollFlag(flag);
    launch<CompareOutcome, CompareRequest>(&m_pool, Kind::Compare, gen, flag, &runCompareWork, request,
                                           [this](const CompareOutcome &o) {
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
    launch<LayersOutcome, LayersRequest>(&m_background, Kind::Layers, request.generation, flag, &runLayersNiced, request,
                                         [this](const LayersOutcome &o) { Q_EMIT layersFinished(o); });
}

quint64 CompareController::exportReport(ReportExportRequest request)
{
    const quint64 id = ++m_exports;
    auto flag = std::make_shared<std::atomic_bool>(false);
    request.cancel = flag;
    const QString path = request.path;
    launch<ReportExportOutcome, ReportExportRequest>(&m_background, Kind::Report, id, flag, &runReportNiced, request,
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
    if (!payload)
        return;
    m_background.start([held = std::move(payload)]() mutable { held.reset(); });
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
    m_pool.waitForDone();
    m_background.waitForDone();
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

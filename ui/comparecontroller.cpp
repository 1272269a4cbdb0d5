// CompareController: the thread pools, futures and cancel flags of the comparison jobs.
#include "comparecontroller.h"

#include "addresslimit.h"
#include "memoryerror.h"

#include "difflens/compare/comparison.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace difflens::ui {

namespace {
// The background pool's threads run at a lower CPU priority so the GUI thread and the next
// comparison win the CPU on small machines. On Linux the nice value is per thread and
// inherited by the threads the engine starts from there. Set once per thread as the pool
// starts them (they never expire).
void lowerPriority()
{
#ifdef Q_OS_LINUX
    setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 10);
#endif
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
    m_threadsOk = startPoolThreads(*m_pool) && startPoolThreads(*m_background, &lowerPriority);
}

CompareController::~CompareController()
{
    waitForAll();
    if (!m_threadsOk) {
        (void)m_pool.release();
        (void)m_background.release();
    }
}

void CompareController::launch(Kind kind, quint64 id, const std::shared_ptr<std::atomic_bool> &cancel,
                               const std::function<QFuture<void>()> &start, const std::function<void()> &fail)
{
    auto *watcher = new QFutureWatcher<void>(this);
    m_jobs.push_back({kind, id, cancel, watcher});
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, kind, cancel] {
        if (takeJob(watcher) && kind == Kind::Compare && !cancel->load())
            setBusy(false); // ended without a stage to show (its last one said so already)
        watcher->deleteLater();
    });
    if (!m_threadsOk) { // no thread to run it on: the job fails at once, as out of memory
        fail();
        watcher->setFuture(QtFuture::makeReadyFuture());
        return;
    }
    watcher->setFuture(start());
}

void CompareController::post(std::function<void()> deliver)
{
    QMetaObject::invokeMethod(this, std::move(deliver), Qt::QueuedConnection);
}

void CompareController::deliverStage(const std::atomic_bool &canceled, const ViewDataPtr &views)
{
    if (canceled.load()) {
        releaseLater(views); // stale: its buffers go in the background
        return;
    }
    const Comparison *c = views->result.get();
    if (!c || c->finished || c->stage >= ComparisonStage::Exact)
        setBusy(false); // first paint (or the end): busy again only for a new comparison
    Q_EMIT stageReady(views);
}

void CompareController::submit(ComparisonRequest request, const LayerColours &colours, LayerSet firstPassLayers)
{
    cancelComparisons();
    const auto cancel = request.cancel = std::make_shared<std::atomic_bool>(false);
    request.stopAfter = ComparisonStage::Exact; // stages 3-4 follow in `rest`
    CompareController *self = this;
    // Posts the views of a snapshot; the previous ones (this run's, one thread at a time) are reused.
    auto previous = std::make_shared<ViewDataPtr>();
    auto deliver = [self, cancel, colours, previous, firstPassLayers](const ComparisonPtr &c) {
        if (c && c->store && c->stage == ComparisonStage::Opened && !c->finished)
            c->store->setFirstPassLayers(firstPassLayers); // before its first row (layered.h)
        ViewDataPtr views = comparisonViews(c, previous->get(), colours);
        *previous = views;
        self->post([self, cancel, views]() mutable { self->deliverStage(*cancel, std::move(views)); });
    };
    // Posts a run's last snapshot unless it was observed: the pair's error, say (runComparison
    // and continueComparison never throw; what a stage throws is in their snapshot).
    auto last = [deliver, previous](const ComparisonPtr &c) {
        if (c && !c->canceled && (!*previous || (*previous)->result != c))
            deliver(c);
        return c;
    };
    // Stages 1-2, the critical path to the first paint, on the comparison pool. What posting
    // throws ends the job here (nothing is rethrown on the GUI thread).
    auto exact = [request, deliver, last]() -> ComparisonPtr {
        try {
            return last(runComparison(request, deliver));
        } catch (...) {
            return nullptr;
        }
    };
    // Then, on the low-priority pool, stages 3-4 or the layered route's full-resolution pass
    // (of the current comparison only: a stale one's flag is set).
    auto rest = [request, deliver, last](const ComparisonPtr &exact) {
        if (!exact || exact->canceled || request.cancel->load())
            return;
        try {
            last(exact->finished ? fullResolutionPass(exact, request.cancel)
                                 : continueComparison(request, exact, deliver));
        } catch (...) {
        }
    };
    auto start = [self, exact, rest] {
        return QtConcurrent::run(self->m_pool.get(), exact).then(self->m_background.get(), rest);
    };
    auto fail = [deliver, request] {
        deliver(failedComparison(request, tr("not enough memory to start a worker thread").toStdString(), true));
    };
    launch(Kind::Compare, 0, cancel, start, fail);
    setBusy(true);
    Q_EMIT started();
}

quint64 CompareController::exportReport(ReportExportRequest request)
{
    const quint64 id = ++m_exports;
    auto flag = std::make_shared<std::atomic_bool>(false);
    request.cancel = flag;
    CompareController *self = this;
    auto done = [self, id, flag](ReportExportOutcome o) {
        o.id = id;
        self->post([self, o, flag] { // dropped once waited for (only waitForAll sets its flag)
            if (flag->load())
                return;
            self->m_jobs.remove_if([o](const Job &job) { return job.kind == Kind::Report && job.id == o.id; });
            Q_EMIT self->reportFinished(o); // not exporting any more (a close waiting for it goes on)
        });
    };
    auto work = [request, done] {
        const ReportExportRequest *r = &request;
        try { // what posting throws ends the job here
            done(runGuarded([r] { return runReportExport(*r); },
                            [r](const QString &reason, bool oom) { return failedReportExport(*r, reason, oom); }));
        } catch (...) {
        }
    };
    launch(
        Kind::Report, id, flag, [self, work] { return QtConcurrent::run(self->m_background.get(), work); },
        [request, done] { done(failedReportExport(request, tr("not enough memory to start a worker thread"), true)); });
    Q_EMIT reportStarted(id, request.path);
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
    return std::any_of(m_jobs.begin(), m_jobs.end(), [](const Job &job) { return job.kind == Kind::Report; });
}

bool CompareController::cancelComparisons()
{
    bool any = false;
    for (Job &job : m_jobs) {
        if (job.kind == Kind::Compare) {
            job.cancel->store(true);
            any = true;
        }
    }
    return any;
}

void CompareController::cancel()
{
    if (!cancelComparisons())
        return;
    setBusy(false); // whatever is running now is stale (its flag is set)
    Q_EMIT canceled();
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

bool CompareController::takeJob(QFutureWatcherBase *watcher)
{
    const auto it =
        std::find_if(m_jobs.begin(), m_jobs.end(), [watcher](const Job &job) { return job.watcher == watcher; });
    if (it == m_jobs.end())
        return false;
    m_jobs.erase(it);
    return true;
}

void CompareController::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

} // namespace difflens::ui

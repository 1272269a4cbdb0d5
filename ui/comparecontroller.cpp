#include "comparecontroller.h"

#include <QtConcurrent/QtConcurrentRun>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace difflens::ui {

namespace {
// Runs the pure worker at a lower CPU priority so the GUI thread wins the CPU on small
// machines. On Linux the nice value is per thread and inherited by the threads the engine
// starts from here, so the whole job yields to the event loop.
CompareOutcome runNiced(const CompareRequest &request)
{
#ifdef Q_OS_LINUX
    static thread_local bool niced = false;
    if (!niced) {
        setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 10);
        niced = true;
    }
#endif
    return runCompareWork(request);
}
} // namespace

CompareController::CompareController(QObject *parent) : QObject(parent)
{
    // Two threads: a canceled job can finish its current stage while the new one starts.
    m_pool.setMaxThreadCount(2);
    m_pool.setObjectName(QStringLiteral("difflens-compare"));
}

CompareController::~CompareController() { waitForAll(); }

quint64 CompareController::submit(CompareRequest request)
{
    for (Job &job : m_jobs)
        job.cancel->store(true);
    const quint64 gen = ++m_generation;
    auto flag = std::make_shared<std::atomic_bool>(false);
    request.generation = gen;
    request.cancel = flag;
    request.options.job.isCanceled = [flag] { return flag->load(std::memory_order_relaxed); };

    auto *watcher = new QFutureWatcher<CompareOutcome>(this);
    m_jobs.push_back({gen, flag, watcher});
    connect(watcher, &QFutureWatcher<CompareOutcome>::finished, this, [this, gen] { onJobDone(gen); });
    watcher->setFuture(QtConcurrent::run(&m_pool, &runNiced, request));
    setBusy(true);
    Q_EMIT started(gen);
    return gen;
}

void CompareController::cancel()
{
    if (m_jobs.empty())
        return;
    for (Job &job : m_jobs)
        job.cancel->store(true);
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
    setBusy(false);
}

void CompareController::onJobDone(quint64 generation)
{
    for (auto it = m_jobs.begin(); it != m_jobs.end(); ++it) {
        if (it->generation != generation)
            continue;
        QFutureWatcher<CompareOutcome> *watcher = it->watcher;
        const bool current = generation == m_generation && !it->cancel->load();
        m_jobs.erase(it);
        if (current) {
            const CompareOutcome outcome = watcher->result();
            setBusy(false);
            Q_EMIT finished(outcome);
        }
        watcher->deleteLater();
        return;
    }
}

void CompareController::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

} // namespace difflens::ui

// ReviewRunner: the folder review's worker thread and its mailbox (no exception escapes it).
#include "reviewrunner.h"

#include "memoryerror.h"

#include <QTimer>

#include <atomic>
#include <mutex>
#include <system_error>

namespace difflens::ui {

using namespace review;

struct ReviewRunner::Mailbox {
    std::mutex mutex;
    std::vector<PairSummary> pending;
    bool done = false;
    ReviewRunStats stats;
    std::atomic<bool> canceled{false};
    std::map<std::string, PairSummary> previous;
};

ReviewRunner::ReviewRunner(QObject *parent) : QObject(parent), m_timer(new QTimer(this))
{
    m_timer->setInterval(100);
    connect(m_timer, &QTimer::timeout, this, &ReviewRunner::drain);
}

ReviewRunner::~ReviewRunner()
{
    cancel();
    join();
}

void ReviewRunner::start(const QString &baselineRoot, const QString &currentRoot, const ReviewConfig &config,
                         std::map<std::string, PairSummary> previous)
{
    cancel();
    join();
    auto box = std::make_shared<Mailbox>();
    box->previous = std::move(previous);
    m_mailbox = box;
    m_running = true;
    const std::string a = baselineRoot.toStdString(), b = currentRoot.toStdString();
    // Layout auto, as discovery in runReview finds it; an unusable layout is the run's error.
    std::string layoutError;
    if (!resolveLayout(a, b, LayoutRequest(), m_layout, layoutError))
        m_layout = ResolvedLayout{Layout::Folders, a, b, {}, {}, {}, {}, {}};
    auto work = [box, a, b, config] {
        ReviewRunStats stats;
        try {
            ReviewRunOptions opt;
            opt.isCanceled = [box] { return box->canceled.load(); };
            if (!box->previous.empty())
                opt.previous = &box->previous;
            stats = runReview(a, b, config, opt, [box](const PairOutcome &o) {
                std::lock_guard<std::mutex> lock(box->mutex);
                box->pending.push_back(o.summary);
            });
        } catch (...) {
            // Out of memory (or any other failure): the run ends with its reason.
            stats = ReviewRunStats();
            stats.canceled = box->canceled.load();
            bool oom = false;
            const QString reason = describeException(std::current_exception(), &oom);
            stats.error = oom ? "not enough memory to go on; close other work or review fewer pairs at a time"
                              : reason.toStdString();
        }
        std::lock_guard<std::mutex> lock(box->mutex);
        box->stats = stats;
        box->done = true;
    };
    try {
        m_thread = std::thread(work);
    } catch (const std::system_error &) {
        std::lock_guard<std::mutex> lock(box->mutex);
        box->stats.error = "not enough memory to start the review thread; close other work and try again";
        box->done = true;
    }
    m_timer->start();
}

void ReviewRunner::pairFiles(const std::string &relPath, QString &baselinePath, QString &currentPath) const
{
    std::string base, cur;
    pairFilesFor(m_layout, relPath, base, cur);
    baselinePath = QString::fromStdString(base);
    currentPath = QString::fromStdString(cur);
}

void ReviewRunner::cancel()
{
    if (m_mailbox)
        m_mailbox->canceled = true;
}

void ReviewRunner::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

void ReviewRunner::waitForFinished()
{
    join();
    drain();
}

void ReviewRunner::drain()
{
    if (!m_mailbox)
        return;
    std::vector<PairSummary> batch;
    bool done = false;
    ReviewRunStats stats;
    {
        std::lock_guard<std::mutex> lock(m_mailbox->mutex);
        batch.swap(m_mailbox->pending);
        done = m_mailbox->done;
        stats = m_mailbox->stats;
    }
    if (!batch.empty())
        Q_EMIT pairsFinished(batch);
    if (done && m_running) {
        m_timer->stop();
        join();
        m_running = false;
        Q_EMIT finished(stats);
    }
}

} // namespace difflens::ui

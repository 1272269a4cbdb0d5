// Background approvals of the review panel (see reviewapprovals.h).
#include "reviewapprovals.h"

#include <QMetaObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <mutex>

namespace difflens::ui {

using review::ApprovalRecord;

struct ReviewApprovals::Batch {
    struct Outcome {
        std::string relPath;
        bool ok = false;
        ApprovalRecord record;
        std::string error;
    };
    quint64 generation = 0;
    int total = 0;
    bool undo = false;             // one undo (its record in done[0].record)
    std::atomic_bool cancel{false};
    std::atomic_bool ended{false}; // the worker is past its last pair
    std::mutex lock;
    std::vector<Outcome> done;     // not yet drained
};

ReviewApprovals::ReviewApprovals(QObject *parent) : QObject(parent), m_pool(std::make_unique<QThreadPool>())
{
    m_pool->setMaxThreadCount(1); // approvals of one review happen in order, never two at once
}

ReviewApprovals::~ReviewApprovals()
{
    waitForFinished();
}

bool ReviewApprovals::start(std::shared_ptr<review::Approver> approver, std::vector<std::string> relPaths)
{
    if (m_running || !approver || relPaths.empty())
        return false;
    auto batch = std::make_shared<Batch>();
    batch->generation = ++m_generation;
    batch->total = int(relPaths.size());
    m_batch = batch;
    m_running = true;
    m_approved = m_failed = 0;
    Q_EMIT progress(0, batch->total);
    ReviewApprovals *self = this; // alive until the batch ends: the destructor waits for it
    const quint64 gen = batch->generation;
    const std::function<void()> hook = m_workerHook;
    m_future = QtConcurrent::run(m_pool.get(), [self, batch, approver, relPaths, gen, hook] {
        const auto poke = [self, gen] {
            QMetaObject::invokeMethod(self, [self, gen] { self->drain(gen); }, Qt::QueuedConnection);
        };
        for (const std::string &rel : relPaths) {
            if (batch->cancel.load())
                break;
            Batch::Outcome o;
            o.relPath = rel;
            if (hook)
                hook();
            try {
                o.ok = approver->approve(rel, o.record, o.error);
            } catch (const std::exception &e) {
                o.ok = false;
                o.error = e.what();
            }
            {
                std::lock_guard<std::mutex> g(batch->lock);
                batch->done.push_back(std::move(o));
            }
            if (&rel != &relPaths.back())
                poke();
        }
        batch->ended.store(true);
        poke();
    });
    return true;
}

bool ReviewApprovals::startUndo(std::shared_ptr<review::Approver> approver, ApprovalRecord record)
{
    if (m_running || !approver)
        return false;
    auto batch = std::make_shared<Batch>();
    batch->generation = ++m_generation;
    batch->total = 1;
    batch->undo = true;
    m_batch = batch;
    m_running = true;
    m_approved = m_failed = 0;
    Q_EMIT progress(0, 1);
    ReviewApprovals *self = this; // alive until the undo ends: the destructor waits for it
    const quint64 gen = batch->generation;
    const std::function<void()> hook = m_workerHook;
    m_future = QtConcurrent::run(m_pool.get(), [self, batch, approver, record, gen, hook] {
        Batch::Outcome o;
        o.relPath = record.relPath;
        o.record = record;
        if (hook)
            hook();
        try {
            o.ok = approver->undo(record, o.error);
        } catch (const std::exception &e) {
            o.ok = false;
            o.error = e.what();
        }
        {
            std::lock_guard<std::mutex> g(batch->lock);
            batch->done.push_back(std::move(o));
        }
        batch->ended.store(true);
        QMetaObject::invokeMethod(self, [self, gen] { self->drain(gen); }, Qt::QueuedConnection);
    });
    return true;
}

void ReviewApprovals::drain(quint64 generation)
{
    const std::shared_ptr<Batch> batch = m_batch;
    if (!batch || batch->generation != generation || !m_running)
        return; // a late poke of a batch already delivered
    if (batch->undo && !batch->ended.load())
        return;
    std::vector<Batch::Outcome> outcomes;
    {
        std::lock_guard<std::mutex> g(batch->lock);
        outcomes.swap(batch->done);
    }
    if (batch->undo) {
        m_running = false;
        Q_EMIT progress(0, 0);
        for (const Batch::Outcome &o : outcomes) {
            if (o.ok)
                Q_EMIT undone(o.record);
            else
                Q_EMIT undoFailed(o.record, QString::fromStdString(o.error));
        }
        return;
    }
    for (const Batch::Outcome &o : outcomes) {
        if (o.ok) {
            ++m_approved;
            Q_EMIT approved(o.record);
        } else {
            ++m_failed;
            Q_EMIT failed(QString::fromStdString(o.relPath), QString::fromStdString(o.error));
        }
    }
    Q_EMIT progress(m_approved + m_failed, batch->total);
    if (batch->ended.load() && batch->done.empty()) {
        m_running = false;
        Q_EMIT progress(0, 0);
        Q_EMIT finished(m_approved, m_failed);
    }
}

void ReviewApprovals::waitForFinished()
{
    if (!m_running)
        return;
    m_future.waitForFinished();
    drain(m_generation);
}

void ReviewApprovals::cancel()
{
    if (m_running && m_batch)
        m_batch->cancel.store(true);
}

} // namespace difflens::ui

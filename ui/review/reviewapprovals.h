#pragma once
// Runs approvals (review::Approver: backup, fsync'd copy, rename) and their undo off the
// GUI thread, one batch (or one undo) at a time, in order. The worker appends each pair's outcome to a locked list and
// pokes the GUI thread, which drains the list and emits approved/failed/progress; each
// poke carries its batch's generation, so a late poke never drains another batch.
#include "difflens/compare/review/approve.h"

#include <QFuture>
#include <QObject>

#include <functional>

#include <memory>
#include <string>
#include <vector>

class QThreadPool;

namespace difflens::ui {

class ReviewApprovals : public QObject {
    Q_OBJECT
public:
    explicit ReviewApprovals(QObject *parent = nullptr);
    ~ReviewApprovals() override; // waits for the running batch (its outcomes are delivered)

    // Starts approving relPaths with `approver`; false when a batch is still running.
    bool start(std::shared_ptr<review::Approver> approver, std::vector<std::string> relPaths);
    bool isRunning() const { return m_running; }
    // Undoes one approval (Approver::undo: the backup copied back, atomically) on the same
    // worker; undone or undoFailed follows (not finished). False while a batch or undo runs.
    bool startUndo(std::shared_ptr<review::Approver> approver, review::ApprovalRecord record);
    // Waits for the running batch and delivers its outcomes (the copies are never cut short
    // halfway: a pair either is approved or is left as it was).
    void waitForFinished();
    // Stops after the pair being copied (the rest are not approved); what was done is still
    // delivered (as it arrives, or by waitForFinished()).
    void cancel();
    // Tests: called on the worker thread before each pair's approval or undo.
    void setWorkerHook(std::function<void()> hook) { m_workerHook = std::move(hook); }

Q_SIGNALS:
    void progress(int done, int total);
    void approved(const difflens::review::ApprovalRecord &record);
    void failed(const QString &relPath, const QString &error);
    void finished(int approvedCount, int failedCount);
    void undone(const difflens::review::ApprovalRecord &record);
    void undoFailed(const difflens::review::ApprovalRecord &record, const QString &error);

private:
    struct Batch;
    void drain(quint64 generation);

    std::unique_ptr<QThreadPool> m_pool;
    std::shared_ptr<Batch> m_batch;
    QFuture<void> m_future;
    quint64 m_generation = 0;
    bool m_running = false;
    int m_approved = 0, m_failed = 0;
    std::function<void()> m_workerHook;
};

} // namespace difflens::ui

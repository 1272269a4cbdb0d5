#pragma once
// Runs the background jobs of the open comparison on thread pools:
//  - the comparison's critical path to the first paint (difflens/compare/comparison.h
//    runComparison: decode or stream, the exact result) on a normal-priority pool;
//  - its stages 3-4 (continueComparison: heatmap, SSIM, FLIP; previews), the layered
//    route's full-resolution pass and report exports on a low-priority pool, so they never
//    slow the GUI thread or the next comparison.
// Each stage's snapshot is turned into the views' ViewData on the worker (comparisonviews.h)
// and posted to the GUI thread.
// Every submit() cancels the previous comparison (its shared atomic flag, polled by the
// engine); what a canceled comparison posts is dropped. Report exports are not canceled by
// a new comparison. The controller is the single owner of all futures and waits for every
// one of them in its destructor, so closing the window while a job runs is safe.
// Every job runs guarded: an exception in a worker (std::bad_alloc above all) becomes that
// job's error on the worker thread (runComparison's snapshot; runGuarded, memoryerror.h,
// for an export); what posting it throws ends the job; nothing is rethrown on the GUI
// thread. The pools' threads are started once, with the controller, and never expire:
// QThreadPool loses a task whose thread cannot be created (no memory for its stack), so no
// thread is created later, when memory may be short. When even that start fails, every job
// at once ends with an out-of-memory error instead of running.
#include "comparisonviews.h"
#include "reportexport.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>

#include <functional>
#include <list>
#include <memory>

namespace difflens::ui {

class CompareController : public QObject {
    Q_OBJECT
public:
    explicit CompareController(QObject *parent = nullptr);
    ~CompareController() override;

    // Starts `request` (its cancel flag is filled in). Its stages arrive as stageReady, with
    // layers in `colours`; a layered comparison whose full resolution is pending goes on with
    // that pass (its snapshot comes as one more stage: fullResolutionPass). A layered
    // comparison's exact pass fills `firstPassLayers` (LayerStore::setFirstPassLayers, set on
    // the comparing thread as its store opens), the full-resolution pass the others.
    void submit(ComparisonRequest request, const LayerColours &colours, LayerSet firstPassLayers = kAllLayers);
    // Starts a PDF export; returns its id (reportStarted/reportFinished carry it).
    quint64 exportReport(ReportExportRequest request);
    // Drops `payload` on a background thread: freeing the buffers of a replaced result
    // (hundreds of MiB for large frames) must not stall the GUI thread.
    void releaseLater(std::shared_ptr<const void> payload);
    void cancel();             // cancels the current comparison (its stages are dropped)
    void waitForAll();         // cancels and blocks until no job is running
    bool isBusy() const { return m_busy; }
    bool isExporting() const;
    int runningJobs() const { return int(m_jobs.size()); }
    QThreadPool *backgroundPool() { return m_background.get(); }

Q_SIGNALS:
    void started();
    // A stage of the current comparison: views->result is the comparison snapshot.
    void stageReady(const difflens::ui::ViewDataPtr &views);
    void canceled();
    void busyChanged(bool busy);
    void reportStarted(quint64 id, const QString &path);
    void reportFinished(const difflens::ui::ReportExportOutcome &outcome);

private:
    enum class Kind { Compare, Report };
    struct Job {
        Kind kind;
        quint64 id;            // the export's (0 for a comparison)
        std::shared_ptr<std::atomic_bool> cancel;
        QFutureWatcher<void> *watcher;
    };
    // Starts a job's tasks (`start`), or calls `fail` at once when no thread could be started;
    // both post their results themselves (post()).
    void launch(Kind kind, quint64 id, const std::shared_ptr<std::atomic_bool> &cancel,
                const std::function<QFuture<void>()> &start, const std::function<void()> &fail);
    // Runs `deliver` on the GUI thread (queued); the controller outlives every job.
    void post(std::function<void()> deliver);
    void deliverStage(const std::atomic_bool &canceled, const ViewDataPtr &views);
    bool takeJob(QFutureWatcherBase *watcher);
    bool cancelComparisons(); // sets the flags of the running comparisons; false when none
    void setBusy(bool busy);

    // Owned; leaked instead of destroyed when a thread could not start (the destructor of a
    // pool that lost a task waits forever).
    std::unique_ptr<QThreadPool> m_pool, m_background;
    std::list<Job> m_jobs;
    quint64 m_exports = 0;
    bool m_busy = false;
    bool m_threadsOk = false; // every pool thread started (else jobs fail at once, see above)
};

} // namespace difflens::ui

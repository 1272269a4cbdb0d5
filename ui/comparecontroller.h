#pragma once
// Runs the background jobs of the open comparison on thread pools:
//  - the comparison itself (decode + pixel comparison, the critical path to the first
//    paint) on a normal-priority pool;
//  - the follow-up layers job (heatmap, mask, SSIM, previews) and report exports on a
//    low-priority pool, so they never slow the GUI thread or the next comparison.
// Every submit() gets a new generation number and cancels the previous comparison and its
// layers (shared atomic flags polled by the engine); results of stale generations are
// dropped. Report exports are independent of generations. The controller is the single owner
// of all futures and waits for every one of them in its destructor, so closing the window
// while a job runs is safe.
// Every job runs guarded (memoryerror.h): an exception in a worker (std::bad_alloc above
// all) becomes that job's error outcome on the worker thread; nothing is rethrown on the
// GUI thread. The pools' threads are started once, with the controller, and never expire:
// QThreadPool loses a task whose thread cannot be created (no memory for its stack), so no
// thread is created later, when memory may be short. When even that start fails, every job
// at once ends with an out-of-memory error instead of running.
#include "compareworker.h"
#include "layeredwork.h"
#include "layersworker.h"
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

    // Starts `request` (generation and cancel flag are filled in); returns its generation.
    quint64 submit(CompareRequest request);
    // Starts the follow-up layers of generation request.generation; ignored when stale.
    void submitLayers(LayersRequest request);
    // Starts a layered comparison (layeredwork.h) like submit(): layeredOpened when both
    // files are open and the rows start to stream, layeredFinished with the exact result.
    quint64 submitLayered(LayeredRequest request);
    // Starts the full-resolution pass of generation request.generation on the low-priority
    // pool; ignored when stale.
    void submitFullResolution(FullResolutionRequest request);
    // Starts a PDF export; returns its id (reportStarted/reportFinished carry it).
    quint64 exportReport(ReportExportRequest request);
    // Drops `payload` on a background thread: freeing the buffers of a replaced result
    // (hundreds of MiB for large frames) must not stall the GUI thread.
    void releaseLater(std::shared_ptr<const void> payload);
    void cancel();             // cancels the current comparison and its layers (results dropped)
    void waitForAll();         // cancels and blocks until no job is running
    bool isBusy() const { return m_busy; }
    bool isExporting() const;
    quint64 generation() const { return m_generation; }
    int runningJobs() const { return int(m_jobs.size()); }
    QThreadPool *pool() { return m_pool.get(); }
    QThreadPool *backgroundPool() { return m_background.get(); }
    bool threadsStarted() const { return m_threadsOk; }

Q_SIGNALS:
    void started(quint64 generation);
    void finished(const difflens::ui::CompareOutcome &outcome); // current generation only
    void layersFinished(const difflens::ui::LayersOutcome &outcome); // current generation only
    void layeredOpened(quint64 generation, const difflens::ImageInfo &a, const difflens::ImageInfo &b,
                       const std::shared_ptr<difflens::LayerStore> &store);
    void layeredFinished(const difflens::ui::LayeredOutcome &outcome);        // current generation only
    void fullResolutionFinished(const difflens::ui::FullResolutionOutcome &outcome); // current only
    void canceled(quint64 generation);
    void busyChanged(bool busy);
    void reportStarted(quint64 id, const QString &path);
    void reportFinished(const difflens::ui::ReportExportOutcome &outcome);

private:
    enum class Kind { Compare, Layers, Report };
    struct Job {
        Kind kind;
        quint64 generation;    // comparison generation, or the export id
        std::shared_ptr<std::atomic_bool> cancel;
        QFutureWatcherBase *watcher;
    };
    template <typename Out, typename In>
    void launch(QThreadPool *pool, Kind kind, quint64 generation,
                const std::shared_ptr<std::atomic_bool> &cancel, Out (*work)(const In &),
                Out (*fail)(const In &, const QString &, bool), const In &input,
                std::function<void(const Out &)> deliver);
    bool takeJob(QFutureWatcherBase *watcher, bool *current);
    // Cancels the running comparison and its layers; gives `request` the next generation and
    // a fresh cancel flag (also polled by the engine through options.job.isCanceled).
    template <typename Request> quint64 newGeneration(Request &request);
    void setBusy(bool busy);

    // Owned; leaked instead of destroyed when a thread could not start (the destructor of a
    // pool that lost a task waits forever).
    std::unique_ptr<QThreadPool> m_pool, m_background;
    std::list<Job> m_jobs;
    quint64 m_generation = 0;
    quint64 m_exports = 0;
    bool m_busy = false;
    bool m_threadsOk = false; // every pool thread started (else jobs fail at once, see above)
};

} // namespace difflens::ui

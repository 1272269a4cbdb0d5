#pragma once
// Runs comparison jobs on a dedicated QThreadPool. Every submit() gets a new generation
// number and cancels the previous job (shared atomic flag polled by the engine through
// JobOptions::isCanceled); results of stale generations are dropped. The controller is the
// single owner of all futures and waits for every one of them in its destructor, so closing
// the window while a job runs is safe.
#include "compareworker.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>

#include <list>

namespace difflens::ui {

class CompareController : public QObject {
    Q_OBJECT
public:
    explicit CompareController(QObject *parent = nullptr);
    ~CompareController() override;

    // Starts `request` (generation and cancel flag are filled in); returns its generation.
    quint64 submit(CompareRequest request);
    void cancel();             // cancels the current job (its result is dropped)
    void waitForAll();         // cancels and blocks until no job is running
    bool isBusy() const { return m_busy; }
    quint64 generation() const { return m_generation; }
    int runningJobs() const { return int(m_jobs.size()); }
    QThreadPool *pool() { return &m_pool; }

Q_SIGNALS:
    void started(quint64 generation);
    void finished(const difflens::ui::CompareOutcome &outcome); // current generation only
    void canceled(quint64 generation);
    void busyChanged(bool busy);

private:
    struct Job {
        quint64 generation;
        std::shared_ptr<std::atomic_bool> cancel;
        QFutureWatcher<CompareOutcome> *watcher;
    };
    void onJobDone(quint64 generation);
    void setBusy(bool busy);

    QThreadPool m_pool;
    std::list<Job> m_jobs;
    quint64 m_generation = 0;
    bool m_busy = false;
};

} // namespace difflens::ui

#pragma once
// Runs a folder review off the GUI thread. The worker threads hand finished summaries to a
// locked mailbox; a GUI-thread timer drains it in batches, so thousands of results never
// flood the event loop and no QObject is touched from another thread.
#include "difflens/compare/review/runner.h"

#include <QObject>

#include <map>
#include <memory>
#include <thread>
#include <vector>

class QTimer;

namespace difflens::ui {

class ReviewRunner : public QObject {
    Q_OBJECT
public:
    explicit ReviewRunner(QObject *parent = nullptr);
    ~ReviewRunner() override; // cancels and joins

    // previous: summaries of a resumed session (unchanged pairs are reused).
    void start(const QString &baselineRoot, const QString &currentRoot, const review::ReviewConfig &config,
               std::map<std::string, review::PairSummary> previous);
    void cancel();
    bool isRunning() const { return m_running; }
    void waitForFinished(); // blocks (tests)

Q_SIGNALS:
    void pairsFinished(const std::vector<difflens::review::PairSummary> &batch);
    void finished(const difflens::review::ReviewRunStats &stats);

private:
    struct Mailbox;
    void drain();
    void join();

    std::shared_ptr<Mailbox> m_mailbox;
    std::thread m_thread;
    QTimer *m_timer;
    bool m_running = false;
};

} // namespace difflens::ui

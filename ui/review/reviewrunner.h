#pragma once
// Runs a folder review off the GUI thread. The worker threads hand finished summaries to a
// locked mailbox; a GUI-thread timer drains it in batches, so thousands of results never
// flood the event loop and no QObject is touched from another thread. The roots may hold a
// test-runner layout (review/layout.h): discovery finds it (layout auto), and layout() /
// pairFiles() tell which files a pair's name stands for.
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

    // The layout the roots of the last start() hold (Folders for plain folders).
    const review::ResolvedLayout &layout() const { return m_layout; }
    // The baseline and current files of the pair named relPath ("" where a side is absent).
    void pairFiles(const std::string &relPath, QString &baselinePath, QString &currentPath) const;

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
    review::ResolvedLayout m_layout;
};

} // namespace difflens::ui

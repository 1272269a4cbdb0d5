#pragma once
// The folder review logic behind the panel: runs the comparison, keeps the session
// (results, decisions, notes), approves/flags/undoes, navigates failures, and opens the
// selected pair in the compare views through an opener callback.
#include "difflens/compare/review/approve.h"
#include "difflens/compare/review/config.h"
#include "difflens/compare/review/session.h"

#include <QObject>

#include <functional>
#include <memory>
#include <vector>

class QModelIndex;

namespace difflens::ui {

class ReviewFilterProxy;
class ReviewPanel;
class ReviewRunner;
class ReviewTableModel;

class ReviewController : public QObject {
    Q_OBJECT
public:
    // Opens a pair in the compare views; an empty path means that side is absent.
    using PairOpener = std::function<void(const QString &baselinePath, const QString &currentPath)>;

    ReviewController(ReviewPanel *panel, QObject *parent = nullptr);
    ~ReviewController() override;

    void setPairOpener(PairOpener opener) { m_opener = std::move(opener); }
    void setConfirmBulkApproval(bool on) { m_confirmBulk = on; }

    bool openFolders(const QString &baseline, const QString &current);
    bool openSession(const QString &path);   // then continues the run (unchanged pairs reused)
    bool saveSession(const QString &path);
    void rerun();
    void waitForRun();                        // tests

    // Actions on the selected rows (view order).
    int approveSelected();
    int approveAllFiltered();                 // asks first when confirmation is on
    void toggleFlagSelected();
    bool undoLastApproval();
    void selectNextFailure(int direction);    // +1 next, -1 previous (wraps)

    ReviewTableModel *model() const { return m_model; }
    ReviewFilterProxy *proxy() const { return m_proxy; }
    const review::ReviewSession &session() const { return m_session; }
    QString baselineRoot() const { return m_baseline; }
    QString currentRoot() const { return m_current; }
    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    void message(const QString &text);
    void runFinished();

private:
    void startRun();
    void onPairs(const std::vector<review::PairSummary> &batch);
    void onCurrentChanged(const QModelIndex &current);
    void onNoteEdited();
    void refreshSummary();
    void updateDetails(int row);
    bool approveRow(int sourceRow);
    std::vector<int> selectedSourceRows() const;
    int currentSourceRow() const;
    void fail(const QString &text);

    ReviewPanel *m_panel;
    ReviewTableModel *m_model;
    ReviewFilterProxy *m_proxy;
    ReviewRunner *m_runner;
    review::ReviewSession m_session;
    review::ReviewConfig m_config;
    std::unique_ptr<review::Approver> m_approver;
    std::vector<review::ApprovalRecord> m_undo;
    QString m_baseline, m_current, m_lastError;
    PairOpener m_opener;
    bool m_confirmBulk = true;
    bool m_loadingNote = false;
};

} // namespace difflens::ui

#pragma once
// The folder review logic behind the panel: runs the comparison, owns the session (results,
// decisions, notes: the one copy; the table model is a view of it), keeps it saved as it
// changes (ReviewAutosave), approves in the background (ReviewApprovals)/flags/undoes,
// navigates failures, and opens the selected pair in the compare views through an opener.
#include "difflens/compare/review/approve.h"
#include "difflens/compare/review/config.h"
#include "difflens/compare/review/session.h"

#include <QObject>

#include <functional>
#include <memory>
#include <vector>

class QModelIndex;

namespace difflens::ui {

class ReviewApprovals;
class ReviewAutosave;
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
    // Asked when the folders opened have an autosave with decisions or notes: true restores
    // it, false starts over (the old autosave is kept as <autosave>.previous). Default: a
    // message box. Tests inject the answer.
    using RestorePrompt = std::function<bool(const QString &autosavePath, int decided)>;
    void setRestorePrompt(RestorePrompt prompt) { m_restorePrompt = std::move(prompt); }
    // Passed to every Approver (tests: hold or fail an approval at a stage).
    void setApprovalHook(review::Approver::FaultHook hook);

    bool openFolders(const QString &baseline, const QString &current);
    bool openSession(const QString &path);   // then continues the run (unchanged pairs reused)
    // Saves to `path`; later changes are saved there too (and the baseline's autosave goes).
    bool saveSession(const QString &path);
    QString sessionFile() const { return m_sessionFile; }
    QString autosaveTarget() const;           // where the next change is written
    void rerun();
    void waitForRun();                        // tests
    void waitForApprovals();                  // blocks until the running approvals are done

    // Actions on the selected rows (view order). Approvals start in the background and
    // return the number of pairs queued (0 while an earlier batch still runs);
    // approvalsFinished follows.
    int approveSelected();
    int approveAllFiltered();                 // asks first when confirmation is on
    bool isApproving() const;
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
    void approvalsFinished(int approved, int failed);

private:
    void startRun();
    // The one place the session changes: each keeps the table in step.
    void replaceSession(review::ReviewSession session);
    bool setDecision(const std::string &relPath, review::Decision d, bool saveNow = true); // false: unchanged
    void setNote(const std::string &relPath, const std::string &note);
    void onPairs(const std::vector<review::PairSummary> &batch);
    void onCurrentChanged(const QModelIndex &current);
    void onNoteEdited();
    void refreshSummary();
    void updateDetails(int row);
    bool approvable(int sourceRow) const;
    int startApprovals(const std::vector<int> &sourceRows);
    void onApprovalsFinished(int approved, int failed);
    void updateActions();
    review::ReviewSession restoredOrFresh(const QString &baseline, const QString &current);
    std::vector<int> selectedSourceRows() const;
    int currentSourceRow() const;
    void fail(const QString &text);

    ReviewPanel *m_panel;
    ReviewTableModel *m_model;
    ReviewFilterProxy *m_proxy;
    ReviewRunner *m_runner;
    review::ReviewSession m_session;
    review::ReviewConfig m_config;
    ReviewAutosave *m_autosave;
    ReviewApprovals *m_approvals;
    std::shared_ptr<review::Approver> m_approver;
    review::Approver::FaultHook m_approvalHook;
    std::vector<review::ApprovalRecord> m_undo;
    QString m_baseline, m_current, m_lastError, m_sessionFile;
    PairOpener m_opener;
    RestorePrompt m_restorePrompt;
    bool m_confirmBulk = true;
    bool m_loadingNote = false;
};

} // namespace difflens::ui

#pragma once
// The review panel: actions, filters, the summary bar, the pair table and the note editor.
// Pure view: the ReviewController owns the model and does the work.
#include <QWidget>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QToolBar;

namespace difflens::ui {

class ReviewSummaryBar;
class ReviewTableView;

class ReviewPanel : public QWidget {
    Q_OBJECT
public:
    explicit ReviewPanel(QWidget *parent = nullptr);

    ReviewTableView *table() const { return m_table; }
    ReviewSummaryBar *summaryBar() const { return m_summary; }
    QCheckBox *failuresOnlyBox() const { return m_failuresOnly; }
    QLineEdit *searchEdit() const { return m_search; }
    QPlainTextEdit *noteEdit() const { return m_note; }
    QLabel *detailsLabel() const { return m_details; }

    QAction *openFoldersAction() const { return m_openFolders; }
    QAction *openSessionAction() const { return m_openSession; }
    QAction *saveSessionAction() const { return m_saveSession; }
    QAction *rerunAction() const { return m_rerun; }
    QAction *stopAction() const { return m_stop; }
    QAction *approveAction() const { return m_approve; }
    QAction *flagAction() const { return m_flag; }
    QAction *undoAction() const { return m_undo; }
    QAction *approveAllAction() const { return m_approveAll; }

    void setRoots(const QString &baseline, const QString &current);
    // Progress of the approvals running in the background; total 0 hides the bar.
    void setApprovalProgress(int done, int total);
    QProgressBar *approvalProgress() const { return m_approvalProgress; }

private:
    QToolBar *m_bar;
    QLabel *m_roots;
    ReviewTableView *m_table;
    ReviewSummaryBar *m_summary;
    QCheckBox *m_failuresOnly;
    QLineEdit *m_search;
    QPlainTextEdit *m_note;
    QLabel *m_details;
    QProgressBar *m_approvalProgress;
    QAction *m_openFolders, *m_openSession, *m_saveSession, *m_rerun, *m_stop;
    QAction *m_approve, *m_flag, *m_undo, *m_approveAll;
};

} // namespace difflens::ui

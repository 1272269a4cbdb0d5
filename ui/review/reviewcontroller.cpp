#include "reviewcontroller.h"

#include "reviewapprovals.h"
#include "reviewautosave.h"
#include "reviewfilterproxy.h"
#include "reviewpanel.h"
#include "reviewrunner.h"
#include "reviewsummarybar.h"
#include "reviewtablemodel.h"
#include "reviewtableview.h"

#include "difflens/compare/review/junit.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>

#include <algorithm>

namespace difflens::ui {

using namespace review;

ReviewController::ReviewController(ReviewPanel *panel, QObject *parent)
    : QObject(parent), m_panel(panel), m_model(new ReviewTableModel(this)), m_proxy(new ReviewFilterProxy(this)),
      m_runner(new ReviewRunner(this)), m_autosave(new ReviewAutosave(this)), m_approvals(new ReviewApprovals(this))
{
    m_model->setSession(&m_session);
    m_proxy->setSourceModel(m_model);
    ReviewTableView *table = panel->table();
    table->setModel(m_proxy);
    table->sortByColumn(ReviewTableModel::NameColumn, Qt::AscendingOrder);
    QHeaderView *h = table->horizontalHeader();
    h->setSectionResizeMode(QHeaderView::Interactive);
    h->setSectionResizeMode(ReviewTableModel::NameColumn, QHeaderView::Stretch);
    h->resizeSection(ReviewTableModel::StatusColumn, 140);
    for (int c : {ReviewTableModel::MismatchColumn, ReviewTableModel::SsimColumn, ReviewTableModel::FlipColumn,
                  ReviewTableModel::ShiftColumn, ReviewTableModel::RegionsColumn})
        h->resizeSection(c, 80);
    h->resizeSection(ReviewTableModel::SizeColumn, 120);
    h->resizeSection(ReviewTableModel::DecisionColumn, 100);

    connect(m_runner, &ReviewRunner::pairsFinished, this, &ReviewController::onPairs);
    connect(m_runner, &ReviewRunner::finished, this, [this](const ReviewRunStats &stats) {
        if (!stats.ok)
            fail(tr("Review failed: %1").arg(QString::fromStdString(stats.error)));
        else
            Q_EMIT message(tr("Review: %1 in %2 s (%3 reused)")
                               .arg(QString::fromStdString(stats.counts.toText()))
                               .arg(stats.elapsedMs / 1000.0, 0, 'f', 1)
                               .arg(stats.reused));
        refreshSummary();
        Q_EMIT runFinished();
    });
    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });
    connect(table, &ReviewTableView::nextFailureRequested, this, [this] { selectNextFailure(+1); });
    connect(table, &ReviewTableView::previousFailureRequested, this, [this] { selectNextFailure(-1); });
    connect(table, &ReviewTableView::approveRequested, this, &ReviewController::approveSelected);
    connect(table, &ReviewTableView::flagRequested, this, &ReviewController::toggleFlagSelected);
    connect(table, &ReviewTableView::undoRequested, this, &ReviewController::undoLastApproval);
    connect(panel->approveAction(), &QAction::triggered, this, &ReviewController::approveSelected);
    connect(panel->flagAction(), &QAction::triggered, this, &ReviewController::toggleFlagSelected);
    connect(panel->undoAction(), &QAction::triggered, this, &ReviewController::undoLastApproval);
    connect(panel->approveAllAction(), &QAction::triggered, this, &ReviewController::approveAllFiltered);
    connect(panel->rerunAction(), &QAction::triggered, this, &ReviewController::rerun);
    connect(panel->stopAction(), &QAction::triggered, m_runner, &ReviewRunner::cancel);
    connect(panel->failuresOnlyBox(), &QCheckBox::toggled, m_proxy, &ReviewFilterProxy::setFailuresOnly);
    connect(panel->searchEdit(), &QLineEdit::textChanged, m_proxy, &ReviewFilterProxy::setText);
    connect(panel->noteEdit(), &QPlainTextEdit::textChanged, this, &ReviewController::onNoteEdited);
    connect(m_autosave, &ReviewAutosave::saveFailed, this, &ReviewController::fail);
    connect(m_approvals, &ReviewApprovals::progress, panel, &ReviewPanel::setApprovalProgress);
    connect(m_approvals, &ReviewApprovals::approved, this, [this](const ApprovalRecord &rec) {
        m_undo.push_back(rec);
        setDecision(rec.relPath, Decision::Approved, false);
        m_autosave->saveSoon();
    });
    connect(m_approvals, &ReviewApprovals::failed, this, [this](const QString &rel, const QString &error) {
        fail(tr("Cannot approve %1: %2").arg(rel, error));
    });
    connect(m_approvals, &ReviewApprovals::finished, this, &ReviewController::onApprovalsFinished);
    connect(m_approvals, &ReviewApprovals::undone, this, [this](const ApprovalRecord &rec) {
        if (!m_undo.empty() && m_undo.back().relPath == rec.relPath)
            m_undo.pop_back();
        setDecision(rec.relPath, Decision::None);
        Q_EMIT message(tr("Restored the baseline of %1").arg(QString::fromStdString(rec.relPath)));
        refreshSummary();
    });
    connect(m_approvals, &ReviewApprovals::undoFailed, this, [this](const ApprovalRecord &rec, const QString &error) {
        fail(tr("Cannot undo %1: %2").arg(QString::fromStdString(rec.relPath), error));
        refreshSummary();
    });
    m_autosave->setSession(&m_session, QString());
    refreshSummary();
}

ReviewController::~ReviewController()
{
    // Nothing the user did is dropped: approvals being copied are finished and recorded,
    // then the pending note is written. The session goes before the children do. The panel
    // and the window's status bar may be gone already: nothing is shown from here on.
    blockSignals(true);
    disconnect(m_approvals, &ReviewApprovals::progress, nullptr, nullptr);
    disconnect(m_approvals, &ReviewApprovals::failed, this, nullptr);
    disconnect(m_approvals, &ReviewApprovals::finished, this, nullptr);
    disconnect(m_approvals, &ReviewApprovals::undone, this, nullptr);
    disconnect(m_approvals, &ReviewApprovals::undoFailed, this, nullptr);
    m_approvals->waitForFinished();
    m_autosave->setSession(nullptr, QString());
    m_model->setSession(nullptr);
}

void ReviewController::setApprovalHook(Approver::FaultHook hook)
{
    m_approvalHook = std::move(hook);
    if (m_approver && !m_approvals->isRunning())
        m_approver->setFaultHook(m_approvalHook);
}

QString ReviewController::autosaveTarget() const
{
    return m_autosave->target();
}

bool ReviewController::isApproving() const
{
    return m_approvals->isRunning();
}

void ReviewController::waitForApprovals()
{
    m_approvals->waitForFinished();
}

void ReviewController::fail(const QString &text)
{
    m_lastError = text;
    Q_EMIT message(text);
}

bool ReviewController::openFolders(const QString &baseline, const QString &current)
{
    if (!QDir(baseline).exists() || !QDir(current).exists()) {
        fail(tr("Not a folder: %1").arg(QDir(baseline).exists() ? current : baseline));
        return false;
    }
    m_runner->cancel();
    m_runner->waitForFinished();
    m_approvals->waitForFinished(); // recorded (and saved) in the review they belong to
    m_autosave->flush();
    m_undo.clear();
    m_sessionFile.clear();
    m_baseline = QDir::cleanPath(baseline);
    m_current = QDir::cleanPath(current);
    replaceSession(restoredOrFresh(m_baseline, m_current));
    startRun();
    return true;
}

ReviewSession ReviewController::restoredOrFresh(const QString &baseline, const QString &current)
{
    ReviewSession fresh;
    fresh.baselineRoot = baseline.toStdString();
    fresh.currentRoot = current.toStdString();
    const QString path = ReviewAutosave::pathFor(baseline);
    if (!QFile::exists(path))
        return fresh;
    ReviewSession saved;
    std::string error;
    if (!saved.load(path.toStdString(), error)) {
        fail(tr("The review autosave %1 could not be read (%2); it is kept as %3")
                 .arg(QDir::toNativeSeparators(path), QString::fromStdString(error),
                      QString::fromLatin1(ReviewAutosave::fileName()) + QStringLiteral(".previous")));
    } else {
        const int decided = ReviewAutosave::userWork(saved);
        if (decided == 0)
            return fresh;
        const bool restore =
            m_restorePrompt ? m_restorePrompt(path, decided)
                            : QMessageBox::question(
                                  m_panel, tr("Restore Review"),
                                  tr("This baseline has an autosaved review (%n pair(s) with a decision or note).\n\n"
                                     "Restore it? Otherwise it is kept as %1 and this review starts over.",
                                     nullptr, decided)
                                      .arg(QString::fromLatin1(ReviewAutosave::fileName()) +
                                           QStringLiteral(".previous")),
                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes) == QMessageBox::Yes;
        if (restore) {
            saved.baselineRoot = fresh.baselineRoot; // pairs whose files changed lose their decision
            saved.currentRoot = fresh.currentRoot;
            Q_EMIT message(tr("Review restored from its autosave: %n pair(s) with a decision or note", nullptr, decided));
            return saved;
        }
    }
    const QString previous = path + QStringLiteral(".previous");
    QFile::remove(previous);
    if (!QFile::rename(path, previous))
        fail(tr("The review autosave %1 could not be moved aside; the next change replaces it")
                 .arg(QDir::toNativeSeparators(path)));
    return fresh;
}

void ReviewController::startRun()
{
    std::string error;
    if (!m_config.loadFromRoot(m_session.baselineRoot, error)) {
        fail(QString::fromStdString(error));
        m_config = ReviewConfig();
    }
    m_approver = std::make_shared<Approver>(m_session.baselineRoot, m_session.currentRoot);
    if (m_approvalHook)
        m_approver->setFaultHook(m_approvalHook);
    m_panel->setRoots(m_baseline, m_current);
    m_runner->start(m_baseline, m_current, m_config, m_session.summaries());
    refreshSummary();
}

void ReviewController::rerun()
{
    if (m_baseline.isEmpty())
        return;
    m_runner->cancel();
    m_runner->waitForFinished();
    startRun();
}

void ReviewController::waitForRun()
{
    m_runner->waitForFinished();
}

bool ReviewController::openSession(const QString &path)
{
    ReviewSession s;
    std::string error;
    if (!s.load(path.toStdString(), error)) {
        fail(QString::fromStdString(error));
        return false;
    }
    m_runner->cancel();
    m_runner->waitForFinished();
    m_approvals->waitForFinished();
    m_autosave->flush();
    m_baseline = QString::fromStdString(s.baselineRoot);
    m_current = QString::fromStdString(s.currentRoot);
    m_undo.clear();
    m_sessionFile = path;
    replaceSession(std::move(s));
    if (QDir(m_baseline).exists() && QDir(m_current).exists())
        startRun(); // continue: only new or changed pairs are compared
    else
        Q_EMIT message(tr("Session opened; its folders are not available, results shown as saved"));
    refreshSummary();
    return true;
}

bool ReviewController::saveSession(const QString &path)
{
    std::string error;
    if (!m_session.save(path.toStdString(), error)) {
        fail(QString::fromStdString(error));
        return false;
    }
    // From now on changes go to this file; the baseline's autosave is no longer needed.
    const QString autosave = m_baseline.isEmpty() ? QString() : ReviewAutosave::pathFor(m_baseline);
    m_sessionFile = path;
    m_autosave->setSession(&m_session, path);
    if (!autosave.isEmpty() && QFileInfo(autosave) != QFileInfo(path))
        QFile::remove(autosave);
    Q_EMIT message(tr("Review session saved to %1").arg(path));
    return true;
}

void ReviewController::replaceSession(ReviewSession session)
{
    m_autosave->setSession(nullptr, QString()); // flushes the outgoing session
    m_model->setSession(nullptr);               // the model points into the entries being replaced
    m_session = std::move(session);
    m_model->setSession(&m_session);
    m_autosave->setSession(&m_session, m_sessionFile);
}

bool ReviewController::setDecision(const std::string &relPath, Decision d, bool saveNow)
{
    ReviewEntry *e = m_session.find(relPath);
    if (!e || e->decision == d)
        return false;
    e->decision = d;
    m_model->entryChanged(relPath);
    if (saveNow)
        m_autosave->saveNow();
    return true;
}

void ReviewController::setNote(const std::string &relPath, const std::string &note)
{
    ReviewEntry *e = m_session.find(relPath);
    if (!e || e->note == note)
        return;
    e->note = note;
    m_model->entryChanged(relPath);
    m_autosave->saveSoon();
}

void ReviewController::onPairs(const std::vector<PairSummary> &batch)
{
    std::vector<std::string> paths;
    paths.reserve(batch.size());
    for (const PairSummary &s : batch) {
        m_session.setResult(s);
        paths.push_back(s.relPath);
    }
    m_model->entriesChanged(paths);
    m_autosave->resultsChanged();
    refreshSummary();
}

void ReviewController::refreshSummary()
{
    m_panel->summaryBar()->setCounts(m_model->counts(), m_model->decisionCount(Decision::Approved),
                                     m_model->decisionCount(Decision::Flagged));
    m_panel->summaryBar()->setProgress(m_model->rowCount(), m_runner->isRunning());
    updateActions();
}

void ReviewController::updateActions()
{
    const bool approving = m_approvals->isRunning();
    m_panel->undoAction()->setEnabled(!m_undo.empty() && !approving);
    m_panel->approveAction()->setEnabled(!approving);
    m_panel->approveAllAction()->setEnabled(!approving);
}

int ReviewController::currentSourceRow() const
{
    const QModelIndex cur = m_panel->table()->currentIndex();
    return cur.isValid() ? m_proxy->mapToSource(cur).row() : -1;
}

std::vector<int> ReviewController::selectedSourceRows() const
{
    std::vector<int> rows;
    for (const QModelIndex &i : m_panel->table()->selectionModel()->selectedRows())
        rows.push_back(m_proxy->mapToSource(i).row());
    if (rows.empty() && currentSourceRow() >= 0)
        rows.push_back(currentSourceRow());
    std::sort(rows.begin(), rows.end());
    return rows;
}

void ReviewController::onCurrentChanged(const QModelIndex &current)
{
    const int row = current.isValid() ? m_proxy->mapToSource(current).row() : -1;
    m_loadingNote = true;
    m_panel->noteEdit()->setPlainText(row >= 0 ? QString::fromStdString(m_model->entry(row).note) : QString());
    m_panel->noteEdit()->setEnabled(row >= 0);
    m_loadingNote = false;
    updateDetails(row);
    if (row < 0 || !m_opener)
        return;
    const PairSummary &s = m_model->entry(row).summary;
    // The files behind the pair's name: in a test-runner layout (review/layout.h) they are
    // the runner's, not <root>/<name>. A session shown without its run: the roots.
    QString base, cur;
    m_runner->pairFiles(s.relPath, base, cur);
    if (m_runner->layout().baselineRoot.empty()) {
        const QString rel = QString::fromStdString(s.relPath);
        base = m_baseline + QLatin1Char('/') + rel;
        cur = m_current + QLatin1Char('/') + rel;
    }
    const bool inBase = s.status != PairStatus::Added, inCur = s.status != PairStatus::Removed;
    m_opener(inBase ? base : QString(), inCur ? cur : QString());
}

void ReviewController::updateDetails(int row)
{
    if (row < 0) {
        m_panel->detailsLabel()->setText(tr("Select a pair to open it in the compare views."));
        return;
    }
    const ReviewEntry &e = m_model->entry(row);
    const PairSummary &s = e.summary;
    QString text = QStringLiteral("<b>%1</b><br>%2").arg(QString::fromStdString(s.relPath).toHtmlEscaped(),
                                                          QString::fromStdString(failureMessage(s)).toHtmlEscaped());
    if (s.ssim >= 0)
        text += tr("<br>SSIM %1").arg(s.ssim, 0, 'f', 4);
    if (s.flipMean >= 0)
        text += tr("<br>FLIP mean %1").arg(s.flipMean, 0, 'f', 4);
    if (s.shiftTolerated > 0)
        text += tr("<br>Shift tolerated: %1 pixel(s)").arg(s.shiftTolerated);
    text += tr("<br>Decision: %1").arg(QString::fromLatin1(toString(e.decision)));
    m_panel->detailsLabel()->setText(text);
}

void ReviewController::onNoteEdited()
{
    if (m_loadingNote)
        return;
    const int row = currentSourceRow();
    if (row < 0)
        return;
    setNote(m_model->entry(row).summary.relPath, m_panel->noteEdit()->toPlainText().toStdString());
}

bool ReviewController::approvable(int row) const
{
    const ReviewEntry &e = m_model->entry(row);
    return isFailure(e.summary.status) && e.summary.status != PairStatus::Error && e.decision != Decision::Approved;
}

int ReviewController::startApprovals(const std::vector<int> &rows)
{
    std::vector<std::string> paths;
    for (int row : rows)
        if (approvable(row))
            paths.push_back(m_model->entry(row).summary.relPath);
    if (paths.empty() || !m_approver)
        return 0;
    if (!m_approvals->start(m_approver, paths)) {
        Q_EMIT message(tr("Approvals are still being copied; try again when they are done"));
        return 0;
    }
    Q_EMIT message(tr("Approving %n pair(s)…", nullptr, int(paths.size())));
    updateActions();
    return int(paths.size());
}

void ReviewController::onApprovalsFinished(int approved, int failed)
{
    m_autosave->flush();
    if (approved > 0 && failed == 0)
        Q_EMIT message(tr("Approved %1 pair(s); backups in %2")
                           .arg(approved)
                           .arg(QString::fromStdString(m_approver ? m_approver->backupDir() : std::string())));
    else if (failed > 0)
        fail(tr("Approved %1 pair(s); %2 failed, the last: %3").arg(approved).arg(failed).arg(m_lastError));
    refreshSummary();
    updateDetails(currentSourceRow());
    Q_EMIT approvalsFinished(approved, failed);
}

int ReviewController::approveSelected()
{
    return startApprovals(selectedSourceRows());
}

int ReviewController::approveAllFiltered()
{
    std::vector<int> rows;
    for (int i = 0; i < m_proxy->rowCount(); ++i) {
        const int row = m_proxy->mapToSource(m_proxy->index(i, 0)).row();
        if (approvable(row))
            rows.push_back(row);
    }
    if (rows.empty() || m_approvals->isRunning())
        return startApprovals(rows);
    if (m_confirmBulk &&
        QMessageBox::question(m_panel, tr("Approve All Filtered"),
                              tr("Copy %1 current image(s) over the baseline? Backups are kept and each approval "
                                 "can be undone in this session.")
                                  .arg(rows.size())) != QMessageBox::Yes)
        return 0;
    return startApprovals(rows);
}

void ReviewController::toggleFlagSelected()
{
    bool changed = false;
    for (int row : selectedSourceRows()) {
        const Decision d = m_model->entry(row).decision == Decision::Flagged ? Decision::None : Decision::Flagged;
        if (m_model->entry(row).decision == Decision::Approved)
            continue;
        changed = setDecision(m_model->entry(row).summary.relPath, d, false) || changed;
    }
    if (changed)
        m_autosave->saveNow();
    refreshSummary();
}

bool ReviewController::undoLastApproval()
{
    if (m_undo.empty() || !m_approver || m_approvals->isRunning())
        return false;
    // Started, not done: the copy back runs on the approvals' worker (atomic, fsync'd), and
    // ReviewApprovals::undone records it (waitForApprovals() waits for it).
    if (!m_approvals->startUndo(m_approver, m_undo.back()))
        return false;
    refreshSummary();
    return true;
}

void ReviewController::selectNextFailure(int direction)
{
    const int n = m_proxy->rowCount();
    if (n == 0)
        return;
    const QModelIndex cur = m_panel->table()->currentIndex();
    int start = cur.isValid() ? cur.row() : (direction > 0 ? -1 : n);
    for (int step = 1; step <= n; ++step) {
        const int r = ((start + direction * step) % n + n) % n;
        const QModelIndex idx = m_proxy->index(r, 0);
        if (idx.data(ReviewTableModel::FailureRole).toBool()) {
            m_panel->table()->selectionModel()->setCurrentIndex(
                idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_panel->table()->scrollTo(idx);
            return;
        }
    }
}

} // namespace difflens::ui

#include "reviewcontroller.h"

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
      m_runner(new ReviewRunner(this))
{
    m_proxy->setSourceModel(m_model);
    ReviewTableView *table = panel->table();
    table->setModel(m_proxy);
    table->sortByColumn(ReviewTableModel::NameColumn, Qt::AscendingOrder);
    QHeaderView *h = table->horizontalHeader();
    h->setSectionResizeMode(QHeaderView::Interactive);
    h->setSectionResizeMode(ReviewTableModel::NameColumn, QHeaderView::Stretch);
    h->resizeSection(ReviewTableModel::StatusColumn, 140);
    for (int c : {ReviewTableModel::MismatchColumn, ReviewTableModel::SsimColumn, ReviewTableModel::RegionsColumn})
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
    refreshSummary();
}

ReviewController::~ReviewController() = default;

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
    m_model->clear();
    m_undo.clear();
    m_session = ReviewSession();
    m_baseline = QDir::cleanPath(baseline);
    m_current = QDir::cleanPath(current);
    m_session.baselineRoot = m_baseline.toStdString();
    m_session.currentRoot = m_current.toStdString();
    startRun();
    return true;
}

void ReviewController::startRun()
{
    std::string error;
    if (!m_config.loadFromRoot(m_session.baselineRoot, error)) {
        fail(QString::fromStdString(error));
        m_config = ReviewConfig();
    }
    m_approver = std::make_unique<Approver>(m_session.baselineRoot, m_session.currentRoot);
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
    m_session = std::move(s);
    m_baseline = QString::fromStdString(m_session.baselineRoot);
    m_current = QString::fromStdString(m_session.currentRoot);
    m_undo.clear();
    m_model->clear();
    std::vector<ReviewEntry> entries;
    entries.reserve(m_session.entries.size());
    for (const auto &kv : m_session.entries)
        entries.push_back(kv.second);
    m_model->upsertMany(entries);
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
    Q_EMIT message(tr("Review session saved to %1").arg(path));
    return true;
}

void ReviewController::onPairs(const std::vector<PairSummary> &batch)
{
    std::vector<ReviewEntry> entries;
    entries.reserve(batch.size());
    for (const PairSummary &s : batch) {
        m_session.setResult(s);
        entries.push_back(*m_session.find(s.relPath));
    }
    m_model->upsertMany(entries);
    refreshSummary();
}

void ReviewController::refreshSummary()
{
    m_panel->summaryBar()->setCounts(m_model->counts(), m_model->decisionCount(Decision::Approved),
                                     m_model->decisionCount(Decision::Flagged));
    m_panel->summaryBar()->setProgress(m_model->rowCount(), m_runner->isRunning());
    m_panel->undoAction()->setEnabled(!m_undo.empty());
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
    const QString rel = QString::fromStdString(s.relPath);
    const bool inBase = s.status != PairStatus::Added, inCur = s.status != PairStatus::Removed;
    m_opener(inBase ? m_baseline + QLatin1Char('/') + rel : QString(),
             inCur ? m_current + QLatin1Char('/') + rel : QString());
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
    const std::string note = m_panel->noteEdit()->toPlainText().toStdString();
    m_model->setNote(row, note);
    if (ReviewEntry *e = m_session.find(m_model->entry(row).summary.relPath))
        e->note = note;
}

bool ReviewController::approveRow(int row)
{
    const ReviewEntry &e = m_model->entry(row);
    if (!isFailure(e.summary.status) || e.summary.status == PairStatus::Error || e.decision == Decision::Approved)
        return false;
    ApprovalRecord rec;
    std::string error;
    if (!m_approver || !m_approver->approve(e.summary.relPath, rec, error)) {
        fail(tr("Cannot approve %1: %2").arg(QString::fromStdString(e.summary.relPath), QString::fromStdString(error)));
        return false;
    }
    m_undo.push_back(rec);
    m_model->setDecision(row, Decision::Approved);
    if (ReviewEntry *se = m_session.find(e.summary.relPath))
        se->decision = Decision::Approved;
    return true;
}

int ReviewController::approveSelected()
{
    int n = 0;
    for (int row : selectedSourceRows())
        n += approveRow(row) ? 1 : 0;
    if (n > 0)
        Q_EMIT message(tr("Approved %1 pair(s); backups in %2").arg(n).arg(QString::fromStdString(m_approver->backupDir())));
    refreshSummary();
    updateDetails(currentSourceRow());
    return n;
}

int ReviewController::approveAllFiltered()
{
    std::vector<int> rows;
    for (int i = 0; i < m_proxy->rowCount(); ++i) {
        const int row = m_proxy->mapToSource(m_proxy->index(i, 0)).row();
        const ReviewEntry &e = m_model->entry(row);
        if (isFailure(e.summary.status) && e.summary.status != PairStatus::Error && e.decision != Decision::Approved)
            rows.push_back(row);
    }
    if (rows.empty())
        return 0;
    if (m_confirmBulk &&
        QMessageBox::question(m_panel, tr("Approve All Filtered"),
                              tr("Copy %1 current image(s) over the baseline? Backups are kept and each approval "
                                 "can be undone in this session.")
                                  .arg(rows.size())) != QMessageBox::Yes)
        return 0;
    int n = 0;
    for (int row : rows)
        n += approveRow(row) ? 1 : 0;
    Q_EMIT message(tr("Approved %1 pair(s)").arg(n));
    refreshSummary();
    return n;
}

void ReviewController::toggleFlagSelected()
{
    for (int row : selectedSourceRows()) {
        const Decision d = m_model->entry(row).decision == Decision::Flagged ? Decision::None : Decision::Flagged;
        if (m_model->entry(row).decision == Decision::Approved)
            continue;
        m_model->setDecision(row, d);
        if (ReviewEntry *e = m_session.find(m_model->entry(row).summary.relPath))
            e->decision = d;
    }
    refreshSummary();
}

bool ReviewController::undoLastApproval()
{
    if (m_undo.empty() || !m_approver)
        return false;
    const ApprovalRecord rec = m_undo.back();
    std::string error;
    if (!m_approver->undo(rec, error)) {
        fail(tr("Cannot undo %1: %2").arg(QString::fromStdString(rec.relPath), QString::fromStdString(error)));
        return false;
    }
    m_undo.pop_back();
    const int row = m_model->rowOf(rec.relPath);
    m_model->setDecision(row, Decision::None);
    if (ReviewEntry *e = m_session.find(rec.relPath))
        e->decision = Decision::None;
    Q_EMIT message(tr("Restored the baseline of %1").arg(QString::fromStdString(rec.relPath)));
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

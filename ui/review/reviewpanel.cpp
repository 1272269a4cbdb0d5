#include "reviewpanel.h"

#include "reviewsummarybar.h"
#include "reviewtableview.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSplitter>
#include <QToolBar>
#include <QVBoxLayout>

namespace difflens::ui {

ReviewPanel::ReviewPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("reviewPanel"));
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(4, 2, 4, 4);
    lay->setSpacing(3);

    m_bar = new QToolBar(this);
    m_bar->setIconSize(QSize(16, 16));
    m_bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_openFolders = m_bar->addAction(tr("Open Folders…"));
    m_openSession = m_bar->addAction(tr("Open Session…"));
    m_saveSession = m_bar->addAction(tr("Save Session…"));
    m_bar->addSeparator();
    m_rerun = m_bar->addAction(tr("Re-run"));
    m_rerun->setToolTip(tr("Compare again; unchanged pairs are reused"));
    m_stop = m_bar->addAction(tr("Stop"));
    m_bar->addSeparator();
    m_approve = m_bar->addAction(tr("Approve (A)"));
    m_approve->setToolTip(tr("Copy the current image over the baseline (a backup is kept)"));
    m_flag = m_bar->addAction(tr("Flag (F)"));
    m_undo = m_bar->addAction(tr("Undo Approval (U)"));
    m_approveAll = m_bar->addAction(tr("Approve All Filtered…"));
    m_bar->addSeparator();
    m_failuresOnly = new QCheckBox(tr("Failures only"), this);
    m_failuresOnly->setObjectName(QStringLiteral("reviewFailuresOnly"));
    m_bar->addWidget(m_failuresOnly);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("reviewSearch"));
    m_search->setPlaceholderText(tr("Filter by name or note"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(260);
    m_bar->addWidget(m_search);
    lay->addWidget(m_bar);

    m_roots = new QLabel(this);
    m_roots->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_roots->setStyleSheet(QStringLiteral("color: palette(mid);"));
    lay->addWidget(m_roots);
    m_summary = new ReviewSummaryBar(this);
    lay->addWidget(m_summary);
    m_approvalProgress = new QProgressBar(this);
    m_approvalProgress->setObjectName(QStringLiteral("reviewApprovalProgress"));
    m_approvalProgress->setFormat(tr("Approving %v of %m…"));
    m_approvalProgress->hide();
    lay->addWidget(m_approvalProgress);

    auto *split = new QSplitter(Qt::Horizontal, this);
    m_table = new ReviewTableView(split);
    auto *side = new QWidget(split);
    auto *sideLay = new QVBoxLayout(side);
    sideLay->setContentsMargins(0, 0, 0, 0);
    m_details = new QLabel(side);
    m_details->setObjectName(QStringLiteral("reviewDetails"));
    m_details->setWordWrap(true);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    sideLay->addWidget(m_details);
    sideLay->addWidget(new QLabel(tr("Note"), side));
    m_note = new QPlainTextEdit(side);
    m_note->setObjectName(QStringLiteral("reviewNote"));
    m_note->setPlaceholderText(tr("Note for the selected pair"));
    sideLay->addWidget(m_note, 1);
    split->addWidget(m_table);
    split->addWidget(side);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    lay->addWidget(split, 1);
}

void ReviewPanel::setRoots(const QString &baseline, const QString &current)
{
    m_roots->setText(tr("Baseline: %1    Current: %2").arg(baseline, current));
}

void ReviewPanel::setApprovalProgress(int done, int total)
{
    m_approvalProgress->setVisible(total > 0);
    if (total <= 0)
        return;
    m_approvalProgress->setRange(0, total);
    m_approvalProgress->setValue(done);
}

} // namespace difflens::ui

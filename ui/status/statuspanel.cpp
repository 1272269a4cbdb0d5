#include "status/statuspanel.h"

#include "status/memorysparkline.h"
#include "status/memorystats.h"
#include "status/tierbadge.h"

#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>
#include <QToolButton>

namespace difflens::ui {

StatusPanel::StatusPanel(QStatusBar *bar, MemoryStats *stats)
    : QObject(bar), m_bar(bar), m_summary(new QLabel), m_device(new QLabel), m_progress(new QProgressBar),
      m_cancel(new QToolButton), m_badge(new TierBadge), m_sparkline(new MemorySparkline)
{
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setRange(0, 0);
    m_progress->setMaximumWidth(120);
    m_progress->setMaximumHeight(16);
    m_progress->setTextVisible(false);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Cancel the running comparison (Esc)"));
    bar->addWidget(m_summary, 1);
    bar->addPermanentWidget(m_progress);
    bar->addPermanentWidget(m_cancel);
    bar->addPermanentWidget(m_device);
    bar->addPermanentWidget(m_badge);
    bar->addPermanentWidget(m_sparkline);
    m_sparkline->setStats(stats);
    if (stats)
        connect(stats, &MemoryStats::updated, this, [this, stats] {
            const QString dev = stats->latest().device;
            if (!dev.isEmpty() && m_device->text() != dev)
                m_device->setText(dev);
        });
    connect(m_cancel, &QToolButton::clicked, this, &StatusPanel::cancelRequested);
    setBusy(false);
}

void StatusPanel::setBusy(bool busy)
{
    m_busy = busy;
    m_progress->setVisible(m_busy || m_exporting);
    m_cancel->setVisible(busy);
}

void StatusPanel::setExporting(bool exporting)
{
    m_exporting = exporting;
    m_progress->setVisible(m_busy || m_exporting);
}

void StatusPanel::setSummary(const QString &text) { m_summary->setText(text); }

void StatusPanel::setPlan(const PlanInfo &plan) { m_badge->setPlan(plan); }

void StatusPanel::showMessage(const QString &text, int ms) { m_bar->showMessage(text, ms); }

} // namespace difflens::ui

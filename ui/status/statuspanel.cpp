// The status bar's widgets and their wiring to the memory stats and display quality.
#include "status/statuspanel.h"

#include "status/displayquality.h"
#include "status/memorypanel.h"
#include "status/memorysparkline.h"
#include "status/memorystats.h"
#include "status/memorytext.h"
#include "status/tierbadge.h"

#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>
#include <QToolButton>

namespace difflens::ui {

StatusPanel::StatusPanel(QStatusBar *bar, MemoryStats *stats)
    : QObject(bar), m_bar(bar), m_stats(stats), m_summary(new QLabel), m_device(new QLabel),
      m_progress(new QProgressBar), m_cancel(new QToolButton), m_memory(new QToolButton), m_badge(new TierBadge),
      m_sparkline(new MemorySparkline), m_quality(new DisplayQualityController(this)),
      m_panel(new MemoryPanel(stats, bar->window()))
{
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setRange(0, 0);
    m_progress->setMaximumWidth(120);
    m_progress->setMaximumHeight(16);
    m_progress->setTextVisible(false);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Cancel the running comparison (Esc)"));
    m_memory->setAutoRaise(true);
    m_memory->setObjectName(QStringLiteral("memoryNumbers"));
    bar->addWidget(m_summary, 1);
    bar->addPermanentWidget(m_progress);
    bar->addPermanentWidget(m_cancel);
    bar->addPermanentWidget(m_device);
    bar->addPermanentWidget(m_badge);
    bar->addPermanentWidget(m_memory);
    bar->addPermanentWidget(m_sparkline);
    m_sparkline->setStats(stats);
    connect(m_quality, &DisplayQualityController::observed, m_badge, &TierBadge::setQuality);
    connect(m_quality, &DisplayQualityController::observed, m_panel, &MemoryPanel::setQuality);
    m_quality->setStats(stats);
    connect(m_sparkline, &MemorySparkline::clicked, this, &StatusPanel::showMemoryPanel);
    connect(m_memory, &QToolButton::clicked, this, &StatusPanel::showMemoryPanel);
    if (stats)
        connect(stats, &MemoryStats::updated, this, &StatusPanel::refreshMemory);
    connect(m_cancel, &QToolButton::clicked, this, &StatusPanel::cancelRequested);
    refreshMemory();
    setBusy(false);
}

void StatusPanel::refreshMemory()
{
    if (!m_stats || m_stats->history().isEmpty()) {
        m_memory->setText(tr("memory unknown"));
        return;
    }
    const MemorySnapshot s = m_stats->latest();
    if (!s.device.isEmpty() && m_device->text() != s.device)
        m_device->setText(s.device);
    m_memory->setText(memoryUsageText(s));
    const MemoryStatus st = m_stats->status();
    m_memory->setStyleSheet(st == MemoryStatus::Critical ? QStringLiteral("QToolButton { color: %1; font-weight: bold; }")
                                                               .arg(kCriticalColor.name())
                            : st == MemoryStatus::Warning ? QStringLiteral("QToolButton { color: %1; }")
                                                                .arg(kWarningColor.darker(130).name())
                                                          : QString());
    m_memory->setToolTip(memoryToolTip(*m_stats));
}

void StatusPanel::showMemoryPanel() { m_panel->popupAbove(m_sparkline); }

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

void StatusPanel::setPlan(const PlanInfo &plan)
{
    m_badge->setPlan(plan);
    m_panel->setPlan(plan);
}

void StatusPanel::showMessage(const QString &text, int ms) { m_bar->showMessage(text, ms); }

} // namespace difflens::ui

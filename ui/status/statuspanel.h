#pragma once
// Everything in the status bar: result summary, progress with Cancel, device name, the
// display quality badge, and the memory display (its numbers and graph; a click on either
// opens the memory panel). Owns the DisplayQualityController the views follow.
#include "difflens/engine/job.h"

#include <QObject>

class QLabel;
class QProgressBar;
class QStatusBar;
class QToolButton;

namespace difflens::ui {

class DisplayQualityController;
class MemoryPanel;
class MemorySparkline;
class MemoryStats;
class TierBadge;

class StatusPanel : public QObject {
    Q_OBJECT
public:
    StatusPanel(QStatusBar *bar, MemoryStats *stats);
    void setBusy(bool busy);            // a comparison runs (progress + Cancel)
    void setExporting(bool exporting);  // a report export runs (progress only)
    void setSummary(const QString &text);
    void setPlan(const PlanInfo &plan); // the last job's plan: badge tooltip and memory panel
    void showMessage(const QString &text, int ms = 5000);
    void showMemoryPanel();
    MemorySparkline *sparkline() const { return m_sparkline; }
    QToolButton *memoryButton() const { return m_memory; }
    MemoryPanel *memoryPanel() const { return m_panel; }
    TierBadge *badge() const { return m_badge; }
    DisplayQualityController *displayQuality() const { return m_quality; }
    QLabel *deviceLabel() const { return m_device; }
    QToolButton *cancelButton() const { return m_cancel; }
    QProgressBar *progress() const { return m_progress; }

Q_SIGNALS:
    void cancelRequested();

private:
    void refreshMemory();
    QStatusBar *m_bar;
    MemoryStats *m_stats;
    QLabel *m_summary, *m_device;
    QProgressBar *m_progress;
    QToolButton *m_cancel, *m_memory;
    TierBadge *m_badge;
    MemorySparkline *m_sparkline;
    DisplayQualityController *m_quality;
    MemoryPanel *m_panel;
    bool m_busy = false, m_exporting = false;
};

} // namespace difflens::ui

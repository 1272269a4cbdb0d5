#pragma once
// Everything in the status bar: result summary, progress with Cancel, device name, tier
// badge and the memory sparkline.
#include "difflens/engine/job.h"

#include <QObject>

class QLabel;
class QProgressBar;
class QStatusBar;
class QToolButton;

namespace difflens::ui {

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
    void setPlan(const PlanInfo &plan);
    void showMessage(const QString &text, int ms = 5000);
    MemorySparkline *sparkline() const { return m_sparkline; }
    TierBadge *badge() const { return m_badge; }
    QLabel *deviceLabel() const { return m_device; }
    QToolButton *cancelButton() const { return m_cancel; }
    QProgressBar *progress() const { return m_progress; }

Q_SIGNALS:
    void cancelRequested();

private:
    QStatusBar *m_bar;
    QLabel *m_summary, *m_device;
    QProgressBar *m_progress;
    QToolButton *m_cancel;
    TierBadge *m_badge;
    MemorySparkline *m_sparkline;
    bool m_busy = false, m_exporting = false;
};

} // namespace difflens::ui

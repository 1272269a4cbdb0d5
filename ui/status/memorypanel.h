#pragma once
// The panel a click on the status-bar memory display opens: the last five minutes against
// the budget (threshold lines labelled), this process's memory and the device's (system RAM
// on the CPU, VRAM on CUDA), the budget, the display quality tier and the last job's plan
// (streamed or whole frame, bands and band height, estimate against the process's peak).
#include "status/displayquality.h"

#include "difflens/engine/job.h"

#include <QFrame>
#include <QPointer>

#include <optional>

class QLabel;

namespace difflens::ui {

class MemoryStats;

class MemoryPanel : public QFrame {
    Q_OBJECT
public:
    explicit MemoryPanel(MemoryStats *stats, QWidget *parent = nullptr);
    void setPlan(const PlanInfo &plan);
    void setQuality(const DisplayQuality &quality);
    // Opens as a popup above `anchor` (right-aligned with it), inside its screen.
    void popupAbove(QWidget *anchor);
    QString text() const;   // everything the labels say, a line each (tests, accessibility)

private:
    void refresh();
    QPointer<MemoryStats> m_stats;
    QWidget *m_graph;
    QLabel *m_process, *m_device, *m_budget, *m_quality, *m_plan;
    std::optional<PlanInfo> m_lastPlan;
    DisplayQuality m_tier;
};

} // namespace difflens::ui

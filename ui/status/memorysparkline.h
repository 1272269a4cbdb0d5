#pragma once
// Status-bar sparkline of memory use over the last 60 s with the warning and critical
// thresholds drawn as lines. CUDA: device memory in use. CPU: system memory in use (line)
// and this process's share (filled). Only draws; data comes from MemoryStats.
#include <QPointer>
#include <QWidget>

namespace difflens::ui {

class MemoryStats;

class MemorySparkline : public QWidget {
    Q_OBJECT
public:
    explicit MemorySparkline(QWidget *parent = nullptr);
    void setStats(MemoryStats *stats);
    QSize sizeHint() const override { return {180, 22}; }
    int paintCount() const { return m_paints; }

protected:
    void paintEvent(QPaintEvent *) override;

private:
    void refreshToolTip();
    QPointer<MemoryStats> m_stats;
    int m_paints = 0;
};

} // namespace difflens::ui

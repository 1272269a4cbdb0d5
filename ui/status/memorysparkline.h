#pragma once
// The memory graph: use against the app's budget (CPU: this process's resident set against
// the budget; CUDA: device memory in use against its total) over a time window, scaled to
// the budget (the top is 100 % of it), with the warning and critical thresholds as dashed
// lines and unknown samples left as gaps. paintMemoryGraph() draws it (labelled lines in
// the panel); MemorySparkline is the status-bar widget (last 60 s), clicked to open the
// panel. Only draws; data comes from MemoryStats.
#include "difflens/engine/monitor.h"

#include <QPointer>
#include <QVector>
#include <QWidget>

class QPainter;

namespace difflens::ui {

class MemoryStats;
struct MemorySnapshot;

inline const QColor kWarningColor(230, 160, 0);
inline const QColor kCriticalColor(220, 40, 40);

// Draws the history's last windowMs into r. labelLines: names the threshold lines
// ("warning 80 %") and the top ("budget"); an empty or unknown latest sample says "unknown".
void paintMemoryGraph(QPainter &p, const QRectF &r, const QVector<MemorySnapshot> &history,
                      const MemoryThresholds &t, qint64 windowMs, bool labelLines, const QPalette &pal);

class MemorySparkline : public QWidget {
    Q_OBJECT
public:
    static constexpr qint64 kWindowMs = 60000;

    explicit MemorySparkline(QWidget *parent = nullptr);
    void setStats(MemoryStats *stats);
    QSize sizeHint() const override { return {140, 22}; }
    int paintCount() const { return m_paints; }

Q_SIGNALS:
    void clicked();

protected:
    void paintEvent(QPaintEvent *) override;
    void mouseReleaseEvent(QMouseEvent *e) override;

private:
    void refreshToolTip();
    QPointer<MemoryStats> m_stats;
    int m_paints = 0;
};

// The tooltip of the memory display: what the numbers and lines mean.
QString memoryToolTip(const MemoryStats &stats);

} // namespace difflens::ui

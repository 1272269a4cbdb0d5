#include "status/memorysparkline.h"

#include "status/memorystats.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace difflens::ui {

MemorySparkline::MemorySparkline(QWidget *parent) : QWidget(parent)
{
    setMinimumSize(120, 18);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void MemorySparkline::setStats(MemoryStats *stats)
{
    if (m_stats)
        disconnect(m_stats, nullptr, this, nullptr);
    m_stats = stats;
    if (stats)
        connect(stats, &MemoryStats::updated, this, [this] {
            refreshToolTip();
            update();
        });
    update();
}

void MemorySparkline::refreshToolTip()
{
    if (!m_stats || m_stats->history().isEmpty())
        return;
    const MemorySnapshot s = m_stats->latest();
    const QLocale loc;
    QString tip = tr("%1\n%2 of %3 in use (%4 %)")
                      .arg(s.device, loc.formattedDataSize(std::max<qint64>(0, s.usedBytes)),
                           loc.formattedDataSize(std::max<qint64>(0, s.totalBytes)))
                      .arg(s.ratio * 100, 0, 'f', 1);
    if (s.processBytes >= 0)
        tip += tr("\nThis process: %1").arg(loc.formattedDataSize(s.processBytes));
    const MemoryThresholds t = m_stats->thresholds();
    tip += tr("\nWarning at %1 %, critical at %2 %").arg(t.warning * 100, 0, 'f', 0).arg(t.critical * 100, 0, 'f', 0);
    setToolTip(tip);
}

void MemorySparkline::paintEvent(QPaintEvent *)
{
    ++m_paints;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    const QPalette pal = palette();
    p.fillRect(r, pal.color(QPalette::Base));
    p.setPen(QPen(pal.color(QPalette::Mid), 1));
    p.drawRect(r);
    if (!m_stats)
        return;
    auto yFor = [r](double ratio) { return r.bottom() - std::clamp(ratio, 0.0, 1.0) * r.height(); };
    const MemoryThresholds t = m_stats->thresholds();
    // Threshold lines crisp on whole (device-independent) pixels.
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(QColor(230, 160, 0), 1, Qt::DashLine));
    p.drawLine(QPointF(r.left(), std::round(yFor(t.warning))), QPointF(r.right(), std::round(yFor(t.warning))));
    p.setPen(QPen(QColor(220, 40, 40), 1, Qt::DashLine));
    p.drawLine(QPointF(r.left(), std::round(yFor(t.critical))), QPointF(r.right(), std::round(yFor(t.critical))));
    p.setRenderHint(QPainter::Antialiasing, true);

    const QVector<MemorySnapshot> &h = m_stats->history();
    if (h.isEmpty())
        return;
    const qint64 now = h.last().msecs;
    auto xFor = [r, now](qint64 ms) {
        return r.right() - double(now - ms) / double(MemoryStats::kWindowMs) * r.width();
    };
    QPainterPath used, process;
    bool haveProcess = false;
    for (int i = 0; i < h.size(); ++i) {
        const QPointF pu(xFor(h[i].msecs), yFor(std::max(0.0, h[i].ratio)));
        i == 0 ? used.moveTo(pu) : used.lineTo(pu);
        const double pr = h[i].processRatio();
        if (!h[i].isCuda && pr >= 0) {
            const QPointF pp(xFor(h[i].msecs), yFor(pr));
            if (!haveProcess) {
                process.moveTo(pp.x(), r.bottom());
                haveProcess = true;
            }
            process.lineTo(pp);
        }
    }
    if (haveProcess) {
        process.lineTo(xFor(h.last().msecs), r.bottom());
        process.closeSubpath();
        QColor fill = pal.color(QPalette::Highlight);
        fill.setAlpha(110);
        p.fillPath(process, fill);
    }
    const MemoryStatus st = MemoryMonitor::classify(h.last().ratio, t);
    const QColor lineColor = st == MemoryStatus::Critical  ? QColor(220, 40, 40)
                             : st == MemoryStatus::Warning ? QColor(230, 160, 0)
                                                           : pal.color(QPalette::Text);
    p.setPen(QPen(lineColor, 1.5));
    p.setBrush(Qt::NoBrush);
    p.drawPath(used);
}

} // namespace difflens::ui

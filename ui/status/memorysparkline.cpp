// The memory graph painter and the status-bar sparkline.
#include "status/memorysparkline.h"

#include "status/memorystats.h"
#include "status/memorytext.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace difflens::ui {

void paintMemoryGraph(QPainter &p, const QRectF &r, const QVector<MemorySnapshot> &h, const MemoryThresholds &t,
                      qint64 windowMs, bool labelLines, const QPalette &pal)
{
    p.save();
    p.fillRect(r, pal.color(QPalette::Base));
    p.setPen(QPen(pal.color(QPalette::Mid), 1));
    p.drawRect(r);
    auto yFor = [r](double ratio) { return r.bottom() - std::clamp(ratio, 0.0, 1.0) * r.height(); };
    // Threshold lines crisp on whole (device-independent) pixels.
    p.setRenderHint(QPainter::Antialiasing, false);
    const struct {
        double ratio;
        QColor color;
        QString name;
    } lines[] = {{t.warning, kWarningColor, QObject::tr("warning")}, {t.critical, kCriticalColor, QObject::tr("critical")}};
    for (const auto &l : lines) {
        const double y = std::round(yFor(l.ratio));
        p.setPen(QPen(l.color, 1, Qt::DashLine));
        p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y));
    }
    if (labelLines) {
        QFont f = p.font();
        f.setPointSizeF(std::max(6.0, f.pointSizeF() * 0.85));
        p.setFont(f);
        const QFontMetricsF fm(f);
        for (const auto &l : lines) {
            const QString text = QStringLiteral("%1 %2 %").arg(l.name).arg(l.ratio * 100, 0, 'f', 0);
            const double y = std::round(yFor(l.ratio));
            // Warning label below its line, critical above: they stay apart when close.
            const double top = &l == &lines[0] ? y + 1 : y - fm.height() - 1;
            const QRectF box(r.left() + 4, top, fm.horizontalAdvance(text) + 4, fm.height());
            p.fillRect(box, pal.color(QPalette::Base));
            p.setPen(l.color.darker(120));
            p.drawText(box, Qt::AlignCenter, text);
        }
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(r.adjusted(0, 1, -4, 0), Qt::AlignRight | Qt::AlignTop, QObject::tr("100 % of budget"));
    }
    p.setRenderHint(QPainter::Antialiasing, true);

    const bool unknown = h.isEmpty() || !(h.last().budgetRatio() >= 0);
    if (!h.isEmpty()) {
        const qint64 now = h.last().msecs;
        auto xFor = [r, now, windowMs](qint64 ms) { return r.right() - double(now - ms) / double(windowMs) * r.width(); };
        // One filled run per stretch of known samples: unknown ones leave a gap, not a zero.
        QColor fill = pal.color(QPalette::Highlight);
        fill.setAlpha(110);
        QPainterPath area, line;
        bool open = false;
        qreal runStart = 0, lastX = 0;
        for (const MemorySnapshot &s : h) {
            if (now - s.msecs > windowMs)
                continue;
            const double ratio = s.budgetRatio();
            const qreal x = xFor(s.msecs);
            if (!(ratio >= 0)) {
                if (open) {
                    area.lineTo(lastX, r.bottom());
                    area.lineTo(runStart, r.bottom());
                    area.closeSubpath();
                }
                open = false;
                continue;
            }
            const QPointF pt(x, yFor(ratio));
            if (!open) {
                area.moveTo(pt);
                line.moveTo(pt);
                runStart = x;
                open = true;
            } else {
                area.lineTo(pt);
                line.lineTo(pt);
            }
            lastX = x;
        }
        if (open) {
            area.lineTo(lastX, r.bottom());
            area.lineTo(runStart, r.bottom());
            area.closeSubpath();
        }
        p.fillPath(area, fill);
        const MemoryStatus st = MemoryMonitor::classify(h.last().budgetRatio(), t);
        const QColor lineColor = st == MemoryStatus::Critical ? kCriticalColor
                                 : st == MemoryStatus::Warning ? kWarningColor
                                                               : pal.color(QPalette::Text);
        p.setPen(QPen(lineColor, 1.5));
        p.setBrush(Qt::NoBrush);
        p.drawPath(line);
    }
    if (unknown) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(r, Qt::AlignCenter, QObject::tr("unknown"));
    }
    p.restore();
}

QString memoryToolTip(const MemoryStats &stats)
{
    const MemorySnapshot s = stats.latest();
    const MemoryThresholds t = stats.thresholds();
    QStringList lines;
    lines << (s.device.isEmpty() ? QObject::tr("Memory (no sample yet)") : s.device);
    lines << memoryUsageText(s);
    if (s.isCuda)
        lines << QObject::tr("The graph is device memory in use, scaled to the device's total.");
    else
        lines << QObject::tr("The graph is this process's memory, scaled to the app's memory budget "
                             "(Settings → Memory: %1).")
                     .arg(describeMemoryBudget({s.budgetBytes, s.budgetAutomatic, s.budgetMarginBytes, s.budgetAddressLimited}));
    lines << QObject::tr("Amber line: warning at %1 %; red line: critical at %2 % of it.")
                 .arg(t.warning * 100, 0, 'f', 0)
                 .arg(t.critical * 100, 0, 'f', 0);
    lines << QObject::tr("Click for the last five minutes and the last job's plan.");
    return lines.join(QLatin1Char('\n'));
}

MemorySparkline::MemorySparkline(QWidget *parent) : QWidget(parent)
{
    setMinimumSize(100, 18);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    setCursor(Qt::PointingHandCursor);
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
    refreshToolTip();
    update();
}

void MemorySparkline::refreshToolTip()
{
    if (m_stats)
        setToolTip(memoryToolTip(*m_stats));
}

void MemorySparkline::mouseReleaseEvent(QMouseEvent *e)
{
    if (e->button() == Qt::LeftButton && rect().contains(e->position().toPoint()))
        Q_EMIT clicked();
    QWidget::mouseReleaseEvent(e);
}

void MemorySparkline::paintEvent(QPaintEvent *)
{
    ++m_paints;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    if (!m_stats) {
        p.fillRect(r, palette().color(QPalette::Base));
        return;
    }
    paintMemoryGraph(p, r, m_stats->history(), m_stats->thresholds(), kWindowMs, false, palette());
}

} // namespace difflens::ui

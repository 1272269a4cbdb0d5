// The memory panel opened from the status bar.
#include "status/memorypanel.h"

#include "status/memorysparkline.h"
#include "status/memorystats.h"
#include "status/memorytext.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QScreen>
#include <QVBoxLayout>

#include <algorithm>

namespace difflens::ui {

namespace {

// The five-minute graph with labelled threshold lines.
class PanelGraph : public QWidget {
public:
    explicit PanelGraph(MemoryStats *stats) : m_stats(stats) { setMinimumSize(420, 130); }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QRectF r = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
        static const QVector<MemorySnapshot> none;
        paintMemoryGraph(p, r, m_stats ? m_stats->history() : none,
                         m_stats ? m_stats->thresholds() : MemoryThresholds{}, MemoryStats::kWindowMs, true, palette());
    }

private:
    QPointer<MemoryStats> m_stats;
};

QLabel *valueLabel()
{
    auto *l = new QLabel;
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setWordWrap(true);
    return l;
}

} // namespace

MemoryPanel::MemoryPanel(MemoryStats *stats, QWidget *parent)
    : QFrame(parent, Qt::Popup), m_stats(stats), m_graph(new PanelGraph(stats)), m_process(valueLabel()),
      m_device(valueLabel()), m_budget(valueLabel()), m_quality(valueLabel()), m_plan(valueLabel()),
      m_tier(DisplayQuality::forTier(DisplayQuality::Tier::High))
{
    setObjectName(QStringLiteral("memoryPanel"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto *title = new QLabel(tr("<b>Memory</b> — last five minutes, against the budget"));
    auto *axis = new QHBoxLayout;
    axis->addWidget(new QLabel(tr("−5 min")));
    axis->addStretch(1);
    axis->addWidget(new QLabel(tr("now")));
    auto *form = new QFormLayout;
    form->addRow(tr("This process"), m_process);
    form->addRow(tr("Device"), m_device);
    form->addRow(tr("Budget"), m_budget);
    form->addRow(tr("Display quality"), m_quality);
    form->addRow(tr("Last job's plan"), m_plan);
    auto *l = new QVBoxLayout(this);
    l->addWidget(title);
    l->addWidget(m_graph);
    l->addLayout(axis);
    l->addLayout(form);
    if (stats)
        connect(stats, &MemoryStats::updated, this, [this] {
            if (isVisible())
                refresh();
        });
    refresh();
}

void MemoryPanel::setPlan(const PlanInfo &plan)
{
    m_lastPlan = plan;
    refresh();
}

void MemoryPanel::setQuality(const DisplayQuality &quality)
{
    m_tier = quality;
    refresh();
}

void MemoryPanel::refresh()
{
    const MemorySnapshot s = m_stats ? m_stats->latest() : MemorySnapshot{};
    qint64 peak = -1;
    if (m_stats)
        for (const MemorySnapshot &h : m_stats->history())
            peak = std::max(peak, h.processBytes);
    const QString held = s.isCuda ? tr("%1 on the device").arg(formatMemoryBytes(s.processBytes))
                                   : tr("%1 resident").arg(formatMemoryBytes(s.processBytes));
    m_process->setText(peak >= 0 ? tr("%1 (highest in five minutes: %2)").arg(held, formatMemoryBytes(peak)) : held);
    const QString device = s.device.isEmpty() ? tr("not sampled yet") : s.device;
    if (s.usedBytes >= 0 && s.totalBytes > 0)
        m_device->setText(tr("%1: %2 of %3 in use (%4 %)%5")
                              .arg(device, formatMemoryBytes(s.usedBytes), formatMemoryBytes(s.totalBytes))
                              .arg(s.ratio * 100, 0, 'f', 0)
                              .arg(s.isCuda ? QString() : tr(", whole system")));
    else
        m_device->setText(tr("%1: memory unknown").arg(device));
    m_budget->setText(s.isCuda ? tr("the device's total (%1); %2")
                                     .arg(formatMemoryBytes(s.totalBytes), memoryUsageText(s))
                               : tr("%1; %2").arg(describeMemoryBudget({s.budgetBytes, s.budgetAutomatic,
                                                                         s.budgetMarginBytes, s.budgetAddressLimited}),
                                                  memoryUsageText(s)));
    m_quality->setText(tr("%1 — %2 %3").arg(DisplayQuality::tierName(m_tier.tier), m_tier.reason, m_tier.effect));
    m_plan->setText(m_lastPlan ? describePlanLines(*m_lastPlan).join(QLatin1Char('\n')) : tr("no comparison yet"));
    m_graph->update();
}

void MemoryPanel::popupAbove(QWidget *anchor)
{
    refresh();
    adjustSize();
    QPoint pos = anchor ? anchor->mapToGlobal(QPoint(anchor->width() - width(), -height())) : QPoint(0, 0);
    if (const QScreen *screen = anchor ? anchor->screen() : nullptr) {
        const QRect avail = screen->availableGeometry();
        pos.setX(std::clamp(pos.x(), avail.left(), std::max(avail.left(), avail.right() - width())));
        pos.setY(std::clamp(pos.y(), avail.top(), std::max(avail.top(), avail.bottom() - height())));
    }
    move(pos);
    show();
}

QString MemoryPanel::text() const
{
    return QStringList{m_process->text(), m_device->text(), m_budget->text(), m_quality->text(), m_plan->text()}.join(
        QLatin1Char('\n'));
}

} // namespace difflens::ui

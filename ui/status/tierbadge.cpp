// The display quality badge of the status bar.
#include "status/tierbadge.h"

#include "status/memorytext.h"

namespace difflens::ui {

TierBadge::TierBadge(QWidget *parent) : QLabel(parent)
{
    setAlignment(Qt::AlignCenter);
    setMinimumWidth(64);
    m_quality = DisplayQuality::forTier(DisplayQuality::Tier::High);
    m_quality.reason = tr("No memory sample yet.");
    refresh();
}

QColor TierBadge::tierColor(DisplayQuality::Tier tier)
{
    switch (tier) {
    case DisplayQuality::Tier::High: return QColor(46, 160, 67);
    case DisplayQuality::Tier::Medium: return QColor(214, 150, 0);
    case DisplayQuality::Tier::Low: break;
    }
    return QColor(207, 34, 46);
}

void TierBadge::setQuality(const DisplayQuality &quality)
{
    m_quality = quality;
    refresh();
}

void TierBadge::setPlan(const PlanInfo &plan)
{
    m_plan = plan;
    refresh();
}

void TierBadge::clearPlan()
{
    m_plan.reset();
    refresh();
}

void TierBadge::refresh()
{
    setText(DisplayQuality::tierName(m_quality.tier));
    setStyleSheet(QStringLiteral("QLabel { background: %1; color: white; border-radius: 4px; padding: 1px 8px; "
                                 "font-weight: bold; }")
                      .arg(tierColor(m_quality.tier).name()));
    QStringList lines;
    lines << tr("Display quality: %1").arg(DisplayQuality::tierName(m_quality.tier));
    lines << tr("Why: %1").arg(m_quality.reason);
    lines << tr("(The status compares this process's resident memory with the app's memory budget, or on CUDA "
                "the device memory in use with its total, against the thresholds in Settings → Memory.)");
    lines << tr("What it changes: %1").arg(m_quality.effect);
    lines << tr("Counts, verdicts and every number are always exact, at any tier.");
    lines << QString();
    if (m_plan)
        lines << tr("Last job:") << describePlanLines(*m_plan);
    else
        lines << tr("No comparison has run yet.");
    setToolTip(lines.join(QLatin1Char('\n')));
}

} // namespace difflens::ui

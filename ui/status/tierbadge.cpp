#include "status/tierbadge.h"

#include <QLocale>

namespace difflens::ui {

TierBadge::TierBadge(QWidget *parent) : QLabel(parent)
{
    setAlignment(Qt::AlignCenter);
    setMinimumWidth(64);
    clearPlan();
}

QColor TierBadge::tierColor(Tier tier)
{
    switch (tier) {
    case Tier::High: return QColor(46, 160, 67);
    case Tier::Medium: return QColor(214, 150, 0);
    case Tier::Low: return QColor(207, 34, 46);
    default: return QColor(128, 128, 128);
    }
}

void TierBadge::clearPlan()
{
    setText(tr("no job"));
    setStyleSheet(QStringLiteral("QLabel { border-radius: 4px; padding: 1px 8px; color: palette(text); "
                                 "border: 1px solid palette(mid); }"));
    setToolTip(tr("No comparison has run yet"));
}

void TierBadge::setPlan(const PlanInfo &plan)
{
    const QString name = plan.tier == Tier::High ? tr("High") : plan.tier == Tier::Medium ? tr("Medium") : tr("Low");
    setText(name);
    const QColor c = tierColor(plan.tier);
    setStyleSheet(QStringLiteral("QLabel { background: %1; color: white; border-radius: 4px; padding: 1px 8px; "
                                 "font-weight: bold; }")
                      .arg(c.name()));
    setToolTip(describePlan(plan));
}

QString TierBadge::describePlan(const PlanInfo &plan)
{
    const QLocale loc;
    QStringList lines;
    lines << tr("Last plan: %1 tier on %2")
                 .arg(QString::fromLatin1(toString(plan.tier)), QString::fromStdString(plan.device));
    lines << tr("Tiles: %1 × %2 px, %3 tile(s)").arg(plan.tileWidth).arg(plan.tileHeight).arg(plan.tileCount);
    lines << tr("Peak memory: %1 (estimated %2) of budget %3")
                 .arg(loc.formattedDataSize(std::max<int64_t>(0, plan.peakBytes)),
                      loc.formattedDataSize(std::max<int64_t>(0, plan.estimatedPeakBytes)),
                      loc.formattedDataSize(std::max<int64_t>(0, plan.budgetBytes)));
    if (plan.memoryRatio >= 0)
        lines << tr("Memory when planned: %1 % (%2)").arg(plan.memoryRatio * 100, 0, 'f', 1).arg(QString::fromStdString(plan.memoryStatus));
    if (plan.retries > 0) {
        QStringList reasons;
        for (const std::string &r : plan.retryReasons)
            reasons << QString::fromStdString(r);
        lines << tr("Retries: %1 (%2)").arg(plan.retries).arg(reasons.join(QStringLiteral("; ")));
    }
    QStringList stages;
    for (const auto &st : plan.stageMs)
        stages << QStringLiteral("%1 %2 ms").arg(QString::fromStdString(st.first)).arg(st.second, 0, 'f', 1);
    if (!stages.isEmpty())
        lines << tr("Stages: %1").arg(stages.join(QStringLiteral(", ")));
    return lines.join(QLatin1Char('\n'));
}

} // namespace difflens::ui

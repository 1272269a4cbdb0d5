#pragma once
// Coloured badge with the tier the last job ran at (High / Medium; results are always
// exact); the full plan is in the tooltip.
#include "difflens/engine/job.h"

#include <QLabel>

namespace difflens::ui {

class TierBadge : public QLabel {
    Q_OBJECT
public:
    explicit TierBadge(QWidget *parent = nullptr);
    void setPlan(const PlanInfo &plan);
    void clearPlan();
    static QString describePlan(const PlanInfo &plan);
    static QColor tierColor(Tier tier);
};

} // namespace difflens::ui

#pragma once
// Coloured status-bar badge with the display quality tier (High / Medium / Low, chosen from
// the memory status: displayquality.h). Its tooltip says why the tier was chosen, what it
// changes, that results stay exact, and the last job's plan.
#include "status/displayquality.h"

#include "difflens/engine/job.h"

#include <QLabel>

#include <optional>

namespace difflens::ui {

class TierBadge : public QLabel {
    Q_OBJECT
public:
    explicit TierBadge(QWidget *parent = nullptr);
    void setQuality(const DisplayQuality &quality);
    const DisplayQuality &quality() const { return m_quality; }
    void setPlan(const PlanInfo &plan);
    void clearPlan();
    static QColor tierColor(DisplayQuality::Tier tier);

private:
    void refresh();
    DisplayQuality m_quality;
    std::optional<PlanInfo> m_plan;
};

} // namespace difflens::ui

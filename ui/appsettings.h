#pragma once
// Persistent application settings (QSettings) and their mapping onto engine job options.
#include "difflens/engine/job.h"

#include <QColor>
#include <QString>

class QSettings;

namespace difflens::ui {

struct AppSettings {
    double warningRatio = 0.80;
    double criticalRatio = 0.90;
    Tier tier = Tier::Auto;          // Auto, High or Medium: analysis is always exact
    int memoryBudgetMiB = 0;         // 0 = automatic
    Device device = Device::Auto;
    double defaultThreshold = 0.1;
    bool defaultIncludeAA = false;
    QColor diffColor{255, 0, 0};
    QColor aaColor{255, 255, 0};
    QColor regionColor{255, 140, 0};
    QString colormap = QStringLiteral("viridis");
    int blinkIntervalMs = 500;
    bool reportLetter = false;       // exported reports: US Letter pages (else A4)

    static AppSettings load(QSettings &s);
    void save(QSettings &s) const;
    void applyTo(JobOptions &job) const;   // device, tier, budget, thresholds, colours
    bool operator==(const AppSettings &o) const;
    bool operator!=(const AppSettings &o) const { return !(*this == o); }
};

} // namespace difflens::ui

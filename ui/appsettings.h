#pragma once
// Persistent application settings (QSettings), their mapping onto engine job options, and
// the app's memory budget (Settings → Memory) computed from them and a CPU memory sample.
#include "difflens/engine/job.h"

#include <QColor>
#include <QString>

class QSettings;

namespace difflens::ui {

struct AppSettings {
    double warningRatio = 0.80;
    double criticalRatio = 0.90;
    Tier tier = Tier::Auto;          // Auto, High or Medium: analysis is always exact
    int memoryBudgetMiB = 0;         // the app's memory budget; 0 = automatic (see appMemoryBudget)
    Device device = Device::Auto;
    double defaultThreshold = 0.1;
    bool defaultIncludeAA = false;
    QColor diffColor{255, 0, 0};
    QColor aaColor{255, 255, 0};
    QColor regionColor{255, 140, 0};
    QString colormap = QStringLiteral("viridis");
    int blinkIntervalMs = 500;
    bool reportLetter = false;       // exported reports: US Letter pages (else A4)
    // The compare toolbar's choices, remembered across restarts (restored at start).
    int shift = 0;                   // pixelmatch shift tolerance, 0..kMaxPixelmatchShift
    bool align = false;              // auto-alignment
    bool computeFlip = false;        // LDR-FLIP map and mean

    static AppSettings load(QSettings &s);
    void save(QSettings &s) const;
    void applyTo(JobOptions &job) const;   // device, tier, budget, thresholds, colours
    bool operator==(const AppSettings &o) const;
    bool operator!=(const AppSettings &o) const { return !(*this == o); }
};

// What the whole app process may hold (its resident set), for any image size. Automatic:
// the free memory, counting what the process already holds as free, less the engine's
// safety margin (budgetFromSample: the larger of 256 MiB and 5 % of the total), so the
// budget does not shrink as the app itself grows, only as other programs take memory.
struct MemoryBudget {
    qint64 bytes = 0;          // 0 = unknown (automatic, and memory could not be read)
    bool automatic = true;
    qint64 marginBytes = 0;    // automatic: what stays free for the rest of the system
    bool addressLimited = false; // automatic: bounded by the address-space limit (ulimit -v)
};
MemoryBudget appMemoryBudget(qint64 explicitBytes, const MemorySample &cpu);

// The budget the comparison pipeline plans against (bytes; 0 = unknown). `cpu` is a sample
// of the CPU source (makeCpuMemorySource()), whatever device the job runs on. It is the
// whole process's allowance: a job's share is this less what the app holds (cpu.processBytes).
qint64 effectiveMemoryBudgetBytes(const AppSettings &settings, const MemorySample &cpu);

} // namespace difflens::ui

// AppSettings load/save, job options, and the app's memory budget.
#include "appsettings.h"

#include "difflens/engine/address_space.h"

#include "difflens/engine/pixelmatch.h"
#include "difflens/engine/planner.h"

#include <QSettings>

#include <algorithm>

namespace difflens::ui {

namespace {
Rgb toRgb(const QColor &c) { return Rgb{uint8_t(c.red()), uint8_t(c.green()), uint8_t(c.blue())}; }
}

AppSettings AppSettings::load(QSettings &s)
{
    AppSettings d;
    AppSettings o;
    s.beginGroup(QStringLiteral("settings"));
    o.warningRatio = std::clamp(s.value(QStringLiteral("memory/warning"), d.warningRatio).toDouble(), 0.05, 1.0);
    o.criticalRatio = std::clamp(s.value(QStringLiteral("memory/critical"), d.criticalRatio).toDouble(), o.warningRatio, 1.0);
    // A Low tier stored by an older version (analysis at reduced resolution) becomes Medium.
    o.tier = Tier(std::clamp(s.value(QStringLiteral("engine/tier"), int(d.tier)).toInt(), int(Tier::Auto),
                             int(Tier::Medium)));
    o.memoryBudgetMiB = std::max(0, s.value(QStringLiteral("engine/memoryBudgetMiB"), d.memoryBudgetMiB).toInt());
    o.device = Device(std::clamp(s.value(QStringLiteral("engine/device"), int(d.device)).toInt(), 0, 2));
    o.defaultThreshold = std::clamp(s.value(QStringLiteral("compare/threshold"), d.defaultThreshold).toDouble(), 0.0, 1.0);
    o.defaultIncludeAA = s.value(QStringLiteral("compare/includeAA"), d.defaultIncludeAA).toBool();
    o.diffColor = s.value(QStringLiteral("colors/diff"), d.diffColor).value<QColor>();
    o.aaColor = s.value(QStringLiteral("colors/aa"), d.aaColor).value<QColor>();
    o.regionColor = s.value(QStringLiteral("colors/region"), d.regionColor).value<QColor>();
    o.colormap = s.value(QStringLiteral("colors/colormap"), d.colormap).toString();
    o.blinkIntervalMs = std::clamp(s.value(QStringLiteral("view/blinkIntervalMs"), d.blinkIntervalMs).toInt(), 50, 5000);
    o.reportLetter = s.value(QStringLiteral("report/pageSize"), QStringLiteral("a4")).toString() == QLatin1String("letter");
    o.shift = std::clamp(s.value(QStringLiteral("compare/shift"), d.shift).toInt(), 0, kMaxPixelmatchShift);
    o.align = s.value(QStringLiteral("compare/align"), d.align).toBool();
    o.computeFlip = s.value(QStringLiteral("compare/flip"), d.computeFlip).toBool();
    s.endGroup();
    return o;
}

void AppSettings::save(QSettings &s) const
{
    s.beginGroup(QStringLiteral("settings"));
    s.setValue(QStringLiteral("memory/warning"), warningRatio);
    s.setValue(QStringLiteral("memory/critical"), criticalRatio);
    s.setValue(QStringLiteral("engine/tier"), int(tier));
    s.remove(QStringLiteral("engine/lowTierEdge")); // setting of the removed Low analysis tier
    s.setValue(QStringLiteral("engine/memoryBudgetMiB"), memoryBudgetMiB);
    s.setValue(QStringLiteral("engine/device"), int(device));
    s.setValue(QStringLiteral("compare/threshold"), defaultThreshold);
    s.setValue(QStringLiteral("compare/includeAA"), defaultIncludeAA);
    s.setValue(QStringLiteral("colors/diff"), diffColor);
    s.setValue(QStringLiteral("colors/aa"), aaColor);
    s.setValue(QStringLiteral("colors/region"), regionColor);
    s.setValue(QStringLiteral("colors/colormap"), colormap);
    s.setValue(QStringLiteral("view/blinkIntervalMs"), blinkIntervalMs);
    s.setValue(QStringLiteral("report/pageSize"), reportLetter ? QStringLiteral("letter") : QStringLiteral("a4"));
    s.setValue(QStringLiteral("compare/shift"), shift);
    s.setValue(QStringLiteral("compare/align"), align);
    s.setValue(QStringLiteral("compare/flip"), computeFlip);
    s.endGroup();
}

void AppSettings::applyTo(JobOptions &job) const
{
    job.device = device;
    job.tier = tier;
    job.memoryBudget = int64_t(memoryBudgetMiB) * 1024 * 1024;
    job.warningRatio = warningRatio;
    job.criticalRatio = criticalRatio;
    job.pixelmatch.diffColor = toRgb(diffColor);
    job.pixelmatch.aaColor = toRgb(aaColor);
}

bool AppSettings::operator==(const AppSettings &o) const
{
    return qFuzzyCompare(warningRatio, o.warningRatio) && qFuzzyCompare(criticalRatio, o.criticalRatio) &&
           tier == o.tier && memoryBudgetMiB == o.memoryBudgetMiB && device == o.device &&
           qFuzzyCompare(1 + defaultThreshold, 1 + o.defaultThreshold) && defaultIncludeAA == o.defaultIncludeAA &&
           diffColor == o.diffColor && aaColor == o.aaColor && regionColor == o.regionColor && colormap == o.colormap &&
           blinkIntervalMs == o.blinkIntervalMs && reportLetter == o.reportLetter && shift == o.shift &&
           align == o.align && computeFlip == o.computeFlip;
}

MemoryBudget appMemoryBudget(qint64 explicitBytes, const MemorySample &cpu)
{
    MemoryBudget b;
    if (explicitBytes > 0) {
        b.bytes = explicitBytes;
        b.automatic = false;
        return b;
    }
    // What this process holds counts as free: the budget is for the process, not for what
    // it may add.
    MemorySample free = cpu;
    if (free.usedBytes >= 0 && cpu.processBytes > 0)
        free.usedBytes = std::max<int64_t>(0, free.usedBytes - cpu.processBytes);
    b.bytes = budgetFromSample(free, 0);
    b.marginBytes = b.bytes > 0 ? std::max<qint64>(0, free.freeBytes() - b.bytes) : 0;
    // Under an address-space limit (ulimit -v) the process can never hold more than it.
    if (const qint64 limit = addressSpaceLimit(); limit > 0 && (b.bytes <= 0 || limit < b.bytes)) {
        b.bytes = limit;
        b.marginBytes = 0;
        b.addressLimited = true;
    }
    return b;
}

qint64 effectiveMemoryBudgetBytes(const AppSettings &settings, const MemorySample &cpu)
{
    return appMemoryBudget(qint64(settings.memoryBudgetMiB) << 20, cpu).bytes;
}

} // namespace difflens::ui

// Formatting of memory sizes, the status-bar memory line, the budget and the plan.
#include "status/memorytext.h"

#include "status/memorystats.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>

namespace difflens::ui {

namespace {
QString tr(const char *text) { return QCoreApplication::translate("difflens::ui::MemoryText", text); }
} // namespace

QString formatMemoryBytes(qint64 bytes)
{
    if (bytes < 0)
        return tr("unknown");
    const QLocale loc;
    return loc.formattedDataSize(bytes, bytes >= (qint64(1) << 30) ? 1 : 0);
}

QString memoryUsageText(const MemorySnapshot &s)
{
    if (s.isCuda) {
        if (s.usedBytes < 0 || s.totalBytes <= 0)
            return tr("VRAM unknown");
        return tr("VRAM %1 of %2").arg(formatMemoryBytes(s.usedBytes), formatMemoryBytes(s.totalBytes));
    }
    if (s.processBytes < 0)
        return tr("memory unknown");
    if (s.budgetBytes <= 0)
        return tr("%1, budget unknown").arg(formatMemoryBytes(s.processBytes));
    return tr("%1 of %2 budget").arg(formatMemoryBytes(s.processBytes), formatMemoryBytes(s.budgetBytes));
}

QString describeMemoryBudget(const MemoryBudget &b)
{
    if (!b.automatic)
        return tr("%1 (set in Settings → Memory)").arg(formatMemoryBytes(b.bytes));
    if (b.bytes <= 0)
        return tr("automatic: unknown (free memory could not be read)");
    if (b.addressLimited)
        return tr("automatic: %1 (the address-space limit, ulimit -v)").arg(formatMemoryBytes(b.bytes));
    return tr("automatic: %1 (free memory less %2)").arg(formatMemoryBytes(b.bytes), formatMemoryBytes(b.marginBytes));
}

QStringList describePlanLines(const PlanInfo &plan)
{
    QStringList lines;
    const QString device = QString::fromStdString(plan.device);
    auto count = [](int n, const char *one, const char *many) { return QStringLiteral("%1 %2").arg(n).arg(tr(n == 1 ? one : many)); };
    if (plan.streamed)
        lines << tr("Streamed on %1 in %2 of %3")
                     .arg(device, count(plan.tileCount, "band", "bands"), count(plan.bandHeight, "row", "rows"));
    else
        lines << tr("Whole frame on %1, %2 tier, %3 of %4 × %5 px")
                     .arg(device, QString::fromLatin1(toString(plan.tier)), count(plan.tileCount, "tile", "tiles"))
                     .arg(plan.tileWidth)
                     .arg(plan.tileHeight);
    const QString peak = plan.processPeakBytes > 0 ? tr("process peak %1").arg(formatMemoryBytes(plan.processPeakBytes))
                         : plan.peakBytes > 0      ? tr("peak %1").arg(formatMemoryBytes(plan.peakBytes))
                                                   : tr("peak unknown");
    lines << tr("Estimate %1, %2").arg(formatMemoryBytes(std::max<int64_t>(0, plan.estimatedPeakBytes)), peak);
    lines << tr("Budget %1").arg(plan.budgetBytes > 0 ? formatMemoryBytes(plan.budgetBytes) : tr("none"));
    if (plan.memoryRatio >= 0)
        lines << tr("Memory when planned: %1 % (%2)")
                     .arg(plan.memoryRatio * 100, 0, 'f', 1)
                     .arg(QString::fromStdString(plan.memoryStatus));
    if (plan.retries > 0) {
        QStringList reasons;
        for (const std::string &r : plan.retryReasons)
            reasons << QString::fromStdString(r);
        lines << tr("Retries: %1 (%2)").arg(plan.retries).arg(reasons.join(QStringLiteral("; ")));
    }
    return lines;
}

} // namespace difflens::ui

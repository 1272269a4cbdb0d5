// Display quality tiers from the memory status, with hysteresis.
#include "status/displayquality.h"

#include "status/memorystats.h"

namespace difflens::ui {

namespace {

using Tier = DisplayQuality::Tier;

Tier tierFor(MemoryStatus s)
{
    return s == MemoryStatus::Critical ? Tier::Low : s == MemoryStatus::Warning ? Tier::Medium : Tier::High;
}

// The tier a ratio allows when memory is freeing: each threshold lowered by the hysteresis.
Tier recoveredTier(double ratio, const MemoryThresholds &t)
{
    const double h = DisplayQualityController::kHysteresis;
    if (ratio <= t.warning - h)
        return Tier::High;
    if (ratio <= t.critical - h)
        return Tier::Medium;
    return Tier::Low;
}

QString statusWord(MemoryStatus s)
{
    switch (s) {
    case MemoryStatus::Normal: return DisplayQualityController::tr("normal");
    case MemoryStatus::Warning: return DisplayQualityController::tr("warning");
    case MemoryStatus::Critical: return DisplayQualityController::tr("critical");
    case MemoryStatus::Unknown: break;
    }
    return DisplayQualityController::tr("unknown");
}

} // namespace

QString DisplayQuality::tierName(Tier tier)
{
    switch (tier) {
    case Tier::High: return DisplayQualityController::tr("High");
    case Tier::Medium: return DisplayQualityController::tr("Medium");
    case Tier::Low: break;
    }
    return DisplayQualityController::tr("Low");
}

DisplayQuality DisplayQuality::forTier(Tier tier)
{
    DisplayQuality q;
    q.tier = tier;
    switch (tier) {
    case Tier::High:
        q.effect = DisplayQualityController::tr("Views show full-resolution tiles; layers and report images are lossless.");
        break;
    case Tier::Medium:
        q.maxZoom = 1.0;
        q.reportJpegQuality = 85;
        q.effect = DisplayQualityController::tr("Views stop at one image pixel per screen pixel; report images are "
                                                "JPEG at quality 85.");
        break;
    case Tier::Low:
        q.maxPreviewEdge = 512;
        q.reportJpegQuality = 75;
        q.reportMaxEdge = 512;
        q.viewNotice = DisplayQualityController::tr("Low quality — memory critical");
        q.effect = DisplayQualityController::tr("Views show previews only, at most 512 pixels on the long edge, "
                                                "until memory frees; report images are JPEG at quality 75.");
        break;
    }
    return q;
}

DisplayQualityController::DisplayQualityController(QObject *parent) : QObject(parent), m_quality(DisplayQuality::forTier(Tier::High))
{
    qRegisterMetaType<DisplayQuality>();
    m_quality.reason = tr("No memory sample yet.");
}

void DisplayQualityController::setStats(MemoryStats *stats)
{
    if (!stats)
        return;
    auto follow = [this, stats] {
        if (!stats->history().isEmpty())
            observe(stats->latest().budgetRatio(), stats->thresholds());
    };
    connect(stats, &MemoryStats::updated, this, follow);
    follow();
}

void DisplayQualityController::observe(double ratio, const MemoryThresholds &t)
{
    const MemoryStatus status = MemoryMonitor::classify(ratio, t);
    Tier next = m_quality.tier;
    if (status != MemoryStatus::Unknown) {
        const Tier wanted = tierFor(status);
        if (wanted > m_quality.tier) {          // worse: at once
            next = wanted;
            m_better = 0;
        } else if (recoveredTier(ratio, t) < m_quality.tier) {  // better, below the hysteresis
            if (++m_better >= kRecoverSamples) {
                next = recoveredTier(ratio, t);
                m_better = 0;
            }
        } else {
            m_better = 0;
        }
    }
    const bool tierChanged = next != m_quality.tier;
    if (tierChanged)
        m_quality = DisplayQuality::forTier(next);
    m_quality.status = status;
    m_quality.ratio = ratio;
    const QString ratioText = ratio >= 0 ? tr("%1 % of the budget").arg(ratio * 100, 0, 'f', 0) : tr("not readable");
    if (status == MemoryStatus::Unknown)
        m_quality.reason = tr("Memory is unknown (%1): the tier stays %2.").arg(ratioText, DisplayQuality::tierName(next));
    else if (tierFor(status) == next)
        m_quality.reason = tr("Memory is %1: %2 (warning above %3 %, critical above %4 %).")
                               .arg(statusWord(status), ratioText)
                               .arg(t.warning * 100, 0, 'f', 0)
                               .arg(t.critical * 100, 0, 'f', 0);
    else
        m_quality.reason = tr("Memory is %1 (%2) but was higher: the tier returns once it stays %3 % below a "
                              "threshold (warning %4 %, critical %5 %).")
                               .arg(statusWord(status), ratioText)
                               .arg(kHysteresis * 100, 0, 'f', 0)
                               .arg(t.warning * 100, 0, 'f', 0)
                               .arg(t.critical * 100, 0, 'f', 0);
    if (tierChanged)
        Q_EMIT changed(m_quality);
    Q_EMIT observed(m_quality);
}

} // namespace difflens::ui

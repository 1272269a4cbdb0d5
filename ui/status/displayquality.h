#pragma once
// Display quality tiers chosen from the memory status. Verdicts, counts and every number
// are always exact; only what is drawn and embedded in reports changes:
//   High   (Normal, or Unknown from the start): full-resolution tiles, lossless layers.
//   Medium (Warning): views capped at one image pixel per screen pixel; report images JPEG 85.
//   Low    (Critical): previews only, at most 512 px on the long edge; report images JPEG 75;
//          the views say "Low quality — memory critical".
// The status comes from MemoryStats::status(): on the CPU this process's resident set
// against the app's memory budget, on CUDA device memory in use against its total.
// Hysteresis: a worse status takes effect at once; a better one only once the ratio has
// stayed kHysteresis below the threshold for kRecoverSamples samples in a row, so a ratio
// hovering at a threshold does not flap. Unknown keeps the current tier.
#include "difflens/engine/monitor.h"

#include <QMetaType>
#include <QObject>
#include <QString>

namespace difflens::ui {

class MemoryStats;

struct DisplayQuality {
    enum class Tier { High, Medium, Low };
    Tier tier = Tier::High;
    MemoryStatus status = MemoryStatus::Unknown;  // the status it was chosen from
    double ratio = -1;                            // the ratio then; -1 unknown
    QString reason;            // why this tier: status, ratio and thresholds, in words
    QString effect;            // what it changes, in words
    QString viewNotice;        // shown in the views; empty at High and Medium
    int maxPreviewEdge = 0;    // longest edge the views may show; 0 = full resolution
    double maxZoom = 0;        // image-to-screen scale the views may show; 0 = no cap, 1 = 1:1
    int reportJpegQuality = 0; // report images: 0 = lossless, else JPEG at this quality
    int reportMaxEdge = 0;     // report images' longest edge; 0 = as the report lays them out

    static DisplayQuality forTier(Tier tier);
    static QString tierName(Tier tier);
};

class DisplayQualityController : public QObject {
    Q_OBJECT
public:
    static constexpr double kHysteresis = 0.05;   // of the budget, below a threshold
    static constexpr int kRecoverSamples = 4;     // about one second at the sampler's 4 Hz

    explicit DisplayQualityController(QObject *parent = nullptr);
    // Follows stats' updates (its latest budgetRatio() and thresholds).
    void setStats(MemoryStats *stats);
    const DisplayQuality &quality() const { return m_quality; }

    // One observation: the ratio against the budget (-1 unknown) and the thresholds.
    void observe(double ratio, const MemoryThresholds &t);

Q_SIGNALS:
    void changed(const difflens::ui::DisplayQuality &quality);   // the tier changed
    void observed(const difflens::ui::DisplayQuality &quality);  // after every observation (reason, ratio)

private:
    DisplayQuality m_quality;
    int m_better = 0;   // consecutive samples that would allow a better tier
};

} // namespace difflens::ui

Q_DECLARE_METATYPE(difflens::ui::DisplayQuality)

#pragma once
// The follow-up job after a comparison has been shown: a pure function of its request that
// builds everything the first paint did not need: the heatmap (heatmap.h), the mask
// layer, SSIM (when asked for; its own engine run with the same options) and the reduced
// preview levels of every layer. The session merges the result into the open comparison.
// Every step that allocates is checked: a layer that does not fit is left out and named in
// LayersOutcome::layersError; nothing is thrown out of runLayersWork.
#include "fliplayer.h"
#include "viewimage.h"

#include "difflens/compare/compare.h"

#include <QColor>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

namespace difflens::ui {

struct LayersRequest {
    quint64 generation = 0;                      // the comparison these layers belong to
    std::shared_ptr<const Image> a, b;
    ImageInfo infoA, infoB;
    ViewImage viewA, viewB, diff;                // previews are added to these
    std::shared_ptr<const std::vector<uint8_t>> maskBytes;
    int maskWidth = 0, maskHeight = 0;
    Rect overlapA, overlapB;                     // --align applied: the compared areas (empty: top-left)
    CompareOptions options;                      // SSIM runs when options.job.computeSsim; isCanceled set by the controller
    QString colormap = QStringLiteral("viridis");
    QColor diffColor{255, 0, 0}, aaColor{255, 255, 0};
    std::shared_ptr<std::atomic_bool> cancel;
};

struct LayersOutcome {
    quint64 generation = 0;
    bool canceled = false;
    ViewImage viewA, viewB, diff, heat, ssim, mask;
    int heatPeak = 0;
    std::optional<SsimResult> ssimResult;        // map moved into ssimMap
    std::shared_ptr<const FloatImage> ssimMap;
    FlipLayer flip;                              // when options.job.computeFlip (fliplayer.h)
    QString error;                               // SSIM run failed (the other layers are still set)
    QString layersError;                         // layers left out (out of memory): the pane message
    bool outOfMemory = false;                    // layersError is an out-of-memory message
    double elapsedMs = 0;
};

LayersOutcome runLayersWork(const LayersRequest &request);
// The outcome of a layers job that failed as a whole with `reason` (an exception caught by
// the controller's guard): no layers, the reason as the pane message.
LayersOutcome failedLayersOutcome(const LayersRequest &request, const QString &reason, bool outOfMemory);

// The heatmap layer of a pair: difflens/compare/heatmap.h's indices and colour ramp (the
// same pixels as the report's heatmap); `peak` receives the largest delta in native units.
// Null when the images cannot be compared pixel by pixel (sizes or formats differ).
ViewImage heatmapLayer(const Image &a, const Image &b, int *peak);
ViewImage heatmapLayer(const ImageView &a, const ImageView &b, int *peak);

} // namespace difflens::ui

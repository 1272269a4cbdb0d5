#pragma once
// The background comparison job: a pure function of its request. Decodes whatever side is
// not already decoded, runs difflens::compareImages and prepares every displayable layer
// (pyramids, heatmap, SSIM map, mask) so the GUI thread only swaps pointers.
#include "viewimage.h"

#include "difflens/compare/compare.h"

#include <QColor>
#include <QString>

#include <atomic>
#include <memory>

namespace difflens::ui {

struct SideInput {
    QString path;                               // file to decode when `image` is null
    std::shared_ptr<const Image> image;         // already decoded (reused across re-compares)
    ImageInfo info;
};

struct CompareRequest {
    quint64 generation = 0;
    SideInput a, b;
    CompareOptions options;                      // options.job.isCanceled is set by the controller
    QString colormap = QStringLiteral("viridis");
    QColor diffColor{255, 0, 0}, aaColor{255, 255, 0};
    std::shared_ptr<std::atomic_bool> cancel;    // shared with the controller
};

struct SideOutput {
    QString path;
    std::shared_ptr<const Image> image;
    ImageInfo info;
    QString error;                               // decode error (the pane shows it)
    ViewImage view;
};

struct CompareOutcome {
    quint64 generation = 0;
    bool canceled = false;
    SideOutput a, b;
    bool compared = false;                       // both decoded and the job ran
    QString compareError;
    CompareResult result;                        // imageA/imageB/diff moved out into the views
    ViewImage diff, heat, ssim, mask;
    int heatPeak = 0;
    double elapsedMs = 0;
    double decodeMs = 0, compareMs = 0, layersMs = 0; // decode+previews, engine job, display layers
};

CompareOutcome runCompareWork(const CompareRequest &request);

// Per-pixel max channel delta, scaled so the largest delta maps to 255 (`peak` receives it,
// in native sample units). Returns null when sizes differ.
std::shared_ptr<std::vector<uint8_t>> deltaIndices(const Image &a, const Image &b, int *peak);

} // namespace difflens::ui

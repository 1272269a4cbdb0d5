#pragma once
// The background comparison job: a pure function of its request. Decodes whatever side is
// not already decoded and runs difflens::compareImages WITHOUT SSIM, then returns at once:
// the inputs and the diff image are wrapped zero-copy (no reduced previews, no per-pixel
// work), so the first paint of a result waits only for decode + pixel comparison. The other
// layers (heatmap, mask, SSIM map, preview pyramids) come from runLayersWork (layersworker.h)
// in a follow-up job.
// Out of memory anywhere in the job (decode, comparison, wrapping) ends it with
// CompareOutcome::outOfMemory and a pane message; the images decoded for it are released so
// the app keeps working. Nothing is thrown out of runCompareWork.
#include "viewimage.h"

#include "difflens/compare/compare.h"
#include "difflens/compare/layer_store.h"

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
    std::shared_ptr<std::atomic_bool> cancel;    // shared with the controller
};

struct SideOutput {
    QString path;
    std::shared_ptr<const Image> image;
    ImageInfo info;
    QString error;                               // decode error (the pane shows it)
    bool outOfMemory = false;                    // `error` is the decoder's out-of-memory reason
    QSize size;                                  // as decoded, or as the header says when decoding failed
    int depth = 8;
    ViewImage view;
};

struct CompareOutcome {
    quint64 generation = 0;
    bool canceled = false;
    SideOutput a, b;
    bool compared = false;                       // both decoded and the job ran
    QString compareError;
    bool outOfMemory = false;                    // the pair did not fit: compareError in every pane
    CompareResult result;                        // imageA/imageB/diff/mask moved out (below)
    CompareOptions options;                      // the options the result was computed with
    std::shared_ptr<const Image> diffImage;      // the engine's diff image (shared with `diff`)
    std::shared_ptr<const std::vector<uint8_t>> maskBytes; // MaskValue per analysed pixel
    std::shared_ptr<const FloatImage> ssimMap;   // when SSIM was computed (follow-up job)
    bool layersReady = false;                    // heat/ssim/mask and previews are in
    QString layersError;                         // layers the follow-up job left out (out of memory)
    ViewImage diff, heat, ssim, mask;
    ViewImage flip;                              // FLIP map when asked for (follow-up job, fliplayer.h)
    QString flipError;                           // why the FLIP layer is missing
    int heatPeak = 0;
    // The layered route (layeredwork.h): the layers stream into `store`; `preview` until the
    // exact result is in, `fullResolutionPending` until the full-resolution tiles are.
    std::shared_ptr<LayerStore> store;
    bool preview = false;
    bool fullResolutionPending = false;
    double elapsedMs = 0;
    double decodeMs = 0, compareMs = 0, layersMs = 0; // decode, engine job, follow-up layers job
};

CompareOutcome runCompareWork(const CompareRequest &request);
// The outcome of a comparison job that failed as a whole with `reason` (an exception caught
// by the controller's guard).
CompareOutcome failedCompareOutcome(const CompareRequest &request, const QString &reason, bool outOfMemory);

} // namespace difflens::ui

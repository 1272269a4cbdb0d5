#pragma once
// The app's comparison of two files at any size: the streamed comparison (exact counts,
// statistics, regions) that also builds the display layers of the pair (layer_store.h)
// as its rows stream in, so a view can draw the first rows within milliseconds and the
// process never holds a full-resolution frame. Qt-free; runs on any thread.
#include "difflens/compare/compare.h"
#include "difflens/compare/layer_store.h"

#include <functional>
#include <memory>

namespace difflens {

// Called on the comparing thread once both files are open, before any row is read: the
// sizes and info of A and B (stage 1 of the result), and the store the rows go to. The
// receiver may keep the store and read it from other threads while the job fills it.
using LayersOpened =
    std::function<void(const ImageInfo &a, const ImageInfo &b, const std::shared_ptr<LayerStore> &store)>;

// Whether compareFiles streams the pair with `opt` (the route compareFilesLayered takes): no
// images kept, neither the whole frame nor CUDA, no High or Low tier, no tile size.
bool comparesStreamed(const CompareOptions &opt);

// compareFiles' streamed route with the layers. `opt` must not keep images (no whole-frame
// route exists here); the store's working memory is counted against opt.job.memoryBudget.
// Errors as compareFiles; the store is then incomplete (complete() false).
CompareResult compareFilesLayered(const std::string &pathA, const std::string &pathB, const CompareOptions &opt,
                                  const LayerStore::Options &layers, const LayersOpened &opened);

// The second pass of a store that deferred its full resolution (store.deferredFullResolution()):
// streams the same pair with the same options again and writes level 0's tiles; readers see
// them as they arrive (tileReady) and fullResolutionReady() at the end. Run it after the
// exact result has been shown, at a lower priority. False with `error` on failure (the
// reduced levels stay usable); true at once when nothing was deferred.
bool fillFullResolution(const std::string &pathA, const std::string &pathB, const CompareOptions &opt,
                        const std::shared_ptr<LayerStore> &store, std::string &error);

} // namespace difflens

// Reports of pairs too large to decode whole (pair_layers.h): the decision and the layered pass.
#include "difflens/report/pair_layers.h"

#include "difflens/compare/load.h"
#include "difflens/engine/address_space.h"

#include <QDir>

#include <algorithm>

namespace difflens::report {

namespace {

int64_t pixelsOf(const std::string &path)
{
    ImageFileSize size;
    std::string error;
    if (path.empty() || !probeImageFile(path, size, error))
        return -1;
    return int64_t(size.width) * size.height;
}

bool tooLarge(int64_t pixels, int64_t bytesPerPixel, int64_t memoryBudget)
{
    return pixels > kStreamedReportPixels || (memoryBudget > 0 && pixels * bytesPerPixel > memoryBudget);
}

CompareOptions layeredOptions(const CompareOptions &used)
{
    CompareOptions o = used;
    o.diffImagePath.clear();
    o.flipMapPath.clear();
    o.keepImages = false;
    return o;
}

// compareFilesLayered with the store it opens in `store` (null when the files could not be opened).
CompareResult layeredPass(const std::string &pathA, const std::string &pathB, const CompareOptions &o,
                          const LayerStore::Options &lo, std::shared_ptr<LayerStore> &store)
{
    return compareFilesLayered(
        pathA, pathB, o, lo,
        [&store](const ImageInfo &, const ImageInfo &, const std::shared_ptr<LayerStore> &s) { store = s; });
}

} // namespace

bool wantsStreamedReport(const std::string &pathA, const std::string &pathB, int64_t memoryBudget)
{
    const int64_t a = pixelsOf(pathA), b = pixelsOf(pathB);
    return a >= 0 && b >= 0 && tooLarge(std::max(a, b), kWholeFrameReportBytesPerPixel, memoryBudget);
}

bool wantsStreamedImage(const std::string &path, int64_t memoryBudget)
{
    const int64_t pixels = pixelsOf(path);
    // A file has only itself to hold: a quarter of a pair's bytes a pixel.
    return pixels >= 0 && tooLarge(pixels, kWholeFrameReportBytesPerPixel / 4, memoryBudget);
}

LayerStore::Options reportLayerOptions(int width, int64_t memoryBudget, bool crops)
{
    LayerStore::Options lo;
    lo.cacheDir = QDir::tempPath().toStdString();
    lo.memoryByteLimit =
        memoryBudget > 0 ? std::min<int64_t>(memoryBudget / 4, int64_t(512) << 20) : int64_t(256) << 20;
    // Under an address-space limit (ulimit -v), plan within the room left, as the app does
    // (comparison_route.cpp): the in-memory levels in half of it, less the reserve.
    if (const int64_t usable = addressSpaceUsable(); usable >= 0) {
        lo.memoryByteLimit = std::max<int64_t>(1, std::min(lo.memoryByteLimit, usable / 2));
        memoryBudget = memoryBudget > 0 ? std::min(memoryBudget, std::max<int64_t>(1, usable)) : std::max<int64_t>(1, usable);
    }
    // Region crops want the full-resolution tiles: written in the same pass; without crops only
    // the in-memory levels are filled.
    lo.deferFullResolution = !crops;
    // The tile strips of the tiled levels (tile-size rows of every layer, about 14 bytes a
    // pixel, and half as much again for the smaller tiled levels) take at most half the budget.
    while (memoryBudget > 0 && lo.tileSize > 64 && int64_t(lo.tileSize) * width * 21 > memoryBudget / 2)
        lo.tileSize /= 2;
    return lo;
}

CompareResult compareForReport(const std::string &pathA, const std::string &pathB, const CompareOptions &options,
                               bool crops, std::shared_ptr<LayerStore> &store)
{
    store.reset();
    ImageFileSize a, b;
    std::string error;
    probeImageFile(pathA, a, error);
    probeImageFile(pathB, b, error);
    const LayerStore::Options lo = reportLayerOptions(std::max(a.width, b.width), options.job.memoryBudget, crops);
    CompareResult r = layeredPass(pathA, pathB, layeredOptions(options), lo, store);
    if (!r.ok)
        store.reset();
    return r;
}

std::shared_ptr<LayerStore> layersForReport(const CompareResult &printed, const CompareOptions &used, bool crops,
                                            std::string &error)
{
    CompareOptions o = layeredOptions(used);
    o.progress = nullptr; // the compare's progress bar is gone by now
    // The numbers are those printed: the layers need the pixel comparison only.
    o.job.computeSsim = false;
    o.job.computeFlip = false;
    const LayerStore::Options lo =
        reportLayerOptions(std::max(printed.a.width, printed.b.width), o.job.memoryBudget, crops);
    std::shared_ptr<LayerStore> store;
    const CompareResult r = layeredPass(printed.a.path, printed.b.path, o, lo, store);
    if (!r.ok || !store) {
        error = r.errorReason.empty() ? "the layered comparison of the pair failed" : r.errorReason;
        return nullptr;
    }
    // The report's numbers are those printed; the layers must show the same comparison.
    if (r.job.counts.mismatched != printed.job.counts.mismatched || r.job.regions.size() != printed.job.regions.size()) {
        error = "the pair changed while its report was written";
        return nullptr;
    }
    if (crops && !fillFullResolution(printed.a.path, printed.b.path, o, store, error)) // at once unless deferred
        return nullptr;
    return store;
}

} // namespace difflens::report

// The app's side of the layered route: runComparison's choice of route
// (ComparisonRequest::layeredPixels: whole frame or layered, decided on the thread that runs
// it), the tile folder the layered store uses, and its full-resolution pass as a snapshot.
#include "comparison_run.h"

#include "difflens/engine/address_space.h"

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <set>

namespace difflens {

std::string prepareTileDir(const std::string &dir)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!dir.empty())
        fs::create_directories(dir, ec);
    if (dir.empty() || ec || !fs::is_directory(dir, ec))
        return fs::temp_directory_path(ec).string();
    static std::mutex lock;
    static std::set<std::string> cleared;
    const std::lock_guard<std::mutex> hold(lock);
    if (cleared.insert(dir).second)
        removeStaleTileFiles(dir, 24 * 3600);
    return dir;
}

namespace {

// What the whole-frame route holds per pixel of the pair: A and B decoded (RGBA8), the diff
// image, the heatmap, the mask and the views' reduced copies.
constexpr int64_t kWholeFrameBytesPerPixel = 24;
// Up to this size the whole frame takes less than the layered route's bands and tile strips.
constexpr int64_t kAlwaysWholeFramePixels = int64_t(1024) * 1024;

} // namespace

ComparisonRequest routedComparison(const ComparisonRequest &request)
{
    ComparisonRequest routed = request;
    routed.layeredPixels.reset();
    if (!request.layeredPixels)
        return routed;
    // Under an address-space limit the route and the layers' memory are planned within the
    // room left (less the reserve other threads need meanwhile): a pair whose whole frame
    // would not fit streams (unless it is so small that streaming would take more), and the
    // layers keep in memory only the levels that fit in half of the room (the streamed
    // bands, decoders and previews need the rest); the others go to tiles on disk.
    int64_t layeredPixels = *request.layeredPixels;
    const int64_t usable = addressSpaceUsable();
    if (usable >= 0)
        layeredPixels = std::min(layeredPixels, std::max(kAlwaysWholeFramePixels, usable / kWholeFrameBytesPerPixel));
    routed.layered = wantsLayeredRoute(request.a.path, request.b.path, layeredPixels, request.options.maxPixels);
    if (routed.layered) {
        routed.layerOptions =
            layeredStoreOptions(request.options.job.memoryBudget, prepareTileDir(request.layerOptions.cacheDir));
        if (usable >= 0)
            routed.layerOptions.memoryByteLimit =
                std::max<int64_t>(1, std::min(routed.layerOptions.memoryByteLimit, usable / 2));
    }
    return routed;
}

ComparisonPtr fullResolutionPass(const ComparisonPtr &comparison, const std::shared_ptr<std::atomic_bool> &cancel)
{
    if (!comparison || !comparison->compared() || !comparison->fullResolutionPending)
        return comparison;
    try {
        std::string error;
        const bool ok = fillComparisonFullResolution(*comparison, cancel, error);
        if (cancel && cancel->load())
            return comparison;
        auto done = std::make_shared<Comparison>(*comparison);
        done->fullResolutionPending = false;
        if (!ok)
            done->failedParts.push_back({ComparisonPart::FullResolution, detail::isOutOfMemoryReason(error), error});
        return done;
    } catch (...) {
        return comparison; // not even the copy fitted: the reduced levels stand
    }
}

} // namespace difflens

// The app's side of the layered route: runComparison's choice of route
// (ComparisonRequest::layeredPixels: whole frame or layered, decided on the thread that runs
// it), the tile folder the layered store uses, and its full-resolution pass as a snapshot.
#include "comparison_run.h"

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

ComparisonRequest routedComparison(const ComparisonRequest &request)
{
    ComparisonRequest routed = request;
    routed.layeredPixels.reset();
    if (!request.layeredPixels)
        return routed;
    routed.layered = wantsLayeredRoute(request.a.path, request.b.path, *request.layeredPixels, request.options.maxPixels);
    if (routed.layered)
        routed.layerOptions =
            layeredStoreOptions(request.options.job.memoryBudget, prepareTileDir(request.layerOptions.cacheDir));
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

// runComparison's layered route (layered.h: both files streamed into a LayerStore; stage 1
// when they are open, stage 2 with the exact result), its full-resolution pass, and the
// snapshot of a request that could not run; the app's store options and tile-file cleanup.
#include "comparison_run.h"

#include "difflens/compare/layered.h"
#include "difflens/compare/load.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace difflens {

namespace detail {

ComparisonPtr runLayeredComparison(ComparisonRun &run)
{
    const ComparisonRequest &req = run.request();
    run.before(ComparisonStage::Opened);
    // Stage 1 comes from the comparing thread inside compareFilesLayered; an exception of the
    // observer is kept for after it (never thrown through the engine).
    std::exception_ptr observerError;
    ComparisonRun *r = &run;
    std::exception_ptr *keep = &observerError;
    const LayersOpened opened = [r, keep](const ImageInfo &a, const ImageInfo &b,
                                          const std::shared_ptr<LayerStore> &store) {
        try {
            auto s = r->next();
            s->a.info = a;
            s->b.info = b;
            s->store = store;
            s->stage = ComparisonStage::Opened;
            r->publish(std::move(s));
        } catch (...) {
            *keep = std::current_exception();
        }
    };
    CompareOptions opt = run.engineOptions();
    opt.keepImages = false;
    opt.job.ssim.wantMap = false; // a streamed SSIM keeps its mean and regions, not its map
    auto result = std::make_shared<CompareResult>(
        compareFilesLayered(req.a.path, req.b.path, opt, req.layerOptions, opened));
    if (observerError)
        return run.fail(observerError);
    auto s = run.next();
    s->timings.compareMs = run.elapsedMs();
    if (s->a.info.width <= 0)
        s->a.info = result->a;
    if (s->b.info.width <= 0)
        s->b.info = result->b;
    if (result->job.canceled || run.canceled()) {
        s->canceled = true;
    } else if (!result->ok) {
        s->outOfMemory = isOutOfMemoryReason(result->errorReason) || isOutOfMemoryReason(result->errorMessage());
        // A file's own error is that side's; otherwise the pair's.
        ComparisonSide *side = result->errorFile.empty()      ? nullptr
                               : result->errorFile == req.a.path ? &s->a
                               : result->errorFile == req.b.path ? &s->b
                                                                 : nullptr;
        if (side && !s->outOfMemory)
            side->error = result->errorReason;
        else
            s->error = result->errorMessage();
        if (s->outOfMemory)
            s->store.reset();
    } else {
        s->ssim = std::move(result->job.ssim);
        s->flip = std::move(result->job.flip);
        result->job.ssim.reset();
        result->job.flip.reset();
        s->stage = ComparisonStage::Exact;
        s->layerWidth = s->store ? s->store->width() : 0;
        s->layerHeight = s->store ? s->store->height() : 0;
        s->heatPeak = s->store ? s->store->heatPeak() : 0;
        s->fullResolutionPending = s->store && s->store->deferredFullResolution();
    }
    s->result = std::move(result);
    s->finished = true;
    run.publish(std::move(s));
    return run.finish();
}

} // namespace detail

bool wantsLayeredRoute(const std::string &pathA, const std::string &pathB, int64_t layeredPixels, int64_t maxPixels)
{
    if (pathA.empty() || pathB.empty()) // an image given decoded is in memory already
        return false;
    int64_t pixels[2] = {0, 0};
    const std::string *paths[2] = {&pathA, &pathB};
    for (int i = 0; i < 2; ++i) {
        ImageFileSize size;
        std::string error;
        if (probeImageFile(*paths[i], size, error))
            pixels[i] = int64_t(size.width) * size.height;
        if (pixels[i] <= 0 || pixels[i] > maxPixels)
            return false;
    }
    return std::max(pixels[0], pixels[1]) > layeredPixels;
}

bool fillComparisonFullResolution(const Comparison &c, const std::shared_ptr<std::atomic_bool> &cancel,
                                  std::string &error)
{
    if (!c.store || !c.fullResolutionPending)
        return true;
    try {
        CompareOptions opt = *c.options;
        opt.keepImages = false;
        opt.job.ssim.wantMap = false;
        if (cancel)
            opt.job.isCanceled = [cancel] { return cancel->load(std::memory_order_relaxed); };
        return fillFullResolution(c.a.path, c.b.path, opt, c.store, error);
    } catch (...) {
        error = describeComparisonError(std::current_exception(), nullptr);
        return false;
    }
}

ComparisonPtr failedComparison(const ComparisonRequest &request, const std::string &reason, bool outOfMemory)
{
    std::shared_ptr<Comparison> c = detail::firstSnapshot(request);
    c->error = reason.empty() ? std::string("not enough memory") : reason;
    c->outOfMemory = outOfMemory;
    c->canceled = request.cancel && request.cancel->load();
    c->finished = true;
    return c;
}

LayerStore::Options layeredStoreOptions(int64_t budgetBytes, const std::string &cacheDir)
{
    LayerStore::Options o;
    o.cacheDir = cacheDir;
    o.memoryByteLimit = budgetBytes > 0 ? std::min<int64_t>(budgetBytes / 4, int64_t(512) << 20) : int64_t(256) << 20;
    struct statvfs fs {};
    const int64_t free = ::statvfs(cacheDir.c_str(), &fs) == 0 ? int64_t(fs.f_bavail) * int64_t(fs.f_frsize) : 0;
    o.cacheByteLimit = std::min<int64_t>(int64_t(16) << 30, free > 0 ? free / 2 : int64_t(1) << 30);
    return o;
}

void removeStaleTileFiles(const std::string &dir, int64_t maxAgeSeconds)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto stale = fs::file_time_type::clock::now() - std::chrono::seconds(maxAgeSeconds);
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path &p = it->path();
        std::error_code fileEc;
        if (p.filename().string().rfind("difflens-tiles-", 0) == 0 && it->is_regular_file(fileEc) &&
            fs::last_write_time(p, fileEc) < stale && !fileEc)
            fs::remove(p, fileEc);
    }
}

} // namespace difflens

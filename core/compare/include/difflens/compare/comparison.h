#pragma once
// One comparison result, filled in stages and observable as it fills (Qt-free), used by the app,
// the CLI, batch review and reports: runComparison() decodes (or streams: the layered and the
// direct routes), compares, builds the display layers
// and the metrics on the calling thread and hands an immutable Comparison snapshot to an
// observer after each stage. Snapshots share every buffer: copying one copies pointers and
// small fields only.
//   1 Opened   sizes and info of A and B, the decoded images (or a side's decode error);
//              the layered route's LayerStore, into which the rows then stream
//   2 Exact    the exact CompareResult (statistics, pixelmatch counts, regions, plan,
//              alignment), the engine's diff image and its mask in display order (reduce.h);
//              the layered route ends here (its layers are in the store, its SSIM/FLIP means
//              in `ssim`/`flip`)
//   3 Layers   the heatmap indices and peak (heatmap.h)
//   4 Metrics  SSIM (mean, map, its shade) and FLIP (statistics, 8-bit levels) when asked for
// The direct route (the CLI's) publishes stages 1 and 2 in one snapshot and keeps its
// CompareResult whole.
// An earlier stage's fields are never changed by a later one.
#include "difflens/compare/compare.h"
#include "difflens/compare/layer_store.h"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace difflens {

enum class ComparisonStage { None = 0, Opened = 1, Exact = 2, Layers = 3, Metrics = 4 };

struct ComparisonSide {
    std::string path;                     // empty for an image given decoded
    ImageInfo info;                       // decoded size, or the header's when decoding failed
    std::shared_ptr<const Image> image;   // whole-frame route (null on the layered route)
    std::string error;                    // decode error (reason only)
    bool outOfMemory = false;             // `error` is for lack of memory
};

// A part of stages 3 and 4 that was left out, and why (the pair's result stands).
enum class ComparisonPart { Heatmap, Mask, SsimMap, Flip, FullResolution };
struct ComparisonPartFailure {
    ComparisonPart part;
    bool outOfMemory = false;
    std::string reason;
};

struct ComparisonTimings {
    double decodeMs = 0, compareMs = 0, layersMs = 0, metricsMs = 0;
    double elapsedMs = 0;                 // from the start to this snapshot
};

using Bytes = std::vector<uint8_t>;

struct Comparison {
    ComparisonStage stage = ComparisonStage::None; // the last stage whose fields are set
    bool finished = false;                // no later stage follows (fullResolutionPass may)
    bool canceled = false;
    // Stage 1
    ComparisonSide a, b;
    std::shared_ptr<LayerStore> store;    // the layered route: the layers stream into it
    bool fullResolutionPending = false;   // layered: its full-resolution tiles come in a second pass
    // Stage 2
    std::shared_ptr<const CompareResult> result; // imageA/B, diff, mask, ssim, flip moved out
    std::shared_ptr<const Image> diff;    // the engine's diff image (RGBA8), whole-frame route
    std::shared_ptr<const Bytes> mask;    // mask in display order (maskToDisplayOrder), as `heat`
    int layerWidth = 0, layerHeight = 0;  // the compared area (the overlap with --align)
    // Stage 3 (whole-frame route), layerWidth x layerHeight
    std::shared_ptr<const Bytes> heat;    // heatmap indices (heatmapIndices)
    int heatPeak = 0;                     // the largest delta in native units (layered: the store's)
    // Stage 4 (the layered route: its means at stage 2)
    std::optional<SsimResult> ssim;       // its map moved to ssimMap
    std::shared_ptr<const FloatImage> ssimMap;
    std::shared_ptr<const Bytes> ssimShade; // ssimToShade of the map
    std::optional<FlipResult> flip;       // its map as flipLevels
    std::shared_ptr<const Bytes> flipLevels; // round(error * 255) (flipErrorLevel)
    int flipWidth = 0, flipHeight = 0;
    // Errors: the pair as a whole (stage 1-2), or parts of stages 3-4.
    std::string error;                    // "<file>: <reason>" or the reason; empty when none
    bool outOfMemory = false;             // the pair did not fit (error says what failed)
    std::vector<ComparisonPartFailure> failedParts;
    // How it ran
    std::shared_ptr<const CompareOptions> options; // as requested (no cancel callback)
    bool layered = false;
    LayerStore::Options layerOptions;     // the layered route's
    ComparisonTimings timings;

    bool compared() const { return stage >= ComparisonStage::Exact && result && error.empty(); }
    bool preview() const { return store && stage == ComparisonStage::Opened && !finished; }
    const ComparisonPartFailure *failed(ComparisonPart part) const;
};

using ComparisonPtr = std::shared_ptr<const Comparison>;

struct ComparisonInput {
    std::string path;                     // decoded when `image` is null
    std::shared_ptr<const Image> image;   // already decoded (reused across re-compares)
    ImageInfo info;                       // with `image`
    std::string error;                    // the direct route: this side could not be decoded by
                                          // the caller (why); the pair fails with it
};

struct ComparisonRequest {
    ComparisonInput a, b;
    CompareOptions options;               // job.computeSsim / job.computeFlip: stage 4
    bool layered = false;                 // stream both files into a LayerStore (paths only)
    LayerStore::Options layerOptions;
    // Set: runComparison chooses the route itself, on its thread (routedComparison): a pair
    // of files over this many pixels takes the layered route, its tiles in layerOptions.cacheDir.
    std::optional<int64_t> layeredPixels;
    std::shared_ptr<std::atomic_bool> cancel; // polled between stages and by the engine
    // Exact: the whole-frame route returns its stage 2 unfinished, for continueComparison
    // to go on later (on another thread, at another priority, say).
    ComparisonStage stopAfter = ComparisonStage::Metrics;
    // Test seam: called before each stage runs; what it throws becomes that stage's failure.
    std::function<void(ComparisonStage)> beforeStage;
    // The direct route (the CLI, serve, git-diff, batch review, reports): stage 2 is
    // compareFiles(a.path, b.path, options), or compareImages when both sides come decoded,
    // with the options as given: streamed in bands when the engine can, the diff image and
    // maps written as asked, no display layers. One snapshot (stages 1 and 2, finished) whose
    // `result` is the CompareResult whole (its diff, mask, SSIM and FLIP stay in result->job),
    // set even when the pair failed; its sides' infos are the result's.
    bool direct = false;
    double decodedMs = 0;                 // direct, both sides given decoded: their decode time
};

using ComparisonObserver = std::function<void(const ComparisonPtr &)>;

// Runs the stages in order on the calling thread, calling `observe` with a new snapshot
// after each one; returns the last snapshot (finished). Never throws: std::bad_alloc and
// every other exception become the snapshot's error fields (the pair's at stages 1-2, a
// failed part at 3-4). A canceled run stops before the next stage and returns a canceled
// snapshot without observing it. An exception out of `observe` is the caller's.
ComparisonPtr runComparison(const ComparisonRequest &request, const ComparisonObserver &observe);

// The direct route alone (request.direct implied), not observed: it links none of the display
// routes (the CLI's Qt-free fast path). Never throws; null only when not even the snapshot
// could be allocated.
ComparisonPtr runDirectComparison(const ComparisonRequest &request);
// The direct route for two files.
ComparisonPtr compareDirect(const std::string &pathA, const std::string &pathB, const CompareOptions &options);
// The direct route's result: `comparison->result`, or a "not enough memory" error when the
// run returned none.
const CompareResult &resultOrError(const ComparisonPtr &comparison);

// Stages 3 and 4 of `from` (runComparison's unfinished stage 2 of the same request), observed
// as above; `from` itself when there is nothing to continue. Never throws.
ComparisonPtr continueComparison(const ComparisonRequest &request, const ComparisonPtr &from,
                                 const ComparisonObserver &observe);

// The snapshot of a request that could not run at all (no thread, say): stage None,
// finished, with the pair's error.
ComparisonPtr failedComparison(const ComparisonRequest &request, const std::string &reason, bool outOfMemory);

// Whether a pair of files takes the layered route: both headers readable, neither side over
// maxPixels (a side that is takes the whole route, which names its error), and either side
// over layeredPixels pixels.
bool wantsLayeredRoute(const std::string &pathA, const std::string &pathB, int64_t layeredPixels,
                       int64_t maxPixels = CompareOptions().maxPixels);

// `request` with its route chosen when it asks for that (layeredPixels set): layered when
// wantsLayeredRoute(a.path, b.path, *layeredPixels, options.maxPixels), with
// layeredStoreOptions(options.job.memoryBudget, prepareTileDir(layerOptions.cacheDir)).
ComparisonRequest routedComparison(const ComparisonRequest &request);
// `dir`, created, cleared of stale tile files (a day old, removeStaleTileFiles) the first time
// in this process; the temporary folder when it cannot be created.
std::string prepareTileDir(const std::string &dir);

// The layered route's second pass (layered.h fillFullResolution) for a finished comparison
// whose store deferred its full resolution; true at once when nothing is pending. Run it
// after the exact result is shown, at a low priority; cancel through the flag.
bool fillComparisonFullResolution(const Comparison &comparison, const std::shared_ptr<std::atomic_bool> &cancel,
                                  std::string &error);
// That pass as a snapshot: a copy of `comparison` with fullResolutionPending false and, when
// the pass failed, a FullResolution part failure (the reduced levels stand); `comparison`
// itself when nothing is pending or the pass was canceled. Never throws.
ComparisonPtr fullResolutionPass(const ComparisonPtr &comparison, const std::shared_ptr<std::atomic_bool> &cancel);

// The layered route's store for the app: in-memory levels of a quarter of a memory budget
// the user set (`budgetBytes` > 0), at most 512 MiB, 256 MiB when automatic (0); tiles in
// `cacheDir`, at most half its disk's free space (1 GiB when unknown) and at most 16 GiB.
// The band buffers and the tile strips come on top (compareFilesLayered counts them).
LayerStore::Options layeredStoreOptions(int64_t budgetBytes, const std::string &cacheDir);
// Removes the tile files ("difflens-tiles-*") in `dir` older than `maxAgeSeconds`: a store
// unlinks its file as soon as it is created, so these are left by a process that died first.
void removeStaleTileFiles(const std::string &dir, int64_t maxAgeSeconds);

// Describes a caught exception ("not enough memory" for std::bad_alloc).
std::string describeComparisonError(std::exception_ptr error, bool *outOfMemory);

} // namespace difflens

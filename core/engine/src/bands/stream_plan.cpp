// Band planning for the streaming comparison: the bytes one band row costs in every
// buffer, what does not scale with the band, and the band height a budget allows.
#include "difflens/engine/stream.h"

#include "difflens/engine/parallel.h"
#include "difflens/engine/planner.h"

#include "tiles/tile_kernels.h"

#include <algorithm>

namespace difflens {

namespace {

constexpr int64_t kSsimScratchPerThread = 512 << 10; // ring, planes and offsets of one SSIM worker
constexpr int64_t kSlackBytes = 2 << 20;             // small vectors, the region lists, allocator slack
constexpr int64_t kRegionBytesPerColumn = 48;        // cover array, runs of the dilation window, labels
constexpr int64_t kDefaultBandBytes = 16 << 20;    // without a budget: band buffers of about this

} // namespace

BandPlan planBands(const BandRequest &req)
{
    BandPlan p;
    p.halo = std::max({detail::pixelmatchHalo(req.shift), req.ssim ? detail::kSsimHalo : 0,
                       req.flip ? flipHalo(req.flipPpd) : 0});
    const int64_t bytesPerSample = req.depth == 16 ? 2 : 1;
    const int64_t inputRow = (int64_t(std::max(req.widthA, req.width)) + std::max(req.widthB, req.width)) * 4 *
                             bytesPerSample;
    const int64_t w = req.width;
    // The diff image has two band buffers: one is written while the next is drawn.
    p.perRowBytes = inputRow + w /* mask */ + (req.wantDiff ? 2 * w * 4 : 0) + (req.ssimRegions ? w * 4 : 0) +
                    (req.flip && req.flipMap ? w * 4 : 0);
    const int threads = req.threads > 0 ? req.threads : defaultThreadCount();
    p.fixedBytes = req.fixedBytes + 2 * int64_t(p.halo) * inputRow + kSlackBytes +
                   w * kRegionBytesPerColumn * (req.ssimRegions ? 2 : 1) + (req.ssimRegions ? w : 0) +
                   (req.ssim ? kSsimScratchPerThread * threads : 0) +
                   (req.flip ? flipScratchBytesPerThread(req.flipPpd) * threads : 0);
    p.minimumBudget = p.fixedBytes + p.perRowBytes;
    const int height = std::max(1, req.height);

    if (req.forcedBandHeight > 0) {
        p.bandHeight = std::min(req.forcedBandHeight, height);
    } else if (req.budgetBytes > 0) {
        if (req.budgetBytes < p.minimumBudget) {
            p.fits = false;
            p.bandHeight = 0;
            p.reason = "a band of one row needs " + formatBytes(p.minimumBudget) + " for an image " +
                       std::to_string(req.width) + " pixels wide; the budget is " + formatBytes(req.budgetBytes) +
                       " (--memory-budget " + formatBytes(p.minimumBudget) + " or more would fit)";
            p.estimatedPeakBytes = p.minimumBudget;
            return p;
        }
        const int64_t rows = (req.budgetBytes - p.fixedBytes) / p.perRowBytes;
        p.bandHeight = int(std::clamp<int64_t>(rows, 1, std::min(height, kMaxBandRows)));
    } else if (int64_t(req.width) * height <= kSmallFramePixels) {
        p.bandHeight = std::min(height, kSmallBandRows);
    } else {
        const int64_t rows = kDefaultBandBytes / p.perRowBytes;
        p.bandHeight = int(std::clamp<int64_t>(rows, kSmallBandRows, kMaxBandRows));
        p.bandHeight = std::min(p.bandHeight, height);
    }
    p.estimatedPeakBytes = p.fixedBytes + p.perRowBytes * p.bandHeight;
    return p;
}

} // namespace difflens

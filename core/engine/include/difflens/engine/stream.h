#pragma once
// Out-of-core comparison: both images are read in horizontal bands from RowSources,
// compared band by band with the halo rows each stage needs (pixelmatch 2, or the shift
// tolerance N when larger; SSIM 5), and
// every output is handed to a RowSink as soon as its rows are final. Memory depends on the
// width and the band height, never on the image height; the band height is planned from
// the memory budget. Counts, statistics, regions, SSIM and the diff image are identical to
// runJob on the whole frame for any band height (SSIM's mean up to the order of a double
// sum: its map is bit-identical).
#include "difflens/engine/job.h"
#include "difflens/engine/rows.h"

#include <cstdint>
#include <functional>
#include <string>

namespace difflens {

struct BandRequest {
    int width = 0, height = 0;   // compared area
    int widthA = 0, widthB = 0;  // row widths of the two sources (>= width)
    int depth = 8;
    bool ssim = false;
    bool ssimRegions = false;    // low-SSIM regions (the map's rows are kept for one band)
    bool wantDiff = false;
    bool wantMask = false;
    int64_t fixedBytes = 0;      // decoder and encoder state outside the band buffers
    int64_t budgetBytes = 0;     // <= 0: no budget (a default band height is used)
    int forcedBandHeight = 0;    // > 0: exactly this many rows (tests, benchmarks)
    int threads = 0;
    int shift = 0;               // pixelmatch shift tolerance: its halo is max(2, shift) rows
    bool flip = false;           // LDR-FLIP: halo flipHalo(flipPpd) rows, per-thread scratch
    bool flipMap = false;        // FLIP map rows handed to a sink (a float band buffer)
    double flipPpd = kFlipDefaultPpd;
};

struct BandPlan {
    bool fits = true;
    int bandHeight = 0;
    int halo = 0;
    int64_t perRowBytes = 0;     // buffer bytes per band row
    int64_t fixedBytes = 0;      // bytes that do not scale with the band height
    int64_t estimatedPeakBytes = 0;
    int64_t minimumBudget = 0;   // the smallest budget that fits a band of one row
    std::string reason;          // when !fits
};

constexpr int kMaxBandRows = 256;   // larger bands buy no speed, only memory
constexpr int kSmallBandRows = 64;  // frames up to kSmallFramePixels
// Frames up to about 1920x1080 with SSIM or FLIP are compared on one thread when the
// machine is busy (the 1-minute load average leaves less than a core idle): their threads,
// started per band, then cost a scheduler wake-up per band, more than the work itself.
// Without SSIM and FLIP the kernels are shared with helper threads started once per job
// (bands/band_workers.h), which cost nothing while the scheduler has not woken them.
constexpr int64_t kSmallFramePixels = int64_t(1920) * 1088;

// Band height for the request: as many rows as the budget allows, at most kMaxBandRows.
// Without a budget: kSmallBandRows for a small frame (its one thread gains nothing from
// bigger bands), else band buffers of about 16 MiB (kSmallBandRows to kMaxBandRows rows):
// fewer hand-offs between the decoding and comparing threads. Never more than the height.
BandPlan planBands(const BandRequest &req);

struct BandRows {
    int y0 = 0, count = 0;          // image rows [y0, y0 + count)
    ImageView a, b;                 // count rows each
    const uint8_t *mask = nullptr;  // MaskValue per pixel, `width` bytes a row
};

struct StreamOptions {
    int bandHeight = 0;                       // > 0: force (tests, benchmarks)
    int64_t fixedBytes = 0;                   // see BandRequest::fixedBytes
    // Called after each band with the rows done and the rows in all (on the calling thread).
    std::function<void(int rowsDone, int rowsTotal)> progress;
    // FLIP error map rows (one native-endian float per pixel) when computeFlip, written on the
    // calling thread after each band (with StreamSinks' mask sink).
    RowSink *flipMap = nullptr;
};

// The diff sink's writeRows runs on a second thread while the next band is computed (one
// call at a time, in row order); finish() and the mask sink run on the calling thread.
struct StreamSinks {
    RowSink *diff = nullptr; // RGBA8 rows of the diff image
    RowSink *mask = nullptr; // MaskValue rows (one byte per pixel)
    // Called on the calling thread after each band is compared, with the band's own rows
    // (halo excluded): A and B as read (RGBA of the pair's depth, cropped to the compared
    // width) and the mask. The views are valid during the call only. For display layers
    // (the app's reduced levels and tile cache); false with a reason stops the job.
    std::function<bool(const BandRows &rows, std::string &error)> bands = {};
};

// Compares the common top-left area of a and b (both RGBA of one depth; rows of different
// widths are cropped), reading both sources to the last compared row. Never throws:
// failures (a source's error, out of memory, a sink's error, a budget too small) return
// ok=false with the reason; canceled via opt.isCanceled between bands. The plan says
// streamed=true with the band height and the process's peak RSS.
JobResult runStreamJob(RowSource &a, RowSource &b, const JobOptions &opt, const StreamSinks &sinks,
                       const StreamOptions &sopt = {});

// The whole process's peak resident set (VmHWM) in bytes; -1 when unreadable.
int64_t processPeakRssBytes();

} // namespace difflens

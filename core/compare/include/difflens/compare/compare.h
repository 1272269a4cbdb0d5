#pragma once
// The one comparison job API used by the GUI, the CLI, batch review and reports:
// options in, result out. Pure: no globals, no UI; safe to run on any thread.
#include "difflens/engine/job.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace difflens {

struct CompareOptions {
    JobOptions job;                    // engine options (pixelmatch, ignore, ssim, plan...)
    bool failOnLayout = false;         // stop after the layout check when sizes differ
    std::string diffImagePath;         // write the diff PNG here when non-empty
    bool keepImages = false;           // keep decoded A/B in the result (GUI)
    bool wholeFrame = false;           // never stream: decode both images whole (tests, benchmarks)
    int bandHeight = 0;                // > 0: streamed bands of exactly this many rows (tests)
    // Streamed comparisons: called after each band (rows done, rows in all, row width),
    // on the comparing thread. Cancel with job.isCanceled.
    std::function<void(int rowsDone, int rowsTotal, int width)> progress;
    int64_t maxPixels = int64_t(65536) * 65536; // refuse larger images before decoding (4 gigapixels)
    // FLIP error map (computes FLIP): PNG coloured with the magma ramp, or 8-bit grey
    // (round(error * 255)) when flipMapGrey.
    std::string flipMapPath;
    bool flipMapGrey = false;
    // Auto-alignment (difflens/engine/align.h): B(x, y) is compared with A(x + dx, y + dy)
    // over the overlap when the estimate's confidence reaches alignMinConfidence.
    bool align = false;
    double alignMinConfidence = 0.5;
};

// What --align found and did (CompareResult::alignment).
struct CompareAlignment {
    bool requested = false;
    int dx = 0, dy = 0;        // B(x, y) ~ A(x + dx, y + dy)
    double confidence = 0;     // 0..1
    bool applied = false;
    std::string reason;        // why not applied
    Rect overlap;              // compared area in B's coordinates (when applied)
};

struct ImageInfo {
    std::string path;
    int width = 0, height = 0;
    int channels = 0;  // as stored in the file: 1, 2, 3 or 4
    int depth = 8;     // 8 or 16
};

struct CompareTimings {
    double decodeMs = 0, compareMs = 0, encodeMs = 0;
};

struct CompareResult {
    bool ok = false;
    std::string errorFile;    // the file the error is about (may be empty)
    std::string errorReason;
    std::string errorMessage() const; // "<file>: <reason>"

    ImageInfo a, b;
    bool identical = false;
    bool layoutDiffers = false;
    JobResult job;              // counts, stats, regions, diff, ssim, plan
    int64_t exactDiffering = 0; // == job.stats.differing
    CompareTimings timings;
    CompareAlignment alignment; // when opt.align
    std::shared_ptr<const Image> imageA, imageB; // when keepImages

    bool isDifferent() const { return layoutDiffers || job.counts.mismatched > 0; }
};

// Streams A and B in bands (compare_stream.cpp) unless the request keeps the decoded
// images, asks for CUDA, forces the whole-frame tier (Tier::High), a tile size or
// wholeFrame: the
// process then stays within job.memoryBudget (plus code), and the diff image is written
// row by row. Otherwise decodes A and B in parallel, then compareImages().
// Either way the image is refused before decoding when it has more than opt.maxPixels.
// Errors (unreadable/corrupt input, engine failure, unwritable diff image) give ok=false with
// errorFile naming the culprit (empty when no file is at fault) and a one-line errorReason.
// Different sizes are not an error: layoutDiffers=true, both sizes in a/b, and unless
// failOnLayout the common top-left area is compared. Mixed depth (8 vs 16 bit): the 16-bit
// image is rounded to 8 bits (v / 257) and the pair compared at 8 bits.
// identical = same size and exactDiffering == 0 (ignore regions excluded).
CompareResult compareFiles(const std::string &pathA, const std::string &pathB, const CompareOptions &opt);
CompareResult compareImages(const Image &a, const Image &b, ImageInfo infoA, ImageInfo infoB,
                            const CompareOptions &opt);

} // namespace difflens

#pragma once
// Reports of pairs too large to decode whole: when a report streams a pair, and the layered
// comparison (difflens/compare/layered.h) whose layer store the report then draws from,
// within the comparison's memory budget. Used by the single-pair report of `compare --pdf/--html`
// and by session and folder reports (every pair is weighed on its own).
#include "difflens/compare/layered.h"

#include <cstdint>
#include <memory>
#include <string>

namespace difflens::report {

// Pixels on either side above which a report streams the pair (as the app's layered route).
constexpr int64_t kStreamedReportPixels = int64_t(16) << 20;
// Bytes a whole-frame report holds per pixel (A, B, the diff image and the heatmap indices
// decoded at once), to weigh a pair against the memory budget.
constexpr int64_t kWholeFrameReportBytesPerPixel = 16;

// Whether a report of pathA and pathB streams: either side has more than kStreamedReportPixels,
// or its decoded frames would take more than memoryBudget (> 0). False when a header cannot be read
// (the whole-frame route then reports the error).
bool wantsStreamedReport(const std::string &pathA, const std::string &pathB, int64_t memoryBudget);
// The same for one image (a session's added or removed file).
bool wantsStreamedImage(const std::string &path, int64_t memoryBudget);

// The layer store's options for a report of a pair `width` pixels wide: tiles in $TMPDIR, the
// in-memory levels within a quarter of `memoryBudget` (at most 512 MiB), tile strips within half
// of it, and the full-resolution tiles written in the same pass only when `crops` (region crops
// are drawn from them).
LayerStore::Options reportLayerOptions(int width, int64_t memoryBudget, bool crops);

// One pass over the files: the exact comparison with `options` (as compareFiles streams it,
// progress and cancel included; no images kept, no diff image or FLIP map written) and the
// store of its display layers in `store` (null when the files could not be opened). Region
// crops need `crops`.
CompareResult compareForReport(const std::string &pathA, const std::string &pathB, const CompareOptions &options,
                               bool crops, std::shared_ptr<LayerStore> &store);

// The layers of a pair already compared (`printed`, with `used`): a second, layered pass whose
// counts must equal the printed ones (else "the pair changed while its report was written").
// Null with `error` on failure.
std::shared_ptr<LayerStore> layersForReport(const CompareResult &printed, const CompareOptions &used, bool crops,
                                            std::string &error);

} // namespace difflens::report

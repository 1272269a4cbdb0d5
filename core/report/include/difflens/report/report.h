#pragma once
// Reports of comparisons: PDF (Qt Gui only: QPdfWriter + QPainter, no widgets) and a static
// HTML report (a folder with index.html and its images; see writeSingleHtmlReport).
//
// A report has summary pages (date, inputs, version, options, device and tier plan, totals
// per status, a table of every pair with links to its page) followed by one or more pages per
// pair (A and B side by side, the diff image, a heatmap with its legend, every region cropped
// and enlarged, the metrics, the decision and note).
//
// Images: A/B and their crops are downsampled to print resolution and embedded as JPEG at the
// quality of the pair's tier (High 95, Medium 85, Low 75, or ReportOptions::jpegQuality);
// diff images and heatmaps are embedded losslessly (Flate).
//
// Safety: the PDF is written to a temporary file in the destination folder and renamed over
// the destination only when complete, so a failure never leaves a partial PDF behind.
//
// Needs a QGuiApplication (fonts); with none, the functions return an error. Front ends
// without a display set QT_QPA_PLATFORM=offscreen before creating it.
#include "difflens/compare/compare.h"
#include "difflens/compare/comparison.h"
#include "difflens/compare/layer_store.h"
#include "difflens/compare/review/config.h"
#include "difflens/compare/review/session.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace difflens::report {

enum class PageSize { A4, Letter };
bool parsePageSize(const std::string &text, PageSize &out); // "a4" or "letter" (any case)
const char *toString(PageSize p);

// JPEG quality used for photos of a pair computed at this tier (High 95, Medium 85, Low 75).
int jpegQualityForTier(Tier tier);

struct ReportOptions {
    PageSize pageSize = PageSize::A4;
    bool failuresOnly = false;    // pages only for failing pairs (the summary table lists all)
    int jpegQuality = 0;          // 1..100; 0 = by the pair's tier
    int imageDpi = 150;           // photos are downsampled to this many pixels per printed inch
    int maxImageEdge = 0;         // > 0: photos (A, B, crops) at most this many pixels on the long edge
    int maxRegionsPerPair = 24;   // region crops shown per pair; the others are counted
    std::string title = "DiffLens report";
    // Session reports: options for recomputing each pair (device, tier, memory budget); the
    // pair's own rules (threshold, anti-aliasing, SSIM, ignore regions) are applied on top.
    CompareOptions compare;
    std::function<void(int done, int total, const std::string &name)> progress;
    std::function<bool()> isCanceled;
    // Test hook: called at "painted" (PDF complete, before it replaces the destination);
    // return true to simulate a failure there.
    std::function<bool(const std::string &stage)> faultHook;
};

struct ReportResult {
    bool ok = false;
    std::string error;            // one line, names the file when the problem is a file
    int pages = 0;
    int pairsListed = 0;          // rows of the summary table
    int pairPages = 0;            // pairs that got their own page(s)
    int jpegImages = 0;           // photos embedded as JPEG
    bool jpegQualityApplied = false; // the photos carry the chosen quality (else Qt's own 94)
    int losslessImages = 0;       // diff images, heatmaps, crops of diffs
    int internalLinks = 0;        // table entries linked to their pair page
    int64_t bytes = 0;
    double elapsedMs = 0;
};

// Image quality by the memory status when the report is made (the app's report export):
// Normal and Unknown leave opt as it is (JPEG quality by tier, full print resolution);
// Warning sets jpegQuality 85; Critical sets jpegQuality 75 and maxImageEdge 512.
void applyMemoryStatus(ReportOptions &opt, MemoryStatus status);

// One pair. `used` are the options the result was computed with (shown on the summary page).
// The result should carry the decoded images (CompareOptions::keepImages); when it does not,
// they are decoded again from result.a.path and result.b.path.
// This is the function the app's File > Export report... calls.
ReportResult writeSingleReport(const CompareResult &result, const CompareOptions &used, const ReportOptions &opt,
                               const std::string &outPath);

// A streamed pair (difflens/compare/layered.h: compareFilesLayered), never decoded whole: the
// numbers, regions and text from `result` exactly as above; the page images (A, B, diff,
// heatmap) from the in-memory level of `store` that best fits the printed size (display
// quality) and the region crops from its full-resolution tiles (exact pixels; written by
// fillFullResolution, else the crops come from the largest in-memory level). The FLIP map is
// not kept for such a pair: its space says so. The store must be complete().
ReportResult writeSingleReport(const CompareResult &result, const std::shared_ptr<const LayerStore> &store,
                               const CompareOptions &used, const ReportOptions &opt, const std::string &outPath);

// A finished comparison snapshot (difflens/compare/comparison.h, the app's File > Export
// report...): its decoded images, diff image, SSIM map and metrics go into the report as one
// result (above), or its store for a layered pair; `used` is the options it ran with (SSIM
// shown only when computed). Refused (ok false) when it is not compared yet, or its store
// is still streaming.
ReportResult writeSingleReport(const Comparison &comparison, const ReportOptions &opt, const std::string &outPath);
ReportResult writeSingleHtmlReport(const Comparison &comparison, const ReportOptions &opt, const std::string &dir);

// Many pairs: a review session or a (merged) folder-compare JSON document.
struct SessionReportInput {
    review::ReviewSession session;  // roots and entries (summary, decision, note)
    std::string source;             // file it was read from (shown in the report)
    std::string configPath;         // difflens.json for per-pair rules; "" = <baseline>/difflens.json
    std::optional<review::ReviewConfig> config; // when set, used instead of reading configPath
};

// Reads a "difflens-review-session" file or a "difflens-batch" document (difflens-cli compare
// DIR DIR --json, or the output of difflens-cli merge).
bool loadSessionInput(const std::string &path, SessionReportInput &out, std::string &error);

// Recomputes the pairs that get a page one at a time (memory stays bounded by one pair);
// the table uses the stored summaries.
ReportResult writeSessionReport(const SessionReportInput &input, const ReportOptions &opt,
                                const std::string &outPath);

// HTML reports: `dir`/index.html (created, or replaced when complete) with its images beside
// it (p<N>-a.jpg, p<N>-b.jpg, p<N>-diff.png, p<N>-heat.png, p<N>-flip.png). One page, no
// network access (CSS and script inline, no external fonts or URLs); it opens from the file
// system. A summary with the counts per status and a filter, then one section per pair: side by
// side, swipe, onion skin and diff views, region boxes, metrics (SSIM, FLIP when computed,
// shift-tolerated pixels when present), decision and note; J/K move between the shown pairs.
// Images: photos as JPEG (quality as in the PDF, at most 1600 px or maxImageEdge on the long
// edge), diffs, heatmaps and FLIP maps as PNG. Needs no QGuiApplication. The result counts
// pairPages (sections), jpegImages, losslessImages and bytes (index.html and images).
ReportResult writeSingleHtmlReport(const CompareResult &result, const CompareOptions &used, const ReportOptions &opt,
                                   const std::string &dir);
// The HTML report of a streamed pair (see the PDF form above).
ReportResult writeSingleHtmlReport(const CompareResult &result, const std::shared_ptr<const LayerStore> &store,
                                   const CompareOptions &used, const ReportOptions &opt, const std::string &dir);
ReportResult writeSessionHtmlReport(const SessionReportInput &input, const ReportOptions &opt, const std::string &dir);

} // namespace difflens::report

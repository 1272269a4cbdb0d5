#pragma once
// Page content of a report: the summary pages and the pages of one pair. Layout heights are
// fixed, so the number of pages is known before drawing (page numbers in the table, "Page n of
// N" in the footer).
#include "difflens/compare/layer_store.h"
#include "difflens/compare/review/types.h"
#include "difflens/report/report.h"
#include "pdf_canvas.h"

#include <QString>

#include <memory>
#include <utility>
#include <vector>

namespace difflens::report::detail {

struct SummaryRow {
    QString name;
    review::PairStatus status = review::PairStatus::Error;
    double mismatchPercent = 0;
    double ssim = -1;
    double flip = -1;          // FLIP mean, -1 when not computed
    QString decision;          // "" = not reviewed
    int page = 0;              // first page of the pair, 0 = no page
};

struct SummaryContent {
    QString title;
    std::vector<std::pair<QString, QString>> info; // label, value (one line each)
    review::StatusCounts counts;
    std::vector<SummaryRow> rows;
};

int summaryPageCount(const PageGeometry &g, const SummaryContent &s);
// Draws the summary starting on the canvas's current page.
void drawSummary(PdfCanvas &canvas, const SummaryContent &s);

struct PairContent {
    QString name, pathA, pathB;
    review::PairSummary summary;          // status and metrics (stored, or from the result)
    const CompareResult *result = nullptr; // the comparison drawn (null: no pixels compared)
    std::shared_ptr<const Image> imageA, imageB;
    // A streamed pair (layered.h): its images come from the store instead (pair_images.h).
    std::shared_ptr<const LayerStore> store;
    bool reviewed = false;                 // session pairs: decision and note shown
    review::Decision decision = review::Decision::None;
    QString note;
    QString remark;                        // extra line (e.g. the pair changed since the review)
    int quality = 85;                      // JPEG quality of photos
    int regionsPlanned = 0;                // region crops that fit the planned pages
};

int regionsFirstPage(const PageGeometry &g);
int regionsPerNextPage(const PageGeometry &g);
int pairPageCount(const PageGeometry &g, int regions);
// Draws the pair on the canvas's current page and pairPageCount(regionsPlanned) - 1 more.
void drawPair(PdfCanvas &canvas, const PairContent &pair, const ReportOptions &opt);

// The metric lines of a pair (label, value), as the PDF pair page and the HTML section show
// them: counts, SSIM, FLIP when computed, exact statistics, regions, plan and time.
std::vector<std::pair<QString, QString>> metricLines(const PairContent &p);

// Shared look.
QColor statusColor(review::PairStatus s);
QString statusLabel(review::PairStatus s);
QString decisionLabel(review::Decision d);
review::PairStatus statusOf(const CompareResult &r);
review::PairSummary summaryOf(const CompareResult &r, double threshold);
QString percentText(double percent);

} // namespace difflens::report::detail

#pragma once
// The regions part of a pair's pages: every region cropped from A, B and the diff, enlarged,
// with its coordinates; two regions per row.
#include "report_pages.h"

#include <vector>

namespace difflens::report::detail {

constexpr double kRegionsHeaderH = 16, kRegionRowH = 104, kContHeaderH = 30;
constexpr int kRegionsPerRow = 2;

struct RegionView {
    int number = 0;   // 1-based, largest first
    Rect native;      // in A/B pixels
    Rect analysis;    // in diff-image pixels (the job's frame: native, analysis is always exact)
    int64_t pixels = 0;
};

// The pair's regions, largest first, at most `limit`.
std::vector<RegionView> regionViews(const PairContent &p, int limit);
// Numbered outlines over the drawn diff image (drawn = where a diffW x diffH image was drawn).
void drawRegionOutlines(PdfCanvas &cv, const QRectF &drawn, int diffW, int diffH, const std::vector<RegionView> &rs);
// Header line and `count` regions starting at `first`, from y down.
void drawRegionsBlock(PdfCanvas &cv, const PairContent &p, const ReportOptions &opt,
                      const std::vector<RegionView> &rs, size_t first, size_t count, double y);

} // namespace difflens::report::detail

#pragma once
// The common frame of every report: checks, the temporary-then-rename write, the summary
// pages, the pairs (drawn by the caller), the rewrite pass and the result numbers.
#include "report_pages.h"

#include <functional>

namespace difflens::report::detail {

// Draws the pair pages (each pair starts with canvas.newPage()). Returns false with an error
// to abandon the report (nothing is written then).
using PairPainter = std::function<bool(PdfCanvas &canvas, ReportResult &result, std::string &error)>;

ReportResult renderReport(const std::string &outPath, const ReportOptions &opt, const SummaryContent &summary,
                          int totalPages, const PairPainter &paintPairs);

// Lines shared by both kinds of summary.
QString nowText();
QString toolText();
QString imagesText(const ReportOptions &opt, int quality); // quality 0 = by tier

} // namespace difflens::report::detail

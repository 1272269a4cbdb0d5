#pragma once
// What a report shows, built once for both forms (PDF pages and the HTML report): the summary
// of a single compare or a session, and each pair's content (compared again when needed).
#include "report_pages.h"

#include "difflens/compare/review/config.h"

#include <string>
#include <vector>

namespace difflens::report::detail {

// One pair: its summary (one row) and its content (images and result from `result`, or the
// images from `store` when one is given: a streamed pair, nothing decoded).
void singleContent(const CompareResult &result, const CompareOptions &used, const ReportOptions &opt,
                   SummaryContent &summary, PairContent &pair,
                   const std::shared_ptr<const LayerStore> &store = nullptr);

// A session: the effective settings, the summary (row.page 1 for the rows whose pair gets
// pages or a section, 0 otherwise) and those entries in table order.
struct SessionContent {
    review::ReviewConfig config;
    SummaryContent summary;
    std::vector<const review::ReviewEntry *> withPage;
};
bool sessionContent(const SessionReportInput &in, const ReportOptions &opt, SessionContent &out, std::string &error);

// One session entry: compared again (pixel statuses) into `result`, or its images decoded;
// the returned content points into `result`, which must outlive it.
PairContent sessionPair(const SessionReportInput &in, const review::ReviewConfig &config,
                        const review::ReviewEntry &entry, const ReportOptions &opt,
                        std::shared_ptr<const CompareResult> &result);

// Regions a stored summary plans to show (Different and WithinTolerance pairs only).
int plannedRegions(const review::PairSummary &s, const ReportOptions &opt);

} // namespace difflens::report::detail

#pragma once
// `difflens-cli report` and the report outputs of `compare` (--pdf, --html): the hooks the
// compare command (compare_full_command.h) attaches to single and folder compares.
#include "batch_command.h"
#include "compare_command.h"
#include "report_options.h"

#include <cstdint>
#include <string>
#include <vector>

namespace difflens::cli {

// `difflens-cli report SESSION.json -o REPORT.pdf|--html DIR [options]`; returns the exit code.
int runReportCommand(const std::vector<std::string> &args);

// The reports ra asks for (none: empty hooks), written after a single compare of pathA and
// pathB ("" when unknown: the whole-frame route). A pair larger than report::kStreamedReportPixels on
// either side, or one whose decoded frames would take more than the --memory-budget, is never
// decoded whole: the compare streams, and the report is written from the display layers of a
// layered comparison of the pair (difflens/report/pair_layers.h; its full-resolution tiles for
// the region crops, cached in $TMPDIR) within the same budget.
CompareHooks compareReportHooks(const ReportArgs &ra, const std::string &pathA = {}, const std::string &pathB = {});
// ... and after a folder compare (every pair, with decisions and notes of --session).
BatchHooks batchReportHooks(const ReportArgs &ra);

} // namespace difflens::cli

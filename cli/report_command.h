#pragma once
// `difflens-cli report` and the report outputs of `compare` (--pdf, --html): the hooks the
// compare command (compare_full_command.h) attaches to single and folder compares.
#include "batch_command.h"
#include "compare_command.h"
#include "report_options.h"

#include <string>
#include <vector>

namespace difflens::cli {

// `difflens-cli report SESSION.json -o REPORT.pdf|--html DIR [options]`; returns the exit code.
int runReportCommand(const std::vector<std::string> &args);

// The reports ra asks for (none: empty hooks), written after a single compare...
CompareHooks compareReportHooks(const ReportArgs &ra);
// ... and after a folder compare (every pair, with decisions and notes of --session).
BatchHooks batchReportHooks(const ReportArgs &ra);

} // namespace difflens::cli

// `difflens-cli compare` in the full command set (compare_full_command.h).
#include "compare_full_command.h"

#include "batch_command.h"
#include "batch_options.h"
#include "compare_command.h"
#include "compare_options.h"
#include "compare_sidecar.h"
#include "errors.h"
#include "report_command.h"
#include "report_options.h"

namespace difflens::cli {

int runFullCompareCommand(const std::vector<std::string> &input)
{
    std::vector<std::string> args = input;
    ReportArgs ra;
    std::string error;
    if (!extractReportArgs(args, ra, error))
        return reportError(error);
    if (ra.anyGiven && ra.pdfPath.empty() && ra.htmlDir.empty())
        return reportError("report options need --pdf REPORT.pdf or --html DIR");
    if (isFolderCompare(args))
        return runBatchCompareCommand(args, batchReportHooks(ra));
    // The pair's paths (the report weighs its size); a bad argument is reported by the compare.
    CompareCommandOptions parsed;
    std::string ignored;
    if (!parseCompareOptions(args, parsed, ignored))
        parsed = CompareCommandOptions();
    return runCompareCommand(args, withSidecarReader(compareReportHooks(ra, parsed.pathA, parsed.pathB)));
}

} // namespace difflens::cli

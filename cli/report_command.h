#pragma once
#include <string>
#include <vector>

namespace difflens::cli {

// `difflens-cli report SESSION.json -o REPORT.pdf [options]`; returns the exit code.
int runReportCommand(const std::vector<std::string> &args);

// `difflens-cli compare ...` with the report options taken out first: single or folder
// compare, plus the PDF when --pdf is given.
int runCompareWithReport(const std::vector<std::string> &args);

} // namespace difflens::cli

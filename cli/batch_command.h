#pragma once
#include <string>
#include <vector>

namespace difflens::cli {

// `difflens-cli compare BASELINE_DIR CURRENT_DIR [options]`; returns the exit code.
int runBatchCompareCommand(const std::vector<std::string> &args);

} // namespace difflens::cli

#pragma once
#include <string>
#include <vector>

namespace difflens::cli {

// `difflens-cli compare A B [options]`; returns the exit code.
int runCompareCommand(const std::vector<std::string> &args);

} // namespace difflens::cli

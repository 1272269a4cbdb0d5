#pragma once
// `difflens-cli compare` in the full command set (libdifflens_cli_full.so): the entry point
// that takes the report options out and runs a folder compare or a single compare with the
// sidecar reader and the requested reports. The Qt-free single compare is compare_command.h.
#include <string>
#include <vector>

namespace difflens::cli {

// `difflens-cli compare A B|DIR DIR [options]`; returns the exit code.
int runFullCompareCommand(const std::vector<std::string> &args);

} // namespace difflens::cli

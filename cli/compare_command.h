#pragma once
#include "difflens/compare/compare.h"

#include <functional>
#include <string>
#include <vector>

namespace difflens::cli {

// `difflens-cli compare A B [options]`; returns the exit code.
// Extra output (the PDF report): `prepare` adjusts the options before comparing; `finish` gets
// the result and the options used and returns false when it failed (it reports the error).
struct CompareHooks {
    std::function<void(CompareOptions &)> prepare;
    std::function<bool(const CompareResult &, const CompareOptions &)> finish;
};
int runCompareCommand(const std::vector<std::string> &args, const CompareHooks &hooks = {});

} // namespace difflens::cli

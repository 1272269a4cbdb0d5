#pragma once
#include "batch_options.h"

#include "difflens/compare/review/config.h"
#include "difflens/compare/review/types.h"

#include <functional>
#include <string>
#include <vector>

namespace difflens::cli {

// `difflens-cli compare BASELINE_DIR CURRENT_DIR [options]`; returns the exit code.
// Extra output (the PDF report): `finish` gets the options, the effective settings and every
// pair (sorted) before any baseline update; it returns false when it failed (error reported).
struct BatchHooks {
    std::function<bool(const BatchOptions &, const review::ReviewConfig &, const std::vector<review::PairSummary> &)>
        finish;
};
int runBatchCompareCommand(const std::vector<std::string> &args, const BatchHooks &hooks = {});

} // namespace difflens::cli

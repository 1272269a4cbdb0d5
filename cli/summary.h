#pragma once
// Human-readable summary of a comparison (stdout of `difflens-cli compare`).
#include "difflens/compare/compare.h"

#include <string>

namespace difflens::cli {

struct SummaryContext {
    std::string diffImagePath; // shown when written
    std::string sidecarPath;   // shown when ignore regions came from a sidecar
    size_t ignoreCount = 0;
    bool failOnLayout = false; // pixels were not compared when the layout differs
    int shift = 0;             // > 0: the shift-tolerated count is shown
    size_t maxRegionsListed = 10;
};

std::string formatSummary(const CompareResult &r, const SummaryContext &ctx);
// "12.3 MiB", "512 KiB", "800 B"
std::string formatBytes(int64_t bytes);

} // namespace difflens::cli

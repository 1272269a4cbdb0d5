#pragma once
// `difflens-cli compare A B`: Qt-free, shared by the fast path (app/difflens-cli) and the full
// command set (libdifflens_cli_full.so), which adds the sidecar reader and the PDF report.
#include "difflens/compare/compare.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace difflens::cli {

// `difflens-cli compare A B [options]`; returns the exit code.
// Extra output (the PDF report): `prepare` adjusts the options before comparing; `finish` gets
// the result and the options used and returns false when it failed (it reports the error).
// `loadSidecar` reads a sidecar's ignore regions (Qt; see compare_sidecar.h). Without it a
// comparison that needs a sidecar is not run: runCompareCommand returns kNeedsFullCli
// before printing anything, and the caller hands the arguments to the full command set.
struct CompareHooks {
    std::function<void(CompareOptions &)> prepare;
    // Runs the comparison instead of compareFiles, with the same contract (a report's layered
    // pass that also gives the exact result); empty or returning nullopt: compareFiles.
    std::function<std::optional<CompareResult>(const std::string &a, const std::string &b, const CompareOptions &)>
        compare;
    std::function<bool(const CompareResult &, const CompareOptions &)> finish;
    std::function<bool(const std::string &path, std::vector<Rect> &ignore, std::string &error)> loadSidecar;
};
constexpr int kNeedsFullCli = -1;
int runCompareCommand(const std::vector<std::string> &args, const CompareHooks &hooks = {});

} // namespace difflens::cli

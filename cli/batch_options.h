#pragma once
// Options of `difflens-cli compare BASELINE_DIR CURRENT_DIR` (folder review), and of
// `difflens-cli compare [--layout L] DIR` for a test runner's output (review/layout.h).
#include "difflens/compare/review/shard.h"
#include "difflens/engine/job.h"

#include <optional>
#include <string>
#include <vector>

namespace difflens::cli {

struct BatchOptions {
    std::string baselineDir, currentDir;
    std::string jsonPath;          // --json
    std::string junitPath;         // --junit
    std::string configPath;        // --config (default <baseline>/difflens.json)
    std::string sessionPath;       // --session: resume from and save to
    bool updateBaseline = false;   // --update-baseline
    review::Shard shard;           // --shard i/n, or auto (shard_env.h)
    bool sharded = false;
    int threads = 0;               // --threads
    int64_t memoryBudget = 0;      // --memory-budget
    Device device = Device::Auto;  // --device
    std::optional<double> threshold; // --threshold (replaces the config's default)
    std::optional<double> warningRatio;  // --warning-threshold (replaces difflens.json's memory.warning)
    std::optional<double> criticalRatio; // --critical-threshold (replaces difflens.json's memory.critical)
    bool noSsim = false;           // --no-ssim
    bool fastIdentical = true;     // --no-fast-identical turns the byte-identical shortcut off
    bool quiet = false;            // -q/--quiet: summary line only, no progress
    bool noProgress = false;       // --no-progress
    size_t maxListed = 50;         // --list N
    std::string annotations;       // --annotations github|none; "": github when GITHUB_ACTIONS=true
    std::string layout = "auto";   // --layout auto|folders|playwright|jest|backstop
    std::string snapshotsRoot;     // --snapshots-root: where Playwright snapshots are searched
    bool showHelp = false;
};

// True when the arguments after "compare" name two existing directories, or one holding a
// test-runner layout (or any one with --layout).
bool isFolderCompare(const std::vector<std::string> &args);
bool parseBatchOptions(const std::vector<std::string> &args, BatchOptions &out, std::string &error);
std::string batchUsage();

} // namespace difflens::cli

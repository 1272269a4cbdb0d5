#include "batch_options.h"

#include "annotations.h"
#include "args.h"
#include "shard_env.h"
#include "value_parsers.h"

#include "difflens/compare/review/layout.h"

#include <sys/stat.h>

namespace difflens::cli {

namespace {
bool isDir(const std::string &p)
{
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Options of the folder form that take a value (so their values are not positional).
bool takesValue(const std::string &name)
{
    for (const char *n : {"--json", "--junit", "--config", "--session", "--shard", "--threads", "--memory-budget",
                          "--device", "--threshold", "--list", "--warning-threshold", "--critical-threshold",
                          "--annotations", "--layout", "--snapshots-root"})
        if (name == n)
            return true;
    return false;
}
} // namespace

bool isFolderCompare(const std::vector<std::string> &args)
{
    ArgScanner scan(args);
    std::vector<std::string> positional;
    bool layoutGiven = false;
    while (scan.next()) {
        if (!scan.isOption()) {
            positional.push_back(scan.current());
        } else {
            layoutGiven = layoutGiven || scan.name() == "--layout" || scan.name() == "--snapshots-root";
            if (takesValue(scan.name()) && !scan.hasInlineValue()) {
                std::string v, e;
                scan.value(v, e);
            }
        }
    }
    if (positional.size() == 1 && isDir(positional[0])) {
        if (layoutGiven)
            return true;
        review::ResolvedLayout found;
        std::string error;
        return review::resolveLayout(positional[0], positional[0], {}, found, error) &&
               found.layout != review::Layout::Folders;
    }
    return positional.size() == 2 && isDir(positional[0]) && isDir(positional[1]);
}

bool parseBatchOptions(const std::vector<std::string> &args, BatchOptions &o, std::string &error)
{
    ArgScanner scan(args);
    std::vector<std::string> positional;
    while (scan.next()) {
        if (!scan.isOption()) {
            positional.push_back(scan.current());
            continue;
        }
        const std::string &n = scan.name();
        std::string v;
        const auto flag = [&scan, &error](bool &dst) {
            if (!scan.noValue(error))
                return false;
            dst = true;
            return true;
        };
        const auto value = [&scan, &v, &error, &n]() {
            if (!scan.value(v, error))
                return false;
            if (v.empty()) {
                error = n + ": empty value";
                return false;
            }
            return true;
        };
        bool ok = true;
        if (n == "-h" || n == "--help") {
            ok = flag(o.showHelp);
        } else if (n == "--json") {
            ok = value() && (o.jsonPath = v, true);
        } else if (n == "--junit") {
            ok = value() && (o.junitPath = v, true);
        } else if (n == "--config") {
            ok = value() && (o.configPath = v, true);
        } else if (n == "--session") {
            ok = value() && (o.sessionPath = v, true);
        } else if (n == "--update-baseline") {
            ok = flag(o.updateBaseline);
        } else if (n == "--shard") {
            std::string source;
            ok = value() && (v == "auto" ? shardFromEnvironment(shardEnvironment(), o.shard, source, error)
                                         : review::parseShard(v, o.shard, error));
            o.sharded = ok;
        } else if (n == "--annotations") {
            ok = value() && (validAnnotationsValue(v) || (error = "expected github or none, got '" + v + "'", false));
            o.annotations = v;
        } else if (n == "--layout") {
            review::Layout l;
            ok = value() && (review::parseLayout(v, l) ||
                             (error = "expected auto, folders, playwright, jest or backstop, got '" + v + "'", false));
            o.layout = v;
        } else if (n == "--snapshots-root") {
            ok = value() && (isDir(v) || (error = v + ": not a folder", false));
            o.snapshotsRoot = v;
        } else if (n == "--threads") {
            int64_t t = 0;
            ok = value() && parseInt64(v, 1, 1024, t, error);
            o.threads = int(t);
        } else if (n == "--memory-budget") {
            ok = value() && parseByteSize(v, o.memoryBudget, error);
        } else if (n == "--device") {
            ok = value() && parseDevice(v, o.device, error);
        } else if (n == "--threshold") {
            double t = 0;
            ok = value() && parseDouble(v, 0, 1, t, error);
            o.threshold = t;
        } else if (n == "--warning-threshold" || n == "--critical-threshold") {
            double r = 0;
            ok = value() && parseMemoryRatio(v, r, error);
            (n == "--warning-threshold" ? o.warningRatio : o.criticalRatio) = r;
        } else if (n == "--list") {
            int64_t t = 0;
            ok = value() && parseInt64(v, 0, 1000000, t, error);
            o.maxListed = size_t(t);
        } else if (n == "--no-ssim") {
            ok = flag(o.noSsim);
        } else if (n == "--no-fast-identical") {
            bool off = false;
            ok = flag(off);
            o.fastIdentical = !off;
        } else if (n == "-q" || n == "--quiet") {
            ok = flag(o.quiet);
        } else if (n == "--no-progress") {
            ok = flag(o.noProgress);
        } else {
            error = "unknown option '" + n + "' for folder compare (try difflens-cli compare --help)";
            return false;
        }
        if (!ok) {
            if (error.rfind(n, 0) != 0)
                error = n + ": " + error;
            return false;
        }
    }
    if (o.showHelp)
        return true;
    // One of them alone is checked once difflens.json's "memory" thresholds are merged in.
    if (o.warningRatio && o.criticalRatio && !checkMemoryThresholds(*o.warningRatio, *o.criticalRatio, error))
        return false;
    // A test-runner layout given as one or two folders becomes the two roots it is found
    // from again by discovery and approval (review/layout.h).
    review::LayoutRequest request;
    review::parseLayout(o.layout, request.layout);
    request.snapshotsRoot = o.snapshotsRoot;
    if (positional.empty() || positional.size() > 2) {
        error = "folder compare needs BASELINE_DIR CURRENT_DIR, or one test-runner folder";
        return false;
    }
    return review::layoutRootsFor(positional, request, o.baselineDir, o.currentDir, error);
}

std::string batchUsage()
{
    return "Usage: difflens-cli compare BASELINE_DIR CURRENT_DIR [options]\n"
           "       difflens-cli compare [--layout L] TEST_OUTPUT_DIR [options]\n"
           "\n"
           "Pairs images of two folder trees by relative path and compares every pair.\n"
           "Settings come from BASELINE_DIR/difflens.json (see docs/review.md).\n"
           "\n"
           "  --layout L              auto (default), folders, playwright (test-results/: X-expected\n"
           "                          vs X-actual), jest (__image_snapshots__: NAME-snap vs\n"
           "                          __received_output__/NAME-received), backstop (bitmaps_reference\n"
           "                          vs the newest bitmaps_test run); approvals write the runner's\n"
           "                          own baseline files\n"
           "  --snapshots-root DIR    Playwright: where the snapshot each X-expected was copied from\n"
           "                          is found by content (default: the nearest folder above the\n"
           "                          current one with playwright.config.*)\n"
           "  --json PATH             every pair as JSON (single-compare fields + name, status)\n"
           "  --junit PATH            JUnit XML, one testcase per pair\n"
           "  --update-baseline       copy failing current images over the baseline (backups in\n"
           "                          BASELINE_DIR/.difflens-backup/<time>/)\n"
           "  --shard i/n             compare only shard i of n (stable split by path)\n"
           "  --shard auto            the shard from DIFFLENS_SHARD=i/n, GitLab CI_NODE_INDEX/\n"
           "                          CI_NODE_TOTAL, CircleCI CIRCLE_NODE_*, Buildkite BUILDKITE_PARALLEL_*\n"
           "  --annotations github|none  GitHub annotations for failing pairs on stdout (default:\n"
           "                          github when GITHUB_ACTIONS=true)\n"
           "  --session PATH          reuse unchanged results from PATH and save the session there\n"
           "  --config PATH           read settings from PATH instead of BASELINE_DIR/difflens.json\n"
           "  --threshold T           default threshold 0..1 (folder/file settings still apply)\n"
           "  --no-ssim               skip SSIM\n"
           "  --warning-threshold R   memory ratio for status warning, 0 < R <= 1 (default 0.8)\n"
           "  --critical-threshold R  memory ratio for status critical (default 0.9); both replace\n"
           "                          difflens.json's \"memory\" thresholds\n"
           "  --threads N             worker threads (default: all cores)\n"
           "  --memory-budget SIZE    memory for pairs in flight, e.g. 2G (default: half the free memory)\n"
           "  --device auto|cpu|cuda  where to compute (default auto)\n"
           "  --no-fast-identical     decode byte-identical files too\n"
           "  --list N                failing pairs listed in the summary (default 50)\n"
           "  --no-progress           no progress bar (shown only when stderr is a terminal)\n"
           "  -q, --quiet             print only the summary line\n"
           "\n"
           "Statuses: identical, within-tolerance, different, layout-changed, removed (only in\n"
           "baseline), new (only in current), error.\n"
           "Exit codes: 0 all pairs pass, 1 some pair failed (different, layout-changed, removed, new),\n"
           "2 error (a pair could not be compared, or bad arguments).\n"
           "\n"
           "  difflens-cli merge SHARD.json... -o ALL.json [--junit ALL.xml]\n"
           "                          combine the --json outputs of all shards\n";
}

} // namespace difflens::cli

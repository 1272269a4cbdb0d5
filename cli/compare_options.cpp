#include "compare_options.h"

#include "args.h"
#include "value_parsers.h"

#include <functional>
#include <map>

namespace difflens::cli {

namespace {

using ValueHandler = std::function<bool(const std::string &value, CompareCommandOptions &o, std::string &error)>;
using FlagHandler = std::function<void(CompareCommandOptions &o)>;

bool parseMetrics(const std::string &text, JobOptions &job, std::string &error)
{
    bool ssim = false, flip = false;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = text.find(',', start);
        const std::string name = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (name == "ssim") {
            ssim = true;
        } else if (name == "flip") {
            flip = true;
        } else if (name != "pixel") {
            error = "expected a list of pixel,ssim,flip, got '" + text + "'";
            return false;
        }
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    job.computeSsim = ssim;
    job.computeFlip = flip;
    return true;
}

const std::map<std::string, ValueHandler> &valueOptions()
{
    static const std::map<std::string, ValueHandler> handlers = {
        {"--threshold", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             return parseDouble(v, 0.0, 1.0, o.compare.job.pixelmatch.threshold, e);
         }},
        {"--alpha", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             return parseDouble(v, 0.0, 1.0, o.compare.job.pixelmatch.alpha, e);
         }},
        {"--diff-image", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             if (v.empty()) {
                 e = "expected a file path";
                 return false;
             }
             o.compare.diffImagePath = v;
             return true;
         }},
        {"--aa-color", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             return parseColor(v, o.compare.job.pixelmatch.aaColor, e);
         }},
        {"--diff-color", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             return parseColor(v, o.compare.job.pixelmatch.diffColor, e);
         }},
        {"--diff-color-alt", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             Rgb c;
             if (!parseColor(v, c, e))
                 return false;
             o.compare.job.pixelmatch.diffColorAlt = c;
             return true;
         }},
        {"--shift", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             int64_t n = 0;
             if (!parseInt64(v, 0, kMaxPixelmatchShift, n, e))
                 return false;
             o.compare.job.pixelmatch.shift = int(n);
             return true;
         }},
        {"--shift-color", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             return parseColor(v, o.compare.job.pixelmatch.shiftColor, e);
         }},
        {"--ignore", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             Rect r;
             if (!parseIgnoreRect(v, r, e))
                 return false;
             o.ignoreArgs.push_back(r);
             return true;
         }},
        {"--json", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             if (v.empty()) {
                 e = "expected a file path or -";
                 return false;
             }
             o.jsonPath = v;
             return true;
         }},
        {"--sidecar", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             if (v.empty()) {
                 e = "expected a file path";
                 return false;
             }
             o.sidecarPath = v;
             return true;
         }},
        {"--device", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             return parseDevice(v, o.compare.job.device, e);
         }},
        {"--tier", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             return parseTier(v, o.compare.job.tier, e);
         }},
        {"--memory-budget", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             return parseByteSize(v, o.compare.job.memoryBudget, e);
         }},
        {"--metrics", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             return parseMetrics(v, o.compare.job, e);
         }},
        {"--flip-ppd", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             double ppd = 0;
             if (!parseDouble(v, 0.0, 1e6, ppd, e))
                 return false;
             if (!(ppd > 0)) {
                 e = "expected pixels per degree > 0, got '" + v + "'";
                 return false;
             }
             o.compare.job.flip.ppd = ppd;
             return true;
         }},
        {"--flip-map", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             if (v.empty()) {
                 e = "expected a file path";
                 return false;
             }
             o.compare.flipMapPath = v;
             return true;
         }},
        {"--region-dilation", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             int64_t n = 0;
             if (!parseInt64(v, 0, 64, n, e))
                 return false;
             o.compare.job.regionDilation = int(n);
             o.compare.job.ssim.regionDilation = int(n);
             return true;
         }},
        {"--max-pixels", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             return parseInt64(v, 1, int64_t(1) << 40, o.compare.maxPixels, e);
         }},
        {"--warning-threshold", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             return parseMemoryRatio(v, o.compare.job.warningRatio, e);
         }},
        {"--critical-threshold", [](const std::string &v, CompareCommandOptions &o, std::string &e) {
             return parseMemoryRatio(v, o.compare.job.criticalRatio, e);
         }},
    };
    return handlers;
}

const std::map<std::string, FlagHandler> &flagOptions()
{
    static const std::map<std::string, FlagHandler> handlers = {
        {"--include-aa", [](CompareCommandOptions &o) { o.compare.job.pixelmatch.includeAA = true; }},
        {"--diff-mask", [](CompareCommandOptions &o) { o.compare.job.pixelmatch.diffMask = true; }},
        {"--fail-on-layout", [](CompareCommandOptions &o) { o.compare.failOnLayout = true; }},
        {"--flip-map-grey", [](CompareCommandOptions &o) { o.compare.flipMapGrey = true; }},
        {"--align", [](CompareCommandOptions &o) { o.compare.align = true; }},
        {"--no-sidecar", [](CompareCommandOptions &o) { o.noSidecar = true; }},
        {"--quiet", [](CompareCommandOptions &o) { o.quiet = true; }},
        {"--progress", [](CompareCommandOptions &o) { o.progress = true; }},
        {"--verbose", [](CompareCommandOptions &o) { o.verbose = true; }},
        {"-v", [](CompareCommandOptions &o) { o.verbose = true; }},
        {"-q", [](CompareCommandOptions &o) { o.quiet = true; }},
        {"--help", [](CompareCommandOptions &o) { o.showHelp = true; }},
        {"-h", [](CompareCommandOptions &o) { o.showHelp = true; }},
        {"--version", [](CompareCommandOptions &o) { o.showVersion = true; }},
    };
    return handlers;
}

} // namespace

bool parseCompareOptions(const std::vector<std::string> &args, CompareCommandOptions &out, std::string &error)
{
    CompareCommandOptions o;
    o.compare.job.wantDiffImage = false; // only when --diff-image asks for it
    std::vector<std::string> positional;
    ArgScanner scan(args);
    while (scan.next()) {
        if (!scan.isOption()) {
            positional.push_back(scan.current());
            continue;
        }
        if (scan.name() == "--allow-approximate") {
            error = "--allow-approximate was removed: results are always exact; large images are streamed "
                    "within --memory-budget";
            return false;
        }
        const auto flag = flagOptions().find(scan.name());
        if (flag != flagOptions().end()) {
            if (!scan.noValue(error))
                return false;
            flag->second(o);
            continue;
        }
        const auto option = valueOptions().find(scan.name());
        if (option == valueOptions().end()) {
            error = "unknown option '" + scan.name() + "' (see difflens-cli compare --help)";
            return false;
        }
        std::string value, reason;
        if (!scan.value(value, error))
            return false;
        if (!option->second(value, o, reason)) {
            error = scan.name() + ": " + reason;
            return false;
        }
    }
    if (o.showHelp || o.showVersion) {
        out = std::move(o);
        return true;
    }
    if (positional.size() != 2) {
        error = positional.size() < 2 ? "compare needs two images: difflens-cli compare A B [options]"
                                      : "unexpected argument '" + positional[2] + "' (compare takes two images)";
        return false;
    }
    if (!checkMemoryThresholds(o.compare.job.warningRatio, o.compare.job.criticalRatio, error))
        return false;
    if (o.compare.flipMapGrey && o.compare.flipMapPath.empty()) {
        error = "--flip-map-grey needs --flip-map PATH";
        return false;
    }
    if (!o.compare.flipMapPath.empty())
        o.compare.job.computeFlip = true; // the map is FLIP's
    if (o.noSidecar && !o.sidecarPath.empty()) {
        error = "--sidecar and --no-sidecar cannot be combined";
        return false;
    }
    o.pathA = positional[0];
    o.pathB = positional[1];
    if (!o.compare.diffImagePath.empty())
        o.compare.job.wantDiffImage = true;
    out = std::move(o);
    return true;
}

} // namespace difflens::cli

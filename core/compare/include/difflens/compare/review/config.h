#pragma once
// difflens.json: review settings stored in the baseline root, read by the app and the CLI.
// Format (all keys optional; see docs/review.md):
// {
//   "version": 1,
//   "extensions": ["png", "jpg"],
//   "defaults": { "threshold": 0.1, "include_aa": false, "shift": 0, "ssim": true, "fail_on_layout": true,
//                 "ignore": [ {"x":0,"y":0,"width":100,"height":20} ] },
//   "folders":  { "widgets/buttons": { "threshold": 0.2, "ignore": [...] } },
//   "files":    { "widgets/clock.png": { "ignore": [...] } },
//   "memory":   { "warning": 0.8, "critical": 0.9 },
//   "layout":   "auto", "snapshots_root": "tests"   (test-runner layouts, layout.h)
// }
// Scalars: the deepest matching folder wins, then the file entry. Ignore regions add up
// (defaults + every matching folder from the root down + the file).
#include "difflens/compare/compare.h"
#include "difflens/compare/review/layout.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace difflens::review {

struct RuleSet {
    std::optional<double> threshold;
    std::optional<bool> includeAA;
    std::optional<int> shift;         // pixelmatch shift tolerance 0..8 (docs/cli.md --shift)
    std::optional<bool> ssim;
    std::optional<bool> failOnLayout;
    std::vector<Rect> ignore;
};

// "memory": the memory ratio thresholds (JobOptions::warningRatio/criticalRatio) of every
// pair's job; 0 < ratio <= 1 and warning < critical, a missing one is the job's default.
// They steer plans only (results are exact either way), so they are not in the options hash.
struct MemoryRules {
    std::optional<double> warning;
    std::optional<double> critical;
    bool validate(std::string &error) const; // false with a reason naming memory.warning/critical
    void applyTo(JobOptions &job) const;
};

struct EffectiveRules {
    double threshold = 0.1;
    bool includeAA = false;
    int shift = 0;
    bool ssim = true;
    bool failOnLayout = true;
    std::vector<Rect> ignore;
    MemoryRules memory;               // from the config's top-level "memory"
    uint64_t hash() const;            // fingerprint for resume
    void applyTo(CompareOptions &opt) const;
};

class ReviewConfig {
public:
    static const char *fileName() { return "difflens.json"; }
    static std::vector<std::string> defaultExtensions();

    ReviewConfig();
    // Missing file: ok with defaults. Malformed file: false with a reason.
    bool loadFile(const std::string &path, std::string &error);
    bool loadFromRoot(const std::string &baselineRoot, std::string &error);
    bool parse(const std::string &json, std::string &error);
    std::string toJson() const;
    bool saveFile(const std::string &path, std::string &error) const;

    std::vector<std::string> extensions;   // lower case, no dots
    RuleSet defaults;
    std::map<std::string, RuleSet> folders; // key: '/'-separated folder relative to the root
    std::map<std::string, RuleSet> files;   // key: '/'-separated file path
    MemoryRules memory;                      // top-level "memory": applies to every pair
    Layout layout = Layout::Auto;            // top-level "layout": the test-runner layout (layout.h)
    std::string snapshotsRoot;               // top-level "snapshots_root": Playwright, relative to the file

    EffectiveRules rulesFor(const std::string &relPath) const;
    bool acceptsExtension(const std::string &fileName) const;
};

} // namespace difflens::review

#pragma once
// difflens.json: review settings stored in the baseline root, read by the app and the CLI.
// Format (all keys optional; see docs/review.md):
// {
//   "version": 1,
//   "extensions": ["png", "jpg"],
//   "defaults": { "threshold": 0.1, "include_aa": false, "ssim": true, "fail_on_layout": true,
//                 "ignore": [ {"x":0,"y":0,"width":100,"height":20} ] },
//   "folders":  { "widgets/buttons": { "threshold": 0.2, "ignore": [...] } },
//   "files":    { "widgets/clock.png": { "ignore": [...] } }
// }
// Scalars: the deepest matching folder wins, then the file entry. Ignore regions add up
// (defaults + every matching folder from the root down + the file).
#include "difflens/compare/compare.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace difflens::review {

struct RuleSet {
    std::optional<double> threshold;
    std::optional<bool> includeAA;
    std::optional<bool> ssim;
    std::optional<bool> failOnLayout;
    std::vector<Rect> ignore;
};

struct EffectiveRules {
    double threshold = 0.1;
    bool includeAA = false;
    bool ssim = true;
    bool failOnLayout = true;
    std::vector<Rect> ignore;
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

    EffectiveRules rulesFor(const std::string &relPath) const;
    bool acceptsExtension(const std::string &fileName) const;
};

} // namespace difflens::review

#pragma once
// Batch review model: one summary per (baseline, current) pair. Summaries never hold
// pixels, so a review of many thousands of pairs stays small in memory.
#include "difflens/engine/image.h"
#include "difflens/engine/regions.h"

#include <cstdint>
#include <string>
#include <vector>

namespace difflens::review {

enum class PairStatus {
    Identical,       // no pixel differs
    WithinTolerance, // exact pixels differ but none over the threshold
    Different,       // pixels over the threshold
    LayoutChanged,   // image sizes differ
    Removed,         // only in the baseline
    Added,           // only in the current folder
    Error            // could not be compared (reason in PairSummary::error)
};
constexpr int kPairStatusCount = 7;

const char *toString(PairStatus s);      // "identical", "within-tolerance", "different", ...
bool parsePairStatus(const std::string &text, PairStatus &out);
// Statuses that need a decision (everything except identical and within tolerance).
bool isFailure(PairStatus s);

enum class Decision { None, Approved, Flagged };
const char *toString(Decision d);        // "none", "approved", "flagged"
bool parseDecision(const std::string &text, Decision &out);

struct PairSummary {
    std::string relPath;                 // '/'-separated path relative to both roots (UTF-8)
    PairStatus status = PairStatus::Error;
    std::string error;                   // reason when status == Error
    int widthA = 0, heightA = 0;         // baseline size (0 when absent)
    int widthB = 0, heightB = 0;         // current size (0 when absent)
    int64_t mismatched = 0;              // pixels over the threshold
    int64_t antiAliased = 0;
    int64_t shiftTolerated = 0;          // mismatches tolerated by --shift (not in mismatched)
    double flipMean = -1;                // FLIP mean, -1 when not computed
    int64_t exactDiffering = 0;          // pixels that differ at all
    int64_t totalPixels = 0;             // pixels compared (ignore regions excluded)
    double ssim = -1;                    // -1 when not computed
    double threshold = 0.1;              // effective pixelmatch threshold
    int regionCount = 0;
    std::vector<Region> regions;         // the largest regions (at most kMaxStoredRegions)
    uint64_t contentHash = 0;            // hash of both files' bytes (0 when unknown)
    uint64_t optionsHash = 0;            // hash of the effective options
    bool byteIdentical = false;          // both files hold the same bytes
    double elapsedMs = 0;

    double mismatchPercent() const { return totalPixels > 0 ? 100.0 * double(mismatched) / double(totalPixels) : 0.0; }
};
constexpr int kMaxStoredRegions = 16;

// Running counts per status.
struct StatusCounts {
    int64_t counts[kPairStatusCount] = {};
    void add(PairStatus s) { ++counts[int(s)]; }
    int64_t of(PairStatus s) const { return counts[int(s)]; }
    int64_t total() const;
    int64_t failures() const;
    std::string toText() const;          // "12 pairs: 9 identical, 1 different, ..." (non-zero only)
};

} // namespace difflens::review

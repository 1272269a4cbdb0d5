#pragma once
// Runs a folder review: discovery feeds a bounded queue, a fixed pool of std::thread
// workers compares pairs, and each finished pair is reported through a callback. Only
// summaries are kept; decoded images are dropped as soon as a pair is done.
//
// Memory: workers = min(threads, budget / estimated bytes per pair), and every pair also
// reserves its own estimate (from the image headers) against the budget before decoding,
// so a few very large pairs wait for each other instead of exhausting memory.
#include "difflens/compare/compare.h"
#include "difflens/compare/review/config.h"
#include "difflens/compare/review/discovery.h"
#include "difflens/compare/review/types.h"

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace difflens::review {

struct PairOutcome {
    PairSummary summary;
    // The exact result of comparison.h's direct route (shared with its snapshot; the diff
    // image and SSIM map the options asked for included); null when the pair was not
    // compared (missing side, error, reused). Dropped after the callback by the runner.
    std::shared_ptr<const CompareResult> result;
    bool reused = false;                   // taken from a previous session unchanged
};

// Called once per pair, serialized (never concurrently), from a worker or the calling thread.
using OutcomeCallback = std::function<void(const PairOutcome &)>;

struct ReviewRunOptions {
    int threads = 0;                 // 0 = hardware concurrency
    int64_t memoryBudget = 0;        // bytes; 0 = half of the available system memory
    int queueCapacity = 0;           // pending pairs; 0 = 2 x workers
    bool fastIdentical = true;       // byte-identical files are reported identical without decoding
    std::function<bool(const std::string &relPath)> filter; // skip pairs (e.g. another shard)
    std::function<bool()> isCanceled;
    // Previous results (from a session) keyed by relPath: a pair whose content hash and options
    // hash both match is reported as reused instead of being compared again.
    const std::map<std::string, PairSummary> *previous = nullptr;
    CompareOptions base;             // starting options; per-pair rules are applied on top
};

struct ReviewRunStats {
    StatusCounts counts;
    int64_t reused = 0;
    int workers = 0;
    int64_t budgetBytes = 0;
    int64_t estimatedPairBytes = 0;
    double elapsedMs = 0;
    bool canceled = false;
    bool ok = false;
    std::string error;               // run-level failure (bad roots, bad config)
};

// Compares one discovered pair (pure function of its inputs; used by the pool and tests).
PairOutcome comparePair(const DiscoveredPair &pair, const ReviewConfig &config, const ReviewRunOptions &opt);

ReviewRunStats runReview(const std::string &baselineRoot, const std::string &currentRoot,
                         const ReviewConfig &config, const ReviewRunOptions &opt, const OutcomeCallback &onOutcome);

} // namespace difflens::review

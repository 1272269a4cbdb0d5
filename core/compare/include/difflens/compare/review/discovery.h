#pragma once
// Streaming pairing of two folder trees by relative path. Walks both trees together one
// directory at a time (sorted, depth first), so memory holds one directory listing per
// level, never the whole tree. File symlinks are followed; a directory symlink that leads
// back to one of its ancestors is reported as an error instead of being entered.
// Test-runner layouts (layout.h) are found from the two roots and paired by their rules.
#include "difflens/compare/review/layout.h"

#include <memory>
#include <string>
#include <vector>

namespace difflens::review {

struct DiscoveredPair {
    std::string relPath;        // '/'-separated
    std::string baselinePath;   // full path ("" when only in current)
    std::string currentPath;    // full path ("" when only in baseline)
    bool inBaseline = false;
    bool inCurrent = false;
    std::string error;          // non-empty: this entry cannot be compared (loop, broken link...)
    std::string approvalTarget = {}; // test-runner layouts: the file an approval replaces ("" = baselinePath)
    std::string approvalError = {};  // test-runner layouts: why this pair cannot be approved (no or several targets)
};

struct DiscoveryOptions {
    std::vector<std::string> extensions;  // lower case, no dots; empty = defaults
    bool followDirectorySymlinks = true;
    LayoutRequest layout = {};            // Auto: found from the roots (layout.h)
};

class PairDiscovery {
public:
    PairDiscovery(std::string baselineRoot, std::string currentRoot, DiscoveryOptions opt = {});
    ~PairDiscovery();
    PairDiscovery(const PairDiscovery &) = delete;
    PairDiscovery &operator=(const PairDiscovery &) = delete;

    // False when either root is not a readable directory (reason in error()).
    bool start();
    const std::string &error() const { return m_error; }
    // Next pair in sorted depth-first order; false at the end.
    bool next(DiscoveredPair &out);
    // The layout start() found (Folders for the plain pairing).
    const ResolvedLayout &layout() const;

    // Names skipped during discovery (backups written by approvals).
    static bool isReservedName(const std::string &name);

private:
    struct State;
    std::unique_ptr<State> m_state;
    std::string m_error;
};

// Counts the pairs discovery would yield (used for a progress total).
int64_t countPairs(const std::string &baselineRoot, const std::string &currentRoot, const DiscoveryOptions &opt);

} // namespace difflens::review

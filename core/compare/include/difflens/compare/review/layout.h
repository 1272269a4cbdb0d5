#pragma once
// Test-runner snapshot layouts for folder review: how Playwright's test-results/,
// jest-image-snapshot's __image_snapshots__/ and BackstopJS's bitmaps_reference/ +
// bitmaps_test/ pair into (baseline, current) files, and which file an approval replaces.
//
// A layout is found from the two roots a review is given (the CLI, the app and the
// approver all see only those), so every entry point agrees:
//   Playwright  (SNAPSHOTS_ROOT, TEST_RESULTS) or (TEST_RESULTS, same) or (PROJECT, same)
//   jest        (DIR, same) with __image_snapshots__ folders below DIR, or
//               (…/__image_snapshots__, …/__image_snapshots__/__received_output__)
//   BackstopJS  (DIR, same) with bitmaps_reference/ and bitmaps_test/ in DIR or
//               DIR/backstop_data, or (…/bitmaps_reference, …/bitmaps_test[/RUN])
// Anything else is the plain pairing by relative path (Layout::Folders). A "layout" key in
// <baseline root>/difflens.json replaces the detection ("folders" turns it off).
#include <memory>
#include <string>
#include <vector>

namespace difflens::review {

struct DiscoveredPair;
struct SnapshotIndex; // review_layout_pairs.cpp

enum class Layout { Auto, Folders, Playwright, Jest, Backstop };
const char *toString(Layout l);                  // "auto", "folders", "playwright", "jest", "backstop"
bool parseLayout(const std::string &text, Layout &out);

// What a layout resolved to for a pair of roots.
struct ResolvedLayout {
    Layout layout = Layout::Folders;
    std::string baselineRoot, currentRoot;       // as given
    std::string resultsDir;                      // Playwright: the test-results folder
    std::string snapshotsRoot;                   // Playwright: where snapshots are searched by content
    std::string scanRoot;                        // jest: the folder searched for __image_snapshots__
    std::string referenceDir, runDir;            // BackstopJS: bitmaps_reference, newest bitmaps_test run
    // Playwright: the snapshots by size and content hash, built on first use and shared by
    // copies of this layout (so an approver searches once, not once per approval).
    mutable std::shared_ptr<SnapshotIndex> snapshotIndex = {};
};

struct LayoutRequest {
    Layout layout = Layout::Auto;
    std::string snapshotsRoot;                   // Playwright; "" = nearest playwright.config.* above the cwd
    bool readConfig = true;                      // Auto: honour <baseline>/difflens.json "layout"
};

// Finds the layout of (baselineRoot, currentRoot). False with a reason when a requested
// layout does not fit the folders or when several layouts fit.
bool resolveLayout(const std::string &baselineRoot, const std::string &currentRoot, const LayoutRequest &request,
                   ResolvedLayout &out, std::string &error);

// The two roots that stand for a layout given on the command line as one or two folders
// (`compare --layout L DIR`), such that resolveLayout(Auto) on them finds the same layout.
bool layoutRootsFor(const std::vector<std::string> &folders, const LayoutRequest &request, std::string &baselineRoot,
                    std::string &currentRoot, std::string &error);

// Every pair of a test-runner layout, sorted by relPath. Names: Playwright
// "<test folder>/<X>.png" for X-expected/X-actual; jest "<folder>/<NAME>.png" for
// NAME-snap/NAME-received; BackstopJS the file name. Each pair carries its approvalTarget
// (or approvalError naming the candidates when it has none).
bool listLayoutPairs(const ResolvedLayout &layout, const std::vector<std::string> &extensions,
                     std::vector<DiscoveredPair> &out, std::string &error);

// The pair named relPath (as listLayoutPairs names it), its approval target found afresh.
bool layoutPairFor(const ResolvedLayout &layout, const std::string &relPath, DiscoveredPair &out, std::string &error);

// The files of the pair named relPath, for showing it: the roots joined with relPath for
// Folders, the runner's files otherwise ("" where a layout's side does not exist).
void pairFilesFor(const ResolvedLayout &layout, const std::string &relPath, std::string &baselinePath,
                  std::string &currentPath);

// Tells the layout that a file it may have indexed was rewritten (an approval or an undo).
void layoutFileChanged(const ResolvedLayout &layout, const std::string &path);

// A '/'-separated path that stays inside its root (not absolute, no "." or ".." parts).
bool isSafeRelPath(const std::string &rel);

// Files under root with the same bytes as file (node_modules, dot folders, test-results and
// playwright-report are not searched, nor the folder `exclude`).
std::vector<std::string> filesWithSameContent(const std::string &root, const std::string &file,
                                              const std::string &exclude);

} // namespace difflens::review

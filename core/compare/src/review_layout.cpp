// Test-runner layouts: finding which layout two review roots hold (Playwright, jest-image-snapshot,
// BackstopJS or plain folders) and the roots that stand for a layout given as one folder.
#include "difflens/compare/review/layout.h"

#include "difflens/compare/review/config.h"
#include "review_layout_fs.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace difflens::review {

namespace {

bool isDir(const fs::path &p)
{
    std::error_code ec;
    return fs::is_directory(p, ec);
}

std::string canon(const std::string &p)
{
    std::error_code ec;
    const fs::path c = fs::weakly_canonical(fs::absolute(p, ec), ec);
    return ec ? p : c.lexically_normal().string();
}

std::string baseName(const std::string &p)
{
    fs::path path = fs::path(p).lexically_normal();
    if (path.filename().empty())
        path = path.parent_path();
    return path.filename().string();
}

// Nearest folder at or above `start` holding a playwright.config.* file ("" when none).
std::string nearestPlaywrightProject(const std::string &start)
{
    if (start.empty())
        return {};
    for (fs::path dir = fs::path(canon(start)); !dir.empty(); dir = dir.parent_path()) {
        std::error_code ec;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (name.rfind("playwright.config.", 0) == 0)
                return dir.string();
        }
        if (dir == dir.root_path())
            break;
    }
    return {};
}

// Playwright's results folder for a root given alone: the root itself or its test-results/.
std::string playwrightResultsIn(const std::string &dir)
{
    const std::string sub = (fs::path(dir) / "test-results").string();
    if (isDir(sub) && layoutfs::hasPlaywrightPairs(sub, 3))
        return sub;
    return layoutfs::hasPlaywrightPairs(dir, 3) ? dir : std::string();
}

// BackstopJS's data folder (holding bitmaps_reference and bitmaps_test) for a root given alone.
std::string backstopDataIn(const std::string &dir)
{
    for (const fs::path &d : {fs::path(dir), fs::path(dir) / "backstop_data"})
        if (isDir(d / "bitmaps_reference") && isDir(d / "bitmaps_test"))
            return d.string();
    return {};
}

std::string defaultSnapshotsRoot(const std::string &resultsDir)
{
    std::error_code ec;
    const std::string fromCwd = nearestPlaywrightProject(fs::current_path(ec).string());
    return fromCwd.empty() ? nearestPlaywrightProject(fs::path(canon(resultsDir)).parent_path().string()) : fromCwd;
}

// Each try* fills `out` and returns true when the roots hold that layout.
bool tryPlaywright(const std::string &b, const std::string &c, bool same, const LayoutRequest &req,
                   ResolvedLayout &out)
{
    const std::string results = same ? playwrightResultsIn(c) : (layoutfs::hasPlaywrightPairs(c, 3) ? c : "");
    if (results.empty())
        return false;
    out.layout = Layout::Playwright;
    out.resultsDir = results;
    out.snapshotsRoot = !req.snapshotsRoot.empty() ? req.snapshotsRoot
                        : same                     ? defaultSnapshotsRoot(results)
                                                   : b;
    return true;
}

bool tryJest(const std::string &b, const std::string &c, bool same, ResolvedLayout &out)
{
    if (same) {
        if (layoutfs::imageSnapshotDirs(b).empty())
            return false;
        out.scanRoot = b;
    } else {
        if (baseName(b) != "__image_snapshots__" || baseName(c) != "__received_output__" ||
            canon((fs::path(canon(c))).parent_path().string()) != canon(b))
            return false;
        out.scanRoot = b;
    }
    out.layout = Layout::Jest;
    return true;
}

bool tryBackstop(const std::string &b, const std::string &c, bool same, ResolvedLayout &out)
{
    if (same) {
        const std::string data = backstopDataIn(b);
        if (data.empty())
            return false;
        out.referenceDir = (fs::path(data) / "bitmaps_reference").string();
        out.runDir = layoutfs::newestRun((fs::path(data) / "bitmaps_test").string());
    } else {
        if (baseName(b) != "bitmaps_reference")
            return false;
        if (baseName(c) == "bitmaps_test")
            out.runDir = layoutfs::newestRun(c);
        else if (baseName(fs::path(canon(c)).parent_path().string()) == "bitmaps_test")
            out.runDir = c;
        else
            return false;
        out.referenceDir = b;
    }
    out.layout = Layout::Backstop;
    return true;
}

} // namespace

const char *toString(Layout l)
{
    switch (l) {
    case Layout::Auto: return "auto";
    case Layout::Folders: return "folders";
    case Layout::Playwright: return "playwright";
    case Layout::Jest: return "jest";
    case Layout::Backstop: return "backstop";
    }
    return "auto";
}

bool parseLayout(const std::string &text, Layout &out)
{
    for (Layout l : {Layout::Auto, Layout::Folders, Layout::Playwright, Layout::Jest, Layout::Backstop})
        if (text == toString(l)) {
            out = l;
            return true;
        }
    return false;
}

bool resolveLayout(const std::string &baselineRoot, const std::string &currentRoot, const LayoutRequest &request,
                   ResolvedLayout &out, std::string &error)
{
    out = ResolvedLayout();
    out.baselineRoot = baselineRoot;
    out.currentRoot = currentRoot;
    LayoutRequest req = request;
    if (req.layout == Layout::Auto && req.readConfig) {
        ReviewConfig config;
        std::string ignored; // a malformed difflens.json is reported by whoever loads the settings
        if (config.loadFromRoot(baselineRoot, ignored)) {
            req.layout = config.layout;
            if (req.snapshotsRoot.empty() && !config.snapshotsRoot.empty())
                req.snapshotsRoot = (fs::path(baselineRoot) / config.snapshotsRoot).string();
        }
    }
    if (req.layout == Layout::Folders)
        return true;
    const bool same = canon(baselineRoot) == canon(currentRoot);
    std::vector<ResolvedLayout> fits;
    for (Layout l : {Layout::Playwright, Layout::Jest, Layout::Backstop}) {
        if (req.layout != Layout::Auto && req.layout != l)
            continue;
        ResolvedLayout r = out;
        const bool fit = l == Layout::Playwright ? tryPlaywright(baselineRoot, currentRoot, same, req, r)
                         : l == Layout::Jest     ? tryJest(baselineRoot, currentRoot, same, r)
                                                 : tryBackstop(baselineRoot, currentRoot, same, r);
        if (fit)
            fits.push_back(r);
    }
    if (fits.size() == 1) {
        out = fits.front();
        return true;
    }
    if (fits.size() > 1) {
        error = currentRoot + ": holds several test-runner layouts (";
        for (size_t i = 0; i < fits.size(); ++i)
            error += std::string(i ? ", " : "") + toString(fits[i].layout);
        error += "); choose one with --layout or \"layout\" in difflens.json";
        return false;
    }
    if (req.layout == Layout::Auto)
        return true; // plain folders
    const char *want = req.layout == Layout::Playwright ? "X-expected/X-actual files (test-results)"
                       : req.layout == Layout::Jest     ? "__image_snapshots__ folders"
                                                        : "bitmaps_reference and bitmaps_test folders";
    error = currentRoot + ": not a " + toString(req.layout) + " layout (no " + want + " found)";
    return false;
}

bool layoutRootsFor(const std::vector<std::string> &folders, const LayoutRequest &request, std::string &baselineRoot,
                    std::string &currentRoot, std::string &error)
{
    if (folders.empty() || folders.size() > 2) {
        error = "folder compare needs BASELINE_DIR CURRENT_DIR, or one test-runner folder with --layout";
        return false;
    }
    if (folders.size() == 2 && !request.snapshotsRoot.empty() && request.layout != Layout::Playwright &&
        request.layout != Layout::Auto) {
        error = "--snapshots-root applies to --layout playwright only";
        return false;
    }
    baselineRoot = folders.front();
    currentRoot = folders.back();
    LayoutRequest asked = request;
    asked.readConfig = request.layout == Layout::Auto;
    ResolvedLayout r;
    if (!resolveLayout(baselineRoot, currentRoot, asked, r, error))
        return false;
    if (folders.size() == 1 && r.layout == Layout::Folders) {
        error = folders.front() + ": no test-runner layout found (Playwright test-results, jest __image_snapshots__, "
                                  "BackstopJS bitmaps_reference/bitmaps_test); a folder compare needs BASELINE_DIR "
                                  "CURRENT_DIR";
        return false;
    }
    if (r.layout == Layout::Playwright && !r.snapshotsRoot.empty() &&
        (folders.size() == 1 || !request.snapshotsRoot.empty())) {
        baselineRoot = r.snapshotsRoot; // (SNAPSHOTS_ROOT, TEST_RESULTS): what detection reads back
        currentRoot = r.resultsDir;
    }
    if (request.layout == Layout::Auto)
        return true;
    // The roots must read back as the layout asked for, whatever difflens.json says.
    ResolvedLayout back;
    LayoutRequest autoReq;
    autoReq.snapshotsRoot = request.snapshotsRoot;
    if (!resolveLayout(baselineRoot, currentRoot, autoReq, back, error))
        return false;
    if (back.layout != r.layout) {
        error = baselineRoot + (baselineRoot == currentRoot ? "" : " and " + currentRoot) + " read as " +
                toString(back.layout) + ", not " + toString(r.layout) +
                (r.layout == Layout::Folders ? "; put \"layout\": \"folders\" in difflens.json to turn detection off"
                                             : "; check \"layout\" in difflens.json");
        return false;
    }
    return true;
}

} // namespace difflens::review

// Test-runner layouts: the pairs of a resolved layout (Playwright, jest-image-snapshot,
// BackstopJS), each with the file an approval replaces, and the snapshot search by content.
#include "difflens/compare/review/layout.h"

#include "difflens/compare/review/config.h"
#include "difflens/compare/review/discovery.h"
#include "review_layout_fs.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <system_error>

namespace fs = std::filesystem;

namespace difflens::review {

// Snapshot files under a root by size and content hash; a search verifies the bytes of the
// files with the same key, so an entry left stale by a rewrite is never reported.
struct SnapshotIndex {
    SnapshotIndex(std::string root, std::string exclude) : m_root(std::move(root)), m_exclude(std::move(exclude)) {}

    std::vector<std::string> matches(const std::string &file)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (!m_built) {
            layoutfs::walkFiles(m_root, -1, m_exclude, [this](const std::string &path, const std::string &) { add(path); });
            m_built = true;
        }
        std::vector<std::string> out;
        Key key;
        if (!keyOf(file, key))
            return out;
        const auto it = m_byKey.find(key);
        if (it == m_byKey.end())
            return out;
        for (const std::string &candidate : it->second)
            if (layoutfs::sameBytes(candidate, file))
                out.push_back(candidate);
        std::sort(out.begin(), out.end());
        return out;
    }

    void refresh(const std::string &path)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (!m_built)
            return;
        const auto old = m_keyOf.find(path);
        if (old != m_keyOf.end()) {
            auto &paths = m_byKey[old->second];
            paths.erase(std::remove(paths.begin(), paths.end(), path), paths.end());
            m_keyOf.erase(old);
        }
        add(path);
    }

private:
    using Key = std::pair<uint64_t, uint64_t>; // size, hash

    static bool keyOf(const std::string &path, Key &key)
    {
        key.first = layoutfs::fileSize(path);
        return key.first != uint64_t(-1) && layoutfs::fileHash(path, key.second);
    }

    void add(const std::string &path)
    {
        Key key;
        if (!keyOf(path, key))
            return;
        m_byKey[key].push_back(path);
        m_keyOf[path] = key;
    }

    std::string m_root, m_exclude;
    bool m_built = false;
    std::map<Key, std::vector<std::string>> m_byKey;
    std::map<std::string, Key> m_keyOf;
    std::mutex m_mutex;
};

namespace {

std::string join(const std::string &dir, const std::string &name)
{
    return (fs::path(dir) / name).string();
}

bool exists(const std::string &p)
{
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

void splitRel(const std::string &rel, std::string &folder, std::string &name)
{
    const size_t slash = rel.rfind('/');
    folder = slash == std::string::npos ? "" : rel.substr(0, slash);
    name = slash == std::string::npos ? rel : rel.substr(slash + 1);
}

std::string relJoin(const std::string &folder, const std::string &name)
{
    return folder.empty() ? name : folder + "/" + name;
}

SnapshotIndex &indexOf(const ResolvedLayout &layout)
{
    if (!layout.snapshotIndex)
        layout.snapshotIndex = std::make_shared<SnapshotIndex>(layout.snapshotsRoot, layout.resultsDir);
    return *layout.snapshotIndex;
}

// The snapshot X-expected was copied from: exactly one file with its bytes under the root.
void setPlaywrightTarget(DiscoveredPair &p, const ResolvedLayout &layout)
{
    if (!p.inBaseline) {
        p.approvalError = p.currentPath + ": no -expected file beside it, so its snapshot is unknown";
        return;
    }
    if (layout.snapshotsRoot.empty()) {
        p.approvalError = "no snapshots root: no playwright.config.* above the current folder; give --snapshots-root";
        return;
    }
    const std::vector<std::string> found = indexOf(layout).matches(p.baselinePath);
    if (found.size() == 1) {
        p.approvalTarget = found.front();
        return;
    }
    if (found.empty()) {
        p.approvalError = "no snapshot under " + layout.snapshotsRoot + " has the content of " + p.baselinePath;
        return;
    }
    p.approvalError = "several snapshots have the content of " + p.baselinePath + ":";
    for (const std::string &f : found)
        p.approvalError += " " + f;
}

DiscoveredPair playwrightPair(const ResolvedLayout &layout, const std::string &folder, const std::string &stem,
                              const std::string &ext)
{
    DiscoveredPair p;
    p.relPath = relJoin(folder, stem + ext);
    const std::string dir = folder.empty() ? layout.resultsDir : join(layout.resultsDir, folder);
    p.baselinePath = join(dir, stem + "-expected" + ext);
    p.currentPath = join(dir, stem + "-actual" + ext);
    p.inBaseline = exists(p.baselinePath);
    p.inCurrent = exists(p.currentPath);
    if (!p.inBaseline)
        p.baselinePath.clear();
    if (!p.inCurrent)
        p.currentPath.clear();
    return p;
}

DiscoveredPair jestPair(const ResolvedLayout &layout, const std::string &folder, const std::string &stem,
                        const std::string &ext)
{
    DiscoveredPair p;
    p.relPath = relJoin(folder, stem + ext);
    const std::string dir = folder.empty() ? layout.scanRoot : join(layout.scanRoot, folder);
    p.approvalTarget = join(dir, stem + "-snap" + ext);
    p.baselinePath = p.approvalTarget;
    // jest-image-snapshot 6 writes NAME-snap-received.png (storeReceivedOnFailure); NAME-received.png also pairs.
    const std::string received = join(dir, "__received_output__");
    p.currentPath = join(received, stem + "-snap-received" + ext);
    if (!exists(p.currentPath) && exists(join(received, stem + "-received" + ext)))
        p.currentPath = join(received, stem + "-received" + ext);
    p.inBaseline = exists(p.baselinePath);
    p.inCurrent = exists(p.currentPath);
    if (!p.inBaseline)
        p.baselinePath.clear();
    return p;
}

DiscoveredPair backstopPair(const ResolvedLayout &layout, const std::string &rel)
{
    DiscoveredPair p;
    p.relPath = rel;
    p.approvalTarget = join(layout.referenceDir, rel);
    p.baselinePath = p.approvalTarget;
    p.currentPath = layout.runDir.empty() ? std::string() : join(layout.runDir, rel);
    p.inBaseline = exists(p.baselinePath);
    p.inCurrent = !p.currentPath.empty() && exists(p.currentPath);
    if (!p.inBaseline)
        p.baselinePath.clear();
    return p;
}

// The pair named relPath; withTarget: Playwright's approval target searched by content.
bool pairOf(const ResolvedLayout &layout, const std::string &relPath, bool withTarget, DiscoveredPair &out,
            std::string &error)
{
    if (!isSafeRelPath(relPath)) {
        error = relPath + ": not a relative path inside the folders";
        return false;
    }
    std::string folder, name;
    splitRel(relPath, folder, name);
    const size_t dot = name.rfind('.');
    const std::string stem = dot == std::string::npos ? name : name.substr(0, dot);
    const std::string ext = dot == std::string::npos ? "" : name.substr(dot);
    switch (layout.layout) {
    case Layout::Playwright: {
        out = playwrightPair(layout, folder, stem, ext);
        if (withTarget)
            setPlaywrightTarget(out, layout);
        break;
    }
    case Layout::Jest:
        out = jestPair(layout, folder, stem, ext);
        break;
    case Layout::Backstop:
        out = backstopPair(layout, relPath);
        break;
    case Layout::Auto:
    case Layout::Folders:
        error = "not a test-runner layout";
        return false;
    }
    if (!out.inBaseline && !out.inCurrent) {
        error = relPath + ": in neither folder";
        return false;
    }
    return true;
}

} // namespace

bool isSafeRelPath(const std::string &rel)
{
    if (rel.empty() || rel[0] == '/')
        return false;
    for (const auto &part : fs::path(rel))
        if (part == ".." || part == ".")
            return false;
    return true;
}

std::vector<std::string> filesWithSameContent(const std::string &root, const std::string &file,
                                              const std::string &exclude)
{
    return SnapshotIndex(root, exclude).matches(file);
}

void layoutFileChanged(const ResolvedLayout &layout, const std::string &path)
{
    if (layout.snapshotIndex)
        layout.snapshotIndex->refresh(path);
}

bool listLayoutPairs(const ResolvedLayout &layout, const std::vector<std::string> &extensions,
                     std::vector<DiscoveredPair> &out, std::string &error)
{
    out.clear();
    ReviewConfig exts;
    if (!extensions.empty())
        exts.extensions = extensions;
    switch (layout.layout) {
    case Layout::Playwright: {
        std::map<std::string, std::pair<std::string, std::string>> keys; // rel -> (folder, stem) (sorted)
        std::map<std::string, std::string> extOf;
        layoutfs::walkFiles(layout.resultsDir, -1, {}, [&exts, &keys, &extOf](const std::string &, const std::string &rel) {
            std::string folder, name, stem, ext;
            splitRel(rel, folder, name);
            if (!exts.acceptsExtension(name))
                return;
            if (layoutfs::splitSuffix(name, "-expected", stem, ext) || layoutfs::splitSuffix(name, "-actual", stem, ext)) {
                keys[relJoin(folder, stem + ext)] = {folder, stem};
                extOf[relJoin(folder, stem + ext)] = ext;
            }
        });
        for (const auto &[rel, where] : keys) {
            DiscoveredPair p = playwrightPair(layout, where.first, where.second, extOf[rel]);
            setPlaywrightTarget(p, layout);
            out.push_back(std::move(p));
        }
        return true;
    }
    case Layout::Jest: {
        for (const std::string &dir : layoutfs::imageSnapshotDirs(layout.scanRoot)) {
            std::string folder = fs::path(dir).lexically_relative(fs::path(layout.scanRoot)).generic_string();
            if (folder == ".")
                folder.clear();
            layoutfs::walkFiles(join(dir, "__received_output__"), 0, {},
                                [&exts, &out, &layout, &folder](const std::string &, const std::string &name) {
                                    std::string stem, ext;
                                    if (!exts.acceptsExtension(name) || !layoutfs::splitSuffix(name, "-received", stem, ext))
                                        return;
                                    std::string name2, ext2;
                                    if (layoutfs::splitSuffix(stem + ext, "-snap", name2, ext2))
                                        stem = name2; // NAME-snap-received.png
                                    out.push_back(jestPair(layout, folder, stem, ext));
                                });
        }
        break;
    }
    case Layout::Backstop:
        if (layout.runDir.empty()) {
            error = layout.referenceDir + ": bitmaps_test holds no run folder";
            return false;
        }
        layoutfs::walkFiles(layout.runDir, 0, {}, [&exts, &out, &layout](const std::string &, const std::string &name) {
            if (exts.acceptsExtension(name) && name.rfind("failed_diff_", 0) != 0)
                out.push_back(backstopPair(layout, name));
        });
        break;
    case Layout::Auto:
    case Layout::Folders:
        error = "not a test-runner layout";
        return false;
    }
    std::sort(out.begin(), out.end(), [](const DiscoveredPair &a, const DiscoveredPair &b) { return a.relPath < b.relPath; });
    return true;
}

void pairFilesFor(const ResolvedLayout &layout, const std::string &relPath, std::string &baselinePath,
                  std::string &currentPath)
{
    baselinePath.clear();
    currentPath.clear();
    if (layout.layout == Layout::Folders || layout.layout == Layout::Auto) {
        baselinePath = layout.baselineRoot + "/" + relPath;
        currentPath = layout.currentRoot + "/" + relPath;
        return;
    }
    DiscoveredPair p;
    std::string error;
    if (pairOf(layout, relPath, false, p, error)) {
        baselinePath = p.baselinePath;
        currentPath = p.inCurrent ? p.currentPath : std::string();
    }
}

bool layoutPairFor(const ResolvedLayout &layout, const std::string &relPath, DiscoveredPair &out, std::string &error)
{
    return pairOf(layout, relPath, true, out, error);
}

} // namespace difflens::review

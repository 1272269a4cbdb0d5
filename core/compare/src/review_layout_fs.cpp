// File-system helpers of the test-runner layouts: bounded sorted walks, suffix names,
// __image_snapshots__ search, BackstopJS run folders and byte comparison.
#include "review_layout_fs.h"

#include "difflens/compare/review/discovery.h"
#include "difflens/compare/review/hash.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <system_error>

namespace fs = std::filesystem;

namespace difflens::review::layoutfs {

namespace {

struct Listing {
    std::vector<std::string> files, dirs; // names, sorted
};

Listing list(const fs::path &dir)
{
    Listing l;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        std::error_code sec;
        const fs::file_status st = it->status(sec);
        if (sec)
            continue;
        if (fs::is_directory(st)) {
            if (!skippedFolder(name) && !it->is_symlink(sec))
                l.dirs.push_back(name);
        } else if (fs::is_regular_file(st)) {
            l.files.push_back(name);
        }
    }
    std::sort(l.files.begin(), l.files.end());
    std::sort(l.dirs.begin(), l.dirs.end());
    return l;
}

void walk(const fs::path &dir, const std::string &rel, int depthLeft, const std::string &exclude,
          const std::function<void(const std::string &, const std::string &)> &onFile)
{
    const Listing l = list(dir);
    for (const std::string &f : l.files)
        onFile((dir / f).string(), rel.empty() ? f : rel + "/" + f);
    if (depthLeft == 0)
        return;
    for (const std::string &d : l.dirs) {
        const fs::path sub = dir / d;
        std::error_code ec;
        if (!exclude.empty() && fs::equivalent(sub, exclude, ec))
            continue;
        walk(sub, rel.empty() ? d : rel + "/" + d, depthLeft < 0 ? -1 : depthLeft - 1, exclude, onFile);
    }
}

bool imageExt(const std::string &ext)
{
    std::string e = ext;
    std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return e == ".png" || e == ".jpg" || e == ".jpeg";
}

} // namespace

bool skippedFolder(const std::string &name)
{
    return name.empty() || name[0] == '.' || name == "node_modules" || PairDiscovery::isReservedName(name);
}

bool splitSuffix(const std::string &fileName, const std::string &suffix, std::string &stem, std::string &ext)
{
    const size_t dot = fileName.rfind('.');
    if (dot == std::string::npos || dot < suffix.size() + 1)
        return false;
    if (fileName.compare(dot - suffix.size(), suffix.size(), suffix) != 0)
        return false;
    stem = fileName.substr(0, dot - suffix.size());
    ext = fileName.substr(dot);
    return true;
}

void walkFiles(const std::string &root, int maxDepth, const std::string &exclude,
               const std::function<void(const std::string &path, const std::string &rel)> &onFile)
{
    walk(fs::path(root), "", maxDepth, exclude, onFile);
}

bool hasPlaywrightPairs(const std::string &dir, int maxDepth)
{
    std::set<std::string> expected, actual; // "<rel dir>/<stem><ext>"
    walkFiles(dir, maxDepth, {}, [&expected, &actual](const std::string &, const std::string &rel) {
        const size_t slash = rel.rfind('/');
        const std::string folder = slash == std::string::npos ? "" : rel.substr(0, slash + 1);
        const std::string name = slash == std::string::npos ? rel : rel.substr(slash + 1);
        std::string stem, ext;
        if (splitSuffix(name, "-expected", stem, ext) && imageExt(ext))
            expected.insert(folder + stem + ext);
        else if (splitSuffix(name, "-actual", stem, ext) && imageExt(ext))
            actual.insert(folder + stem + ext);
    });
    for (const std::string &e : expected)
        if (actual.count(e))
            return true;
    return false;
}

std::vector<std::string> imageSnapshotDirs(const std::string &root)
{
    std::vector<std::string> out;
    const std::function<void(const fs::path &)> visit = [&out, &visit](const fs::path &dir) {
        if (dir.filename() == "__image_snapshots__") {
            out.push_back(dir.string());
            return;
        }
        for (const std::string &d : list(dir).dirs)
            visit(dir / d);
    };
    visit(fs::path(root).lexically_normal().filename().empty() ? fs::path(root).lexically_normal().parent_path()
                                                               : fs::path(root));
    return out;
}

std::string newestRun(const std::string &bitmapsTest)
{
    const Listing l = list(fs::path(bitmapsTest));
    return l.dirs.empty() ? std::string() : (fs::path(bitmapsTest) / l.dirs.back()).string();
}

uint64_t fileSize(const std::string &path)
{
    std::error_code ec;
    const auto n = fs::file_size(path, ec);
    return ec ? uint64_t(-1) : uint64_t(n);
}

bool fileHash(const std::string &path, uint64_t &hash)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    Hasher64 h;
    std::vector<char> buf(1 << 16);
    while (in) {
        in.read(buf.data(), std::streamsize(buf.size()));
        h.update(buf.data(), size_t(in.gcount()));
    }
    if (in.bad())
        return false;
    hash = h.digest();
    return true;
}

bool sameBytes(const std::string &a, const std::string &b)
{
    if (fileSize(a) != fileSize(b) || fileSize(a) == uint64_t(-1))
        return false;
    std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
    if (!fa || !fb)
        return false;
    std::vector<char> ba(1 << 16), bb(1 << 16);
    for (;;) {
        fa.read(ba.data(), std::streamsize(ba.size()));
        fb.read(bb.data(), std::streamsize(bb.size()));
        const std::streamsize na = fa.gcount(), nb = fb.gcount();
        if (na != nb || !std::equal(ba.begin(), ba.begin() + na, bb.begin()))
            return false;
        if (na == 0)
            return true;
    }
}

} // namespace difflens::review::layoutfs

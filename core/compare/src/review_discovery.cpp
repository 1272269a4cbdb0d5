#include "difflens/compare/review/discovery.h"

#include "difflens/compare/review/config.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>

namespace fs = std::filesystem;

namespace difflens::review {

namespace {

enum class Kind { File, Dir, Broken, Unreadable };

struct Listed {
    Kind kind = Kind::File;
    std::string reason;
};

struct Side {
    bool present = false;
    std::string path;                      // absolute (as given) path of this directory
    std::vector<std::string> ancestors;    // canonical paths from the root down to here
};

struct Frame {
    std::string rel;                       // "" for the roots
    Side base, cur;
};

std::string joinRel(const std::string &dir, const std::string &name)
{
    return dir.empty() ? name : dir + "/" + name;
}

// Lists one directory. Returns false with a reason when it cannot be opened.
bool listDir(const std::string &dir, const ReviewConfig &exts, std::map<std::string, Listed> &files,
             std::map<std::string, Listed> &dirs, bool followDirLinks, std::string &reason)
{
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    if (ec) {
        reason = "cannot open directory: " + ec.message();
        return false;
    }
    for (; it != end; it.increment(ec)) {
        if (ec) {
            reason = "cannot list directory: " + ec.message();
            return false;
        }
        const std::string name = it->path().filename().string();
        if (PairDiscovery::isReservedName(name))
            continue;
        std::error_code sec;
        const fs::file_status st = it->status(sec); // follows symlinks
        std::error_code lec;
        const bool isLink = it->is_symlink(lec);
        if (sec || st.type() == fs::file_type::not_found) {
            if (exts.acceptsExtension(name))
                files[name] = {Kind::Broken, isLink ? "broken symbolic link" : "cannot stat: " + sec.message()};
            continue;
        }
        if (fs::is_directory(st)) {
            if (isLink && !followDirLinks)
                continue;
            dirs[name] = {Kind::Dir, {}};
        } else if (fs::is_regular_file(st) && exts.acceptsExtension(name)) {
            files[name] = {Kind::File, {}};
        }
    }
    return true;
}

bool contains(const std::vector<std::string> &v, const std::string &s)
{
    return std::find(v.begin(), v.end(), s) != v.end();
}

} // namespace

struct PairDiscovery::State {
    std::string baseRoot, curRoot;
    ReviewConfig exts;                     // only the extension filter is used
    bool followDirLinks = true;
    LayoutRequest request;
    ResolvedLayout layout;                 // Folders: the streaming walk below; else listLayoutPairs
    std::vector<Frame> stack;              // directories still to visit
    std::vector<DiscoveredPair> pending;   // ready pairs of the directory being emitted
    size_t pendingPos = 0;

    void expand(const Frame &f);
};

void PairDiscovery::State::expand(const Frame &f)
{
    pending.clear();
    pendingPos = 0;
    std::map<std::string, Listed> bFiles, bDirs, cFiles, cDirs;
    std::string reason;
    bool baseOk = !f.base.present || listDir(f.base.path, exts, bFiles, bDirs, followDirLinks, reason);
    if (!baseOk) {
        pending.push_back({f.rel, f.base.path, f.cur.present ? f.cur.path : "", true, f.cur.present,
                           f.base.path + ": " + reason});
        return;
    }
    bool curOk = !f.cur.present || listDir(f.cur.path, exts, cFiles, cDirs, followDirLinks, reason);
    if (!curOk) {
        pending.push_back({f.rel, f.base.present ? f.base.path : "", f.cur.path, f.base.present, true,
                           f.cur.path + ": " + reason});
        return;
    }

    // Files: merge the two sorted listings.
    std::map<std::string, std::pair<const Listed *, const Listed *>> names;
    for (const auto &[n, l] : bFiles)
        names[n].first = &l;
    for (const auto &[n, l] : cFiles)
        names[n].second = &l;
    for (const auto &[n, sides] : names) {
        DiscoveredPair p;
        p.relPath = joinRel(f.rel, n);
        p.inBaseline = sides.first != nullptr;
        p.inCurrent = sides.second != nullptr;
        if (p.inBaseline)
            p.baselinePath = f.base.path + "/" + n;
        if (p.inCurrent)
            p.currentPath = f.cur.path + "/" + n;
        if (sides.first && sides.first->kind != Kind::File)
            p.error = p.baselinePath + ": " + sides.first->reason;
        else if (sides.second && sides.second->kind != Kind::File)
            p.error = p.currentPath + ": " + sides.second->reason;
        pending.push_back(std::move(p));
    }

    // Sub-directories: union, checked for loops, pushed in reverse so they pop sorted.
    std::map<std::string, std::pair<bool, bool>> subs;
    for (const auto &d : bDirs)
        subs[d.first].first = true;
    for (const auto &d : cDirs)
        subs[d.first].second = true;
    std::vector<Frame> children;
    for (const auto &entry : subs) {
        const std::string &n = entry.first; // not a structured binding: lambdas below capture it
        const auto &present = entry.second;
        Frame c;
        c.rel = joinRel(f.rel, n);
        std::string loopError;
        const auto enter = [&](bool isPresent, const Side &parent, Side &side) {
            if (!isPresent)
                return;
            side.present = true;
            side.path = parent.path + "/" + n;
            std::error_code ec;
            const std::string canon = fs::canonical(side.path, ec).string();
            if (ec) {
                loopError = side.path + ": cannot resolve: " + ec.message();
                return;
            }
            if (contains(parent.ancestors, canon)) {
                loopError = side.path + ": directory loop (links back to " + canon + ")";
                return;
            }
            side.ancestors = parent.ancestors;
            side.ancestors.push_back(canon);
        };
        enter(present.first, f.base, c.base);
        enter(present.second, f.cur, c.cur);
        if (!loopError.empty()) {
            pending.push_back({c.rel, c.base.path, c.cur.path, c.base.present, c.cur.present, loopError});
            continue;
        }
        children.push_back(std::move(c));
    }
    for (auto it = children.rbegin(); it != children.rend(); ++it)
        stack.push_back(std::move(*it));
}

PairDiscovery::PairDiscovery(std::string baselineRoot, std::string currentRoot, DiscoveryOptions opt)
    : m_state(std::make_unique<State>())
{
    m_state->baseRoot = std::move(baselineRoot);
    m_state->curRoot = std::move(currentRoot);
    if (!opt.extensions.empty())
        m_state->exts.extensions = opt.extensions;
    m_state->followDirLinks = opt.followDirectorySymlinks;
    m_state->request = std::move(opt.layout);
}

PairDiscovery::~PairDiscovery() = default;

bool PairDiscovery::isReservedName(const std::string &name)
{
    return name.rfind(".difflens-", 0) == 0;
}

bool PairDiscovery::start()
{
    m_state->stack.clear();
    m_state->pending.clear();
    m_state->pendingPos = 0;
    Frame root;
    for (auto [path, side] : {std::pair<const std::string *, Side *>{&m_state->baseRoot, &root.base},
                              std::pair<const std::string *, Side *>{&m_state->curRoot, &root.cur}}) {
        std::error_code ec;
        if (!fs::is_directory(*path, ec)) {
            m_error = *path + ": not a directory";
            return false;
        }
        const std::string canon = fs::canonical(*path, ec).string();
        if (ec) {
            m_error = *path + ": " + ec.message();
            return false;
        }
        side->present = true;
        side->path = *path;
        while (side->path.size() > 1 && side->path.back() == '/')
            side->path.pop_back();
        side->ancestors = {canon};
    }
    if (!resolveLayout(m_state->baseRoot, m_state->curRoot, m_state->request, m_state->layout, m_error))
        return false;
    if (m_state->layout.layout != Layout::Folders) // a test-runner layout: its pairs, listed at once
        return listLayoutPairs(m_state->layout, m_state->exts.extensions, m_state->pending, m_error);
    m_state->stack.push_back(std::move(root));
    return true;
}

const ResolvedLayout &PairDiscovery::layout() const
{
    return m_state->layout;
}

bool PairDiscovery::next(DiscoveredPair &out)
{
    State &s = *m_state;
    while (s.pendingPos >= s.pending.size()) {
        if (s.stack.empty())
            return false;
        Frame f = std::move(s.stack.back());
        s.stack.pop_back();
        s.expand(f);
    }
    out = std::move(s.pending[s.pendingPos++]);
    return true;
}

int64_t countPairs(const std::string &baselineRoot, const std::string &currentRoot, const DiscoveryOptions &opt)
{
    PairDiscovery d(baselineRoot, currentRoot, opt);
    if (!d.start())
        return 0;
    int64_t n = 0;
    DiscoveredPair p;
    while (d.next(p))
        ++n;
    return n;
}

} // namespace difflens::review

#include "difflens/compare/review/approve.h"

#include "difflens/compare/review/discovery.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace difflens::review {

namespace {

std::string errnoText(const std::string &what)
{
    return what + ": " + std::strerror(errno);
}

bool syncDir(const std::string &dir)
{
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

// Copies bytes from src into a new file dst (must not exist), flushed to disk.
bool copyToNewFile(const std::string &src, const std::string &dst, std::string &error)
{
    const int in = ::open(src.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        error = errnoText(src);
        return false;
    }
    struct stat st {};
    mode_t mode = 0644;
    if (::fstat(in, &st) == 0)
        mode = st.st_mode & 0777;
    const int out = ::open(dst.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (out < 0) {
        error = errnoText(dst);
        ::close(in);
        return false;
    }
    bool ok = true;
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            error = errnoText(src);
            ok = false;
            break;
        }
        if (n == 0)
            break;
        ssize_t off = 0;
        while (off < n) {
            const ssize_t w = ::write(out, buf + off, size_t(n - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                error = errnoText(dst);
                ok = false;
                break;
            }
            off += w;
        }
        if (!ok)
            break;
    }
    if (ok && ::fsync(out) != 0) {
        error = errnoText(dst);
        ok = false;
    }
    ::close(in);
    if (::close(out) != 0 && ok) {
        error = errnoText(dst);
        ok = false;
    }
    if (!ok)
        ::unlink(dst.c_str());
    return ok;
}

std::string tempNameFor(const std::string &dst)
{
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    const fs::path p(dst);
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, "%016llx", static_cast<unsigned long long>(rng()));
    return (p.parent_path() / ("." + p.filename().string() + ".difflens-tmp-" + suffix)).string();
}

std::string timestamp()
{
    const std::time_t t = std::time(nullptr);
    std::tm tm {};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    return buf;
}

bool makeParents(const std::string &file, std::string &error)
{
    std::error_code ec;
    fs::create_directories(fs::path(file).parent_path(), ec);
    if (ec) {
        error = fs::path(file).parent_path().string() + ": " + ec.message();
        return false;
    }
    return true;
}

} // namespace

bool atomicCopyFile(const std::string &src, const std::string &dst, std::string &error,
                    const std::function<bool()> &beforeRename)
{
    if (!makeParents(dst, error))
        return false;
    const std::string tmp = tempNameFor(dst);
    if (!copyToNewFile(src, tmp, error))
        return false;
    if (beforeRename && !beforeRename()) {
        ::unlink(tmp.c_str());
        if (error.empty())
            error = "interrupted before rename";
        return false;
    }
    if (::rename(tmp.c_str(), dst.c_str()) != 0) {
        error = errnoText(dst);
        ::unlink(tmp.c_str());
        return false;
    }
    syncDir(fs::path(dst).parent_path().string());
    return true;
}

Approver::Approver(std::string baselineRoot, std::string currentRoot)
    : m_baselineRoot(std::move(baselineRoot)), m_currentRoot(std::move(currentRoot)), m_stamp(timestamp())
{
}

std::string Approver::backupDir() const
{
    return m_backupDir.empty() ? m_baselineRoot + "/" + backupFolderName() + "/" + m_stamp : m_backupDir;
}

bool Approver::failAt(const char *stage, std::string &error) const
{
    if (m_fault && m_fault(stage)) {
        error = std::string("simulated failure at ") + stage;
        return true;
    }
    return false;
}

bool Approver::ensureBackupDir(std::string &error)
{
    if (!m_backupDir.empty())
        return true;
    // A fresh folder per approver; never reuse one that exists (another run's backups).
    std::string dir = m_baselineRoot + "/" + backupFolderName() + "/" + m_stamp;
    std::error_code ec;
    fs::create_directories(fs::path(dir).parent_path(), ec);
    for (int i = 1; ::mkdir(dir.c_str(), 0755) != 0; ++i) {
        if (errno != EEXIST || i > 1000) {
            error = errnoText(dir);
            return false;
        }
        dir = m_baselineRoot + "/" + backupFolderName() + "/" + m_stamp + "-" + std::to_string(i);
    }
    m_backupDir = dir;
    return true;
}

bool Approver::resolveLayoutOnce(std::string &error)
{
    if (m_layoutResolved)
        return true;
    if (!resolveLayout(m_baselineRoot, m_currentRoot, LayoutRequest(), m_layout, error))
        return false;
    m_layoutResolved = true;
    return true;
}

bool Approver::approve(const std::string &relPath, ApprovalRecord &record, std::string &error)
{
    if (!isSafeRelPath(relPath)) {
        error = relPath + ": not a relative path inside the folders";
        return false;
    }
    if (!resolveLayoutOnce(error))
        return false;
    if (m_layout.layout == Layout::Folders)
        return approveFiles(relPath, m_currentRoot + "/" + relPath, m_baselineRoot + "/" + relPath, record, error);
    DiscoveredPair pair;
    if (!layoutPairFor(m_layout, relPath, pair, error))
        return false;
    if (!pair.approvalError.empty()) {
        error = relPath + ": approval refused: " + pair.approvalError;
        return false;
    }
    if (!pair.inCurrent) {
        error = relPath + ": the test run left no current image; nothing to approve";
        return false;
    }
    const bool ok = approveFiles(relPath, pair.currentPath, pair.approvalTarget, record, error);
    layoutFileChanged(m_layout, pair.approvalTarget); // written, or partly: the index reads it again
    return ok;
}

bool Approver::approveFiles(const std::string &relPath, const std::string &currentPath, const std::string &targetPath,
                            ApprovalRecord &record, std::string &error)
{
    if (!isSafeRelPath(relPath)) {
        error = relPath + ": not a relative path inside the folders";
        return false;
    }
    record = ApprovalRecord();
    record.relPath = relPath;
    record.baselinePath = targetPath;
    std::error_code ec;
    record.baselineExisted = fs::exists(record.baselinePath, ec);
    const bool currentExists = !currentPath.empty() && fs::exists(currentPath, ec);
    if (!record.baselineExisted && !currentExists) {
        error = relPath + ": in neither folder";
        return false;
    }

    if (record.baselineExisted) {
        if (!ensureBackupDir(error))
            return false;
        record.backupPath = m_backupDir + "/" + relPath;
        std::string err;
        // Approved again in this session: keep every earlier backup.
        for (int i = 1; fs::exists(record.backupPath, ec) && i < 100000; ++i)
            record.backupPath = m_backupDir + "/" + relPath + "." + std::to_string(i) + ".bak";
        if (!atomicCopyFile(record.baselinePath, record.backupPath, err)) {
            error = "backup failed, baseline left unchanged: " + err;
            return false;
        }
        if (failAt("backup-written", error))
            return false;
    }

    if (!currentExists) { // approve a removal: the backup holds the file, remove the baseline
        if (::unlink(record.baselinePath.c_str()) != 0) {
            error = errnoText(record.baselinePath);
            return false;
        }
        record.removed = true;
        return true;
    }
    std::string hookError;
    const bool ok = atomicCopyFile(currentPath, record.baselinePath, error,
                                   [this, &hookError] { return !failAt("temp-written", hookError); });
    if (!ok) {
        if (!hookError.empty())
            error = hookError;
        return false;
    }
    return !failAt("renamed", error);
}

bool Approver::undo(const ApprovalRecord &record, std::string &error)
{
    const bool ok = undoFiles(record, error);
    if (m_layoutResolved)
        layoutFileChanged(m_layout, record.baselinePath);
    return ok;
}

bool Approver::undoFiles(const ApprovalRecord &record, std::string &error)
{
    if (record.baselineExisted) {
        if (record.backupPath.empty()) {
            error = record.relPath + ": no backup to restore";
            return false;
        }
        return atomicCopyFile(record.backupPath, record.baselinePath, error);
    }
    // The approval added a new baseline: remove it again.
    if (::unlink(record.baselinePath.c_str()) != 0 && errno != ENOENT) {
        error = errnoText(record.baselinePath);
        return false;
    }
    return true;
}

} // namespace difflens::review

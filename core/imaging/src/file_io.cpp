// readFileBytes / writeFileAtomic and the internal pieces behind them (atomic_file.h):
// errno reasons and temporary files committed by rename.
#include "difflens/imaging/fileio.h"

#include "atomic_file.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <new>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace difflens {

namespace fileio {

namespace {

std::string systemMessage(int err)
{
    return std::strerror(err);
}

std::string parentDir(const std::string &path)
{
    const size_t slash = path.find_last_of('/');
    if (slash == std::string::npos)
        return ".";
    if (slash == 0)
        return "/";
    return path.substr(0, slash);
}

std::string baseName(const std::string &path)
{
    const size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// open() with O_EXCL on a unique name; the mode honours the umask like any new file.
int createTempNear(const std::string &path, std::string &tempPath, int &err)
{
    static std::atomic<unsigned> counter{0};
    const std::string dir = parentDir(path);
    const std::string base = baseName(path);
    for (int attempt = 0; attempt < 16; ++attempt) {
        const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
        char suffix[64];
        std::snprintf(suffix, sizeof suffix, ".tmp-%d-%u-%llx", int(getpid()), counter.fetch_add(1),
                      static_cast<unsigned long long>(ticks) & 0xffffffULL);
        tempPath = dir + "/." + base + suffix;
        const int fd = ::open(tempPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0)
            return fd;
        err = errno;
        if (err != EEXIST)
            return -1;
    }
    return -1;
}

} // namespace

std::string openReason(int err)
{
    switch (err) {
    case ENOENT: return "file not found";
    case ENOTDIR: return "file not found (a parent is not a folder)";
    case EISDIR: return "is a directory, not a file";
    case EACCES:
    case EPERM: return "permission denied";
    case ELOOP: return "too many symbolic links";
    case ENAMETOOLONG: return "file name too long";
    default: return "cannot open: " + systemMessage(err);
    }
}

std::string writeReason(int err)
{
    switch (err) {
    case EACCES:
    case EPERM: return "folder is not writable (permission denied)";
    case EROFS: return "folder is on a read-only file system";
    case ENOENT:
    case ENOTDIR: return "folder does not exist";
    case ENOSPC: return "disk is full";
    case EDQUOT: return "disk quota exceeded";
    case EISDIR: return "a directory with that name exists";
    default: return systemMessage(err);
    }
}

std::string readReason(int err)
{
    return "read error: " + systemMessage(err);
}

int openRegularFile(const std::string &path, int64_t &size, std::string &error)
{
    if (path.empty()) {
        error = "no file name given";
        return -1;
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = openReason(errno);
        return -1;
    }
    struct stat st {};
    std::string reason;
    if (::fstat(fd, &st) != 0)
        reason = readReason(errno);
    else if (S_ISDIR(st.st_mode))
        reason = "is a directory, not a file";
    else if (!S_ISREG(st.st_mode))
        reason = "not a regular file";
    else if (st.st_size == 0)
        reason = "file is empty";
    if (!reason.empty()) {
        ::close(fd);
        error = reason;
        return -1;
    }
    size = int64_t(st.st_size);
    return fd;
}

bool TempFile::create(const std::string &destination, std::string &error)
{
    abandon();
    if (destination.empty()) {
        error = "no output file name given";
        return false;
    }
    struct stat st {};
    if (::stat(destination.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        error = "a directory with that name exists";
        return false;
    }
    int err = 0;
    m_fd = createTempNear(destination, m_path, err);
    if (m_fd < 0) {
        m_path.clear();
        error = "cannot create the output file: " + writeReason(err);
        return false;
    }
    m_destination = destination;
    return true;
}

bool TempFile::writeAll(const void *data, size_t size, std::string &error)
{
    const auto *p = static_cast<const uint8_t *>(data);
    size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(m_fd, p + done, size - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fail(kWriteFailed, errno, error);
        }
        done += size_t(n);
    }
    return true;
}

bool TempFile::commit(bool sync, std::string &error)
{
    if (sync && ::fsync(m_fd) != 0)
        return fail(kWriteFailed, errno, error);
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0)
        return fail(kWriteFailed, errno, error);
    if (::rename(m_path.c_str(), m_destination.c_str()) != 0)
        return fail("cannot replace the output file: ", errno, error);
    m_path.clear();
    return true;
}

void TempFile::abandon()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    if (!m_path.empty())
        ::unlink(m_path.c_str());
    m_path.clear();
}

bool TempFile::fail(const char *what, int err, std::string &error)
{
    abandon();
    error = std::string(what) + writeReason(err);
    return false;
}

} // namespace fileio

using fileio::openReason;

bool readFileBytes(const std::string &path, std::vector<uint8_t> &out, std::string &error, size_t maxBytes)
{
    out.clear();
    if (path.empty()) {
        error = "no file name given";
        return false;
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        error = openReason(errno);
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        error = "is a directory, not a file";
        return false;
    }
    int64_t size = 0;
    const int fd = fileio::openRegularFile(path, size, error);
    if (fd < 0)
        return false;
    auto fail = [fd, &out, &error](const std::string &reason) {
        ::close(fd);
        out.clear();
        error = reason;
        return false;
    };
    size_t want = size_t(size);
    if (maxBytes > 0 && want > maxBytes)
        want = maxBytes;
    try {
        out.resize(want);
    } catch (const std::bad_alloc &) {
        return fail("not enough memory to read the file");
    }
    size_t got = 0;
    while (got < want) {
        const ssize_t n = ::read(fd, out.data() + got, want - got);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fail(fileio::readReason(errno));
        }
        if (n == 0)
            break; // the file shrank while reading
        got += size_t(n);
    }
    ::close(fd);
    if (got == 0) {
        out.clear();
        error = "file is empty";
        return false;
    }
    out.resize(got);
    return true;
}

bool writeFileAtomic(const std::string &path, const uint8_t *data, size_t size, std::string &error)
{
    fileio::TempFile file;
    return file.create(path, error) && file.writeAll(data, size, error) && file.commit(false, error);
}

} // namespace difflens

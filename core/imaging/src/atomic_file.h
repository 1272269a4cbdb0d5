#pragma once
// Internal: the pieces behind readFileBytes / writeFileAtomic (file_io.cpp) for the other
// readers and writers (streaming decoders, PNG row sink): errno translated to our reasons,
// opening a regular file for reading, and a temporary file created next to a destination,
// committed by (fsync +) rename or abandoned (unlinked).
#include <cstddef>
#include <cstdint>
#include <string>

namespace difflens::fileio {

// Reasons for a failed open for reading ("file not found", "permission denied", ...).
std::string openReason(int err);
// Reasons for a failed create / write / rename in a folder ("disk is full", ...).
std::string writeReason(int err);
// "read error: <system message>".
std::string readReason(int err);

// Opens a regular, non-empty file read-only; `size` receives its length. Returns the
// descriptor, or -1 with a reason: "no file name given", openReason, "read error: ...",
// "is a directory, not a file", "not a regular file", "file is empty".
int openRegularFile(const std::string &path, int64_t &size, std::string &error);

// A hidden temporary file in the destination's folder (".<name>.tmp-<pid>-<n>-<ticks>",
// created with O_EXCL, mode 0666 less the umask), renamed over the destination by
// commit(). Destroyed uncommitted, it is closed and removed.
class TempFile {
public:
    TempFile() = default;
    ~TempFile() { abandon(); }
    TempFile(const TempFile &) = delete;
    TempFile &operator=(const TempFile &) = delete;

    // Reasons: "no output file name given", "a directory with that name exists",
    // "cannot create the output file: <writeReason>".
    bool create(const std::string &destination, std::string &error);
    int fd() const { return m_fd; }

    // Writes everything (retrying on EINTR). On failure abandons the file and sets
    // "cannot write the output file: <writeReason>".
    bool writeAll(const void *data, size_t size, std::string &error);

    // fsync (when `sync`), close, rename over the destination. On failure abandons the
    // file and sets "cannot write the output file: ..." (fsync, close) or "cannot replace
    // the output file: ..." (rename).
    bool commit(bool sync, std::string &error);

    // Closes and removes the temporary file (nothing once committed or abandoned).
    void abandon();

    // Abandons the file and returns false with `what` + writeReason(err).
    bool fail(const char *what, int err, std::string &error);

private:
    std::string m_destination, m_path;
    int m_fd = -1;
};

// The prefix of a failed write, fsync or close.
inline constexpr const char *kWriteFailed = "cannot write the output file: ";

} // namespace difflens::fileio

#pragma once
// Internal: shared pieces of the streaming decoders and the PNG row sink (stream.h): file
// handles and positioned reads, failure reasons (file_io.cpp's), temporary raw files, the
// common RowSource bookkeeping, and the per-format openers.
#include "atomic_file.h"
#include "difflens/engine/image.h"
#include "difflens/imaging/stream.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace difflens::stream {

// Reasons with the same wording as readFileBytes / writeFileAtomic.
using fileio::openReason;
using fileio::readReason;
using fileio::writeReason;

// A file descriptor closed on destruction.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() { reset(); }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    Fd(Fd &&o) noexcept : m_fd(o.release()) {}
    Fd &operator=(Fd &&o) noexcept
    {
        if (this != &o) {
            reset();
            m_fd = o.release();
        }
        return *this;
    }
    int get() const { return m_fd; }
    int release()
    {
        const int fd = m_fd;
        m_fd = -1;
        return fd;
    }
    void reset();

private:
    int m_fd = -1;
};

// Opens a regular file read-only; `size` receives its length. Reasons as readFileBytes'.
bool openForReading(const std::string &path, Fd &fd, int64_t &size, std::string &error);
// fopen for reading (close-on-exec); null with openReason's reason.
FILE *openStdio(const std::string &path, std::string &error);

// Reads exactly n bytes at offset (retrying on EINTR / short reads). False on a read error
// (errno kept) or at the end of the file (errno 0).
bool preadAll(int fd, void *buf, size_t n, int64_t offset);
bool pwriteAll(int fd, const void *buf, size_t n, int64_t offset);

// A raw scratch file in $TMPDIR (or /tmp), already unlinked: it disappears with its
// descriptor. Returns -1 with a reason.
int createScratchFile(std::string &error);

// Byte access to a file through one cached 64 KiB window (container checks).
class FileWindow {
public:
    FileWindow(int fd, int64_t size) : m_fd(fd), m_size(size) {}
    int64_t size() const { return m_size; }
    // -1 past the end or on a read error.
    int at(int64_t pos);

private:
    int m_fd;
    int64_t m_size;
    int64_t m_base = -1;
    std::vector<uint8_t> m_buf;
};

// Common bookkeeping: argument checks, the row counter and the sticky failure.
class BasicRowSource : public RowSource {
public:
    BasicRowSource(int width, int height, int depth) : m_width(width), m_height(height), m_depth(depth) {}
    int width() const override { return m_width; }
    int height() const override { return m_height; }
    int depth() const override { return m_depth; }
    int rowsRead() const override { return m_rows; }
    bool readRows(uint8_t *dst, size_t stride, int count, std::string &error) final;
    size_t rowBytes() const { return size_t(m_width) * 4 * size_t(m_depth / 8); }

protected:
    // Delivers `count` rows starting at m_rows, advancing m_rows for each row delivered.
    // On failure sets m_error (failAt) and returns false.
    virtual bool readImpl(uint8_t *dst, size_t stride, int count) = 0;
    // m_error = reason + " at row N" (just the reason for row 0, as decodeImageFile says it).
    bool failAt(const std::string &reason, int row);

    int m_width, m_height, m_depth;
    int m_rows = 0;
    std::string m_error;

private:
    bool m_failed = false;
};

// Rows served from a frame decoded whole (route "whole-frame").
std::unique_ptr<RowSource> wholeFrameRows(Image &&image);

// Per-format openers. On success they set out.rows and out.route (and out.sourceChannels
// where the pixels decide it); the header is already probed and within the pixel limit.
// byteLimit: what the memory budget leaves for this file (0: no limit), for PNG's fast path.
bool openPngRows(const std::string &path, int64_t byteLimit, OpenedImage &out, std::string &error);
bool openJpegRows(const std::string &path, OpenedImage &out, std::string &error);
// BMP and TIFF: false with an empty error when the file should take the whole-frame route
// (run-length BMP; TIFF layouts other than contiguous 8/16-bit unsigned grey/RGB(A)).
bool openBmpRows(const std::string &path, OpenedImage &out, std::string &error);
bool openTiffRows(const std::string &path, OpenedImage &out, std::string &error);

} // namespace difflens::stream

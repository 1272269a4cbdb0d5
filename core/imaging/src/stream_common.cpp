// Shared pieces of the streaming decoders: file handles, positioned I/O, scratch files,
// failure reasons, the RowSource base class and the whole-frame row source.
#include "stream_internal.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace difflens::stream {

void Fd::reset()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

bool openForReading(const std::string &path, Fd &fd, int64_t &size, std::string &error)
{
    const int raw = fileio::openRegularFile(path, size, error);
    if (raw < 0)
        return false;
    fd = Fd(raw);
    return true;
}

FILE *openStdio(const std::string &path, std::string &error)
{
    FILE *file = std::fopen(path.c_str(), "rbe");
    if (!file)
        error = openReason(errno);
    return file;
}

bool preadAll(int fd, void *buf, size_t n, int64_t offset)
{
    auto *p = static_cast<uint8_t *>(buf);
    while (n > 0) {
        const ssize_t got = ::pread(fd, p, n, off_t(offset));
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (got == 0) {
            errno = 0;
            return false;
        }
        p += got;
        n -= size_t(got);
        offset += got;
    }
    return true;
}

bool pwriteAll(int fd, const void *buf, size_t n, int64_t offset)
{
    const auto *p = static_cast<const uint8_t *>(buf);
    while (n > 0) {
        const ssize_t put = ::pwrite(fd, p, n, off_t(offset));
        if (put < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += put;
        n -= size_t(put);
        offset += put;
    }
    return true;
}

int createScratchFile(std::string &error)
{
    const char *env = std::getenv("TMPDIR");
    std::string dir = (env && *env) ? env : "/tmp";
    for (int attempt = 0; attempt < 2; ++attempt) {
        std::string name = dir + "/difflens-rows-XXXXXX";
        std::vector<char> buf(name.begin(), name.end());
        buf.push_back('\0');
        const int fd = ::mkostemp(buf.data(), O_CLOEXEC);
        if (fd >= 0) {
            ::unlink(buf.data());
            return fd;
        }
        error = "cannot create a temporary file: " + writeReason(errno);
        if (dir == "/tmp")
            break;
        dir = "/tmp"; // $TMPDIR unusable: fall back
    }
    return -1;
}

int FileWindow::at(int64_t pos)
{
    constexpr int64_t kWindow = 64 * 1024;
    if (pos < 0 || pos >= m_size)
        return -1;
    if (m_base < 0 || pos < m_base || pos >= m_base + int64_t(m_buf.size())) {
        const int64_t base = pos / kWindow * kWindow;
        const int64_t len = std::min<int64_t>(kWindow, m_size - base);
        m_buf.resize(size_t(len));
        if (!preadAll(m_fd, m_buf.data(), size_t(len), base)) {
            m_base = -1;
            m_buf.clear();
            return -1;
        }
        m_base = base;
    }
    return m_buf[size_t(pos - m_base)];
}

bool BasicRowSource::readRows(uint8_t *dst, size_t stride, int count, std::string &error)
{
    if (m_failed) {
        error = m_error;
        return false;
    }
    if (count < 0 || count > m_height - m_rows) {
        error = "read past the last row (row " + std::to_string(m_rows + (count > 0 ? count : 0) - 1) + " of " +
                std::to_string(m_height) + ")";
        return false;
    }
    if (count == 0)
        return true;
    if (!dst || stride < rowBytes()) {
        error = "row buffer too small";
        return false;
    }
    if (!readImpl(dst, stride, count)) {
        m_failed = true;
        if (m_error.empty())
            failAt("cannot read the image", m_rows);
        error = m_error;
        return false;
    }
    return true;
}

bool BasicRowSource::failAt(const std::string &reason, int row)
{
    // A failure before the first row reads exactly like decodeImageFile's reason.
    m_error = row > 0 ? reason + " at row " + std::to_string(row) : reason;
    return false;
}

namespace {

class WholeFrameRows final : public BasicRowSource {
public:
    explicit WholeFrameRows(Image &&img)
        : BasicRowSource(img.width(), img.height(), img.depth()), m_image(std::move(img))
    {
    }
    int64_t workingBytes() const override { return int64_t(m_image.byteSize()); }

protected:
    bool readImpl(uint8_t *dst, size_t stride, int count) override
    {
        for (int i = 0; i < count; ++i, ++m_rows)
            std::memcpy(dst + size_t(i) * stride, m_image.row(m_rows), rowBytes());
        return true;
    }

private:
    Image m_image;
};

} // namespace

std::unique_ptr<RowSource> wholeFrameRows(Image &&image)
{
    return std::make_unique<WholeFrameRows>(std::move(image));
}

} // namespace difflens::stream

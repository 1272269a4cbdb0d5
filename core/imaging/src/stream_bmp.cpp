// Streaming BMP decoder: uncompressed rows (palette, 16/24/32-bit, colour masks) read with
// pread at their offsets, bottom-up files included, converted by bmp_rows.h as the
// whole-image decoder does; run-length files take the whole-frame route.
#include "bmp_header.h"
#include "bmp_rows.h"
#include "bytes.h"
#include "stream_internal.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace difflens::stream {

namespace {

using namespace bytes;

const char *const kCorrupt = "truncated or corrupt BMP data";
constexpr size_t kBandBytes = size_t(1) << 20; // raw rows read per pread
constexpr uint64_t kMaxPrefix = uint64_t(16) << 20;

class BmpRows final : public BasicRowSource {
public:
    BmpRows(Fd &&fd, const bmp::Info &info, const uint8_t *prefix)
        : BasicRowSource(info.width, info.height, 8), m_fd(std::move(fd)), m_info(info), m_convert(info, prefix)
    {
        m_fileRowBytes = size_t(info.rowBytes());
        m_bandRows = int(std::max<size_t>(1, kBandBytes / m_fileRowBytes));
    }

    // A 32-bit file whose alpha is zero everywhere is shown opaque (as bmp_reader.cpp
    // does): scans the pixel array for the first non-zero alpha, a band at a time.
    bool alphaAllZero(std::string &error)
    {
        for (int row = 0; row < m_height;) {
            const int n = std::min(m_bandRows, m_height - row);
            if (!readFileRows(row, n)) {
                error = errno ? readReason(errno) : kCorrupt;
                return false;
            }
            for (int i = 0; i < n; ++i)
                if (m_convert.anyAlpha(m_raw.data() + size_t(i) * m_fileRowBytes))
                    return false;
            row += n;
        }
        return true;
    }

    void makeOpaque() { m_convert.makeOpaque(); }

    int64_t workingBytes() const override
    {
        return int64_t(std::min<size_t>(size_t(m_bandRows), size_t(m_height)) * m_fileRowBytes) +
               int64_t(sizeof(bmp::RowConverter)) + 1024;
    }

protected:
    bool readImpl(uint8_t *dst, size_t stride, int count) override
    {
        for (int done = 0; done < count;) {
            const int n = std::min(m_bandRows, count - done);
            // File rows for image rows [m_rows, m_rows + n): contiguous either way.
            const int first = m_info.topDown ? m_rows : m_height - m_rows - n;
            if (!readFileRows(first, n))
                return failAt(errno ? readReason(errno) : kCorrupt, m_rows);
            for (int i = 0; i < n; ++i, ++done, ++m_rows) {
                const int fileRow = m_info.topDown ? i : n - 1 - i;
                m_convert.convert(m_raw.data() + size_t(fileRow) * m_fileRowBytes, dst + size_t(done) * stride);
            }
        }
        return true;
    }

private:
    // Reads n stored rows starting at stored row `first` (stored order) into m_raw.
    bool readFileRows(int first, int n)
    {
        m_raw.resize(size_t(n) * m_fileRowBytes);
        const int64_t at = int64_t(m_info.dataOffset) + int64_t(first) * int64_t(m_fileRowBytes);
        return preadAll(m_fd.get(), m_raw.data(), m_raw.size(), at);
    }

    Fd m_fd;
    bmp::Info m_info;
    bmp::RowConverter m_convert;
    size_t m_fileRowBytes = 0;
    int m_bandRows = 1;
    std::vector<uint8_t> m_raw;
};

} // namespace

bool openBmpRows(const std::string &path, OpenedImage &out, std::string &error)
{
    Fd fd;
    int64_t size = 0;
    if (!openForReading(path, fd, size, error))
        return false;
    // The headers, masks and palette lie before the pixel array: parse the same bytes
    // parseHeader would see in the whole file.
    uint8_t start[18] = {};
    const size_t startLen = size_t(std::min<int64_t>(size, 18));
    if (!preadAll(fd.get(), start, startLen, 0)) {
        error = errno ? readReason(errno) : kCorrupt;
        return false;
    }
    const uint64_t dataOffset = startLen >= 14 ? le32(start + 10) : 0;
    const uint64_t headerEnd = startLen >= 18 ? 14 + uint64_t(le32(start + 14)) + 16 : 0;
    const uint64_t prefixLen = std::min<uint64_t>(uint64_t(size), std::max(dataOffset, headerEnd));
    if (prefixLen > kMaxPrefix) {
        error.clear(); // an odd layout: read whole
        return false;
    }
    std::vector<uint8_t> prefix(static_cast<size_t>(prefixLen));
    if (!preadAll(fd.get(), prefix.data(), prefix.size(), 0)) {
        error = errno ? readReason(errno) : kCorrupt;
        return false;
    }
    bmp::Info info;
    if (!bmp::parseHeader(prefix.data(), prefix.size(), info, error))
        return false;
    if (info.rle()) {
        error.clear();
        return false;
    }
    // The whole pixel array must be present, as decodeImageFile requires.
    if (int64_t(info.dataOffset) >= size ||
        uint64_t(info.dataOffset) + info.rowBytes() * uint64_t(info.height) > uint64_t(size)) {
        error = kCorrupt;
        return false;
    }
    auto rows = std::make_unique<BmpRows>(std::move(fd), info, prefix.data());
    out.sourceChannels = info.channels;
    if (info.channels == 4) {
        error.clear();
        if (rows->alphaAllZero(error)) {
            rows->makeOpaque();
            out.sourceChannels = 3;
        } else if (!error.empty()) {
            return false;
        }
    }
    out.route = "rows";
    out.rows = std::move(rows);
    return true;
}

} // namespace difflens::stream

// RowSource / RowSink adapters of the streamed comparison (row_adapters.h).
#include "row_adapters.h"

#include "difflens/compare/heatmap.h"

#include <algorithm>
#include <cstring>

namespace difflens::detail {

namespace {
constexpr int kChunkRows = 16;
}

bool TrackedSource::readRows(uint8_t *dst, size_t stride, int count, std::string &error)
{
    if (m_inner.readRows(dst, stride, count, error))
        return true;
    m_failed = true;
    return false;
}

bool TrackedSink::writeRows(const uint8_t *rows, size_t stride, int count, std::string &error)
{
    m_failed = m_failed || !m_inner.writeRows(rows, stride, count, error);
    return !m_failed;
}

bool TrackedSink::finish(std::string &error)
{
    m_failed = m_failed || !m_inner.finish(error);
    return !m_failed;
}

bool To8BitSource::readRows(uint8_t *dst, size_t stride, int count, std::string &error)
{
    const size_t samples = size_t(width()) * 4;
    const size_t wideStride = samples * 2;
    for (int done = 0; done < count;) {
        const int n = std::min(kChunkRows, count - done);
        m_wide.resize(wideStride * size_t(n));
        if (!m_inner.readRows(m_wide.data(), wideStride, n, error))
            return false;
        for (int y = 0; y < n; ++y) {
            const uint8_t *in = m_wide.data() + size_t(y) * wideStride;
            uint8_t *out = dst + size_t(done + y) * stride;
            for (size_t i = 0; i < samples; ++i) {
                uint16_t v;
                std::memcpy(&v, in + 2 * i, 2);
                out[i] = uint8_t((uint32_t(v) + 128) / 257);
            }
        }
        done += n;
    }
    return true;
}

int64_t To8BitSource::workingBytes() const
{
    return m_inner.workingBytes() + int64_t(width()) * 8 * kChunkRows;
}

bool DropAlphaSink::writeRows(const uint8_t *rows, size_t stride, int count, std::string &error)
{
    const size_t rgbStride = size_t(m_width) * 3;
    for (int done = 0; done < count;) {
        const int n = std::min(kChunkRows, count - done);
        m_converted.resize(rgbStride * size_t(n));
        for (int y = 0; y < n; ++y) {
            const uint8_t *in = rows + size_t(done + y) * stride;
            uint8_t *out = m_converted.data() + size_t(y) * rgbStride;
            for (int x = 0; x < m_width; ++x, in += 4, out += 3) {
                out[0] = in[0];
                out[1] = in[1];
                out[2] = in[2];
            }
        }
        if (!m_inner->writeRows(m_converted.data(), rgbStride, n, error))
            return false;
        done += n;
    }
    return true;
}

int64_t ConvertingSink::workingBytesWith(int bytesPerPixel) const
{
    return m_inner->workingBytes() + int64_t(m_width) * bytesPerPixel * kChunkRows;
}

IndexingSink::IndexingSink(std::unique_ptr<RowSink> inner, int width, const std::vector<std::array<uint8_t, 4>> &palette)
    : ConvertingSink(std::move(inner), width), m_palette(palette)
{
    std::fill(std::begin(m_greyIndex), std::end(m_greyIndex), -1);
    for (size_t i = 0; i < m_palette.size(); ++i) {
        const auto &c = m_palette[i];
        if (c[0] == c[1] && c[1] == c[2] && c[3] == 255)
            m_greyIndex[c[0]] = int(i);
    }
}

int IndexingSink::indexOf(const uint8_t *p) const
{
    if (p[0] == p[1] && p[1] == p[2] && p[3] == 255 && m_greyIndex[p[0]] >= 0)
        return m_greyIndex[p[0]];
    for (size_t i = 0; i < m_palette.size(); ++i)
        if (std::memcmp(m_palette[i].data(), p, 4) == 0)
            return int(i);
    return -1;
}

bool IndexingSink::writeRows(const uint8_t *rows, size_t stride, int count, std::string &error)
{
    const size_t w = size_t(m_width);
    for (int done = 0; done < count;) {
        const int n = std::min(kChunkRows, count - done);
        m_converted.resize(w * size_t(n));
        for (int y = 0; y < n; ++y) {
            const uint8_t *in = rows + size_t(done + y) * stride;
            uint8_t *out = m_converted.data() + size_t(y) * w;
            uint32_t prev = 0;
            int prevIndex = -1;
            for (size_t x = 0; x < w; ++x, in += 4) {
                uint32_t v;
                std::memcpy(&v, in, 4);
                if (v != prev || prevIndex < 0) {
                    prev = v;
                    prevIndex = indexOf(in);
                    if (prevIndex < 0) {
                        error = "internal error: a diff colour outside the diff image's palette";
                        return false;
                    }
                }
                out[x] = uint8_t(prevIndex);
            }
        }
        if (!m_inner->writeRows(m_converted.data(), w, n, error))
            return false;
        done += n;
    }
    return true;
}


bool CropSource::readRows(uint8_t *dst, size_t stride, int count, std::string &error)
{
    if (count > m_area.height - m_rows) {
        error = "internal error: rows read past the compared area";
        return false;
    }
    const size_t pixelBytes = size_t(4) * size_t(depth() / 8);
    const size_t innerStride = size_t(m_inner.width()) * pixelBytes;
    const bool direct = m_area.x == 0 && m_area.width == m_inner.width();
    if (m_rows == 0 && m_inner.rowsRead() < m_area.y) {
        for (int skip = m_area.y - m_inner.rowsRead(); skip > 0;) {
            const int n = std::min(kChunkRows, skip);
            m_scratch.resize(innerStride * size_t(n));
            if (!m_inner.readRows(m_scratch.data(), innerStride, n, error))
                return false;
            skip -= n;
        }
    }
    for (int done = 0; done < count;) {
        const int n = direct ? count - done : std::min(kChunkRows, count - done);
        if (direct) {
            if (!m_inner.readRows(dst + size_t(done) * stride, stride, n, error))
                return false;
        } else {
            m_scratch.resize(innerStride * size_t(n));
            if (!m_inner.readRows(m_scratch.data(), innerStride, n, error))
                return false;
            for (int y = 0; y < n; ++y)
                std::memcpy(dst + size_t(done + y) * stride,
                            m_scratch.data() + size_t(y) * innerStride + size_t(m_area.x) * pixelBytes,
                            size_t(m_area.width) * pixelBytes);
        }
        done += n;
    }
    m_rows += count;
    if (m_rows == m_area.height) {
        for (int rest = m_inner.height() - m_inner.rowsRead(); rest > 0;) {
            const int n = std::min(kChunkRows, rest);
            m_scratch.resize(innerStride * size_t(n));
            if (!m_inner.readRows(m_scratch.data(), innerStride, n, error))
                return false;
            rest -= n;
        }
        m_scratch = {};
    }
    return true;
}

int64_t CropSource::workingBytes() const
{
    return m_inner.workingBytes() + int64_t(m_inner.width()) * 4 * (depth() / 8) * kChunkRows;
}

bool FlipMapSink::writeRows(const uint8_t *rows, size_t stride, int count, std::string &error)
{
    const size_t w = size_t(m_width);
    std::vector<float> row(w);
    for (int done = 0; done < count;) {
        const int n = std::min(kChunkRows, count - done);
        m_converted.resize(w * size_t(n));
        for (int y = 0; y < n; ++y) {
            // The rows are floats; copied out so that any alignment of `rows` is fine.
            std::memcpy(row.data(), rows + size_t(done + y) * stride, w * sizeof(float));
            flipErrorRowToPixels(row.data(), m_width, true, m_converted.data() + size_t(y) * w);
        }
        if (!m_inner->writeRows(m_converted.data(), w, n, error))
            return false;
        done += n;
    }
    return true;
}


} // namespace difflens::detail

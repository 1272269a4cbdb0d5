// Band buffers of the streaming comparison (stream_bands.h).
#include "bands/stream_bands.h"

#include "bands/band_workers.h"

#include <algorithm>
#include <cstring>
#include <future>
#include <system_error>

namespace difflens::detail {

BandBuffer::BandBuffer(RowSource &source, int capacityRows)
    : m_source(source), m_rowBytes(size_t(source.width()) * 4 * size_t(source.depth() / 8)),
      m_capacity(std::max(1, capacityRows)), m_data(m_rowBytes * size_t(m_capacity))
{
}

ImageView BandBuffer::view(int width) const
{
    ImageView v;
    v.data = m_data.data();
    v.width = std::min(width, m_source.width());
    v.height = m_rows;
    v.channels = 4;
    v.depth = m_source.depth();
    v.stride = m_rowBytes;
    return v;
}

bool BandBuffer::advance(int keepFrom, int needTo, std::string &error)
{
    const int drop = std::clamp(keepFrom - m_top, 0, m_rows);
    if (drop > 0) {
        std::memmove(m_data.data(), m_data.data() + size_t(drop) * m_rowBytes, size_t(m_rows - drop) * m_rowBytes);
        m_top += drop;
        m_rows -= drop;
    }
    const int want = std::min(needTo, m_source.height()) - (m_top + m_rows);
    if (want <= 0)
        return true;
    if (m_rows + want > m_capacity) {
        error = "internal error: band buffer overflow";
        return false;
    }
    if (!m_source.readRows(m_data.data() + size_t(m_rows) * m_rowBytes, m_rowBytes, want, error))
        return false;
    m_rows += want;
    return true;
}

bool BandBuffer::drain(std::string &error)
{
    while (m_source.rowsRead() < m_source.height()) {
        const int n = std::min(m_capacity, m_source.height() - m_source.rowsRead());
        m_top = m_source.rowsRead();
        m_rows = 0;
        if (!m_source.readRows(m_data.data(), m_rowBytes, n, error))
            return false;
        m_rows = n;
    }
    return true;
}

bool fillBoth(BandBuffer &a, BandBuffer &b, int keepFrom, int needTo, bool parallel, std::string &error)
{
    std::future<std::pair<bool, std::string>> later;
    BandBuffer *pb = &b;
    try {
        if (parallel)
            later = std::async(std::launch::async, [pb, keepFrom, needTo] {
            std::string e;
            const bool ok = pb->advance(keepFrom, needTo, e);
            return std::make_pair(ok, e);
        });
    } catch (const std::system_error &) {
        // No thread to be had: read b here after a.
    }
    const bool okA = a.advance(keepFrom, needTo, error);
    bool okB = true;
    std::string errB;
    if (later.valid()) {
        auto [ok, e] = later.get();
        okB = ok;
        errB = std::move(e);
    } else {
        okB = b.advance(keepFrom, needTo, errB);
    }
    if (!okA)
        return false;
    if (!okB) {
        error = std::move(errB);
        return false;
    }
    return true;
}

bool fillBoth(BandBuffer &a, BandBuffer &b, int keepFrom, int needTo, BandWorkers &workers, std::string &error)
{
    BandBuffer *buffers[2] = {&a, &b};
    bool ok[2] = {true, true};
    std::string errors[2];
    workers.run(2, [&buffers, &ok, &errors, keepFrom, needTo](int i) {
        ok[i] = buffers[i]->advance(keepFrom, needTo, errors[i]);
    });
    for (int i = 0; i < 2; ++i)
        if (!ok[i]) {
            error = std::move(errors[i]);
            return false;
        }
    return true;
}

PendingWrite::~PendingWrite()
{
    if (m_future.valid())
        m_future.wait();
}

void PendingWrite::start(RowSink &sink, const uint8_t *rows, size_t stride, int count, bool parallel)
{
    RowSink *target = &sink;
    if (!parallel) {
        m_syncFailed = !sink.writeRows(rows, stride, count, m_syncError);
        return;
    }
    try {
        m_future = std::async(std::launch::async, [target, rows, stride, count] {
            std::string e;
            const bool ok = target->writeRows(rows, stride, count, e);
            return std::make_pair(ok, e);
        });
    } catch (const std::system_error &) {
        m_syncFailed = !sink.writeRows(rows, stride, count, m_syncError);
    }
}

bool PendingWrite::wait(std::string &error)
{
    if (m_syncFailed) {
        error = m_syncError;
        return false;
    }
    if (!m_future.valid())
        return true;
    auto [ok, e] = m_future.get();
    if (!ok) {
        m_syncFailed = true;
        m_syncError = e;
        error = std::move(e);
    }
    return ok;
}

bool drainRest(BandBuffer &buffer, std::string &error)
{
    return buffer.drain(error);
}

} // namespace difflens::detail

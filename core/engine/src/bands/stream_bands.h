#pragma once
// Internal: the band buffer of one RowSource (rows [top, top + rows) of the image, the
// halo included), the parallel refill of the two buffers of a comparison, and a sink
// write in flight while the next band is computed.
#include "difflens/engine/image.h"
#include "difflens/engine/rows.h"

#include <cstdint>
#include <future>
#include <string>
#include <utility>
#include <vector>

namespace difflens::detail {

class BandBuffer {
public:
    BandBuffer(RowSource &source, int capacityRows);

    int top() const { return m_top; }
    int rows() const { return m_rows; }
    // The buffered rows as an RGBA view cropped to `width` columns.
    ImageView view(int width) const;

    // Drops rows above `keepFrom` (moving the rest up) and reads on until row `needTo`
    // (exclusive) is buffered. False with the source's reason on failure.
    bool advance(int keepFrom, int needTo, std::string &error);
    // Reads and discards the source's remaining rows (in chunks of the buffer).
    bool drain(std::string &error);

private:
    RowSource &m_source;
    size_t m_rowBytes;
    int m_capacity;
    int m_top = 0, m_rows = 0;
    std::vector<uint8_t> m_data;
};

// One RowSink::writeRows in flight on a second thread (on the calling thread when no
// thread can be had). Its destructor waits for it.
class PendingWrite {
public:
    PendingWrite() = default;
    PendingWrite(const PendingWrite &) = delete;
    PendingWrite &operator=(const PendingWrite &) = delete;
    ~PendingWrite();
    // parallel=false: the write happens here, before start() returns.
    void start(RowSink &sink, const uint8_t *rows, size_t stride, int count, bool parallel);
    // Waits for the write in flight (if any); false with its reason when it failed.
    bool wait(std::string &error);

private:
    std::future<std::pair<bool, std::string>> m_future;
    bool m_syncFailed = false;
    std::string m_syncError;
};

class BandWorkers;

// advance() on both buffers, b on a second thread when `parallel` and one can be had.
bool fillBoth(BandBuffer &a, BandBuffer &b, int keepFrom, int needTo, bool parallel, std::string &error);
// The same with the job's helper threads: b on a helper when one is free first.
bool fillBoth(BandBuffer &a, BandBuffer &b, int keepFrom, int needTo, BandWorkers &workers, std::string &error);
bool drainRest(BandBuffer &buffer, std::string &error);

} // namespace difflens::detail

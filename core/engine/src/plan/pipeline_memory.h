#pragma once
// Measured peak memory of a job: CPU resident high-water delta, or the CUDA allocator peak.
// Also the allocation of the large host output buffers the tiles write (or copy) into.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace difflens::detail {

// Hint (Linux): back [p, p + bytes) with transparent huge pages; failure is harmless.
void adviseHugePages(void *p, size_t bytes);

// v = n copies of value in a fresh allocation. First touch of fresh memory costs a page
// fault per 4 KiB page, which dominates filling a few hundred MB; large buffers ask for huge
// pages before that first touch.
template <class T>
void assignFresh(std::vector<T> &v, size_t n, T value)
{
    std::vector<T>().swap(v);
    v.reserve(n);
    adviseHugePages(v.data(), n * sizeof(T));
    v.assign(n, value);
}

// Current resident set size of this process in bytes; -1 when unreadable.
int64_t currentRssBytes();
// VmHWM (resident high-water mark) in bytes; -1 when unreadable.
int64_t rssHighWaterBytes();

// Brackets a job: start() records the baseline, peakDelta() returns the rise of the
// high-water mark above it (0 when the mark predates the job; it is never reset). Process-wide, so
// concurrent jobs in one process see each other's memory.
class CpuPeakTracker {
public:
    void start();
    int64_t peakDelta() const;

private:
    int64_t m_baseline = -1;
    int64_t m_hwmBefore = -1;
};

} // namespace difflens::detail

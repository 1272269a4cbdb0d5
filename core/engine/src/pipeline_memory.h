#pragma once
// Measured peak memory of a job: CPU resident high-water delta, or the CUDA allocator peak.
#include <cstdint>

namespace difflens::detail {

// Current resident set size of this process in bytes; -1 when unreadable.
int64_t currentRssBytes();
// VmHWM (resident high-water mark) in bytes; -1 when unreadable.
int64_t rssHighWaterBytes();
// Resets VmHWM to the current RSS (writes "5" to /proc/self/clear_refs); false if refused.
bool resetRssHighWater();

// Brackets a job: start() records the baseline (and resets the high-water mark when the
// kernel allows), peakDelta() returns the high-water above the baseline. Process-wide, so
// concurrent jobs in one process see each other's memory.
class CpuPeakTracker {
public:
    void start();
    int64_t peakDelta() const;

private:
    int64_t m_baseline = -1;
    int64_t m_hwmBefore = -1;
    bool m_reset = false;
};

} // namespace difflens::detail

#pragma once
// Device memory monitor: used/total bytes, ratio and status for the active device.
// CUDA: NVML loaded at run time (dlopen "libnvidia-ml.so.1"), plus LibTorch's caching
// allocator statistics when built with CUDA. CPU: process RSS and MemAvailable.
// A sample is cheap (well under 1 ms) so the GUI can poll at ~4 Hz.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace difflens {

enum class MemoryStatus { Unknown, Normal, Warning, Critical };
const char *toString(MemoryStatus s);

struct MemoryThresholds {
    double warning = 0.80;
    double critical = 0.90;
};

struct MemorySample {
    std::string device;          // "cpu" or "cuda:0 (<name>)"
    bool isCuda = false;
    int64_t usedBytes = -1;      // device (or system) memory in use
    int64_t totalBytes = -1;
    int64_t processBytes = -1;   // CPU: this process's RSS; CUDA: bytes held by this process's allocator
    double ratio = -1;           // used/total; -1 when unknown
    MemoryStatus status = MemoryStatus::Unknown;
    int64_t freeBytes() const { return (usedBytes >= 0 && totalBytes >= 0) ? totalBytes - usedBytes : -1; }
};

// Where raw numbers come from; replaceable by fakes in tests.
class MemorySource {
public:
    virtual ~MemorySource() = default;
    virtual std::string deviceName() const = 0;
    virtual bool isCuda() const = 0;
    // Fills used/total/process bytes; returns false when memory cannot be read.
    virtual bool read(int64_t &used, int64_t &total, int64_t &process) = 0;
};

std::unique_ptr<MemorySource> makeCpuMemorySource();
std::unique_ptr<MemorySource> makeCudaMemorySource(int deviceIndex = 0); // null when no NVML/CUDA

class MemoryMonitor {
public:
    explicit MemoryMonitor(std::unique_ptr<MemorySource> source, MemoryThresholds t = {});
    // The best source for "auto": CUDA when a device is usable, the CPU otherwise.
    static std::unique_ptr<MemoryMonitor> createDefault(MemoryThresholds t = {}, bool preferCuda = true);

    MemorySample sample();
    MemoryThresholds thresholds() const { return m_thresholds; }
    void setThresholds(MemoryThresholds t) { m_thresholds = t; }
    static MemoryStatus classify(double ratio, const MemoryThresholds &t);

private:
    std::unique_ptr<MemorySource> m_source;
    MemoryThresholds m_thresholds;
};

} // namespace difflens

// Memory monitor: classification plus the CPU (/proc) and CUDA (NVML via dlopen) sources.
// The NVML device is the one whose PCI bus id is the CUDA device's (nvml_match.h).
#include "difflens/engine/monitor.h"

#include "nvml_match.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

namespace difflens {

const char *toString(MemoryStatus s)
{
    switch (s) {
    case MemoryStatus::Normal: return "normal";
    case MemoryStatus::Warning: return "warning";
    case MemoryStatus::Critical: return "critical";
    case MemoryStatus::Unknown: break;
    }
    return "unknown";
}

namespace {

// Reads a whole /proc file kept open, with one pread(), into buf (NUL terminated).
bool preadAll(int fd, char *buf, size_t cap)
{
    if (fd < 0)
        return false;
    const ssize_t n = ::pread(fd, buf, cap - 1, 0);
    if (n <= 0)
        return false;
    buf[n] = '\0';
    return true;
}

// Value in kB of "Key:   123 kB" inside a /proc/meminfo-style buffer; -1 when absent.
int64_t procField(const char *buf, const char *key)
{
    const char *p = std::strstr(buf, key);
    if (!p)
        return -1;
    p += std::strlen(key);
    while (*p == ' ' || *p == '\t')
        ++p;
    char *end = nullptr;
    const long long v = std::strtoll(p, &end, 10);
    return end == p ? -1 : int64_t(v);
}

class CpuMemorySource final : public MemorySource {
public:
    CpuMemorySource()
        : m_statm(::open("/proc/self/statm", O_RDONLY | O_CLOEXEC)),
          m_meminfo(::open("/proc/meminfo", O_RDONLY | O_CLOEXEC)), m_pageSize(::sysconf(_SC_PAGESIZE))
    {
    }
    ~CpuMemorySource() override
    {
        if (m_statm >= 0)
            ::close(m_statm);
        if (m_meminfo >= 0)
            ::close(m_meminfo);
    }
    CpuMemorySource(const CpuMemorySource &) = delete;
    CpuMemorySource &operator=(const CpuMemorySource &) = delete;

    std::string deviceName() const override { return "cpu"; }
    bool isCuda() const override { return false; }

    bool read(int64_t &used, int64_t &total, int64_t &process) override
    {
        char buf[4096];
        process = -1;
        if (preadAll(m_statm, buf, sizeof buf)) {
            // "size resident shared text lib data dt" in pages
            char *end = nullptr;
            std::strtoll(buf, &end, 10);
            const long long resident = std::strtoll(end, nullptr, 10);
            process = int64_t(resident) * m_pageSize;
        }
        if (!preadAll(m_meminfo, buf, sizeof buf))
            return false;
        const int64_t totalKb = procField(buf, "MemTotal:");
        const int64_t availKb = procField(buf, "MemAvailable:");
        if (totalKb <= 0 || availKb < 0)
            return false;
        total = totalKb * 1024;
        used = total - availKb * 1024;
        return true;
    }

private:
    int m_statm;
    int m_meminfo;
    long m_pageSize;
};

// --- NVML, resolved at run time -------------------------------------------------------
struct NvmlMemory {
    unsigned long long total, free, used;
};
struct NvmlProcessInfoV1 {
    unsigned int pid;
    unsigned long long usedGpuMemory;
};
using NvmlDevice = void *;
using FnInit = int (*)();
using FnHandle = int (*)(unsigned int, NvmlDevice *);
using FnMemInfo = int (*)(NvmlDevice, NvmlMemory *);
using FnName = int (*)(NvmlDevice, char *, unsigned int);
using FnProcs = int (*)(NvmlDevice, unsigned int *, NvmlProcessInfoV1 *);
// nvmlPciInfo_t (NVML 11 and later): only busId is read.
struct NvmlPciInfo {
    char busIdLegacy[16];
    unsigned int domain, bus, device, pciDeviceId, pciSubSystemId;
    char busId[32];
};
using FnCount = int (*)(unsigned int *);
using FnPci = int (*)(NvmlDevice, NvmlPciInfo *);

struct Nvml {
    void *lib = nullptr;
    FnInit init = nullptr;
    FnHandle handle = nullptr;
    FnMemInfo memInfo = nullptr;
    FnName name = nullptr;
    FnProcs procs = nullptr;
    FnCount count = nullptr;
    FnPci pci = nullptr;
    bool ok = false;
};

// Loaded once per process and never unloaded (NVML is process-global).
const Nvml &nvml()
{
    static Nvml n;
    static std::once_flag once;
    std::call_once(once, [] {
        n.lib = ::dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
        if (!n.lib)
            return;
        n.init = reinterpret_cast<FnInit>(::dlsym(n.lib, "nvmlInit_v2"));
        n.handle = reinterpret_cast<FnHandle>(::dlsym(n.lib, "nvmlDeviceGetHandleByIndex_v2"));
        n.memInfo = reinterpret_cast<FnMemInfo>(::dlsym(n.lib, "nvmlDeviceGetMemoryInfo"));
        n.name = reinterpret_cast<FnName>(::dlsym(n.lib, "nvmlDeviceGetName"));
        // The unversioned symbol keeps the original (v1) process-info layout.
        n.procs = reinterpret_cast<FnProcs>(::dlsym(n.lib, "nvmlDeviceGetComputeRunningProcesses"));
        n.count = reinterpret_cast<FnCount>(::dlsym(n.lib, "nvmlDeviceGetCount_v2"));
        n.pci = reinterpret_cast<FnPci>(::dlsym(n.lib, "nvmlDeviceGetPciInfo_v3"));
        if (!n.pci)
            n.pci = reinterpret_cast<FnPci>(::dlsym(n.lib, "nvmlDeviceGetPciInfo_v2"));
        n.ok = n.init && n.handle && n.memInfo && n.init() == 0;
    });
    return n;
}

// PCI bus id of CUDA device `ordinal` as the CUDA runtime (and so LibTorch) numbers it,
// read through the driver API (libcuda, dlopen); empty when it cannot be read.
std::string cudaPciBusId(int ordinal)
{
    using FnCuInit = int (*)(unsigned int);
    using FnCuDeviceGet = int (*)(int *, int);
    using FnCuBusId = int (*)(char *, int, int);
    static void *lib = ::dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL); // never unloaded
    if (!lib)
        return {};
    const auto init = reinterpret_cast<FnCuInit>(::dlsym(lib, "cuInit"));
    const auto get = reinterpret_cast<FnCuDeviceGet>(::dlsym(lib, "cuDeviceGet"));
    const auto busId = reinterpret_cast<FnCuBusId>(::dlsym(lib, "cuDeviceGetPCIBusId"));
    int dev = -1;
    char id[64] = {};
    if (!init || !get || !busId || init(0) != 0 || get(&dev, ordinal) != 0 || busId(id, int(sizeof id), dev) != 0)
        return {};
    return id;
}

// NVML index of CUDA device `ordinal` by PCI bus id (nvml_match.h); -1 when none matches.
// Cached per ordinal: the mapping does not change while the process runs.
int nvmlIndexForOrdinal(const Nvml &n, int ordinal)
{
    static std::mutex mutex;
    static std::vector<std::pair<int, int>> cache; // ordinal, NVML index
    std::lock_guard<std::mutex> lock(mutex);
    for (const auto &c : cache)
        if (c.first == ordinal)
            return c.second;
    std::vector<std::string> nvmlIds;
    unsigned int count = 0;
    if (n.count && n.count(&count) == 0) {
        for (unsigned int i = 0; i < count; ++i) {
            NvmlDevice dev = nullptr;
            NvmlPciInfo pci{};
            const bool read = n.pci && n.handle(i, &dev) == 0 && dev && n.pci(dev, &pci) == 0;
            nvmlIds.emplace_back(read ? std::string(pci.busId, strnlen(pci.busId, sizeof pci.busId)) : std::string());
        }
    }
    const int index = detail::nvmlIndexForCudaDevice(cudaPciBusId(ordinal), nvmlIds);
    cache.emplace_back(ordinal, index);
    return index;
}

class CudaMemorySource final : public MemorySource {
public:
    CudaMemorySource(NvmlDevice dev, int index, std::string name)
        : m_dev(dev), m_name("cuda:" + std::to_string(index) + (name.empty() ? "" : " (" + name + ")")),
          m_pid(unsigned(::getpid()))
    {
    }
    std::string deviceName() const override { return m_name; }
    bool isCuda() const override { return true; }

    bool read(int64_t &used, int64_t &total, int64_t &process) override
    {
        const Nvml &n = nvml();
        NvmlMemory mem{};
        if (n.memInfo(m_dev, &mem) != 0 || mem.total == 0)
            return false;
        total = int64_t(mem.total);
        used = int64_t(mem.total - mem.free);
        process = processBytes(n);
        return true;
    }

private:
    int64_t processBytes(const Nvml &n) const
    {
        if (!n.procs)
            return -1;
        NvmlProcessInfoV1 infos[64];
        unsigned int count = 64;
        if (n.procs(m_dev, &count, infos) != 0)
            return -1;
        for (unsigned int i = 0; i < count && i < 64; ++i)
            if (infos[i].pid == m_pid)
                return int64_t(infos[i].usedGpuMemory);
        return -1; // not listed (no context yet, or another PID namespace)
    }

    NvmlDevice m_dev;
    std::string m_name;
    unsigned m_pid;
};

} // namespace

std::unique_ptr<MemorySource> makeCpuMemorySource() { return std::make_unique<CpuMemorySource>(); }

std::unique_ptr<MemorySource> makeCudaMemorySource(int deviceIndex)
{
    const Nvml &n = nvml();
    if (!n.ok || deviceIndex < 0)
        return nullptr;
    const int nvmlIndex = nvmlIndexForOrdinal(n, deviceIndex);
    NvmlDevice dev = nullptr;
    if (nvmlIndex < 0 || n.handle(unsigned(nvmlIndex), &dev) != 0 || !dev)
        return nullptr;
    char name[96] = {};
    if (!n.name || n.name(dev, name, sizeof name) != 0)
        name[0] = '\0';
    return std::make_unique<CudaMemorySource>(dev, deviceIndex, name);
}

MemoryMonitor::MemoryMonitor(std::unique_ptr<MemorySource> source, MemoryThresholds t)
    : m_source(std::move(source)), m_thresholds(t)
{
}

std::unique_ptr<MemoryMonitor> MemoryMonitor::createDefault(MemoryThresholds t, bool preferCuda)
{
    std::unique_ptr<MemorySource> src;
    if (preferCuda)
        src = makeCudaMemorySource(0);
    if (!src)
        src = makeCpuMemorySource();
    return std::make_unique<MemoryMonitor>(std::move(src), t);
}

MemoryStatus MemoryMonitor::classify(double ratio, const MemoryThresholds &t)
{
    if (!(ratio >= 0)) // negative or NaN: unreadable
        return MemoryStatus::Unknown;
    if (ratio > t.critical)
        return MemoryStatus::Critical;
    if (ratio > t.warning)
        return MemoryStatus::Warning;
    return MemoryStatus::Normal;
}

MemorySample MemoryMonitor::sample()
{
    MemorySample s;
    if (!m_source)
        return s;
    s.device = m_source->deviceName();
    s.isCuda = m_source->isCuda();
    int64_t used = -1, total = -1, process = -1;
    if (m_source->read(used, total, process) && total > 0 && used >= 0) {
        s.usedBytes = used;
        s.totalBytes = total;
        s.ratio = double(used) / double(total);
    }
    s.processBytes = process;
    s.status = classify(s.ratio, m_thresholds);
    return s;
}

} // namespace difflens

// Process memory readings: resident size and its high-water mark, the address-space limit and
// the room under it; huge-page advice for large buffers.
#include "plan/pipeline_memory.h"

#include "difflens/engine/address_space.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace difflens::detail {

namespace {

bool readProcFile(const char *path, char *buf, size_t cap)
{
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const ssize_t n = ::read(fd, buf, cap - 1);
    ::close(fd);
    if (n <= 0)
        return false;
    buf[n] = '\0';
    return true;
}

} // namespace

int64_t currentRssBytes()
{
    char buf[256];
    if (!readProcFile("/proc/self/statm", buf, sizeof buf))
        return -1;
    char *end = nullptr;
    std::strtoll(buf, &end, 10);
    return int64_t(std::strtoll(end, nullptr, 10)) * ::sysconf(_SC_PAGESIZE);
}

int64_t rssHighWaterBytes()
{
    char buf[4096];
    if (!readProcFile("/proc/self/status", buf, sizeof buf))
        return -1;
    const char *p = std::strstr(buf, "VmHWM:");
    if (!p)
        return -1;
    return int64_t(std::strtoll(p + 6, nullptr, 10)) * 1024;
}

void adviseHugePages(void *p, size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr uintptr_t huge = uintptr_t(1) << 21;
    if (!p || bytes < 2 * huge)
        return;
    const uintptr_t begin = (reinterpret_cast<uintptr_t>(p) + huge - 1) & ~(huge - 1);
    const uintptr_t end = (reinterpret_cast<uintptr_t>(p) + bytes) & ~(huge - 1);
    if (end > begin)
        (void)::madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

void CpuPeakTracker::start()
{
    // VmHWM is never reset: a reset would also hide the process's true peak from
    // /proc/self/status and from the parent's wait4() (what /usr/bin/time reports).
    m_baseline = currentRssBytes();
    m_hwmBefore = rssHighWaterBytes();
}

int64_t CpuPeakTracker::peakDelta() const
{
    const int64_t hwm = rssHighWaterBytes();
    if (hwm < 0 || m_baseline < 0)
        return -1;
    // The mark may predate the job; only a rise is attributable to it.
    if (hwm <= m_hwmBefore)
        return 0;
    return hwm > m_baseline ? hwm - m_baseline : 0;
}

} // namespace difflens::detail

namespace difflens {

int64_t addressSpaceLimit()
{
    int64_t limit = -1;
    for (int resource : {RLIMIT_AS, RLIMIT_DATA}) {
        struct rlimit lim {};
        if (::getrlimit(resource, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY)
            limit = limit < 0 ? int64_t(lim.rlim_cur) : std::min(limit, int64_t(lim.rlim_cur));
    }
    return limit;
}

int64_t addressSpaceHeadroom()
{
    const int64_t limit = addressSpaceLimit();
    if (limit < 0)
        return -1;
    char buf[256];
    if (!detail::readProcFile("/proc/self/statm", buf, sizeof buf))
        return -1;
    const int64_t mapped = int64_t(std::strtoll(buf, nullptr, 10)) * ::sysconf(_SC_PAGESIZE);
    return std::max<int64_t>(0, limit - mapped);
}

int64_t addressSpaceUsable()
{
    const int64_t room = addressSpaceHeadroom();
    return room < 0 ? -1 : std::max<int64_t>(0, room - kAddressSpaceReserve);
}

bool addressSpaceAllows(int64_t bytes)
{
    const int64_t room = addressSpaceHeadroom();
    return room < 0 || bytes + kAddressSpaceReserve <= room;
}

} // namespace difflens

// Host <-> device row transfers of the fused CUDA path (see transfer.cuh): pinned staging
// lanes with double buffering, or direct strided copies from/to pageable memory.
#include "cuda/transfer.cuh"

#include "difflens/engine/parallel.h"

#include <cuda_runtime.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace difflens::cuda {
namespace {

constexpr size_t kDefaultSlotBytes = size_t(4) << 20;
constexpr int kMaxDefaultLanes = 8;
constexpr int kSlots = 2;               // pinned buffers per lane (double buffering)
constexpr size_t kMaxIdleStagings = 2;  // pooled staging sets kept for later tiles and jobs

void check(cudaError_t e, const char *what)
{
    if (e == cudaSuccess)
        return;
    (void)cudaGetLastError(); // clear the error state where it is not sticky
    if (e == cudaErrorMemoryAllocation)
        throw std::bad_alloc();
    throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(e));
}

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// ---- settings ------------------------------------------------------------------------

std::mutex &settingsMutex()
{
    static std::mutex m;
    return m;
}

TransferSettings &settingsStore()
{
    static TransferSettings s;
    return s;
}

int defaultLanes() { return std::max(1, std::min(kMaxDefaultLanes, defaultThreadCount())); }

// ---- pinned staging ------------------------------------------------------------------

struct Lane {
    cudaStream_t stream = nullptr;
    void *slot[kSlots] = {};
    cudaEvent_t ready[kSlots] = {}; // the DMA through slot[i] has finished
    cudaEvent_t done = nullptr;     // every upload of the lane has finished
};

// Pinned buffers, streams and events of a set of lanes on one device.
struct Staging {
    int device = 0;
    size_t slotBytes = 0;
    std::vector<Lane> lanes;

    Staging() = default;
    Staging(const Staging &) = delete;
    Staging &operator=(const Staging &) = delete;
    ~Staging()
    {
        // Teardown: errors are of no use here.
        for (Lane &l : lanes) {
            for (int i = 0; i < kSlots; ++i) {
                if (l.slot[i])
                    (void)cudaFreeHost(l.slot[i]);
                if (l.ready[i])
                    (void)cudaEventDestroy(l.ready[i]);
            }
            if (l.done)
                (void)cudaEventDestroy(l.done);
            if (l.stream)
                (void)cudaStreamDestroy(l.stream);
        }
        (void)cudaGetLastError();
    }
};

std::unique_ptr<Staging> createStaging(int device, size_t slotBytes, int lanes)
{
    auto s = std::make_unique<Staging>();
    s->device = device;
    s->slotBytes = slotBytes;
    s->lanes.resize(size_t(lanes));
    for (Lane &l : s->lanes) { // a partly built set is freed by ~Staging
        check(cudaStreamCreateWithFlags(&l.stream, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
        for (int i = 0; i < kSlots; ++i) {
            check(cudaHostAlloc(&l.slot[i], slotBytes, cudaHostAllocDefault), "cudaHostAlloc");
            check(cudaEventCreateWithFlags(&l.ready[i], cudaEventDisableTiming), "cudaEventCreateWithFlags");
        }
        check(cudaEventCreateWithFlags(&l.done, cudaEventDisableTiming), "cudaEventCreateWithFlags");
    }
    return s;
}

struct Pool {
    std::mutex mutex;
    std::vector<std::unique_ptr<Staging>> idle;
};

// Never destroyed: pinned memory and streams stay until the process ends, so no teardown
// runs after the CUDA runtime has shut down.
Pool &pool()
{
    static Pool *p = new Pool;
    return *p;
}

// A pooled staging set, a new one, or null when pinned memory cannot be had.
std::unique_ptr<Staging> acquireStaging(int device, size_t slotBytes, int lanes)
{
    {
        Pool &p = pool();
        std::lock_guard<std::mutex> lock(p.mutex);
        for (auto it = p.idle.begin(); it != p.idle.end(); ++it) {
            if ((*it)->device == device && (*it)->slotBytes == slotBytes && int((*it)->lanes.size()) == lanes) {
                std::unique_ptr<Staging> s = std::move(*it);
                p.idle.erase(it);
                return s;
            }
        }
    }
    try {
        return createStaging(device, slotBytes, lanes);
    } catch (const std::exception &) {
        return nullptr; // direct copies instead
    }
}

// Keeps the most recently used sets; the oldest idle one goes when the pool is full.
void releaseStaging(std::unique_ptr<Staging> s)
{
    std::unique_ptr<Staging> evicted; // destroyed after the lock (its work has completed)
    Pool &p = pool();
    std::lock_guard<std::mutex> lock(p.mutex);
    p.idle.push_back(std::move(s));
    if (p.idle.size() > kMaxIdleStagings) {
        evicted = std::move(p.idle.front());
        p.idle.erase(p.idle.begin());
    }
}

// ---- chunks --------------------------------------------------------------------------

// A band of rows of one item; fits one pinned buffer.
struct Chunk {
    int item = 0;
    int row0 = 0;
    int rows = 0;
};

void validate(const RowCopy *items, int count)
{
    for (int i = 0; i < count; ++i) {
        const RowCopy &it = items[i];
        if (it.rows > 0 && it.rowBytes > 0 && (!it.host || !it.device || it.hostStride < it.rowBytes))
            throw std::invalid_argument("transfer: invalid rows");
    }
}

// Splits the items into chunks of at most slotBytes; items whose single row does not fit
// go to `direct`.
std::vector<Chunk> makeChunks(const RowCopy *items, int count, size_t slotBytes, std::vector<int> &direct)
{
    std::vector<Chunk> chunks;
    for (int i = 0; i < count; ++i) {
        const RowCopy &it = items[i];
        if (it.rows <= 0 || it.rowBytes == 0)
            continue;
        if (it.rowBytes > slotBytes) {
            direct.push_back(i);
            continue;
        }
        const int per = int(std::min<size_t>(size_t(it.rows), slotBytes / it.rowBytes));
        for (int r = 0; r < it.rows; r += per)
            chunks.push_back({i, r, std::min(per, it.rows - r)});
    }
    return chunks;
}

void copyRows(uint8_t *dst, size_t dstStride, const uint8_t *src, size_t srcStride, size_t rowBytes, int rows)
{
    if (dstStride == rowBytes && srcStride == rowBytes) {
        std::memcpy(dst, src, rowBytes * size_t(rows));
        return;
    }
    for (int y = 0; y < rows; ++y)
        std::memcpy(dst + size_t(y) * dstStride, src + size_t(y) * srcStride, rowBytes);
}

uint8_t *hostRow(const RowCopy &it, int row) { return static_cast<uint8_t *>(it.host) + size_t(row) * it.hostStride; }
uint8_t *deviceRow(const RowCopy &it, int row) { return static_cast<uint8_t *>(it.device) + size_t(row) * it.rowBytes; }

void directUpload(const RowCopy &it, cudaStream_t stream)
{
    check(cudaMemcpy2DAsync(it.device, it.rowBytes, it.host, it.hostStride, it.rowBytes, size_t(it.rows),
                            cudaMemcpyHostToDevice, stream),
          "cudaMemcpy2DAsync (upload)");
}

void directDownload(const RowCopy &it, cudaStream_t stream)
{
    check(cudaMemcpy2DAsync(it.host, it.hostStride, it.device, it.rowBytes, it.rowBytes, size_t(it.rows),
                            cudaMemcpyDeviceToHost, stream),
          "cudaMemcpy2DAsync (download)");
}

// Lane `first` of `step` lanes: chunks first, first + step, ... Waits for `mark` on the
// kernels' stream before touching device memory.
void uploadLane(Lane &lane, const RowCopy *items, const Chunk *chunks, int n, int first, int step, cudaEvent_t mark)
{
    check(cudaStreamWaitEvent(lane.stream, mark, 0), "cudaStreamWaitEvent");
    int k = 0;
    for (int c = first; c < n; c += step, ++k) {
        const int slot = k % kSlots;
        const Chunk &ch = chunks[c];
        const RowCopy &it = items[ch.item];
        auto *pinned = static_cast<uint8_t *>(lane.slot[slot]);
        check(cudaEventSynchronize(lane.ready[slot]), "cudaEventSynchronize"); // buffer free again
        copyRows(pinned, it.rowBytes, hostRow(it, ch.row0), it.hostStride, it.rowBytes, ch.rows);
        check(cudaMemcpyAsync(deviceRow(it, ch.row0), pinned, it.rowBytes * size_t(ch.rows), cudaMemcpyHostToDevice,
                              lane.stream),
              "cudaMemcpyAsync (upload)");
        check(cudaEventRecord(lane.ready[slot], lane.stream), "cudaEventRecord");
    }
    check(cudaEventRecord(lane.done, lane.stream), "cudaEventRecord");
}

void issueDownload(Lane &lane, const RowCopy *items, const Chunk &ch, int slot)
{
    const RowCopy &it = items[ch.item];
    check(cudaMemcpyAsync(lane.slot[slot], deviceRow(it, ch.row0), it.rowBytes * size_t(ch.rows),
                          cudaMemcpyDeviceToHost, lane.stream),
          "cudaMemcpyAsync (download)");
    check(cudaEventRecord(lane.ready[slot], lane.stream), "cudaEventRecord");
}

void downloadLane(Lane &lane, const RowCopy *items, const Chunk *chunks, int n, int first, int step, cudaEvent_t mark)
{
    check(cudaStreamWaitEvent(lane.stream, mark, 0), "cudaStreamWaitEvent");
    std::vector<int> mine;
    for (int c = first; c < n; c += step)
        mine.push_back(c);
    const size_t m = mine.size();
    for (size_t j = 0; j < std::min(m, size_t(kSlots)); ++j)
        issueDownload(lane, items, chunks[mine[j]], int(j % kSlots));
    for (size_t j = 0; j < m; ++j) {
        const int slot = int(j % kSlots);
        const Chunk &ch = chunks[mine[j]];
        const RowCopy &it = items[ch.item];
        check(cudaEventSynchronize(lane.ready[slot]), "cudaEventSynchronize");
        copyRows(hostRow(it, ch.row0), it.hostStride, static_cast<const uint8_t *>(lane.slot[slot]), it.rowBytes,
                 it.rowBytes, ch.rows);
        if (j + kSlots < m)
            issueDownload(lane, items, chunks[mine[j + kSlots]], slot);
    }
}

} // namespace

void setTransferSettings(const TransferSettings &s)
{
    std::lock_guard<std::mutex> lock(settingsMutex());
    settingsStore() = s;
}

TransferSettings transferSettings()
{
    std::lock_guard<std::mutex> lock(settingsMutex());
    return settingsStore();
}

struct TransferSession::Impl {
    cudaStream_t stream = nullptr;
    int device = 0;
    std::unique_ptr<Staging> staging; // null: direct copies
    cudaEvent_t mark = nullptr;       // hands the stream's position to the lanes
    cudaEvent_t uploaded = nullptr, kernels = nullptr; // timing events
    bool uploadedMarked = false, kernelsMarked = false;
    bool queued = false;
    TransferTimes times;

    ~Impl()
    {
        bool clean = true;
        if (queued) {
            if (staging)
                for (Lane &l : staging->lanes)
                    clean = cudaStreamSynchronize(l.stream) == cudaSuccess && clean;
            clean = cudaStreamSynchronize(stream) == cudaSuccess && clean;
        }
        for (cudaEvent_t e : {mark, uploaded, kernels})
            if (e)
                (void)cudaEventDestroy(e);
        (void)cudaGetLastError();
        if (staging && clean)
            releaseStaging(std::move(staging));
    }

    // Runs fn(lane index, lane count) on one host thread per lane in use.
    template <class Fn>
    void onLanes(int chunkCount, Fn fn)
    {
        const int lanes = std::min(int(staging->lanes.size()), chunkCount);
        const int dev = device;
        parallelFor(
            lanes,
            [fn, lanes, dev](int begin, int end) {
                check(cudaSetDevice(dev), "cudaSetDevice");
                for (int l = begin; l < end; ++l)
                    fn(l, lanes);
            },
            lanes);
    }
};

TransferSession::TransferSession(cudaStream_t stream) : d(std::make_unique<Impl>())
{
    d->stream = stream;
    check(cudaGetDevice(&d->device), "cudaGetDevice");
    check(cudaEventCreateWithFlags(&d->mark, cudaEventDisableTiming), "cudaEventCreateWithFlags");
    check(cudaEventCreate(&d->uploaded), "cudaEventCreate");
    check(cudaEventCreate(&d->kernels), "cudaEventCreate");
    const TransferSettings s = transferSettings();
    const size_t slotBytes = s.slotBytes > 0 ? s.slotBytes : kDefaultSlotBytes;
    const int lanes = s.lanes > 0 ? s.lanes : defaultLanes();
    if (s.mode == TransferMode::Staged)
        d->staging = acquireStaging(d->device, slotBytes, lanes);
    d->times.staged = d->staging != nullptr;
    d->times.lanes = d->staging ? lanes : 0;
    d->times.slotBytes = d->staging ? slotBytes : 0;
}

TransferSession::~TransferSession() = default;

void TransferSession::upload(const RowCopy *items, int count)
{
    const auto t0 = Clock::now();
    validate(items, count);
    d->queued = true;
    if (!d->staging) {
        for (int i = 0; i < count; ++i)
            if (items[i].rows > 0 && items[i].rowBytes > 0)
                directUpload(items[i], d->stream);
    } else {
        std::vector<int> direct;
        const std::vector<Chunk> chunks = makeChunks(items, count, d->staging->slotBytes, direct);
        for (int i : direct)
            directUpload(items[i], d->stream);
        if (!chunks.empty()) {
            check(cudaEventRecord(d->mark, d->stream), "cudaEventRecord");
            Staging *st = d->staging.get();
            const Chunk *c = chunks.data();
            const int n = int(chunks.size());
            const cudaEvent_t mark = d->mark;
            d->onLanes(n, [st, items, c, n, mark](int lane, int lanes) {
                uploadLane(st->lanes[size_t(lane)], items, c, n, lane, lanes, mark);
            });
            const int used = std::min(int(st->lanes.size()), n);
            for (int l = 0; l < used; ++l)
                check(cudaStreamWaitEvent(d->stream, st->lanes[size_t(l)].done, 0), "cudaStreamWaitEvent");
        }
    }
    check(cudaEventRecord(d->uploaded, d->stream), "cudaEventRecord");
    d->uploadedMarked = true;
    d->times.uploadMs += msSince(t0);
}

void TransferSession::kernelsQueued()
{
    check(cudaEventRecord(d->kernels, d->stream), "cudaEventRecord");
    d->kernelsMarked = true;
}

void TransferSession::download(const RowCopy *items, int count)
{
    const auto t0 = Clock::now();
    validate(items, count);
    d->queued = true;
    if (!d->staging) {
        for (int i = 0; i < count; ++i)
            if (items[i].rows > 0 && items[i].rowBytes > 0)
                directDownload(items[i], d->stream);
        check(cudaStreamSynchronize(d->stream), "cudaStreamSynchronize");
    } else {
        std::vector<int> direct;
        const std::vector<Chunk> chunks = makeChunks(items, count, d->staging->slotBytes, direct);
        if (!chunks.empty()) {
            check(cudaEventRecord(d->mark, d->stream), "cudaEventRecord");
            Staging *st = d->staging.get();
            const Chunk *c = chunks.data();
            const int n = int(chunks.size());
            const cudaEvent_t mark = d->mark;
            d->onLanes(n, [st, items, c, n, mark](int lane, int lanes) {
                downloadLane(st->lanes[size_t(lane)], items, c, n, lane, lanes, mark);
            });
        }
        for (int i : direct)
            directDownload(items[i], d->stream);
        // The stream has reached `mark` (the lanes waited for it); this also covers the
        // direct copies and lets the timing events be read.
        check(cudaStreamSynchronize(d->stream), "cudaStreamSynchronize");
    }
    if (d->uploadedMarked && d->kernelsMarked) {
        float ms = 0;
        if (cudaEventElapsedTime(&ms, d->uploaded, d->kernels) == cudaSuccess)
            d->times.kernelsMs = double(ms);
        else
            (void)cudaGetLastError();
    }
    d->times.downloadMs += msSince(t0);
}

TransferTimes TransferSession::times() const { return d->times; }

} // namespace difflens::cuda

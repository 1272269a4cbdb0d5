// The deferred store's first pass of an 8-bit pair (layer_band.h): a band's row pairs
// straight to level 1 of A, B, the heatmap and the mask, on the calling thread and one
// helper thread of its own.
#include "layer_band.h"

#include "layer_kernels.h"
#include "layer_pyramid.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace difflens {

namespace {

// A second thread that belongs to the calling thread (so it starts with that thread's nice
// value, and lives as long as it): runBoth(fn) runs fn(1) there while fn(0) runs here.
// Without a thread (none can be started) both run here, one after the other.
class PairWorker {
public:
    PairWorker() = default;
    PairWorker(const PairWorker &) = delete;
    PairWorker &operator=(const PairWorker &) = delete;
    ~PairWorker()
    {
        if (!m_thread.joinable())
            return;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stop = true;
        }
        m_work.notify_one();
        m_thread.join();
    }

    void runBoth(const std::function<void(int)> &fn)
    {
        if (!start()) {
            fn(0);
            fn(1);
            return;
        }
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_job = &fn;
            ++m_posted;
        }
        m_work.notify_one();
        std::exception_ptr mine;
        try {
            fn(0);
        } catch (...) {
            mine = std::current_exception();
        }
        std::unique_lock<std::mutex> lock(m_mutex);
        m_finished.wait(lock, [this] { return m_done == m_posted; });
        const std::exception_ptr theirs = m_error;
        m_error = nullptr;
        m_job = nullptr;
        lock.unlock();
        if (mine)
            std::rethrow_exception(mine);
        if (theirs)
            std::rethrow_exception(theirs);
    }

private:
    bool start()
    {
        if (m_thread.joinable())
            return true;
        if (m_cannotStart)
            return false;
        try {
            m_thread = std::thread([this] { loop(); });
        } catch (const std::system_error &) {
            m_cannotStart = true;
            return false;
        }
        return true;
    }

    void loop()
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        for (;;) {
            m_work.wait(lock, [this] { return m_stop || m_done != m_posted; });
            if (m_done == m_posted)
                return; // stopped
            const std::function<void(int)> *job = m_job;
            lock.unlock();
            std::exception_ptr error;
            try {
                (*job)(1);
            } catch (...) {
                error = std::current_exception();
            }
            lock.lock();
            m_error = error;
            m_done = m_posted;
            m_finished.notify_one();
        }
    }

    std::thread m_thread;
    bool m_cannotStart = false;
    std::mutex m_mutex;
    std::condition_variable m_work, m_finished;
    const std::function<void(int)> *m_job = nullptr;
    uint64_t m_posted = 0, m_done = 0;
    std::exception_ptr m_error;
    bool m_stop = false;
};

// Below this width one thread does it all (a hand-off costs more than half a row).
constexpr int kTwoThreadsWidth = 512;
// The level-1 rows of a chunk of pairs (A, B, diff: 4 bytes a pixel, heat and mask 1) fit
// about this many bytes, so that they are still in the cache when they go on into the
// pyramids.
constexpr size_t kChunkBytes = size_t(1) << 20;
constexpr size_t kSlotBytesPerPixel = 14;

size_t levelOneWidth(int width)
{
    return (size_t(width) + 1) / 2;
}

int pairsPerChunk(int width)
{
    return int(std::clamp<size_t>(kChunkBytes / (kSlotBytesPerPixel * levelOneWidth(width)), 2, 32));
}

// The ring of level-1 rows: chunk c is reduced while chunk c - 1 goes on into the pyramids
// and the last row of chunk c - 2 may still wait for its pair there: three chunks.
int ringSlots(int width)
{
    return 3 * pairsPerChunk(width);
}

struct Pair {
    const uint8_t *a0, *a1, *b0, *b1, *m0, *m1, *d0, *d1; // row 2k and 2k + 1 (a1...: null for a last row alone)
    int rows0;                                  // 2, or 1 for a last row alone
    int row1;                                   // the level-1 row made
};

struct Slot {
    uint8_t *a, *b, *heat, *mask, *diff;
};

Slot slotOf(uint8_t *ring, size_t nw, int slots, int row1)
{
    uint8_t *base = ring + size_t(row1 % slots) * kSlotBytesPerPixel * nw;
    return Slot{base, base + 4 * nw, base + 8 * nw, base + 9 * nw, base + 10 * nw};
}

} // namespace

size_t fusedBandScratchBytes(int width)
{
    return 13 * size_t(width) + size_t(ringSlots(width)) * kSlotBytesPerPixel * levelOneWidth(width);
}

bool pushFusedBand(const BandRows &rows, const FusedBandTargets &t, int &peak, std::string &error)
{
    const size_t w = size_t(t.width), nw = levelOneWidth(t.width);
    uint8_t *keptA = t.scratch, *keptB = keptA + 4 * w, *keptD = keptB + 4 * w, *keptM = keptD + 4 * w,
            *ring = keptM + w;
    const int slots = ringSlots(t.width), perChunk = slots / 3;

    // The band's pairs; the first row of a pair that the previous band's end split is in
    // the kept copies.
    std::vector<Pair> pairs;
    pairs.reserve(size_t(rows.count) / 2 + 1);
    const auto maskRow = [&rows, w](int y) { return rows.mask ? rows.mask + size_t(y) * w : nullptr; };
    const auto diffRow = [&t](int y) { return t.diffRows ? t.diffRows + size_t(y) * t.diffStride : nullptr; };
    for (int y = 0; y < rows.count; ++y) {
        const int r = rows.y0 + y;
        if (r & 1) {
            const bool kept = y == 0;
            pairs.push_back(Pair{kept ? keptA : rows.a.row(y - 1), rows.a.row(y), kept ? keptB : rows.b.row(y - 1),
                                 rows.b.row(y), rows.mask ? (kept ? keptM : maskRow(y - 1)) : nullptr, maskRow(y),
                                 t.diffRows ? (kept ? keptD : diffRow(y - 1)) : nullptr, diffRow(y), 2, r / 2});
        } else if (r + 1 == t.height) {
            pairs.push_back(Pair{rows.a.row(y), nullptr, rows.b.row(y), nullptr, maskRow(y), nullptr, diffRow(y),
                                 nullptr, 1, r / 2});
        }
    }

    // Column halves: the left one ends on a multiple of 8 pixels.
    const int split = t.width >= kTwoThreadsWidth ? int(nw / 2) / 4 * 8 : t.width;
    const int chunks = (int(pairs.size()) + perChunk - 1) / perChunk;
    int peaks[2] = {peak, peak};
    bool ok[2] = {true, true};
    std::string errors[2];
    const Pair *all = pairs.data();
    const size_t count = pairs.size();
    const FusedBandTargets *targets = &t;
    int *peakOf = peaks;
    bool *okOf = ok;
    std::string *errorOf = errors;
    int chunk = 0;
    const int *current = &chunk;
    const std::function<void(int)> step = [all, count, targets, ring, nw, slots, perChunk, split, current, peakOf,
                                           okOf, errorOf](int half) {
        const int c = *current;
        const size_t from = size_t(c) * size_t(perChunk);
        // Reduce chunk c, this thread's columns.
        const int x0 = half == 0 ? 0 : split, x1 = half == 0 ? split : targets->width;
        if (from < count && x1 > x0) {
            const size_t o = size_t(x0) / 2;
            const size_t px = size_t(x0);
            for (size_t i = from; i < std::min(count, from + size_t(perChunk)); ++i) {
                const Pair &p = all[i];
                const Slot s = slotOf(ring, nw, slots, p.row1);
                if (targets->a)
                    peakOf[half] = std::max(peakOf[half], reducePairRgba8(p.a0 + 4 * px, p.a1 ? p.a1 + 4 * px : nullptr,
                                                                          p.b0 + 4 * px, p.b1 ? p.b1 + 4 * px : nullptr,
                                                                          x1 - x0, s.a + 4 * o, s.b + 4 * o, s.heat + o));
                if (p.m0 && targets->mask)
                    maskMaximum(p.m0 + px, p.m1 ? p.m1 + px : nullptr, x1 - x0, s.mask + o);
                if (p.d0)
                    averageRgba8(p.d0 + 4 * px, p.d1 ? p.d1 + 4 * px : nullptr, x1 - x0, s.diff + 4 * o);
            }
        }
        // Chunk c - 1 on into the pyramids: A, the heatmap and the mask here, B and the diff
        // there.
        if (c == 0 || !okOf[half])
            return;
        std::string &e = errorOf[half];
        for (size_t i = from - size_t(perChunk); i < std::min(count, from); ++i) {
            const Pair &p = all[i];
            const Slot s = slotOf(ring, nw, slots, p.row1);
            const FusedBandTargets &t = *targets;
            const bool done = half == 0 ? (!t.a || (t.a->pushNextLevelRow(s.a, p.rows0, e, true) &&
                                                    t.heat->pushNextLevelRow(s.heat, p.rows0, e, true))) &&
                                              (!p.m0 || !t.mask || t.mask->pushNextLevelRow(s.mask, p.rows0, e, true))
                                        : (!t.b || t.b->pushNextLevelRow(s.b, p.rows0, e, true)) &&
                                              (!p.d0 || t.diff->pushNextLevelRow(s.diff, p.rows0, e, true));
            if (!done) {
                okOf[half] = false;
                return;
            }
        }
    };
    static thread_local PairWorker worker;
    for (; chunk <= chunks; ++chunk) {
        if (split >= t.width) {
            step(0);
            step(1);
        } else {
            worker.runBoth(step);
        }
        if (!ok[0] || !ok[1])
            break;
    }
    if (!ok[0] || !ok[1]) {
        error = !ok[0] ? errors[0] : errors[1];
        if (error.empty())
            error = "cannot build the display layers";
        return false;
    }
    peak = std::max(peaks[0], peaks[1]);
    // The last row, when its pair's second row comes with the next band, waits in a copy.
    const int last = rows.y0 + rows.count - 1;
    if (rows.count > 0 && !(last & 1) && last + 1 < t.height) {
        std::memcpy(keptA, rows.a.row(rows.count - 1), 4 * w);
        std::memcpy(keptB, rows.b.row(rows.count - 1), 4 * w);
        if (rows.mask)
            std::memcpy(keptM, maskRow(rows.count - 1), w);
        if (t.diffRows)
            std::memcpy(keptD, diffRow(rows.count - 1), 4 * w);
    }
    return true;
}

} // namespace difflens

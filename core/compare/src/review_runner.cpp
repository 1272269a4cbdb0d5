// runReview and comparePair (review/runner.h): a folder review's worker pool, each pair on
// comparison.h's direct route within the memory gate.
#include "difflens/compare/review/runner.h"

#include "difflens/compare/comparison.h"
#include "difflens/compare/review/hash.h"
#include "difflens/compare/sidecar.h"
#include "difflens/engine/stream.h"
#include "difflens/imaging/decode.h"

#include "compare_stream.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <limits>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace difflens::review {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

int64_t availableMemory()
{
    const long pages = sysconf(_SC_AVPHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || pageSize <= 0)
        return int64_t(2) << 30;
    return int64_t(pages) * pageSize;
}

// Counting semaphore over bytes. A request larger than the whole budget is granted when
// nothing else holds memory, so one huge pair still runs (alone).
class MemoryGate {
public:
    explicit MemoryGate(int64_t budget) : m_budget(std::max<int64_t>(budget, 1)) {}
    int64_t acquire(int64_t bytes)
    {
        bytes = std::min(std::max<int64_t>(bytes, 0), m_budget);
        std::unique_lock<std::mutex> lock(m_mutex);
        m_cv.wait(lock, [this, bytes] { return m_used + bytes <= m_budget; });
        m_used += bytes;
        return bytes;
    }
    void release(int64_t bytes)
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_used -= bytes;
        }
        m_cv.notify_all();
    }

private:
    int64_t m_budget;
    int64_t m_used = 0;
    std::mutex m_mutex;
    std::condition_variable m_cv;
};

int64_t probePixels(const std::string &path, ImageHeader *out = nullptr)
{
    ImageHeader h;
    std::string err;
    if (!probeImageHeader(path, h, err))
        return -1;
    if (out)
        *out = h;
    return int64_t(h.width) * h.height;
}

// Bytes a format read whole (not row by row) holds for its decoded frame.
int64_t wholeFrameBytes(const ImageHeader &h)
{
    const bool rows = (h.format == "png" || h.format == "bmp" || h.format == "jpeg" || h.format == "tiff") &&
                      h.orientation == 1;
    return rows ? 0 : int64_t(h.width) * h.height * 4 * (h.depth > 8 ? 2 : 1);
}

// Estimated peak bytes of one pair, as the memory gate reserves it: the band plan of the
// streamed comparison (band buffers, decoders, encoder), or decoded A+B, mask and SSIM
// buffers when the pair is compared whole.
int64_t estimatePairBytes(const ImageHeader &a, const ImageHeader &b, const CompareOptions &copt)
{
    constexpr int64_t kCodecBytes = 2 << 20; // two decoders and the diff encoder
    const int64_t pa = int64_t(a.width) * a.height, pb = int64_t(b.width) * b.height;
    if (!detail::wantsStreaming(copt)) {
        const int64_t px = std::max(pa, pb);
        int64_t bytes = (pa + pb) * 8 + px * (1 + 4);
        if (copt.job.computeSsim)
            bytes += px * 4 * 3;
        return std::max<int64_t>(bytes, 1 << 20);
    }
    BandRequest req;
    req.width = std::max(1, std::min(a.width, b.width));
    req.height = std::max(1, std::min(a.height, b.height));
    req.widthA = a.width;
    req.widthB = b.width;
    req.depth = std::max(a.depth, b.depth) > 8 ? 16 : 8;
    req.ssim = copt.job.computeSsim;
    req.ssimRegions = copt.job.computeSsim && copt.job.ssim.wantMap;
    req.wantDiff = !copt.diffImagePath.empty();
    req.fixedBytes = kCodecBytes + wholeFrameBytes(a) + wholeFrameBytes(b);
    req.threads = copt.job.threads;
    req.shift = copt.job.pixelmatch.shift;
    req.flip = copt.job.computeFlip;
    req.flipPpd = copt.job.flip.ppd;
    return std::max<int64_t>(planBands(req).estimatedPeakBytes, 1 << 20);
}

PairSummary fromCompare(const std::string &relPath, const CompareResult &r)
{
    PairSummary s;
    s.relPath = relPath;
    s.widthA = r.a.width;
    s.heightA = r.a.height;
    s.widthB = r.b.width;
    s.heightB = r.b.height;
    if (!r.ok) {
        s.status = PairStatus::Error;
        s.error = r.errorMessage();
        return s;
    }
    s.mismatched = r.job.counts.mismatched;
    s.antiAliased = r.job.counts.antiAliased;
    s.shiftTolerated = r.job.counts.shiftTolerated;
    if (r.job.flip)
        s.flipMean = r.job.flip->mean;
    s.exactDiffering = r.exactDiffering;
    s.totalPixels = r.job.totalPixels;
    if (r.job.ssim)
        s.ssim = r.job.ssim->mean;
    s.regionCount = int(r.job.regions.size());
    s.regions.assign(r.job.regions.begin(),
                     r.job.regions.begin() + std::min<size_t>(r.job.regions.size(), kMaxStoredRegions));
    if (r.layoutDiffers)
        s.status = PairStatus::LayoutChanged;
    else if (r.job.counts.mismatched > 0)
        s.status = PairStatus::Different;
    else if (r.exactDiffering > 0 || !r.identical)
        s.status = PairStatus::WithinTolerance;
    else
        s.status = PairStatus::Identical;
    return s;
}

// A result for byte-identical files, built from the headers without decoding.
bool identicalFromHeaders(const DiscoveredPair &pair, const EffectiveRules &rules, CompareResult &r)
{
    ImageHeader h;
    if (probePixels(pair.baselinePath, &h) <= 0)
        return false;
    r = CompareResult();
    r.ok = true;
    r.identical = true;
    for (auto [info, path] : {std::pair<ImageInfo *, const std::string *>{&r.a, &pair.baselinePath},
                              std::pair<ImageInfo *, const std::string *>{&r.b, &pair.currentPath}}) {
        info->path = *path;
        info->width = h.width;
        info->height = h.height;
        info->channels = h.channels;
        info->depth = h.depth > 0 ? h.depth : 8;
    }
    r.job.ok = true;
    r.job.totalPixels = int64_t(h.width) * h.height;
    r.job.stats.peak = h.depth == 16 ? 65535 : 255;
    r.job.stats.psnr = std::numeric_limits<double>::infinity();
    if (rules.ssim) {
        SsimResult ssim;
        ssim.mean = 1.0;
        ssim.perChannel.assign(size_t(h.channels == 1 || h.channels == 2 ? 1 : 3), 1.0);
        r.job.ssim = ssim;
    }
    return true;
}

PairOutcome comparePairGated(const DiscoveredPair &pair, const ReviewConfig &config, const ReviewRunOptions &opt,
                             MemoryGate *gate)
{
    const auto t0 = Clock::now();
    PairOutcome out;
    PairSummary &s = out.summary;
    s.relPath = pair.relPath;
    EffectiveRules rules = config.rulesFor(pair.relPath);
    if (pair.inBaseline && pair.inCurrent && pair.error.empty()) {
        // Ignore regions from a sidecar beside the images add to the configured ones.
        const std::string sidecarPath = findSidecar(pair.baselinePath, pair.currentPath);
        Sidecar sidecar;
        std::string sidecarError;
        if (!sidecarPath.empty()) {
            if (!loadSidecar(sidecarPath, sidecar, sidecarError)) {
                s.status = PairStatus::Error;
                s.error = sidecarError;
                return out;
            }
            const auto rects = sidecar.ignoreRects();
            rules.ignore.insert(rules.ignore.end(), rects.begin(), rects.end());
        }
    }
    s.threshold = rules.threshold;
    s.optionsHash = rules.hash();
    if (!pair.error.empty()) {
        s.status = PairStatus::Error;
        s.error = pair.error;
        return out;
    }
    if (!pair.inBaseline || !pair.inCurrent) {
        ImageHeader h;
        const bool probed = probePixels(pair.inBaseline ? pair.baselinePath : pair.currentPath, &h) > 0;
        s.status = pair.inBaseline ? PairStatus::Removed : PairStatus::Added;
        (pair.inBaseline ? s.widthA : s.widthB) = probed ? h.width : 0;
        (pair.inBaseline ? s.heightA : s.heightB) = probed ? h.height : 0;
        s.elapsedMs = msSince(t0);
        return out;
    }
    const FilePairDigest digest = digestFilePair(pair.baselinePath, pair.currentPath);
    if (!digest.ok) {
        s.status = PairStatus::Error;
        s.error = digest.errorFile + ": " + digest.error;
        return out;
    }
    s.contentHash = digest.contentHash();
    s.byteIdentical = digest.sameBytes;
    if (opt.previous) {
        const auto it = opt.previous->find(pair.relPath);
        if (it != opt.previous->end() && it->second.contentHash == s.contentHash &&
            it->second.optionsHash == s.optionsHash && it->second.status != PairStatus::Error) {
            out.summary = it->second;
            out.reused = true;
            return out;
        }
    }

    std::shared_ptr<const CompareResult> result;
    CompareResult fromHeaders;
    if (opt.fastIdentical && digest.sameBytes && identicalFromHeaders(pair, rules, fromHeaders)) {
        result = std::make_shared<const CompareResult>(std::move(fromHeaders));
    } else {
        CompareOptions copt = opt.base;
        copt.job.wantDiffImage = !copt.diffImagePath.empty();
        copt.keepImages = false;
        rules.applyTo(copt);
        int64_t held = 0;
        if (gate) {
            ImageHeader ha, hb;
            probePixels(pair.baselinePath, &ha);
            probePixels(pair.currentPath, &hb);
            held = gate->acquire(estimatePairBytes(ha, hb, copt));
        }
        const ComparisonPtr compared = compareDirect(pair.baselinePath, pair.currentPath, copt); // never throws
        if (gate)
            gate->release(held);
        result = compared && compared->result ? compared->result
                                              : std::make_shared<const CompareResult>(resultOrError(compared));
    }
    const CompareResult &r = *result;
    PairSummary full = fromCompare(pair.relPath, r);
    full.threshold = s.threshold;
    full.optionsHash = s.optionsHash;
    full.contentHash = s.contentHash;
    full.byteIdentical = s.byteIdentical;
    s = std::move(full);
    s.elapsedMs = msSince(t0);
    out.result = std::move(result);
    return out;
}

} // namespace

PairOutcome comparePair(const DiscoveredPair &pair, const ReviewConfig &config, const ReviewRunOptions &opt)
{
    return comparePairGated(pair, config, opt, nullptr);
}

namespace {

// State shared by the discovery thread and the workers (held by shared_ptr, captured by value).
struct Pool {
    Pool(const ReviewConfig &c, const ReviewRunOptions &o, const OutcomeCallback &cb, int64_t budget)
        : config(c), jobOpt(o), onOutcome(cb), gate(budget)
    {
    }
    const ReviewConfig config;
    ReviewRunOptions jobOpt;
    const OutcomeCallback onOutcome;
    MemoryGate gate;

    std::mutex outMutex; // serializes callbacks and counts
    StatusCounts counts;
    int64_t reused = 0;

    std::deque<DiscoveredPair> queue;
    std::mutex qMutex;
    std::condition_variable qNotEmpty, qNotFull;
    bool done = false;
    size_t capacity = 1;

    bool canceled() const { return jobOpt.isCanceled && jobOpt.isCanceled(); }
    void deliver(const PairOutcome &o)
    {
        std::lock_guard<std::mutex> lock(outMutex);
        counts.add(o.summary.status);
        if (o.reused)
            ++reused;
        if (onOutcome)
            onOutcome(o);
    }
    void push(DiscoveredPair p)
    {
        std::unique_lock<std::mutex> lock(qMutex);
        qNotFull.wait(lock, [this] { return queue.size() < capacity; });
        queue.push_back(std::move(p));
        lock.unlock();
        qNotEmpty.notify_one();
    }
    void finish()
    {
        {
            std::lock_guard<std::mutex> lock(qMutex);
            done = true;
        }
        qNotEmpty.notify_all();
    }
    static void work(std::shared_ptr<Pool> pool)
    {
        for (;;) {
            DiscoveredPair p;
            {
                std::unique_lock<std::mutex> lock(pool->qMutex);
                pool->qNotEmpty.wait(lock, [&pool] { return pool->done || !pool->queue.empty(); });
                if (pool->queue.empty())
                    return;
                p = std::move(pool->queue.front());
                pool->queue.pop_front();
            }
            pool->qNotFull.notify_one();
            if (pool->canceled())
                continue;
            pool->deliver(comparePairGated(p, pool->config, pool->jobOpt, &pool->gate));
        }
    }
};

} // namespace

ReviewRunStats runReview(const std::string &baselineRoot, const std::string &currentRoot, const ReviewConfig &config,
                         const ReviewRunOptions &opt, const OutcomeCallback &onOutcome)
{
    const auto t0 = Clock::now();
    ReviewRunStats stats;
    // The layout of a config given elsewhere (--config, the app's) counts as in <baseline>/difflens.json.
    DiscoveryOptions discoveryOptions{config.extensions, true};
    discoveryOptions.layout.layout = config.layout;
    if (!config.snapshotsRoot.empty() && config.snapshotsRoot.front() == '/') // a relative one is read from the file
        discoveryOptions.layout.snapshotsRoot = config.snapshotsRoot;
    PairDiscovery discovery(baselineRoot, currentRoot, discoveryOptions);
    if (!discovery.start()) {
        stats.error = discovery.error();
        return stats;
    }
    const int threads = opt.threads > 0 ? opt.threads : int(std::max(1u, std::thread::hardware_concurrency()));
    stats.budgetBytes = opt.memoryBudget > 0 ? opt.memoryBudget : availableMemory() / 2;
    auto pool = std::make_shared<Pool>(config, opt, onOutcome, stats.budgetBytes);
    std::vector<std::thread> workers;

    DiscoveredPair pair;
    while (!pool->canceled() && discovery.next(pair)) {
        if (opt.filter && !opt.filter(pair.relPath))
            continue;
        if (!pair.error.empty() || !pair.inBaseline || !pair.inCurrent) {
            pool->deliver(comparePair(pair, config, pool->jobOpt));
            continue;
        }
        if (workers.empty()) {
            // Size the pool from the first comparable pair.
            ImageHeader ha, hb;
            probePixels(pair.baselinePath, &ha);
            probePixels(pair.currentPath, &hb);
            CompareOptions sized = opt.base;
            config.rulesFor(pair.relPath).applyTo(sized);
            stats.estimatedPairBytes = estimatePairBytes(ha, hb, sized);
            const int64_t byMemory = std::max<int64_t>(1, stats.budgetBytes / stats.estimatedPairBytes);
            stats.workers = int(std::min<int64_t>(threads, byMemory));
            pool->capacity = size_t(opt.queueCapacity > 0 ? opt.queueCapacity : 2 * stats.workers);
            pool->jobOpt.base.job.threads = std::max(1, threads / stats.workers);
            pool->jobOpt.base.job.memoryBudget = stats.budgetBytes / stats.workers;
            for (int i = 0; i < stats.workers; ++i)
                workers.emplace_back([pool] { Pool::work(pool); });
        }
        pool->push(std::move(pair));
    }
    pool->finish();
    for (auto &w : workers)
        w.join();
    stats.counts = pool->counts;
    stats.reused = pool->reused;
    stats.canceled = pool->canceled();
    stats.ok = true;
    stats.elapsedMs = msSince(t0);
    return stats;
}

} // namespace difflens::review

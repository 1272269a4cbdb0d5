// The decoded-image cache of `difflens-cli serve` and its one-pair comparison (serve_cache.h).
#include "serve_cache.h"

#include "difflens/compare/load.h"

#include <sys/stat.h>

#include <chrono>
#include <exception>
#include <future>

namespace difflens::cli {

namespace {

// One path decoded whole (load.h), never throwing; info as compareFiles reports it.
CachedImage decodeUncached(const std::string &path, int64_t maxPixels)
{
    CachedImage out;
    out.info.path = path;
    LoadedImage d;
    try {
        d = loadImageFile(path, maxPixels);
    } catch (const std::exception &e) {
        d.ok = false;
        d.error = e.what();
    }
    if (!d.ok) {
        out.error = d.error.empty() ? "cannot decode the image" : d.error;
        return out;
    }
    out.info = d.info;
    if (out.info.channels <= 0)
        out.info.channels = d.image.channels();
    if (out.info.depth <= 0)
        out.info.depth = d.image.depth();
    out.image = std::make_shared<const Image>(std::move(d.image));
    return out;
}

// The header says more than kMaxCachedPixels (an unreadable header: no, decoding reports it).
bool isLarge(const std::string &path)
{
    ImageFileSize size;
    std::string error;
    return probeImageFile(path, size, error) && int64_t(size.width) * size.height > kMaxCachedPixels;
}

} // namespace

bool ImageCache::stampOf(const std::string &path, FileStamp &out)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    out.device = uint64_t(st.st_dev);
    out.inode = uint64_t(st.st_ino);
    out.size = int64_t(st.st_size);
    out.mtimeNs = int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    out.ctimeNs = int64_t(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
    return true;
}

void ImageCache::drop(const std::string &path)
{
    const auto it = m_entries.find(path);
    if (it == m_entries.end())
        return;
    m_bytes -= int64_t(it->second.value.image->byteSize());
    m_lru.erase(it->second.lru);
    m_entries.erase(it);
}

void ImageCache::insert(const std::string &path, const FileStamp &stamp, const CachedImage &value)
{
    drop(path);
    const int64_t size = int64_t(value.image->byteSize());
    if (size > m_budget)
        return; // never kept: it would push out everything else and still not fit
    while (m_bytes + size > m_budget && !m_lru.empty())
        drop(m_lru.back());
    m_lru.push_front(path);
    m_entries[path] = Entry{stamp, value, m_lru.begin()};
    m_bytes += size;
}

int64_t ImageCache::bytes() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_bytes;
}

size_t ImageCache::size() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_entries.size();
}

bool ImageCache::namedBefore(const std::string &path)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_named.count(path))
        return true;
    m_named.insert(path);
    m_namedOrder.push_back(path);
    if (m_namedOrder.size() > kRecalledPaths) {
        m_named.erase(m_namedOrder.front());
        m_namedOrder.pop_front();
    }
    return false;
}

bool ImageCache::lookup(const std::string &path, int64_t maxPixels, Pending &pending, CachedImage &out)
{
    pending = Pending();
    pending.path = path;
    pending.stamped = m_budget > 0 && stampOf(path, pending.stamp);
    if (!pending.stamped)
        return false;
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto it = m_entries.find(path);
    if (it == m_entries.end())
        return false;
    const ImageInfo &info = it->second.value.info;
    if (it->second.stamp == pending.stamp &&
        (maxPixels <= 0 || int64_t(info.width) * info.height <= maxPixels)) {
        m_lru.splice(m_lru.begin(), m_lru, it->second.lru);
        out = it->second.value;
        out.hit = true;
        return true;
    }
    drop(path); // changed, or over this request's pixel limit
    return false;
}

void ImageCache::store(const Pending &pending, const CachedImage &value)
{
    // Kept only when the file did not change while it was read.
    FileStamp after;
    if (pending.stamped && value.image && stampOf(pending.path, after) && after == pending.stamp) {
        std::lock_guard<std::mutex> lock(m_mutex);
        insert(pending.path, pending.stamp, value);
    }
}

CachedImage ImageCache::get(const std::string &path, int64_t maxPixels)
{
    Pending pending;
    CachedImage out;
    if (lookup(path, maxPixels, pending, out))
        return out;
    out = decodeUncached(path, maxPixels);
    store(pending, out);
    return out;
}

bool usesImageCache(const ImageCache &cache, const CompareOptions &opt)
{
    return cache.budget() > 0 && opt.job.memoryBudget <= 0 && opt.bandHeight <= 0 &&
           opt.job.tier != Tier::Low && !opt.keepImages;
}

ComparisonPtr compareCached(ImageCache &cache, const std::string &pathA, const std::string &pathB,
                            const CompareOptions &opt)
{
    using Clock = std::chrono::steady_clock;
    const auto decodeStart = Clock::now();
    CachedImage a, b;
    ImageCache::Pending pendingA, pendingB;
    const bool hitA = cache.lookup(pathA, opt.maxPixels, pendingA, a);
    const bool same = pathA == pathB;
    const bool hitB = same ? hitA : cache.lookup(pathB, opt.maxPixels, pendingB, b);
    const bool newA = !hitA && !cache.namedBefore(pathA);
    const bool newB = !same && !hitB && !cache.namedBefore(pathB);
    if ((newA && (same || newB)) || (!hitA && isLarge(pathA)) || (!same && !hitB && isLarge(pathB)))
        return compareDirect(pathA, pathB, opt);
    // A file named for the first time is decoded but not kept (most are compared once).
    const auto keep = [&cache](const ImageCache::Pending &pending, bool isNew, const CachedImage &image) {
        if (!isNew)
            cache.store(pending, image);
    };
    if (same) {
        if (!hitA)
            keep(pendingA, newA, a = decodeUncached(pathA, opt.maxPixels));
        b = a;
    } else if (hitA || hitB) {
        if (!hitA)
            keep(pendingA, newA, a = decodeUncached(pathA, opt.maxPixels));
        if (!hitB)
            keep(pendingB, newB, b = decodeUncached(pathB, opt.maxPixels));
    } else {
        // Two misses decode in parallel, as compareFiles does (B on a second thread).
        std::future<CachedImage> futureB;
        try {
            const int64_t maxPixels = opt.maxPixels;
            futureB = std::async(std::launch::async,
                                 [pathB, maxPixels] { return decodeUncached(pathB, maxPixels); });
        } catch (const std::exception &) {
            // no thread available: B is decoded below, after A
        }
        a = decodeUncached(pathA, opt.maxPixels);
        b = futureB.valid() ? futureB.get() : decodeUncached(pathB, opt.maxPixels);
        keep(pendingA, newA, a);
        keep(pendingB, newB, b);
    }
    const double decodeMs = std::chrono::duration<double, std::milli>(Clock::now() - decodeStart).count();
    ComparisonRequest request;
    request.direct = true;
    request.options = opt;
    request.decodedMs = decodeMs;
    const auto input = [](ComparisonInput &in, const std::string &path, const CachedImage &decoded) {
        in.path = path;
        in.image = decoded.image;
        in.info = decoded.info;
        in.error = decoded.image ? std::string() : decoded.error;
    };
    input(request.a, pathA, a);
    input(request.b, pathB, b);
    return runDirectComparison(request);
}

} // namespace difflens::cli

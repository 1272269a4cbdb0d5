#pragma once
// The decoded-image cache of `difflens-cli serve`: images kept by path and checked against
// the file's (device, inode, size, modification and status-change times) on every use, least recently used
// dropped first, within a byte budget. A test runner that compares many screenshots with
// the same baseline decodes that baseline once. Safe to share between threads (a lock around
// the bookkeeping; decoding runs outside it).
#include "difflens/compare/comparison.h"

#include <cstdint>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace difflens::cli {

struct CachedImage {
    std::shared_ptr<const Image> image; // null when not decoded (error set)
    ImageInfo info;                     // path, size, channels and depth as the file holds them
    std::string error;                  // decodeImageFile's reason when it could not be read
    bool hit = false;                   // came from the cache (no file was decoded)
};

class ImageCache {
public:
    struct FileStamp {
        uint64_t device = 0, inode = 0;
        int64_t size = 0, mtimeNs = 0;
        int64_t ctimeNs = 0; // status change: set by every write, even one that restores the mtime (cp -p)
        bool operator==(const FileStamp &o) const
        {
            return device == o.device && inode == o.inode && size == o.size && mtimeNs == o.mtimeNs &&
                   ctimeNs == o.ctimeNs;
        }
    };
    struct Pending {
        std::string path;
        FileStamp stamp;
        bool stamped = false; // a regular file, and the cache keeps images
    };

    // budgetBytes: the most decoded bytes kept (0: nothing is kept; every get decodes).
    explicit ImageCache(int64_t budgetBytes) : m_budget(budgetBytes) {}

    // The decoded file, from the cache when the file is unchanged. maxPixels as
    // CompareOptions::maxPixels (a larger image is refused before decoding).
    CachedImage get(const std::string &path, int64_t maxPixels);

    // get in two steps, so that the decoding can run on another thread: lookup answers a
    // hit (true, out set) or notes the file's stamp; store keeps a decoded miss when the
    // file did not change meanwhile.
    bool lookup(const std::string &path, int64_t maxPixels, Pending &pending, CachedImage &out);
    void store(const Pending &pending, const CachedImage &value);

    // Whether `path` was named before (then true), remembering it now: a file named for the
    // first time is compared streamed, without keeping it (most files are compared once).
    // Remembers the last kRecalledPaths paths.
    bool namedBefore(const std::string &path);
    static constexpr size_t kRecalledPaths = 16384;

    int64_t bytes() const;
    size_t size() const;
    int64_t budget() const { return m_budget; }

private:
    struct Entry {
        FileStamp stamp;
        CachedImage value;
        std::list<std::string>::iterator lru;
    };
    static bool stampOf(const std::string &path, FileStamp &out);
    void drop(const std::string &path);
    void insert(const std::string &path, const FileStamp &stamp, const CachedImage &value);

    mutable std::mutex m_mutex; // guards everything below
    const int64_t m_budget;
    int64_t m_bytes = 0;
    std::list<std::string> m_lru; // most recently used first
    std::unordered_map<std::string, Entry> m_entries;
    std::unordered_set<std::string> m_named;
    std::deque<std::string> m_namedOrder; // oldest first
};

// The one-pair comparison of a serve request through the cache, on comparison.h's direct
// route. When neither file is cached and neither was named by an earlier request, from the
// files (streamed: the fastest route for a pair seen once). Otherwise both images from
// `cache` (decoded and kept when missing, in parallel when both are), compared on the whole
// frame. The
// counts, statistics, regions and diff image equal compareFiles's; the plan says whole
// frame, and timings.decodeMs counts only what was decoded. An image above
// kMaxCachedPixels (by its header) goes to compareFiles instead, which streams it within
// little memory. Requests that must stream (a memory budget, forced band height) are not
// for this function: see usesImageCache.
constexpr int64_t kMaxCachedPixels = int64_t(4096) * 4096;
ComparisonPtr compareCached(ImageCache &cache, const std::string &pathA, const std::string &pathB,
                            const CompareOptions &opt);

// Whether a request with these options goes through compareCached: a cache with a budget,
// no memory budget (streaming keeps a budgeted compare within it) and the default band plan.
bool usesImageCache(const ImageCache &cache, const CompareOptions &opt);

} // namespace difflens::cli

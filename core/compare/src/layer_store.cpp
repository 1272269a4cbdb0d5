// LayerStore: the level plan, the tile file and its index, and the rows of a streamed job.
#include "difflens/compare/layer_store.h"

#include "difflens/compare/heatmap.h"
#include "layer_band.h"
#include "layer_pyramid.h"

#include <zstd.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <future>
#include <new>
#include <system_error>
#include <thread>

namespace difflens {

namespace {

// pwrite/pread of all `size` bytes at `offset`, across short transfers and EINTR. False
// with a reason (`what`: "write" or "read") on an error or the end of the file.
template <typename IoFn> bool transferAll(IoFn io, size_t size, int64_t offset, const char *what, std::string &error)
{
    size_t done = 0;
    while (done < size) {
        const ssize_t n = io(done, off_t(offset + int64_t(done)));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            error = std::string("cannot ") + what + " the tile cache: " + (n < 0 ? std::strerror(errno) : "short file");
            return false;
        }
        done += size_t(n);
    }
    return true;
}

// The first pass of a store that defers its full resolution keeps no level 0: an 8-bit
// pair's rows then go straight to level 1 of A, B, the heatmap and the mask, in one read
// (pushFusedBand, layer_band.h), instead of a full-resolution heat row that is then halved.
bool fusedHeatPass(bool deferred, bool inFullPass, int depth)
{
    return deferred && !inFullPass && depth == 8;
}

} // namespace

std::shared_ptr<LayerStore> LayerStore::create(int width, int height, int depth, const Options &opt,
                                               std::string &error)
{
    if (width <= 0 || height <= 0 || opt.tileSize < 16 || opt.tileSize > 4096) {
        error = "invalid display layer size";
        return nullptr;
    }
    std::shared_ptr<LayerStore> s(new (std::nothrow) LayerStore());
    if (!s) {
        error = "not enough memory for the display layers";
        return nullptr;
    }
    static std::atomic<uint64_t> serial{0};
    s->m_id = ++serial;
    s->m_opt = opt;
    s->m_width = width;
    s->m_height = height;
    s->m_depth = depth == 16 ? 16 : 8;
    try {
        int w = width, h = height;
        s->m_levelSizes.emplace_back(w, h);
        while (std::max(w, h) > kMinLevelEdge) {
            w = (w + 1) / 2;
            h = (h + 1) / 2;
            s->m_levelSizes.emplace_back(w, h);
        }
        const int n = int(s->m_levelSizes.size());
        s->m_firstMemoryLevel = 0;
        const int64_t bytesPerPixel = 2 * (s->m_depth == 16 ? 8 : 4) + 4 + 1 + 1; // A, B, diff, heat, mask
        const auto bytesFrom = [&s, n, bytesPerPixel](int level) {
            int64_t total = 0;
            for (int l = level; l < n; ++l)
                total += int64_t(s->levelWidth(l)) * s->levelHeight(l) * (l == 0 ? bytesPerPixel : 14);
            return total;
        };
        if (!opt.cacheDir.empty())
            while (s->m_firstMemoryLevel < n - 1 &&
                   (opt.memoryByteLimit > 0
                        ? bytesFrom(s->m_firstMemoryLevel) > opt.memoryByteLimit
                        : std::max(s->levelWidth(s->m_firstMemoryLevel), s->levelHeight(s->m_firstMemoryLevel)) >
                              opt.memoryEdge))
                ++s->m_firstMemoryLevel;
        int tiles = 0;
        for (int l = 0; l < s->m_firstMemoryLevel; ++l) {
            s->m_tileBase.push_back(tiles);
            tiles += s->tilesX(l) * s->tilesY(l);
        }
        s->m_deferFullResolution = opt.deferFullResolution && s->m_firstMemoryLevel > 0;
        s->setFirstPassLayers(opt.firstPassLayers);
        for (auto &index : s->m_tiles)
            index.assign(size_t(tiles), TileEntry{});
        // The heat rows: two in turn; or, when the first pass goes straight to level 1
        // (fusedHeatPass), the scratch of pushFusedBand (layer_band.h).
        s->m_heatRow.resize(fusedHeatPass(s->m_deferFullResolution, false, s->m_depth) ? fusedBandScratchBytes(width)
                                                                                         : 2 * size_t(width));
        const int bppAB = s->m_depth == 16 ? 8 : 4;
        const int bpp[kLayerKinds] = {bppAB, bppAB, 4, 1, 1};
        for (int k = 0; k < kLayerKinds; ++k) {
            const auto kind = LayerKind(k);
            s->m_builders[size_t(k)] = std::make_unique<LayerPyramidBuilder>(
                *s, kind, bpp[k], kind == LayerKind::Heat || kind == LayerKind::Mask);
            if (!s->m_builders[size_t(k)]->init(error))
                return nullptr;
            s->m_workingBytes += s->m_builders[size_t(k)]->workingBytes();
        }
        s->m_builders[size_t(LayerKind::Diff)]->owner = std::this_thread::get_id();
        s->m_workingBytes += int64_t(s->m_heatRow.size());
    } catch (const std::bad_alloc &) {
        error = "not enough memory for the display layers";
        return nullptr;
    }
    if (s->m_firstMemoryLevel > 0) {
        std::string templ = opt.cacheDir + "/difflens-tiles-XXXXXX";
        s->m_fd = mkostemp(templ.data(), O_CLOEXEC);
        if (s->m_fd < 0) {
            error = "cannot create the tile cache in " + opt.cacheDir + ": " + std::strerror(errno);
            return nullptr;
        }
        ::unlink(templ.c_str()); // gone with the last descriptor, even after a crash
    }
    return s;
}

LayerStore::~LayerStore()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void LayerStore::setFirstPassLayers(LayerSet layers)
{
    LayerSet set = m_deferFullResolution ? layers & kAllLayers : kAllLayers;
    const LayerSet fused = layerBit(LayerKind::A) | layerBit(LayerKind::B) | layerBit(LayerKind::Heat);
    if (fusedHeatPass(m_deferFullResolution, false, m_depth) && (set & fused))
        set |= fused; // one read of the rows makes the three
    m_firstPass.store(set, std::memory_order_release);
}

std::shared_ptr<const LevelBuffer> LayerStore::memoryLevel(LayerKind kind, int level) const
{
    if (level < m_firstMemoryLevel || level >= levelCount())
        return nullptr;
    return m_builders[size_t(kind)]->memoryLevel(level);
}

int LayerStore::tileIndex(int level, int tx, int ty) const
{
    if (level < 0 || level >= m_firstMemoryLevel || tx < 0 || ty < 0 || tx >= tilesX(level) || ty >= tilesY(level))
        return -1;
    return m_tileBase[size_t(level)] + ty * tilesX(level) + tx;
}

bool LayerStore::tileReady(LayerKind kind, int level, int tx, int ty) const
{
    const int i = tileIndex(level, tx, ty);
    if (i < 0)
        return false;
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_tiles[size_t(kind)][size_t(i)].offset >= 0;
}

int64_t LayerStore::cacheBytes() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_fileEnd;
}

bool LayerStore::appendTile(LayerKind kind, int level, int tx, int ty, const uint8_t *data, size_t size, bool stored,
                            int w, int h, int bytesPerPixel, std::string &error)
{
    const int i = tileIndex(level, tx, ty);
    if (i < 0) {
        error = "tile outside its level";
        return false;
    }
    int64_t offset = 0;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_fileEnd + int64_t(size) > m_opt.cacheByteLimit) {
            m_dropped = true; // the view keeps showing the reduced level there
            return true;
        }
        offset = m_fileEnd;
        m_fileEnd += int64_t(size);
    }
    const int fd = m_fd;
    if (!transferAll([fd, data, size](size_t done, off_t at) { return ::pwrite(fd, data + done, size - done, at); },
                     size, offset, "write", error))
        return false;
    std::lock_guard<std::mutex> lock(m_mutex);
    TileEntry &e = m_tiles[size_t(kind)][size_t(i)];
    e.size = uint32_t(size);
    e.width = int16_t(w);
    e.height = int16_t(h);
    e.bytesPerPixel = int8_t(bytesPerPixel);
    e.stored = stored;
    e.offset = offset;
    return true;
}

bool LayerStore::readTile(LayerKind kind, int level, int tx, int ty, TilePixels &out, std::string &error) const
{
    const int i = tileIndex(level, tx, ty);
    if (i < 0)
        return false;
    TileEntry e;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        e = m_tiles[size_t(kind)][size_t(i)];
    }
    if (e.offset < 0)
        return false;
    try {
        const size_t raw = size_t(e.width) * size_t(e.height) * size_t(e.bytesPerPixel);
        std::vector<uint8_t> packed(e.stored ? 0 : e.size);
        out.pixels.resize(raw);
        uint8_t *dst = e.stored ? out.pixels.data() : packed.data();
        const int fd = m_fd;
        const size_t size = e.size;
        if (!transferAll([fd, dst, size](size_t done, off_t at) { return ::pread(fd, dst + done, size - done, at); },
                         size, e.offset, "read", error))
            return false;
        if (!e.stored) {
            const size_t actual = ZSTD_decompress(out.pixels.data(), raw, packed.data(), packed.size());
            if (ZSTD_isError(actual) || actual != raw) {
                error = "the tile cache is corrupt";
                return false;
            }
        }
    } catch (const std::bad_alloc &) {
        error = "not enough memory to read a tile";
        return false;
    }
    out.width = e.width;
    out.height = e.height;
    out.bytesPerPixel = e.bytesPerPixel;
    return true;
}

bool LayerStore::pushBand(const BandRows &rows, std::string &error)
{
    // The layers this pass fills: the first pass's (Options::firstPassLayers), or all of them
    // in the full-resolution pass (level 0's tiles; the in-memory levels of those the first
    // pass left out).
    const LayerSet fill = m_inFullPass ? kAllLayers : firstPassLayers();
    const auto fills = [fill](LayerKind kind) { return (fill & layerBit(kind)) != 0; };
    if (fusedHeatPass(m_deferFullResolution, m_inFullPass, m_depth)) {
        FusedBandTargets t;
        if (fills(LayerKind::A)) { // with B and the heatmap (setFirstPassLayers)
            t.a = m_builders[size_t(LayerKind::A)].get();
            t.b = m_builders[size_t(LayerKind::B)].get();
            t.heat = m_builders[size_t(LayerKind::Heat)].get();
        }
        if (fills(LayerKind::Mask))
            t.mask = m_builders[size_t(LayerKind::Mask)].get();
        t.width = m_width;
        t.height = m_height;
        t.scratch = m_heatRow.data();
        LayerPyramidBuilder *diff = m_builders[size_t(LayerKind::Diff)].get();
        if (diff->waitMode.load(std::memory_order_relaxed) == 1) {
            if (diff->waiting.size() != 1 || diff->waiting[0].y0 != rows.y0 || diff->waiting[0].count != rows.count) {
                error = "the diff rows do not match their band";
                return false;
            }
            t.diff = diff;
            t.diffRows = diff->waiting[0].rows;
            t.diffStride = diff->waiting[0].stride;
            diff->waiting.clear();
        }
        int peak = m_heatPeak.load(std::memory_order_relaxed);
        if (!pushFusedBand(rows, t, peak, error))
            return false;
        m_heatPeak.store(peak, std::memory_order_release);
        m_rowsDone.store(rows.y0 + rows.count, std::memory_order_release);
        return true;
    }
    // A and the mask on a second thread while B and the heatmap are built here.
    LayerPyramidBuilder *ba = fills(LayerKind::A) ? m_builders[size_t(LayerKind::A)].get() : nullptr;
    LayerPyramidBuilder *bm = fills(LayerKind::Mask) ? m_builders[size_t(LayerKind::Mask)].get() : nullptr;
    const BandRows *r = &rows;
    const size_t width = size_t(m_width);
    auto pushA = [ba, bm, r, width] {
        std::string e;
        const bool ok = (!ba || ba->pushRows(r->a.data, r->a.stride, r->count, e)) &&
                        (!r->mask || !bm || bm->pushRows(r->mask, width, r->count, e));
        return ok ? std::string() : e.empty() ? "error" : e;
    };
    std::future<std::string> futureA;
    try {
        futureA = std::async(std::launch::async, pushA);
    } catch (const std::system_error &) {
        futureA = std::async(std::launch::deferred, pushA);
    }
    // Row by row, so that B's row is still in the cache when the heatmap reads it again; a
    // band's rows stay readable until the band's end. Two heat rows in turn: the one
    // waiting for its pair is not overwritten.
    LayerPyramidBuilder *bb = fills(LayerKind::B) ? m_builders[size_t(LayerKind::B)].get() : nullptr;
    LayerPyramidBuilder *bh = fills(LayerKind::Heat) ? m_builders[size_t(LayerKind::Heat)].get() : nullptr;
    int peak = m_heatPeak.load(std::memory_order_relaxed);
    bool ok = true;
    for (int y = 0; ok && y < rows.count && (bb || bh); ++y) {
        ok = !bb || bb->pushRows(rows.b.row(y), rows.b.stride, 1, error, y + 1 < rows.count);
        if (ok && bh) {
            uint8_t *heat = m_heatRow.data() + size_t((rows.y0 + y) & 1) * width;
            peak = std::max(peak, heatDeltaRow(rows.a, rows.b, y, heat));
            ok = bh->pushRows(heat, width, 1, error, true);
        }
    }
    const std::string errorA = futureA.get();
    if (ok && !errorA.empty()) {
        error = errorA;
        ok = false;
    }
    m_heatPeak.store(peak, std::memory_order_release); // grows in the pass that fills the heatmap
    if (!m_inFullPass)
        m_rowsDone.store(rows.y0 + rows.count, std::memory_order_release);
    return ok;
}

bool LayerStore::pushDiffRows(const uint8_t *rows, size_t stride, int count, std::string &error)
{
    LayerPyramidBuilder *d = m_builders[size_t(LayerKind::Diff)].get();
    if (!m_inFullPass && !(firstPassLayers() & layerBit(LayerKind::Diff)))
        return true; // the full-resolution pass fills it
    if (fusedHeatPass(m_deferFullResolution, m_inFullPass, m_depth)) {
        // On the comparing thread the rows wait for their band's pushBand (one pass over
        // every layer's rows there, on two threads); from the engine's writer thread they
        // are reduced at once, beside the band's other work.
        const bool here = std::this_thread::get_id() == d->owner;
        int mode = d->waitMode.load(std::memory_order_relaxed);
        if (mode < 0) {
            mode = here ? 1 : 0;
            d->waitMode.store(mode, std::memory_order_relaxed);
        }
        if (mode == 1) {
            if (!here) {
                error = "the diff rows came from another thread";
                return false;
            }
            d->waiting.push_back(LayerPyramidBuilder::WaitingRows{rows, stride, d->rowsSeen, count});
            d->rowsSeen += count;
            return true;
        }
    }
    return d->pushRows(rows, stride, count, error);
}

bool LayerStore::finish(std::string &error)
{
    for (int k = 0; k < kLayerKinds; ++k)
        if ((firstPassLayers() & layerBit(LayerKind(k))) && !m_builders[size_t(k)]->finish(error))
            return false;
    m_complete = true;
    m_fullReady = !m_deferFullResolution;
    return true;
}

void LayerStore::startFullResolutionPass()
{
    m_inFullPass = true;
    for (int k = 0; k < kLayerKinds; ++k)
        m_builders[size_t(k)]->startFullResolutionPass(!(firstPassLayers() & layerBit(LayerKind(k))));
}

bool LayerStore::finishFullResolution(std::string &error)
{
    for (auto &b : m_builders)
        if (!b->finish(error))
            return false;
    m_fullReady = true;
    return true;
}

} // namespace difflens

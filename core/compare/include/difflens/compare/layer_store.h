#pragma once
// The display layers of one streamed comparison (the app at any image size), Qt-free.
//
// As the rows of A, B, the diff, the heatmap and the mask stream through the comparison,
// each layer is reduced into a pyramid: level 0 is full resolution, level k+1 half the size
// of level k (rounded up), down to a long edge of kMinLevelEdge. Levels whose long edge is
// at most Options::memoryEdge stay in memory and fill top to bottom while the job runs
// (rowsReady()), so a view draws them before the exact pass has ended. The larger levels,
// full resolution included, are cut into square tiles, compressed (DEFLATE) into one cache
// file and read back on demand with readTile(), from any thread. The cache file is unlinked
// as soon as it is created: it disappears with the store, even after a crash.
//
// Full-resolution tiles are the exact pixels (A and B in their own depth); the reduced
// levels are for display only. Pixel formats per layer:
//   A, B   RGBA, 8 or 16 bits a sample at level 0; RGBA8 (v / 257) in reduced levels
//   Diff   RGBA8 (pixelmatch's diff image)
//   Heat   one byte: the largest |A - B| over R, G, B (8-bit pairs: exact; 16-bit: / 257).
//          Coloured as heatmap.h defines it with heatDisplayTable(peak()).
//   Mask   one byte: MaskValue (pixelmatch.h)
// Reductions: A, B and Diff average 2x2 blocks; Heat keeps the maximum and Mask the most
// telling value (different first), so an isolated difference stays visible at every level.
#include "difflens/engine/stream.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace difflens {

enum class LayerKind { A = 0, B, Diff, Heat, Mask };
inline constexpr int kLayerKinds = 5;

// A set of layers: bit 1 << int(kind) for each kind in it.
using LayerSet = unsigned;
inline constexpr LayerSet layerBit(LayerKind kind) { return LayerSet(1) << int(kind); }
inline constexpr LayerSet kAllLayers = (LayerSet(1) << kLayerKinds) - 1;

// One in-memory level: tightly packed rows; rowsReady() rows from the top are final.
struct LevelBuffer {
    int width = 0, height = 0;
    int bytesPerPixel = 4;            // 4 (RGBA8) or 1
    std::unique_ptr<uint8_t[]> pixels; // width * height * bytesPerPixel; rows past rowsReady() unset
    size_t bytes = 0;
    std::atomic<int> ready{0};
    int rowsReady() const { return ready.load(std::memory_order_acquire); }
};

struct TilePixels {
    int width = 0, height = 0;        // the tile's size (edge tiles are smaller)
    int bytesPerPixel = 4;            // 1, 4 (RGBA8) or 8 (RGBA16, level 0 of 16-bit A/B)
    std::vector<uint8_t> pixels;      // tightly packed
};

class LayerPyramidBuilder;

class LayerStore {
public:
    struct Options {
        std::string cacheDir;         // where the tile file is created; "" = no tiles (memory only)
        int tileSize = 256;
        int memoryEdge = 2048;        // levels with a long edge up to this stay in memory,
        int64_t memoryByteLimit = 0;  // or, when > 0, the largest levels whose bytes (all five
                                      // layers, that level and the smaller ones) fit this
        int compressionLevel = -1;    // zstd level (negative: faster, larger)
        int64_t cacheByteLimit = int64_t(8) << 30; // compressed bytes; tiles beyond it are not kept
        // When level 0 is tiled, the exact pass fills the in-memory levels only and a second
        // pass (fillFullResolution, layered.h) writes the tiles of the larger levels, full
        // resolution included: the exact result then costs little more than the comparison.
        bool deferFullResolution = true;
        // The layers that exact pass fills (what the shown view draws); the others get their
        // in-memory levels in the full-resolution pass and read as empty (rowsReady() 0,
        // layerPending()) until then. Only with a deferred full resolution (one pass fills
        // every layer otherwise); an 8-bit pair's A, B and heatmap come from one read, so one
        // of them brings the other two. setFirstPassLayers() may change it before any row.
        LayerSet firstPassLayers = kAllLayers;
    };
    static constexpr int kMinLevelEdge = 64;

    // width x height is the compared area; depth the pair's bits a sample (8 or 16).
    // Null with `error` when the tile file cannot be created or memory does not suffice.
    static std::shared_ptr<LayerStore> create(int width, int height, int depth, const Options &opt,
                                              std::string &error);
    ~LayerStore();
    LayerStore(const LayerStore &) = delete;
    LayerStore &operator=(const LayerStore &) = delete;

    uint64_t id() const { return m_id; } // unique in the process (cache keys)
    int width() const { return m_width; }
    int height() const { return m_height; }
    int depth() const { return m_depth; }
    int tileSize() const { return m_opt.tileSize; }
    int levelCount() const { return int(m_levelSizes.size()); }
    int levelWidth(int level) const { return m_levelSizes[size_t(level)].first; }
    int levelHeight(int level) const { return m_levelSizes[size_t(level)].second; }
    bool levelInMemory(int level) const { return level >= m_firstMemoryLevel; }
    int firstMemoryLevel() const { return m_firstMemoryLevel; }
    // The in-memory level (null for tiled levels).
    std::shared_ptr<const LevelBuffer> memoryLevel(LayerKind kind, int level) const;

    // A tile of a tiled level, decompressed. False when it is not written yet (its rows have
    // not streamed in), was not kept (cache limit) or cannot be read (`error` then set).
    bool readTile(LayerKind kind, int level, int tx, int ty, TilePixels &out, std::string &error) const;
    bool tileReady(LayerKind kind, int level, int tx, int ty) const;
    int tilesX(int level) const { return (levelWidth(level) + tileSize() - 1) / tileSize(); }
    int tilesY(int level) const { return (levelHeight(level) + tileSize() - 1) / tileSize(); }

    // Full-resolution rows streamed so far, and the heatmap's peak so far (native units).
    int rowsDone() const { return m_rowsDone.load(std::memory_order_acquire); }
    int heatPeak() const { return m_heatPeak.load(std::memory_order_acquire); }
    bool complete() const { return m_complete.load(std::memory_order_acquire); }
    // Every tiled level is written (at once when nothing is tiled or nothing was deferred).
    bool fullResolutionReady() const { return m_fullReady.load(std::memory_order_acquire); }
    // True when tiles were dropped because the cache reached its byte limit.
    bool tilesDropped() const { return m_dropped.load(); }
    int64_t cacheBytes() const;
    // Bytes the builders hold while rows stream (strips, accumulators, in-memory levels):
    // the comparison counts them against its budget.
    int64_t workingBytes() const { return m_workingBytes; }

    // Writer side, called by the streamed comparison (compareFilesLayered).
    bool pushBand(const BandRows &rows, std::string &error);           // A, B, Heat, Mask
    bool pushDiffRows(const uint8_t *rows, size_t stride, int count, std::string &error); // Diff
    bool finish(std::string &error);
    void startFullResolutionPass();   // the second pass (fillFullResolution)
    bool finishFullResolution(std::string &error);
    bool deferredFullResolution() const { return m_deferFullResolution; }
    // The exact pass's layers (Options::firstPassLayers): called before any row is pushed
    // (from the LayersOpened callback, layered.h).
    void setFirstPassLayers(LayerSet layers);
    // The layers the exact pass fills (the option, widened as it says: kAllLayers when
    // nothing is deferred). A layer outside it is filled by the full-resolution pass.
    LayerSet firstPassLayers() const { return m_firstPass.load(std::memory_order_acquire); }
    // True while `kind`'s in-memory levels wait for the full-resolution pass (empty so far or
    // filling): a view shows that it is filling instead of an empty level.
    bool layerPending(LayerKind kind) const
    {
        return !(firstPassLayers() & layerBit(kind)) && !m_fullReady.load(std::memory_order_acquire) &&
               !m_fullAbandoned.load(std::memory_order_acquire);
    }
    // True when `kind` was left to a full-resolution pass that failed: its levels stay empty.
    bool layerMissing(LayerKind kind) const
    {
        return !(firstPassLayers() & layerBit(kind)) && m_fullAbandoned.load(std::memory_order_acquire);
    }
    // The full-resolution pass failed or was canceled (fillFullResolution says so here).
    void abandonFullResolution() { m_fullAbandoned.store(true, std::memory_order_release); }

private:
    friend class LayerPyramidBuilder;
    LayerStore() = default;
    // Appends one tile's bytes (zstd, or raw when `stored`) to the file and indexes it.
    bool appendTile(LayerKind kind, int level, int tx, int ty, const uint8_t *data, size_t size, bool stored, int w,
                    int h, int bytesPerPixel, std::string &error);

    struct TileEntry {
        int64_t offset = -1;
        uint32_t size = 0;
        int16_t width = 0, height = 0;
        int8_t bytesPerPixel = 0;
        bool stored = false;
    };
    int tileIndex(int level, int tx, int ty) const;

    Options m_opt;
    uint64_t m_id = 0;
    int m_width = 0, m_height = 0, m_depth = 8;
    std::vector<std::pair<int, int>> m_levelSizes;
    int m_firstMemoryLevel = 0;
    std::vector<int> m_tileBase;    // first tile index of each tiled level
    int m_fd = -1;
    mutable std::mutex m_mutex;     // the tile index and the file's end
    int64_t m_fileEnd = 0;
    std::array<std::vector<TileEntry>, kLayerKinds> m_tiles;
    std::array<std::unique_ptr<LayerPyramidBuilder>, kLayerKinds> m_builders;
    std::vector<uint8_t> m_heatRow;
    std::atomic<int> m_rowsDone{0};
    std::atomic<int> m_heatPeak{0};
    std::atomic<bool> m_complete{false};
    std::atomic<bool> m_dropped{false};
    std::atomic<bool> m_fullReady{false};
    std::atomic<bool> m_fullAbandoned{false};
    bool m_deferFullResolution = false;
    bool m_inFullPass = false;
    std::atomic<LayerSet> m_firstPass{kAllLayers};
    int64_t m_workingBytes = 0;
};

} // namespace difflens

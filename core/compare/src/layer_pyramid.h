#pragma once
// Internal: builds one layer of a LayerStore from its full-resolution rows, top to bottom:
// each row goes into its level (an in-memory buffer, or a strip of tile rows that is cut
// into tiles and compressed when full), and each pair of rows is reduced at once into the
// next level's row (2x2 average or maximum; the first row of a pair waits as a pointer, or
// as a copy when its memory does not outlive the call). Used from one thread at a time.
#include "difflens/compare/layer_store.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

struct ZSTD_CCtx_s;

namespace difflens {

class LayerPyramidBuilder {
public:
    // bytesPerPixel0: level 0's pixel size (1, 4 or 8 = RGBA16); reduced levels hold 1 or 4.
    LayerPyramidBuilder(LayerStore &store, LayerKind kind, int bytesPerPixel0, bool keepMaximum);
    ~LayerPyramidBuilder();
    bool init(std::string &error);   // allocates buffers (false when they do not fit)

    // lastRowStays: the last of the rows stays readable, unchanged, until the next call
    // (a caller's double buffer), so it need not be copied when it waits for its pair.
    bool pushRows(const uint8_t *rows, size_t stride, int count, std::string &error, bool lastRowStays = false);
    // A row of level 1 made by the caller from `rows0` (1 or 2) rows of level 0, in the first
    // pass of a store that defers its full resolution (level 0 is then neither kept nor tiled).
    // rowStays: the row stays readable, unchanged, until the next row of level 1 is pushed.
    bool pushNextLevelRow(const uint8_t *row, int rows0, std::string &error, bool rowStays = false);
    bool finish(std::string &error); // checks every level got all its rows
    // The second pass of a store that deferred full resolution: rows go to level 0's tiles
    // only, or also on into the in-memory levels when the first pass left this layer out
    // (fillMemory).
    void startFullResolutionPass(bool fillMemory = false);
    int64_t workingBytes() const;
    std::shared_ptr<const LevelBuffer> memoryLevel(int level) const { return m_levels[size_t(level)].memory; }

    // The diff's rows, when they are handed over on the comparing thread itself before its
    // band's other rows (the engine writes them there when its helpers share the kernels):
    // they wait here, valid until that band's pushBand has taken them (layer_band.h).
    struct WaitingRows {
        const uint8_t *rows = nullptr;
        size_t stride = 0;
        int y0 = 0, count = 0;
    };
    std::thread::id owner;           // the comparing thread (LayerStore::create's)
    std::atomic<int> waitMode{-1};   // -1: not decided yet (the first rows decide), 0: pushed at once, 1: wait
    int rowsSeen = 0;                // rows handed over in this pass
    std::vector<WaitingRows> waiting;

private:
    struct Level {
        int width = 0, height = 0, bytesPerPixel = 4;
        int rowsIn = 0;
        std::shared_ptr<LevelBuffer> memory;  // in-memory level
        std::unique_ptr<uint8_t[]> strip;     // tiled level: up to tileSize rows, tile after tile
        size_t stripBytes = 0;
        int stripRows = 0, stripTop = 0;
        const uint8_t *pending = nullptr;     // the first row of the pair being reduced
        std::vector<uint8_t> pendingCopy;     // its copy when the caller's row does not stay
        std::vector<uint32_t> acc;            // RGBA16 only: the next level's sums
        int accRows = 0;
        std::vector<uint8_t> out[2];          // the next level's rows, alternately (the
        int outNext = 0;                      // pending one stays valid there)
    };
    // rowStays: `row` stays readable until this level's next row arrives.
    bool pushLevelRow(int level, const uint8_t *row, bool rowStays, std::string &error);
    bool storeRow(Level &l, int r, const uint8_t *row, int level, std::string &error);
    bool pushWideRow(int level, const uint8_t *row, std::string &error);
    bool flushStrip(int level, std::string &error);
    void emitWide(int level, std::vector<uint8_t> &out) const;

    LayerStore &m_store;
    LayerKind m_kind;
    int m_bpp0;
    bool m_max;
    std::vector<Level> m_levels;
    std::vector<uint8_t> m_packed;
    bool m_fullResolutionPass = false;
    bool m_fillMemory = false;       // the full-resolution pass writes the in-memory levels too
    ZSTD_CCtx_s *m_compressor = nullptr;
};

} // namespace difflens

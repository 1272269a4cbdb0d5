// LayerPyramidBuilder: one layer's rows into its in-memory levels and compressed tiles.
#include "layer_pyramid.h"

#include "difflens/engine/pixelmatch.h"

#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <new>

namespace difflens {

namespace {

// The mask's reduction keeps the most telling value of a block: different, then
// shift-tolerated, anti-aliased, ignored, same.
constexpr uint8_t kMaskRank[8] = {0 /*same*/, 4 /*diff*/, 2 /*aa*/, 1 /*ignored*/, 3 /*shift*/, 0, 0, 0};
constexpr uint8_t kMaskOfRank[8] = {MaskSame, MaskIgnored, MaskAA, MaskShift, MaskDiff, 0, 0, 0};

// Adds each pair of RGBA pixels of `row` into one accumulator pixel (the last alone when
// the width is odd). Plain loops the compiler vectorises.
template <typename T>
void addPairs(const T *row, int width, uint32_t *acc)
{
    const size_t pairs = size_t(width / 2);
    for (size_t i = 0; i < pairs; ++i) {
        const T *p = row + i * 8;
        uint32_t *a = acc + i * 4;
        a[0] += uint32_t(p[0]) + p[4];
        a[1] += uint32_t(p[1]) + p[5];
        a[2] += uint32_t(p[2]) + p[6];
        a[3] += uint32_t(p[3]) + p[7];
    }
    if (width & 1)
        for (size_t c = 0; c < 4; ++c)
            acc[pairs * 4 + c] += row[pairs * 8 + c];
}

} // namespace

LayerPyramidBuilder::LayerPyramidBuilder(LayerStore &store, LayerKind kind, int bytesPerPixel0, bool keepMaximum)
    : m_store(store), m_kind(kind), m_bpp0(bytesPerPixel0), m_max(keepMaximum)
{
}

LayerPyramidBuilder::~LayerPyramidBuilder()
{
    if (m_compressor)
        ZSTD_freeCCtx(m_compressor);
}

bool LayerPyramidBuilder::init(std::string &error)
{
    try {
        const int n = m_store.levelCount();
        const int ts = m_store.tileSize();
        m_levels.resize(size_t(n));
        m_reducedRows.resize(size_t(n));
        for (int i = 0; i < n; ++i) {
            Level &l = m_levels[size_t(i)];
            l.width = m_store.levelWidth(i);
            l.height = m_store.levelHeight(i);
            l.bytesPerPixel = i == 0 ? m_bpp0 : (m_bpp0 == 1 ? 1 : 4);
            if (m_store.levelInMemory(i)) {
                auto buf = std::make_shared<LevelBuffer>();
                buf->width = l.width;
                buf->height = l.height;
                buf->bytesPerPixel = l.bytesPerPixel;
                buf->bytes = size_t(l.width) * size_t(l.height) * size_t(l.bytesPerPixel);
                buf->pixels.reset(new uint8_t[buf->bytes]); // rows are written before they are read
                l.memory = std::move(buf);
            } else {
                l.stripBytes = size_t(l.width) * size_t(ts) * size_t(l.bytesPerPixel);
                l.strip.reset(new uint8_t[l.stripBytes]);
            }
            if (i + 1 < n) {
                const int channels = l.bytesPerPixel == 1 ? 1 : 4;
                l.acc.assign(size_t(m_store.levelWidth(i + 1)) * size_t(channels), 0);
                m_reducedRows[size_t(i + 1)].resize(size_t(m_store.levelWidth(i + 1)) * size_t(channels));
            }
        }
        if (m_store.firstMemoryLevel() > 0) { // some level is tiled
            m_packed.resize(ZSTD_compressBound(size_t(ts) * size_t(ts) * size_t(std::max(m_bpp0, 4))));
            m_compressor = ZSTD_createCCtx();
            if (!m_compressor)
                throw std::bad_alloc();
            ZSTD_CCtx_setParameter(m_compressor, ZSTD_c_compressionLevel, m_store.m_opt.compressionLevel);
        }
    } catch (const std::bad_alloc &) {
        error = "not enough memory for the display layers";
        return false;
    }
    return true;
}

int64_t LayerPyramidBuilder::workingBytes() const
{
    int64_t bytes = int64_t(m_packed.size());
    for (const Level &l : m_levels) {
        bytes += int64_t(l.stripBytes + l.acc.size() * sizeof(uint32_t));
        if (l.memory)
            bytes += int64_t(l.memory->bytes);
    }
    for (const auto &r : m_reducedRows)
        bytes += int64_t(r.size());
    return bytes;
}

bool LayerPyramidBuilder::pushRows(const uint8_t *rows, size_t stride, int count, std::string &error)
{
    for (int y = 0; y < count; ++y)
        if (!pushLevelRow(0, rows + size_t(y) * stride, error))
            return false;
    return true;
}

bool LayerPyramidBuilder::finish(std::string &error)
{
    // Each level flushes its last strip and reduced row with its own last row.
    const size_t levels = m_fullResolutionPass ? size_t(m_store.firstMemoryLevel()) : m_levels.size();
    for (size_t i = 0; i < levels; ++i)
        if (m_levels[i].rowsIn != m_levels[i].height) {
            error = "the display layers are incomplete";
            return false;
        }
    return true;
}

void LayerPyramidBuilder::startFullResolutionPass()
{
    m_fullResolutionPass = true;
    for (int i = 0; i < m_store.firstMemoryLevel(); ++i) {
        Level &l = m_levels[size_t(i)];
        l.rowsIn = 0;
        l.stripRows = 0;
        l.stripTop = 0;
        l.accRows = 0;
        std::fill(l.acc.begin(), l.acc.end(), 0u);
    }
}

bool LayerPyramidBuilder::pushLevelRow(int level, const uint8_t *row, std::string &error)
{
    Level &l = m_levels[size_t(level)];
    const size_t rowBytes = size_t(l.width) * size_t(l.bytesPerPixel);
    const int r = l.rowsIn++;
    if (l.memory) {
        if (m_fullResolutionPass)
            return true; // written by the first pass
        std::memcpy(l.memory->pixels.get() + size_t(r) * rowBytes, row, rowBytes);
        l.memory->ready.store(r + 1, std::memory_order_release);
    } else if (!m_store.m_deferFullResolution || m_fullResolutionPass) {
        // Tile-major strip: each tile's rows are contiguous, ready to compress.
        const int ts = m_store.tileSize();
        const size_t bpp = size_t(l.bytesPerPixel);
        for (int x0 = 0; x0 < l.width; x0 += ts) {
            const size_t tileRow = size_t(std::min(ts, l.width - x0)) * bpp;
            std::memcpy(l.strip.get() + size_t(x0) * size_t(ts) * bpp + size_t(l.stripRows) * tileRow,
                        row + size_t(x0) * bpp, tileRow);
        }
        if (++l.stripRows == ts || r + 1 == l.height)
            if (!flushStrip(level, error))
                return false;
    }
    if (size_t(level) + 1 >= m_levels.size() || (m_fullResolutionPass && level + 1 >= m_store.firstMemoryLevel()))
        return true;
    // Accumulate into the next level's row (pairs of pixels, then pairs of rows).
    const int channels = l.bytesPerPixel == 1 ? 1 : 4;
    uint32_t *acc = l.acc.data();
    const bool wide = l.bytesPerPixel == 8;
    if (channels == 1) {
        // The maximum of each pair (of ranks, for the mask), then of the two rows.
        const bool mask = m_kind == LayerKind::Mask;
        const size_t pairs = size_t(l.width / 2);
        const bool first = l.accRows == 0;
        for (size_t i = 0; i < pairs; ++i) {
            uint32_t p = row[2 * i], q = row[2 * i + 1];
            if (mask) {
                p = kMaskRank[p & 7];
                q = kMaskRank[q & 7];
            }
            const uint32_t m = std::max(p, q);
            acc[i] = first ? m : std::max(acc[i], m);
        }
        if (l.width & 1) {
            const uint32_t p = mask ? kMaskRank[row[2 * pairs] & 7] : row[2 * pairs];
            acc[pairs] = first ? p : std::max(acc[pairs], p);
        }
    } else if (wide) {
        addPairs(reinterpret_cast<const uint16_t *>(row), l.width, acc);
    } else {
        addPairs(row, l.width, acc);
    }
    ++l.accRows;
    if (l.accRows == 2 || r + 1 == l.height) {
        std::vector<uint8_t> &out = m_reducedRows[size_t(level + 1)];
        emitReduced(level, out);
        l.accRows = 0;
        if (channels == 4)
            std::fill(l.acc.begin(), l.acc.end(), 0u);
        return pushLevelRow(level + 1, out.data(), error);
    }
    return true;
}

void LayerPyramidBuilder::emitReduced(int level, std::vector<uint8_t> &out) const
{
    const Level &l = m_levels[size_t(level)];
    const int nw = m_store.levelWidth(level + 1);
    if (l.bytesPerPixel == 1) {
        if (m_kind == LayerKind::Mask)
            for (int x = 0; x < nw; ++x)
                out[size_t(x)] = kMaskOfRank[l.acc[size_t(x)] & 7];
        else
            for (int x = 0; x < nw; ++x)
                out[size_t(x)] = uint8_t(l.acc[size_t(x)]);
        return;
    }
    const bool wide = l.bytesPerPixel == 8;
    if (!wide && l.accRows == 2) {
        // Whole 2x2 blocks (all but an odd last column): a shift instead of a division.
        const int full = l.width / 2;
        const uint32_t *acc = l.acc.data();
        uint8_t *o = out.data();
        for (size_t i = 0; i < size_t(full) * 4; ++i)
            o[i] = uint8_t((acc[i] + 2) >> 2);
        if (full < nw)
            for (size_t c = 0; c < 4; ++c)
                o[size_t(full) * 4 + c] = uint8_t((acc[size_t(full) * 4 + c] + 1) >> 1);
        return;
    }
    for (int x = 0; x < nw; ++x) {
        const uint32_t count = uint32_t(std::min(2, l.width - 2 * x) * l.accRows);
        for (int c = 0; c < 4; ++c) {
            uint32_t v = (l.acc[size_t(x) * 4 + size_t(c)] + count / 2) / count;
            if (wide)
                v = (v + 128) / 257;
            out[size_t(x) * 4 + size_t(c)] = uint8_t(v);
        }
    }
}

bool LayerPyramidBuilder::flushStrip(int level, std::string &error)
{
    Level &l = m_levels[size_t(level)];
    const int ts = m_store.tileSize();
    const int ty = l.stripTop / ts;
    for (int tx = 0, x0 = 0; x0 < l.width; ++tx, x0 += ts) {
        const int tw = std::min(ts, l.width - x0);
        const size_t tileRow = size_t(tw) * size_t(l.bytesPerPixel);
        const uint8_t *tile = l.strip.get() + size_t(x0) * size_t(ts) * size_t(l.bytesPerPixel);
        const size_t raw = tileRow * size_t(l.stripRows);
        size_t packed = ZSTD_compress2(m_compressor, m_packed.data(), m_packed.size(), tile, raw);
        if (ZSTD_isError(packed) || packed >= raw)
            packed = 0;
        const bool stored = packed == 0; // incompressible: kept as is
        if (!m_store.appendTile(m_kind, level, tx, ty, stored ? tile : m_packed.data(), stored ? raw : packed, stored,
                                tw, l.stripRows, l.bytesPerPixel, error))
            return false;
    }
    l.stripTop += l.stripRows;
    l.stripRows = 0;
    return true;
}

} // namespace difflens

// LayerPyramidBuilder: one layer's rows into its in-memory levels and compressed tiles.
#include "layer_pyramid.h"

#include "difflens/engine/address_space.h"

#include "layer_kernels.h"

#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <new>

namespace difflens {

namespace {

// Adds each pair of RGBA16 pixels of `row` into one accumulator pixel (the last alone
// when the width is odd).
void addPairs(const uint16_t *row, int width, uint32_t *acc)
{
    const size_t pairs = size_t(width / 2);
    for (size_t i = 0; i < pairs; ++i) {
        const uint16_t *p = row + i * 8;
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
        // Under an address-space limit, check the room for every buffer below before the
        // first: allocating them until one fails would fill the limit for a moment, and other
        // threads' allocations then (the GUI's painting) fail where nothing checks them.
        int64_t total = 0;
        for (int i = 0; i < n; ++i) {
            const int64_t bpp = i == 0 ? m_bpp0 : (m_bpp0 == 1 ? 1 : 4);
            total += int64_t(m_store.levelWidth(i)) * (m_store.levelInMemory(i) ? m_store.levelHeight(i) : ts) * bpp;
            if (i + 1 < n)
                total += int64_t(m_store.levelWidth(i)) * (bpp + 8);
        }
        if (!addressSpaceAllows(total))
            throw std::bad_alloc();
        m_levels.resize(size_t(n));
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
                const size_t next = size_t(m_store.levelWidth(i + 1)) * size_t(l.bytesPerPixel == 1 ? 1 : 4);
                if (l.bytesPerPixel == 8)
                    l.acc.assign(next, 0);
                else
                    l.pendingCopy.resize(size_t(l.width) * size_t(l.bytesPerPixel));
                l.out[0].resize(next);
                l.out[1].resize(next);
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
        bytes += int64_t(l.stripBytes + l.acc.size() * sizeof(uint32_t) + l.pendingCopy.size() + l.out[0].size() +
                         l.out[1].size());
        if (l.memory)
            bytes += int64_t(l.memory->bytes);
    }
    return bytes;
}

bool LayerPyramidBuilder::pushRows(const uint8_t *rows, size_t stride, int count, std::string &error,
                                   bool lastRowStays)
{
    // A row stays readable while the next row of the same call is pushed.
    for (int y = 0; y < count; ++y)
        if (!pushLevelRow(0, rows + size_t(y) * stride, y + 1 < count || lastRowStays, error))
            return false;
    return true;
}

bool LayerPyramidBuilder::pushNextLevelRow(const uint8_t *row, int rows0, std::string &error, bool rowStays)
{
    m_levels[0].rowsIn += rows0;
    return pushLevelRow(1, row, rowStays, error);
}

bool LayerPyramidBuilder::finish(std::string &error)
{
    // Each level flushes its last strip and reduced row with its own last row.
    const size_t levels =
        m_fullResolutionPass && !m_fillMemory ? size_t(m_store.firstMemoryLevel()) : m_levels.size();
    for (size_t i = 0; i < levels; ++i)
        if (m_levels[i].rowsIn != m_levels[i].height) {
            error = "the display layers are incomplete";
            return false;
        }
    return true;
}

void LayerPyramidBuilder::startFullResolutionPass(bool fillMemory)
{
    m_fullResolutionPass = true;
    m_fillMemory = fillMemory;
    const int levels = fillMemory ? int(m_levels.size()) : m_store.firstMemoryLevel();
    for (int i = 0; i < levels; ++i) {
        Level &l = m_levels[size_t(i)];
        l.rowsIn = 0;
        l.stripRows = 0;
        l.stripTop = 0;
        l.accRows = 0;
        l.pending = nullptr;
        std::fill(l.acc.begin(), l.acc.end(), 0u);
    }
}

bool LayerPyramidBuilder::storeRow(Level &l, int r, const uint8_t *row, int level, std::string &error)
{
    const size_t rowBytes = size_t(l.width) * size_t(l.bytesPerPixel);
    if (l.memory) {
        if (m_fullResolutionPass && !m_fillMemory)
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
            return flushStrip(level, error);
    }
    return true;
}

bool LayerPyramidBuilder::pushLevelRow(int level, const uint8_t *row, bool rowStays, std::string &error)
{
    Level &l = m_levels[size_t(level)];
    const int r = l.rowsIn++;
    if (!storeRow(l, r, row, level, error))
        return false;
    if (size_t(level) + 1 >= m_levels.size() ||
        (m_fullResolutionPass && !m_fillMemory && level + 1 >= m_store.firstMemoryLevel()))
        return true;
    if (l.bytesPerPixel == 8)
        return pushWideRow(level, row, error);
    const bool last = r + 1 == l.height;
    if (!l.pending && !last) { // the first row of a pair waits for the second
        if (rowStays) {
            l.pending = row;
        } else {
            std::memcpy(l.pendingCopy.data(), row, l.pendingCopy.size());
            l.pending = l.pendingCopy.data();
        }
        return true;
    }
    const uint8_t *r0 = l.pending ? l.pending : row;
    const uint8_t *r1 = l.pending ? row : nullptr; // a last row alone
    l.pending = nullptr;
    std::vector<uint8_t> &out = l.out[size_t(l.outNext)];
    l.outNext ^= 1; // the row handed on stays valid while its pair is reduced
    if (l.bytesPerPixel == 4)
        averageRgba8(r0, r1, l.width, out.data());
    else if (m_kind == LayerKind::Mask)
        maskMaximum(r0, r1, l.width, out.data());
    else
        maximum8(r0, r1, l.width, out.data());
    return pushLevelRow(level + 1, out.data(), true, error);
}

// RGBA16 (level 0 of a 16-bit A or B): sums of pairs of rows, averaged into RGBA8.
bool LayerPyramidBuilder::pushWideRow(int level, const uint8_t *row, std::string &error)
{
    Level &l = m_levels[size_t(level)];
    addPairs(reinterpret_cast<const uint16_t *>(row), l.width, l.acc.data());
    ++l.accRows;
    if (l.accRows < 2 && l.rowsIn < l.height)
        return true;
    std::vector<uint8_t> &out = l.out[size_t(l.outNext)];
    l.outNext ^= 1;
    emitWide(level, out);
    l.accRows = 0;
    std::fill(l.acc.begin(), l.acc.end(), 0u);
    return pushLevelRow(level + 1, out.data(), true, error);
}

void LayerPyramidBuilder::emitWide(int level, std::vector<uint8_t> &out) const
{
    const Level &l = m_levels[size_t(level)];
    const int nw = m_store.levelWidth(level + 1);
    for (int x = 0; x < nw; ++x) {
        const uint32_t count = uint32_t(std::min(2, l.width - 2 * x) * l.accRows);
        for (int c = 0; c < 4; ++c) {
            const uint32_t v = (l.acc[size_t(x) * 4 + size_t(c)] + count / 2) / count;
            out[size_t(x) * 4 + size_t(c)] = uint8_t((v + 128) / 257);
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

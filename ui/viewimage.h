#pragma once
// A displayable image with a small pyramid of reduced copies for fast painting of large
// frames when zoomed out. Built off the GUI thread; immutable afterwards (implicitly shared).
// The pyramid is optional: fullOnly() wraps the image alone (no per-pixel work), so a fresh
// result can be shown at once; withPreviews() adds the reduced levels later, in a worker.
// Every level is allocated with a check: when one does not fit, the image keeps no levels,
// previewsFailed() says so, and painting falls back to the full image (never a null level).
// A layered ViewImage instead shows one layer of a streamed comparison's LayerStore (the
// app at any image size): no full frame in memory, levels drawn as their rows stream in,
// the larger levels from tiles (tilecache.h). ImageCanvas::drawLayer paints both kinds.
#include "difflens/compare/layer_store.h"

#include <QImage>
#include <QRectF>
#include <QVector>

#include <memory>
#include <vector>

namespace difflens::ui {

class ViewImage {
public:
    enum class Reduce { Average, Max };

    ViewImage() = default;
    // Builds reduced levels (each half the previous) until the longest edge <= maxPreviewEdge.
    // Average: box filter on 32-bit pixels; Max: max of 8-bit indices (keeps isolated
    // differences visible in heatmaps and masks).
    explicit ViewImage(QImage full, Reduce reduce = Reduce::Average, int maxPreviewEdge = kMaxPreviewEdge);
    static constexpr int kMaxPreviewEdge = 2048;
    // No reduced levels: constant time, the canvas scales the full image with a fast transform.
    static ViewImage fullOnly(QImage full, Reduce reduce = Reduce::Average);
    // A copy with the reduced levels built (per-pixel work: call off the GUI thread).
    // Out of memory: a copy without levels whose previewsFailed() is true (never throws).
    ViewImage withPreviews(int maxPreviewEdge = kMaxPreviewEdge) const;
    // True when the image is large and its reduced levels have not been built yet.
    bool previewsPending() const { return m_pending; }
    // True when building the reduced levels ran out of memory (the full image is still there).
    bool previewsFailed() const { return m_failed; }
    // Bytes the reduced levels of an image of this size need (about a third of the full
    // image at 4 bytes a pixel, or 1 byte for Indexed8 layers).
    static qint64 previewBytes(QSize size, bool indexed);

    // One layer of `store`; `table`: the colours of one-byte layers (heat, mask).
    static ViewImage layered(std::shared_ptr<const LayerStore> store, LayerKind kind, QVector<QRgb> table = {});
    bool isLayered() const { return bool(m_store); }
    const std::shared_ptr<const LayerStore> &store() const { return m_store; }
    LayerKind layerKind() const { return m_kind; }
    // In-memory level `level` of a layered image as a QImage over the store's buffer (no
    // copy); only its first *rowsReady rows are written yet. Null for tiled levels.
    QImage memoryLevelImage(int level, int *rowsReady) const;
    // The colour table of an indexed image or layer (empty for RGBA images).
    QVector<QRgb> colorTable() const;

    bool isNull() const { return m_full.isNull() && !m_store; }
    const QImage &full() const { return m_full; } // null for layered images
    QSize size() const { return m_store ? QSize(m_store->width(), m_store->height()) : m_full.size(); }
    int levelCount() const { return int(m_levels.size()); }
    // The coarsest level whose resolution is still >= `devicePixelsPerImagePixel` of the full
    // image (1.0 = full resolution). Returns the image and its scale relative to full.
    const QImage &levelFor(double devicePixelsPerImagePixel, double *levelScale) const;
    // Replaces the colour table of every level (Indexed8 images only).
    void setColorTable(const QVector<QRgb> &table);

private:
    bool buildLevels(int maxPreviewEdge); // false (and no levels) when a level did not fit

    QImage m_full;
    Reduce m_reduce = Reduce::Average;
    bool m_pending = false;
    bool m_failed = false;
    std::vector<QImage> m_levels; // level i has scale 1/2^(i+1)
    std::shared_ptr<const LayerStore> m_store;
    LayerKind m_kind = LayerKind::A;
    QVector<QRgb> m_table;
};

} // namespace difflens::ui

#pragma once
// The decoded tiles of layered images (viewimage.h) for painting and for the pixel
// inspector: an LRU cache bounded in bytes, filled by a low-priority thread pool (tile
// decompression never runs on the GUI thread). tile() returns what is cached and requests
// what is missing; changed() then asks the canvases to repaint. The session also emits
// changed() while rows stream into a store, so views show them as they arrive.
#include "viewimage.h"

#include <QCache>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QThreadPool>

#include <memory>

namespace difflens::ui {

class TileCache : public QObject {
    Q_OBJECT
public:
    static TileCache *instance(); // the GUI thread's cache (created on first use)
    ~TileCache() override;

    // The tile (tx, ty) of `level` of a layered image ready to paint (premultiplied ARGB for
    // RGBA layers, Indexed8 with the layer's table for one-byte layers), or null after
    // requesting it when its tile has been written to the store.
    QImage tile(const ViewImage &img, int level, int tx, int ty);
    // The exact value of one full-resolution pixel (RGBA8888, RGBA64 or Indexed8 image of
    // one pixel), or null after requesting its tile.
    QImage exactPixel(const ViewImage &img, int x, int y);
    void setByteLimit(qint64 bytes);
    qint64 byteLimit() const { return m_cache.maxCost(); }
    qint64 cachedBytes() const { return m_cache.totalCost(); }
    void clear();
    void waitForLoads();            // tests and shutdown
    void notifyChanged() { Q_EMIT changed(); }

Q_SIGNALS:
    void changed();

private:
    TileCache();
    struct Entry {
        QImage display;             // for painting
        QImage exact;               // as stored (exact values)
    };
    static QString key(const LayerStore &store, LayerKind kind, int level, int tx, int ty);
    const Entry *find(const ViewImage &img, int level, int tx, int ty);
    void deliver(const QString &key, Entry *entry, qint64 cost);

    QCache<QString, Entry> m_cache;
    QSet<QString> m_pending;
    QThreadPool m_pool;
};

} // namespace difflens::ui

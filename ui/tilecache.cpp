// TileCache: background tile loads from LayerStores into an LRU cache of QImages.
#include "tilecache.h"

#include <QElapsedTimer>
#include <QMetaObject>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace difflens::ui {

namespace {

constexpr qint64 kDefaultBytes = qint64(192) << 20;
constexpr qint64 kStaleMs = 1000; // a load queued longer than this is dropped (the view moved on)

QImage imageFromTile(const TilePixels &t)
{
    QImage::Format format = QImage::Format_Indexed8;
    if (t.bytesPerPixel == 4)
        format = QImage::Format_RGBA8888;
    else if (t.bytesPerPixel == 8)
        format = QImage::Format_RGBA64;
    QImage img(t.width, t.height, format);
    if (img.isNull())
        return {};
    const size_t row = size_t(t.width) * size_t(t.bytesPerPixel);
    for (int y = 0; y < t.height; ++y)
        std::copy_n(t.pixels.data() + size_t(y) * row, row, img.scanLine(y));
    return img;
}

} // namespace

TileCache *TileCache::instance()
{
    static TileCache *cache = new TileCache(); // lives as long as the process
    return cache;
}

TileCache::TileCache()
{
    m_cache.setMaxCost(kDefaultBytes);
    m_pool.setMaxThreadCount(2);
    m_pool.setObjectName(QStringLiteral("difflens-tiles"));
}

TileCache::~TileCache() { waitForLoads(); }

void TileCache::setByteLimit(qint64 bytes) { m_cache.setMaxCost(std::max<qint64>(bytes, 8 << 20)); }

void TileCache::clear()
{
    m_pool.clear();
    m_cache.clear();
    m_pending.clear();
}

void TileCache::waitForLoads() { m_pool.waitForDone(); }

QString TileCache::key(const LayerStore &store, LayerKind kind, int level, int tx, int ty)
{
    return QStringLiteral("%1/%2/%3/%4/%5").arg(store.id()).arg(int(kind)).arg(level).arg(tx).arg(ty);
}

const TileCache::Entry *TileCache::find(const ViewImage &img, int level, int tx, int ty)
{
    const std::shared_ptr<const LayerStore> &store = img.store();
    if (!store || !store->tileReady(img.layerKind(), level, tx, ty))
        return nullptr;
    const QString k = key(*store, img.layerKind(), level, tx, ty);
    if (const Entry *e = m_cache.object(k))
        return e;
    if (m_pending.contains(k))
        return nullptr;
    m_pending.insert(k);
    QElapsedTimer queued;
    queued.start();
    const LayerKind kind = img.layerKind();
    TileCache *self = this; // the cache lives as long as the process
    m_pool.start([self, store, kind, level, tx, ty, k, queued] {
#ifdef Q_OS_LINUX
        static thread_local bool niced = false;
        if (!niced) {
            setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 5);
            niced = true;
        }
#endif
        Entry *entry = nullptr;
        qint64 cost = 0;
        if (queued.elapsed() < kStaleMs) {
            try {
                TilePixels t;
                std::string error;
                if (store->readTile(kind, level, tx, ty, t, error)) {
                    auto e = std::make_unique<Entry>();
                    e->exact = imageFromTile(t);
                    if (!e->exact.isNull() && e->exact.format() != QImage::Format_Indexed8)
                        e->display = e->exact.convertToFormat(QImage::Format_ARGB32_Premultiplied);
                    else
                        e->display = e->exact;
                    if (!e->display.isNull()) {
                        cost = e->exact.sizeInBytes() + (e->display.constBits() == e->exact.constBits()
                                                              ? 0
                                                              : e->display.sizeInBytes());
                        entry = e.release();
                    }
                }
            } catch (const std::bad_alloc &) {
                entry = nullptr; // not cached: the reduced level stays on screen
            }
        }
        QMetaObject::invokeMethod(
            self, [self, k, entry, cost] { self->deliver(k, entry, cost); }, Qt::QueuedConnection);
    });
    return nullptr;
}

void TileCache::deliver(const QString &key, Entry *entry, qint64 cost)
{
    m_pending.remove(key);
    if (!entry)
        return;
    m_cache.insert(key, entry, std::max<qint64>(1, cost));
    Q_EMIT changed();
}

QImage TileCache::tile(const ViewImage &img, int level, int tx, int ty)
{
    const Entry *e = find(img, level, tx, ty);
    if (!e)
        return {};
    QImage out = e->display;
    if (out.format() == QImage::Format_Indexed8)
        out.setColorTable(img.colorTable());
    return out;
}

QImage TileCache::exactPixel(const ViewImage &img, int x, int y)
{
    if (!img.store())
        return {};
    const int ts = img.store()->tileSize();
    const Entry *e = find(img, 0, x / ts, y / ts);
    if (!e || e->exact.isNull())
        return {};
    QImage px = e->exact.copy(x % ts, y % ts, 1, 1);
    if (px.format() == QImage::Format_Indexed8)
        px.setColorTable(img.colorTable());
    return px;
}

} // namespace difflens::ui

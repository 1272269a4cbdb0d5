// ViewImage: the reduced preview levels (box filter or max pooling), each allocation checked.
#include "viewimage.h"

#include "difflens/compare/heatmap.h"
#include "difflens/compare/reduce.h"

#include <algorithm>
#include <new>

namespace difflens::ui {

namespace {

// A QImage's pixels as the engine's ImageView (no copy): `channels` bytes a pixel.
ImageView viewOf(const QImage &img, int channels)
{
    ImageView v;
    v.data = img.constBits();
    v.width = img.width();
    v.height = img.height();
    v.channels = channels;
    v.depth = 8;
    v.stride = size_t(img.bytesPerLine());
    return v;
}

// Both halving functions (difflens/compare/reduce.h) return a null image when the
// destination cannot be allocated (QImage's constructor then yields a null image).
QImage halveAverage(const QImage &src)
{
    QImage dst(halvedExtent(src.width()), halvedExtent(src.height()), src.format());
    if (dst.isNull() || src.depth() != 32 || !halveAverage8x4(viewOf(src, 4), dst.bits(), size_t(dst.bytesPerLine())))
        return {};
    return dst;
}

QImage halveMax(const QImage &src)
{
    QImage dst(halvedExtent(src.width()), halvedExtent(src.height()), QImage::Format_Indexed8);
    if (dst.isNull() || !halveMax8(viewOf(src, 1), dst.bits(), size_t(dst.bytesPerLine())))
        return {};
    dst.setColorTable(src.colorTable());
    return dst;
}

} // namespace

ViewImage::ViewImage(QImage full, Reduce reduce, int maxPreviewEdge) : m_full(std::move(full)), m_reduce(reduce)
{
    buildLevels(maxPreviewEdge);
}

ViewImage ViewImage::fullOnly(QImage full, Reduce reduce)
{
    ViewImage v;
    v.m_full = std::move(full);
    v.m_reduce = reduce;
    v.m_pending = std::max(v.m_full.width(), v.m_full.height()) > kMaxPreviewEdge;
    return v;
}

ViewImage ViewImage::withPreviews(int maxPreviewEdge) const
{
    ViewImage v;
    v.m_full = m_full;
    v.m_reduce = m_reduce;
    v.buildLevels(maxPreviewEdge);
    return v;
}

qint64 ViewImage::previewBytes(QSize size, bool indexed)
{
    const qint64 pixels = qint64(std::max(0, size.width())) * qint64(std::max(0, size.height()));
    return indexed ? pixels / 3 : pixels * 4 / 3;
}

bool ViewImage::buildLevels(int maxPreviewEdge)
{
    m_levels.clear();
    m_pending = false;
    m_failed = false;
    if (m_full.isNull())
        return true;
    bool ok = true;
    try {
        const Reduce reduce = m_reduce;
        QImage cur = m_full;
        if (reduce == Reduce::Average && cur.depth() != 32 &&
            std::max(cur.width(), cur.height()) > maxPreviewEdge)
            cur = cur.convertToFormat(QImage::Format_RGBA8888);
        while (!cur.isNull() && std::max(cur.width(), cur.height()) > maxPreviewEdge &&
               std::min(cur.width(), cur.height()) > 1) {
            if (reduce == Reduce::Max && cur.format() == QImage::Format_Indexed8) {
                cur = halveMax(cur);
            } else {
                cur = halveAverage(cur);
                // Levels are private copies: keep them in the raster engine's native format so
                // smooth scaling while painting takes its fast path (no per-pixel conversion).
                if (!cur.isNull() && cur.format() != QImage::Format_ARGB32_Premultiplied)
                    cur = cur.convertToFormat(QImage::Format_ARGB32_Premultiplied);
            }
            if (!cur.isNull())
                m_levels.push_back(cur);
        }
        ok = !cur.isNull(); // null: an allocation failed (convertToFormat and halve* say so)
    } catch (const std::bad_alloc &) {
        ok = false;
    }
    if (!ok) {
        std::vector<QImage>().swap(m_levels); // give back what was built
        m_failed = true;
    }
    return ok;
}

const QImage &ViewImage::levelFor(double devicePixelsPerImagePixel, double *levelScale) const
{
    double scale = 1.0;
    const QImage *best = &m_full;
    for (const QImage &level : m_levels) {
        const double s = scale / 2;
        if (s < devicePixelsPerImagePixel)
            break;
        scale = s;
        best = &level;
    }
    if (levelScale)
        *levelScale = double(best->width()) / std::max(1, m_full.width());
    return *best;
}

ViewImage ViewImage::layered(std::shared_ptr<const LayerStore> store, LayerKind kind, QVector<QRgb> table)
{
    ViewImage v;
    v.m_store = std::move(store);
    v.m_kind = kind;
    v.m_table = std::move(table);
    return v;
}

QVector<QRgb> ViewImage::colorTable() const
{
    if (!m_store)
        return m_full.colorTable();
    if (m_kind == LayerKind::Heat) { // scaled to the peak so far (heatmap.h)
        const auto t = heatDisplayTable(m_store->heatPeak(), m_store->depth());
        return QVector<QRgb>(t.begin(), t.end());
    }
    return m_table;
}

QImage ViewImage::memoryLevelImage(int level, int *rowsReady) const
{
    *rowsReady = 0;
    if (!m_store)
        return {};
    std::shared_ptr<const LevelBuffer> buf = m_store->memoryLevel(m_kind, level);
    if (!buf)
        return {};
    *rowsReady = buf->rowsReady();
    const bool indexed = buf->bytesPerPixel == 1;
    // The buffer lives as long as the QImage (its cleanup function holds a reference).
    auto *hold = new std::shared_ptr<const LevelBuffer>(buf);
    QImage img(buf->pixels.get(), buf->width, buf->height, qsizetype(buf->width) * buf->bytesPerPixel,
               indexed ? QImage::Format_Indexed8 : QImage::Format_RGBA8888,
               [](void *p) { delete static_cast<std::shared_ptr<const LevelBuffer> *>(p); }, hold);
    if (indexed)
        img.setColorTable(colorTable());
    return img;
}

void ViewImage::setColorTable(const QVector<QRgb> &table)
{
    if (m_store) {
        m_table = table;
        return;
    }
    if (m_full.format() != QImage::Format_Indexed8)
        return;
    m_full.setColorTable(table);
    for (QImage &level : m_levels)
        level.setColorTable(table);
}

} // namespace difflens::ui

#include "imagecanvas.h"

#include "displaylimits.h"
#include "tilecache.h"

#include "zoommodel.h"

#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPixmap>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace difflens::ui {

namespace {
// The visible part of the image plane in the painter's coordinates: a view that draws an
// image moved by an offset (alignment) translates the painter, so look it up there.
QRectF visibleInPainter(const ZoomModel &zoom, const QPainter &p)
{
    const QRectF vis = zoom.visibleImageRect();
    const QTransform toPainter = p.worldTransform().inverted();
    return QRectF(zoom.widgetToImage(toPainter.map(zoom.imageToWidget(vis.topLeft()))),
                  zoom.widgetToImage(toPainter.map(zoom.imageToWidget(vis.bottomRight()))));
}

// `src` of `level` in the format Qt's raster engine magnifies (or copies 1:1) by itself on
// the painting thread: premultiplied ARGB32. From other formats (RGBA8888, Indexed8) it
// fills spans that Qt splits across its thread pool, and the GUI thread waits for that pool
// several times a paint, behind every other busy thread of the machine. Null: draw `level`.
QImage directlyDrawable(const QImage &level, const QRect &src)
{
    if (level.format() == QImage::Format_ARGB32_Premultiplied || level.format() == QImage::Format_RGB32)
        return {};
    QImage part(level.constScanLine(src.y()) + qsizetype(src.x()) * (level.depth() / 8), src.width(), src.height(),
                level.bytesPerLine(), level.format());
    if (level.format() == QImage::Format_Indexed8)
        part.setColorTable(level.colorTable());
    return part.convertToFormat(QImage::Format_ARGB32_Premultiplied);
}
// Levels up to this size are mirrored as ARGB32 (levelMirror): 2048 x 1024 pixels (a fit of
// a 16384^2 or 32768^2 pair on a large screen draws a level of 1024^2).
constexpr qsizetype kMaxMirrorBytes = qsizetype(8) << 20;
// Rows converted at a time: Qt converts an image of 65536 pixels or more on its thread pool.
constexpr int kMirrorSliceRows = 32;
} // namespace

ImageCanvas::ImageCanvas(QWidget *parent) : QWidget(parent), m_zoom(new ZoomModel(this))
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(80, 60);
    connect(m_zoom, &ZoomModel::changed, this, qOverload<>(&QWidget::update));
    connect(TileCache::instance(), &TileCache::changed, this, &ImageCanvas::repaintArrivedPixels);
    const auto applyLimits = [this] {
        m_zoom->setZoomLimit(DisplayLimits::instance()->maxZoom());
        update();
    };
    connect(DisplayLimits::instance(), &DisplayLimits::changed, this, applyLimits);
    m_zoom->setZoomLimit(DisplayLimits::instance()->maxZoom());
}

void ImageCanvas::setFrameSize(const QSize &size) { m_zoom->setImageSize(size); }

void ImageCanvas::setOverlays(const QVector<RegionItem> &regions, const QVector<QRect> &ignore)
{
    m_regions = regions;
    m_ignore = ignore;
    update();
}

void ImageCanvas::setRegionSelection(QItemSelectionModel *selection)
{
    if (m_selection)
        disconnect(m_selection, nullptr, this, nullptr);
    m_selection = selection;
    if (selection)
        connect(selection, &QItemSelectionModel::currentChanged, this, qOverload<>(&QWidget::update));
    update();
}

int ImageCanvas::currentRegion() const
{
    const int row = m_selection ? m_selection->currentIndex().row() : -1;
    return row < m_regions.size() ? row : -1;
}

void ImageCanvas::setShowRegions(bool show)
{
    m_showRegions = show;
    update();
}

void ImageCanvas::setRegionColor(const QColor &c)
{
    m_regionColor = c;
    update();
}

void ImageCanvas::setTool(Tool tool)
{
    m_tool = tool;
    setCursor(tool == Tool::DrawIgnore ? Qt::CrossCursor : Qt::ArrowCursor);
}

void ImageCanvas::setMessage(const QString &message)
{
    m_message = message;
    update();
}

void ImageCanvas::setCornerLabel(const QString &label)
{
    m_corner = label;
    update();
}

QRectF ImageCanvas::imageRectInWidget() const
{
    return m_zoom->imageToWidget(QRectF(QPointF(0, 0), QSizeF(m_zoom->imageSize())));
}

void ImageCanvas::drawLayer(QPainter &p, const ViewImage &img, double opacity) const
{
    if (img.isNull())
        return;
    if (img.isLayered()) {
        drawLayered(p, img, opacity);
        return;
    }
    // Visible part of this image in image coordinates, snapped outwards to whole pixels so
    // nearest-neighbour magnification maps every source pixel onto an exact block.
    const QRectF vis = visibleInPainter(*m_zoom, p).intersected(QRectF(QPointF(0, 0), QSizeF(img.size())));
    if (vis.isEmpty())
        return;
    const QRect src(QPoint(int(std::floor(vis.left())), int(std::floor(vis.top()))),
                    QPoint(int(std::ceil(vis.right())) - 1, int(std::ceil(vis.bottom())) - 1));
    double levelScale = 1.0;
    const double detail = DisplayLimits::instance()->detailZoom(m_zoom->zoom(), img.size().width(), img.size().height());
    const QImage &level = img.levelFor(detail, &levelScale);
    const QRectF levelSrc(src.x() * levelScale, src.y() * levelScale, src.width() * levelScale, src.height() * levelScale);
    const QRectF target = m_zoom->imageToWidget(QRectF(src));
    const double deviceScalePerLevelPixel = m_zoom->zoom() / levelScale;
    p.save();
    p.setOpacity(opacity);
    // Bilinear filtering only for the mild reductions a pyramid level leaves; a large image
    // whose levels are not built yet is sampled with the fast transform (cost per screen
    // pixel, never per image pixel) until the smoother levels arrive.
    p.setRenderHint(QPainter::SmoothPixmapTransform, deviceScalePerLevelPixel < 1.0 && deviceScalePerLevelPixel >= 0.5);
    p.drawImage(target, level, levelSrc);
    p.restore();
}

void ImageCanvas::drawLayered(QPainter &p, const ViewImage &img, double opacity) const
{
    const LayerStore &store = *img.store();
    const QRectF frame(QPointF(0, 0), QSizeF(img.size()));
    const QRectF vis = visibleInPainter(*m_zoom, p).intersected(frame);
    if (vis.isEmpty())
        return;
    // The coarsest level that still has at least one level pixel per device pixel (or the
    // display quality's preview cap, displaylimits.h).
    const double zoom = DisplayLimits::instance()->detailZoom(m_zoom->zoom(), img.size().width(), img.size().height());
    int want = 0;
    while (want + 1 < store.levelCount() && 1.0 / double(1 << (want + 1)) >= zoom)
        ++want;
    // Sharper tiles where they are loaded; the others are requested (tilecache.h).
    struct Placed {
        QImage tile;
        QRectF target;
    };
    std::vector<Placed> tiles;
    bool tilesMissing = false;
    const double tf = double(1 << want);
    if (want < store.firstMemoryLevel()) {
        const int ts = store.tileSize();
        const double span = ts * tf; // image pixels per tile
        const int tx0 = int(vis.left() / span), tx1 = std::min(store.tilesX(want) - 1, int(vis.right() / span));
        const int ty0 = int(vis.top() / span), ty1 = std::min(store.tilesY(want) - 1, int(vis.bottom() / span));
        TileCache *cache = TileCache::instance();
        for (int ty = ty0; ty <= ty1; ++ty)
            for (int tx = tx0; tx <= tx1; ++tx) {
                QImage t = cache->tile(img, want, tx, ty);
                if (t.isNull()) {
                    tilesMissing = m_awaitingPixels = m_awaitingTiles = true; // not written or not loaded yet
                    continue;
                }
                const QRectF target = m_zoom->imageToWidget(QRectF(tx * span, ty * span, t.width() * tf, t.height() * tf));
                tiles.push_back({std::move(t), target});
            }
    }
    p.save();
    p.setOpacity(opacity);
    p.setClipRect(m_zoom->imageToWidget(frame), Qt::IntersectClip);
    // The in-memory level closest to it, drawn as far as its rows have arrived: under missing
    // tiles, or alone (not when every visible tile is there: the view would draw twice).
    const int memLevel = std::max(want, store.firstMemoryLevel());
    if (want == memLevel || tilesMissing) {
        int rows = 0;
        const QImage level = img.memoryLevelImage(memLevel, &rows);
        const double f = double(1 << memLevel); // image pixels per level pixel
        if (store.layerPending(img.layerKind()) && (level.isNull() || rows < level.height()))
            m_layerFilling = true; // the exact pass left it to the full-resolution pass
        else if (store.layerMissing(img.layerKind()))
            m_layerMissing = true; // ... which failed (the status line says why)
        if (level.isNull()) {
            m_awaitingPixels = m_awaitingTiles = true;
        } else if (rows < level.height()) {
            m_awaitingPixels = true; // rows still streaming in: the next paint starts a level row above them
            const double from = std::max(0, rows - 1) * f;
            m_streamedTo = m_streamedTo < 0 ? from : std::min(m_streamedTo, from);
        }
        if (!level.isNull() && rows > 0) {
            const QRect src = QRectF(vis.left() / f, vis.top() / f, vis.width() / f, vis.height() / f)
                                  .toAlignedRect()
                                  .intersected(QRect(0, 0, level.width(), rows));
            if (!src.isEmpty()) {
                const QRectF target =
                    m_zoom->imageToWidget(QRectF(src.x() * f, src.y() * f, src.width() * f, src.height() * f));
                const double perLevelPixel = m_zoom->zoom() * f;
                const QImage mirror = levelMirror(img, memLevel, level, rows);
                // Qt scales an ARGB32 image without smoothing on the painting thread, with
                // smoothing (or from another format) on its thread pool, which the GUI thread
                // then waits for behind the comparing threads: while rows stream in, the
                // mirror is drawn unsmoothed; smoothed once the level is whole.
                p.setRenderHint(QPainter::SmoothPixmapTransform, perLevelPixel < 1.0 && perLevelPixel >= 0.5 &&
                                                                     (mirror.isNull() || rows == level.height()));
                // Magnified (under missing tiles, as a rule): few level pixels, converted.
                const QImage part = mirror.isNull() && perLevelPixel >= 1.0 ? directlyDrawable(level, src) : QImage();
                if (!mirror.isNull())
                    p.drawImage(target, mirror, QRectF(src));
                else if (!part.isNull())
                    p.drawImage(target, part);
                else
                    p.drawImage(target, level, QRectF(src));
            }
        }
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom->zoom() * tf < 1.0 && m_zoom->zoom() * tf >= 0.5);
    for (const Placed &t : tiles)
        p.drawImage(t.target, t.tile);
    p.restore();
}

QImage ImageCanvas::levelMirror(const ViewImage &img, int index, const QImage &level, int rows) const
{
    if (level.format() == QImage::Format_ARGB32_Premultiplied || level.format() == QImage::Format_RGB32)
        return level;
    if (qsizetype(level.width()) * level.height() * 4 > kMaxMirrorBytes)
        return {};
    LevelMirror &m = m_mirrors[int(img.layerKind())];
    const QVector<QRgb> table = level.colorTable();
    if (m.store != img.store()->id() || m.level != index || m.image.size() != level.size() || m.table != table ||
        rows < m.rows) {
        m = LevelMirror{};
        m.image = QImage(level.size(), QImage::Format_ARGB32_Premultiplied);
        if (m.image.isNull())
            return {}; // no room for the copy: the level itself is drawn
        m.store = img.store()->id();
        m.level = index;
        m.table = table;
    }
    const qsizetype rowBytes = qsizetype(level.width()) * 4;
    for (; m.rows < rows;) {
        const int n = std::min(kMirrorSliceRows, rows - m.rows);
        QImage slice(level.constScanLine(m.rows), level.width(), n, level.bytesPerLine(), level.format());
        if (!table.isEmpty())
            slice.setColorTable(table);
        const QImage done = slice.convertToFormat(QImage::Format_ARGB32_Premultiplied);
        if (done.isNull())
            return {};
        for (int y = 0; y < n; ++y)
            std::memcpy(m.image.scanLine(m.rows + y), done.constScanLine(y), size_t(rowBytes));
        m.rows += n;
    }
    return m.image;
}

void ImageCanvas::syncViewport()
{
    if (m_zoom->viewport() != QSizeF(size()) || m_zoom->devicePixelRatio() != devicePixelRatioF())
        m_zoom->setViewport(QSizeF(size()), devicePixelRatioF());
}

void ImageCanvas::paintBackground(QPainter &p) const
{
    const QPalette pal = palette();
    const QColor outside = pal.color(QPalette::Window).darker(108);
    if (m_zoom->imageSize().isEmpty()) {
        p.fillRect(rect(), outside);
        return;
    }
    // The window colour around the image only: under it the checkerboard is copied anyway.
    const QRect r = imageRectInWidget().toAlignedRect().intersected(rect());
    if (r.isEmpty()) {
        p.fillRect(rect(), outside);
    } else {
        p.fillRect(QRect(0, 0, width(), r.top()), outside);
        p.fillRect(QRect(0, r.bottom() + 1, width(), height() - r.bottom() - 1), outside);
        p.fillRect(QRect(0, r.top(), r.left(), r.height()), outside);
        p.fillRect(QRect(r.right() + 1, r.top(), width() - r.right() - 1, r.height()), outside);
    }
    // The checkerboard under the image: an opaque image of the widget's size, made again only
    // when the size or the palette changes, copied 1:1 on this thread (a texture brush fills
    // spans on Qt's thread pool, and the GUI thread waits for it).
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    const QColor c1 = dark ? QColor(58, 58, 58) : QColor(236, 236, 236);
    if (m_checker.size() != size() || m_checkerColor != c1) {
        m_checker = QImage(size(), QImage::Format_RGB32);
        if (m_checker.isNull()) { // out of memory: a plain background
            p.fillRect(r, c1);
            return;
        }
        m_checker.fill(c1);
        QPainter cp(&m_checker);
        const QColor c2 = dark ? QColor(78, 78, 78) : QColor(204, 204, 204);
        for (int y = 0; y < height(); y += 8)
            for (int x = (y / 8) % 2 * 8; x < width(); x += 16)
                cp.fillRect(x, y, 8, 8, c2);
        m_checkerColor = c1;
    }
    if (!r.isEmpty())
        p.drawImage(r.topLeft(), m_checker, r);
}

void ImageCanvas::paintOverlays(QPainter &p) const
{
    const QRectF view(rect());
    p.setRenderHint(QPainter::Antialiasing, false);
    for (const QRect &r : m_ignore) {
        const QRectF w = m_zoom->imageToWidget(QRectF(r));
        if (!w.intersects(view))
            continue;
        p.fillRect(w, QColor(40, 120, 255, 60));
        p.setPen(QPen(QColor(40, 120, 255), 1, Qt::DashLine));
        p.drawRect(w);
    }
    if (m_dragStart && m_dragEnd) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DashLine));
        p.fillRect(m_zoom->imageToWidget(QRectF(draggedRect())), QColor(40, 120, 255, 40));
        p.drawRect(m_zoom->imageToWidget(QRectF(draggedRect())));
    }
    if (m_showRegions) {
        const int current = currentRegion();
        int drawn = 0;
        for (int i = 0; i < m_regions.size() && drawn < 4000; ++i) {
            const QRectF w = m_zoom->imageToWidget(QRectF(m_regions[i].box)).adjusted(-1, -1, 1, 1);
            if (!w.intersects(view))
                continue;
            ++drawn;
            const bool cur = i == current;
            p.setPen(QPen(m_regionColor, cur ? 3 : 1.5));
            p.setBrush(Qt::NoBrush);
            p.drawRect(w);
            // Numbers only where they stay readable: the current region, or a handful of
            // regions that are large enough on screen.
            if (cur || (m_regions.size() <= 10 && w.width() >= 24 && w.height() >= 12)) {
                const QString label = QStringLiteral("#%1").arg(i + 1);
                const QRectF lr(w.left(), w.top() - 15, p.fontMetrics().horizontalAdvance(label) + 6, 15);
                p.fillRect(lr, m_regionColor);
                p.setPen(Qt::black);
                p.drawText(lr, Qt::AlignCenter, label);
            }
        }
    }
    if (!m_corner.isEmpty()) {
        QFont f = font();
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 1.3);
        p.setFont(f);
        const QRectF box(8, 8, p.fontMetrics().horizontalAdvance(m_corner) + 16, p.fontMetrics().height() + 8);
        p.fillRect(box, QColor(0, 0, 0, 150));
        p.setPen(Qt::white);
        p.drawText(box, Qt::AlignCenter, m_corner);
        p.setFont(font());
    }
    const qreal bar = p.fontMetrics().height() + 10;
    qreal bottom = height();
    if (const QString notice = DisplayLimits::instance()->notice(); !notice.isEmpty()) {
        // The display quality tier's notice (memory critical: previews only).
        const QRectF box(0, bottom - bar, width(), bar);
        p.fillRect(box, QColor(160, 30, 30, 200));
        p.setPen(Qt::white);
        p.drawText(box, Qt::AlignCenter, notice);
        bottom -= bar;
    }
    if (m_layerFilling || m_layerMissing) {
        // At the bottom: the repaints of arriving rows always reach it, so it goes with the
        // paint that draws the level's last row.
        const QString text = m_layerFilling ? tr("Filling this layer…")
                                            : tr("This layer could not be filled (the full-resolution pass failed)");
        const qreal w = p.fontMetrics().horizontalAdvance(text) + 24;
        const QRectF box((width() - w) / 2, bottom - bar - 8, w, bar);
        p.fillRect(box, QColor(0, 0, 0, 150));
        p.setPen(Qt::white);
        p.drawText(box, Qt::AlignCenter, text);
    }
    if (!m_message.isEmpty()) {
        const QRectF box = QRectF(rect()).adjusted(24, 24, -24, -24);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(box, Qt::AlignCenter | Qt::TextWordWrap, m_message);
    }
}

void ImageCanvas::paintEvent(QPaintEvent *)
{
    syncViewport();
    QPainter p(this);
    m_awaitingPixels = m_awaitingTiles = m_layerFilling = m_layerMissing = false;
    m_streamedTo = -1;
    paintBackground(p);
    paintContent(p);
    paintOverlays(p);
}

void ImageCanvas::repaintArrivedPixels()
{
    if (!m_awaitingPixels)
        return;
    if (m_awaitingTiles || m_streamedTo < 0) {
        update();
        return;
    }
    // Only rows were missing: repaint from the last row drawn down, not the whole view (the
    // scaled drawing of a level costs per device pixel, and this comes 10 times a second).
    int top = std::max(0, int(std::floor(m_zoom->imageToWidget(QPointF(0, m_streamedTo)).y())) - 1);
    if (m_layerFilling) // and the "filling" box above the bottom (under a notice, at most)
        top = std::max(0, std::min(top, height() - 2 * (fontMetrics().height() + 10) - 8));
    if (top < height())
        update(QRect(0, top, width(), height() - top));
}

void ImageCanvas::hideEvent(QHideEvent *)
{
    for (LevelMirror &m : m_mirrors) // a hidden view keeps no copies
        m = LevelMirror{};
}

void ImageCanvas::resizeEvent(QResizeEvent *)
{
    syncViewport();
}

void ImageCanvas::wheelEvent(QWheelEvent *e)
{
    const double steps = e->angleDelta().y() / 120.0;
    if (steps == 0)
        return;
    m_zoom->zoomAround(m_zoom->zoom() * std::pow(1.25, steps), e->position());
    e->accept();
}

void ImageCanvas::mousePressEvent(QMouseEvent *e)
{
    setFocus(Qt::MouseFocusReason);
    if (contentMousePress(e))
        return;
    if (e->button() != Qt::LeftButton)
        return;
    if (m_tool == Tool::DrawIgnore) {
        m_dragStart = m_zoom->widgetToImage(e->position());
        m_dragEnd = m_dragStart;
        return;
    }
    m_panning = true;
    m_lastPos = e->position();
    setCursor(Qt::ClosedHandCursor);
}

void ImageCanvas::mouseMoveEvent(QMouseEvent *e)
{
    const QPointF img = m_zoom->widgetToImage(e->position());
    const QPoint px(int(std::floor(img.x())), int(std::floor(img.y())));
    Q_EMIT hoverPixel(px, QRect(QPoint(0, 0), m_zoom->imageSize()).contains(px));
    if (contentMouseMove(e))
        return;
    if (m_dragStart) {
        m_dragEnd = img;
        update();
    } else if (m_panning) {
        m_zoom->panBy(e->position() - m_lastPos);
        m_lastPos = e->position();
    }
}

QRect ImageCanvas::draggedRect() const
{
    if (!m_dragStart || !m_dragEnd)
        return {};
    const QRectF r = QRectF(*m_dragStart, *m_dragEnd).normalized();
    const QRect snapped(QPoint(int(std::floor(r.left())), int(std::floor(r.top()))),
                        QPoint(int(std::ceil(r.right())) - 1, int(std::ceil(r.bottom())) - 1));
    return snapped.intersected(QRect(QPoint(0, 0), m_zoom->imageSize()));
}

void ImageCanvas::mouseReleaseEvent(QMouseEvent *e)
{
    if (contentMouseRelease(e))
        return;
    if (m_dragStart) {
        const QRect r = draggedRect();
        m_dragStart.reset();
        m_dragEnd.reset();
        update();
        if (r.width() > 0 && r.height() > 0)
            Q_EMIT ignoreRectDrawn(r);
    }
    if (m_panning) {
        m_panning = false;
        setCursor(m_tool == Tool::DrawIgnore ? Qt::CrossCursor : Qt::ArrowCursor);
    }
}

void ImageCanvas::mouseDoubleClickEvent(QMouseEvent *e)
{
    if (e->button() == Qt::LeftButton && m_tool == Tool::Pan)
        m_zoom->isFit() ? m_zoom->zoomAround(1.0, e->position()) : m_zoom->fit();
}

void ImageCanvas::keyPressEvent(QKeyEvent *e)
{
    const double step = (e->modifiers() & Qt::ShiftModifier) ? 0.5 : 0.1;
    const QSizeF v = m_zoom->viewport();
    switch (e->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: m_zoom->zoomIn(); break;
    case Qt::Key_Minus: m_zoom->zoomOut(); break;
    case Qt::Key_Left: m_zoom->panBy(QPointF(v.width() * step, 0)); break;
    case Qt::Key_Right: m_zoom->panBy(QPointF(-v.width() * step, 0)); break;
    case Qt::Key_Up: m_zoom->panBy(QPointF(0, v.height() * step)); break;
    case Qt::Key_Down: m_zoom->panBy(QPointF(0, -v.height() * step)); break;
    default: QWidget::keyPressEvent(e); return;
    }
    e->accept();
}

void ImageCanvas::leaveEvent(QEvent *)
{
    Q_EMIT hoverPixel(QPoint(-1, -1), false);
}

} // namespace difflens::ui

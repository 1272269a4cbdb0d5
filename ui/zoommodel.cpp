#include "zoommodel.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace difflens::ui {

namespace {
constexpr std::array<double, 22> kSteps{0.01, 0.02, 0.03, 0.05, 0.0625, 0.1, 0.125, 0.1667, 0.25, 0.3333, 0.5,
                                        0.6667, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 32.0};
}

ZoomModel::ZoomModel(QObject *parent) : QObject(parent) {}

void ZoomModel::setImageSize(const QSize &size)
{
    if (size == m_imageSize)
        return;
    const bool first = m_imageSize.isEmpty();
    m_imageSize = size;
    if (first || m_fit)
        fit();
    else
        apply(m_zoom, m_center, false);
}

void ZoomModel::setViewport(const QSizeF &logicalSize, double devicePixelRatio)
{
    m_viewport = QSizeF(std::max(1.0, logicalSize.width()), std::max(1.0, logicalSize.height()));
    m_dpr = devicePixelRatio > 0 ? devicePixelRatio : 1.0;
    if (m_fit)
        fit();
    else
        Q_EMIT changed();
}

void ZoomModel::setState(const State &s)
{
    if (s.fit)
        fit();
    else
        apply(s.zoom, s.center, false);
}

QPointF ZoomModel::imageToWidget(const QPointF &p) const
{
    const double s = scale();
    return QPointF((p.x() - m_center.x()) * s + m_viewport.width() / 2, (p.y() - m_center.y()) * s + m_viewport.height() / 2);
}

QPointF ZoomModel::widgetToImage(const QPointF &p) const
{
    const double s = scale();
    return QPointF((p.x() - m_viewport.width() / 2) / s + m_center.x(), (p.y() - m_viewport.height() / 2) / s + m_center.y());
}

QRectF ZoomModel::imageToWidget(const QRectF &r) const
{
    return QRectF(imageToWidget(r.topLeft()), imageToWidget(r.bottomRight()));
}

QRectF ZoomModel::visibleImageRect() const
{
    return QRectF(widgetToImage(QPointF(0, 0)), widgetToImage(QPointF(m_viewport.width(), m_viewport.height())));
}

double ZoomModel::fitZoom() const
{
    if (m_imageSize.isEmpty())
        return 1.0;
    const double sx = m_viewport.width() / m_imageSize.width(), sy = m_viewport.height() / m_imageSize.height();
    return std::clamp(std::min(sx, sy) * m_dpr, kMinZoom, kMaxZoom);
}

void ZoomModel::fit()
{
    apply(fitZoom(), QPointF(m_imageSize.width() / 2.0, m_imageSize.height() / 2.0), true);
}

void ZoomModel::setZoom(double zoom)
{
    zoomAround(zoom, QPointF(m_viewport.width() / 2, m_viewport.height() / 2));
}

void ZoomModel::zoomAround(double zoom, const QPointF &anchor)
{
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    const QPointF imgAnchor = widgetToImage(anchor);
    const double s = zoom / m_dpr;
    const QPointF c(imgAnchor.x() - (anchor.x() - m_viewport.width() / 2) / s,
                    imgAnchor.y() - (anchor.y() - m_viewport.height() / 2) / s);
    apply(zoom, c, false);
}

void ZoomModel::zoomIn(const QPointF *anchor)
{
    const double z = nextStep(m_zoom);
    anchor ? zoomAround(z, *anchor) : setZoom(z);
}

void ZoomModel::zoomOut(const QPointF *anchor)
{
    const double z = previousStep(m_zoom);
    anchor ? zoomAround(z, *anchor) : setZoom(z);
}

void ZoomModel::panBy(const QPointF &d)
{
    const double s = scale();
    apply(m_zoom, m_center - QPointF(d.x() / s, d.y() / s), false);
}

void ZoomModel::centerOn(const QPointF &p) { apply(m_zoom, p, false); }

void ZoomModel::showRect(const QRectF &r)
{
    double zoom = m_zoom;
    const double needW = (r.width() + 40) * zoom / m_dpr, needH = (r.height() + 40) * zoom / m_dpr;
    if (needW > m_viewport.width() || needH > m_viewport.height())
        zoom = std::min(m_viewport.width() / (r.width() + 40), m_viewport.height() / (r.height() + 40)) * m_dpr;
    apply(std::clamp(zoom, kMinZoom, kMaxZoom), r.center(), false);
}

double ZoomModel::nextStep(double zoom)
{
    for (double s : kSteps)
        if (s > zoom * 1.001)
            return s;
    return kMaxZoom;
}

double ZoomModel::previousStep(double zoom)
{
    for (auto it = kSteps.rbegin(); it != kSteps.rend(); ++it)
        if (*it < zoom / 1.001)
            return *it;
    return kMinZoom;
}

void ZoomModel::setZoomLimit(double limit)
{
    m_limit = limit;
    if (m_limit > 0 && m_zoom > m_limit)
        apply(m_limit, m_center, false);
}

void ZoomModel::apply(double zoom, const QPointF &center, bool fit)
{
    if (m_limit > 0 && zoom > m_limit) // display quality Medium: no closer than 1:1
        zoom = m_limit;
    // Keep at least part of the image reachable: clamp the centre to the image bounds.
    QPointF c(std::clamp(center.x(), 0.0, double(std::max(1, m_imageSize.width()))),
              std::clamp(center.y(), 0.0, double(std::max(1, m_imageSize.height()))));
    if (zoom == m_zoom && c == m_center && fit == m_fit)
        return;
    m_zoom = zoom;
    m_center = c;
    m_fit = fit;
    Q_EMIT changed();
}

} // namespace difflens::ui

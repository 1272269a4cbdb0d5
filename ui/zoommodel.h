#pragma once
// The canvas zoom/pan model: which image point sits at the viewport centre and how many
// device pixels one image pixel covers (zoom 1.0 = 100 %: one image pixel per physical
// pixel, so painting is devicePixelRatio-aware). Fit mode re-fits on every resize.
#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace difflens::ui {

class ZoomModel : public QObject {
    Q_OBJECT
public:
    static constexpr double kMinZoom = 0.01;
    static constexpr double kMaxZoom = 32.0; // 3200 %

    explicit ZoomModel(QObject *parent = nullptr);

    struct State {
        double zoom = 1.0;
        QPointF center;
        bool fit = true;
    };

    void setImageSize(const QSize &size);   // re-fits when the size changes
    void setViewport(const QSizeF &logicalSize, double devicePixelRatio);
    QSize imageSize() const { return m_imageSize; }
    QSizeF viewport() const { return m_viewport; }
    double devicePixelRatio() const { return m_dpr; }

    double zoom() const { return m_zoom; }            // device pixels per image pixel
    double scale() const { return m_zoom / m_dpr; }  // logical widget pixels per image pixel
    QPointF center() const { return m_center; }
    bool isFit() const { return m_fit; }
    State state() const { return {m_zoom, m_center, m_fit}; }
    void setState(const State &s);

    QPointF imageToWidget(const QPointF &p) const;
    QPointF widgetToImage(const QPointF &p) const;
    QRectF imageToWidget(const QRectF &r) const;
    QRectF visibleImageRect() const;   // part of the image plane inside the viewport
    double fitZoom() const;

    void fit();
    void setZoom(double zoom);                                  // around the viewport centre
    void zoomAround(double zoom, const QPointF &widgetAnchor);  // keeps the anchor fixed
    void zoomIn(const QPointF *anchor = nullptr);
    void zoomOut(const QPointF *anchor = nullptr);
    void panBy(const QPointF &widgetDelta);
    void centerOn(const QPointF &imagePoint);
    // The largest zoom allowed (0 = kMaxZoom): the display quality's cap (displaylimits.h).
    void setZoomLimit(double limit);
    // Centres the rectangle; zooms out when it does not fit (with a margin).
    void showRect(const QRectF &imageRect);

    static double nextStep(double zoom);
    static double previousStep(double zoom);

Q_SIGNALS:
    void changed();

private:
    void apply(double zoom, const QPointF &center, bool fit);

    QSize m_imageSize;
    QSizeF m_viewport{1, 1};
    double m_dpr = 1.0;
    double m_zoom = 1.0;
    QPointF m_center;
    double m_limit = 0;
    bool m_fit = true;
};

} // namespace difflens::ui

#pragma once
#include "views/compareview.h"

class QSlider;

namespace difflens::ui {

// B drawn over A with adjustable opacity; B moved by the applied alignment (ViewData::originB).
class OnionCanvas : public ImageCanvas {
    Q_OBJECT
public:
    using ImageCanvas::ImageCanvas;
    void setImages(const ViewImage &a, const ViewImage &b);
    void setOpacity(double opacity);
    double opacity() const { return m_opacity; }
    // Where A's and B's pixel (0, 0) lie in the frame (ViewData::originA, originB): B at the
    // alignment offset (dx, dy), B(x, y) ~ A(x + dx, y + dy).
    void setOffsetA(const QPoint &offset);
    void setOffsetB(const QPoint &offset);
    QPoint offsetB() const { return m_offsetB; }

protected:
    void paintContent(QPainter &p) override;

private:
    ViewImage m_a, m_b;
    double m_opacity = 0.5;
    QPoint m_offsetA, m_offsetB;
};

class OnionView : public CompareView {
    Q_OBJECT
public:
    explicit OnionView(QWidget *parent = nullptr);
    void setData(const ViewDataPtr &data) override;
    QList<ImageCanvas *> canvases() const override { return {m_canvas}; }
    QSlider *slider() const { return m_slider; }
    OnionCanvas *canvas() const { return m_canvas; }

private:
    QSlider *m_slider;
    OnionCanvas *m_canvas;
};

} // namespace difflens::ui

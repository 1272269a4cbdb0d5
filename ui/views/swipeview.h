#pragma once
#include "views/compareview.h"

namespace difflens::ui {

// A on the left of a draggable vertical split line, B on the right (moved by the applied
// alignment, ViewData::originB).
class SwipeCanvas : public ImageCanvas {
    Q_OBJECT
public:
    using ImageCanvas::ImageCanvas;
    void setImages(const ViewImage &a, const ViewImage &b);
    double split() const { return m_split; }   // 0..1 of the widget width
    void setSplit(double fraction);
    int splitX() const;
    // Where A's and B's pixel (0, 0) lie in the frame (ViewData::originA, originB): B at the
    // alignment offset (dx, dy), B(x, y) ~ A(x + dx, y + dy).
    void setOffsetA(const QPoint &offset);
    void setOffsetB(const QPoint &offset);
    QPoint offsetB() const { return m_offsetB; }

protected:
    void paintContent(QPainter &p) override;
    bool contentMousePress(QMouseEvent *e) override;
    bool contentMouseMove(QMouseEvent *e) override;
    bool contentMouseRelease(QMouseEvent *e) override;

private:
    ViewImage m_a, m_b;
    double m_split = 0.5;
    QPoint m_offsetA, m_offsetB;
    bool m_dragging = false;
};

class SwipeView : public CompareView {
    Q_OBJECT
public:
    explicit SwipeView(QWidget *parent = nullptr);
    void setData(const ViewDataPtr &data) override;
    QList<ImageCanvas *> canvases() const override { return {m_canvas}; }
    Side sideAt(const QPoint &pos) const override;
    SwipeCanvas *canvas() const { return m_canvas; }

private:
    SwipeCanvas *m_canvas;
};

} // namespace difflens::ui

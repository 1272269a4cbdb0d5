#pragma once
// Common interface of the five comparison views (side by side, swipe, onion, blink,
// difference). A view renders a ViewData snapshot through one or more ImageCanvas.
#include "imagecanvas.h"
#include "side.h"
#include "viewdata.h"

#include <QList>
#include <QWidget>

class QHBoxLayout;

namespace difflens::ui {

class CompareView : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;
    virtual void setData(const ViewDataPtr &data) = 0;
    virtual QList<ImageCanvas *> canvases() const = 0;
    // Which side a point (this widget's coordinates) stands for; None when both are shown.
    virtual Side sideAt(const QPoint &) const { return Side::None; }

protected:
    // "A: <error>" / "B: <error>" lines, or a hint when nothing is loaded yet.
    static QString combinedMessage(const ViewData &d);
    // A thin bar above the canvas for view-specific controls.
    static QWidget *makeControlBar(QWidget *parent, QHBoxLayout **layout);
};

// Draws one ViewImage (side-by-side panes, blink, difference).
class SingleImageCanvas : public ImageCanvas {
    Q_OBJECT
public:
    using ImageCanvas::ImageCanvas;
    void setImage(const ViewImage &image);
    const ViewImage &image() const { return m_image; }

protected:
    void paintContent(QPainter &p) override;

private:
    ViewImage m_image;
};

} // namespace difflens::ui

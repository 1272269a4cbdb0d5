#pragma once
// Helpers of the UI tests of the layered route: a canvas that draws one layer as the views
// do (and keeps the rectangle of each paint), and rows pushed into a LayerStore as the
// streamed comparison pushes them.
#include "imagecanvas.h"

#include "difflens/compare/layer_store.h"

#include <QImage>
#include <QPaintEvent>
#include <QPainter>
#include <QVector>

#include <string>
#include <vector>

namespace uitest {

class LayerCanvas : public difflens::ui::ImageCanvas {
public:
    difflens::ui::ViewImage image;
    QVector<QRect> paints;

protected:
    void paintContent(QPainter &p) override { drawLayer(p, image); }
    void paintEvent(QPaintEvent *e) override
    {
        paints.push_back(e->rect());
        ImageCanvas::paintEvent(e);
    }
};

// Rows [y0, y0 + count) of a and b (RGBA8888) into the store, with a mask of "same" pixels;
// the diff layer gets A's rows (any RGBA rows do here).
inline bool pushRows(difflens::LayerStore &store, const QImage &a, const QImage &b, int y0, int count)
{
    const auto view = [y0, count](const QImage &img) {
        difflens::ImageView v;
        v.data = img.constScanLine(y0);
        v.width = img.width();
        v.height = count;
        v.stride = size_t(img.bytesPerLine());
        return v;
    };
    difflens::BandRows rows;
    rows.y0 = y0;
    rows.count = count;
    rows.a = view(a);
    rows.b = view(b);
    const std::vector<uint8_t> mask(size_t(a.width()) * size_t(count), 0); // all "same"
    rows.mask = mask.data();
    std::string error;
    return store.pushBand(rows, error) && store.pushDiffRows(rows.a.data, rows.a.stride, count, error);
}

} // namespace uitest

// Swipe view: A left of a draggable split line, B right of it.
#include "views/swipeview.h"

#include "zoommodel.h"

#include <QMouseEvent>
#include <QPainter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace difflens::ui {

void SwipeCanvas::setImages(const ViewImage &a, const ViewImage &b)
{
    m_a = a;
    m_b = b;
    update();
}

void SwipeCanvas::setSplit(double fraction)
{
    m_split = std::clamp(fraction, 0.0, 1.0);
    update();
}

void SwipeCanvas::setOffsetA(const QPoint &offset)
{
    m_offsetA = offset;
    update();
}

void SwipeCanvas::setOffsetB(const QPoint &offset)
{
    m_offsetB = offset;
    update();
}

int SwipeCanvas::splitX() const { return int(std::lround(m_split * width())); }

void SwipeCanvas::paintContent(QPainter &p)
{
    const int x = splitX();
    p.save();
    p.setClipRect(QRect(x, 0, width() - x, height()));
    const QPointF origin = zoomModel()->imageToWidget(QPointF(0, 0));
    p.save();
    p.translate(zoomModel()->imageToWidget(QPointF(m_offsetB)) - origin);
    drawLayer(p, m_b);
    p.restore();
    p.setClipRect(QRect(0, 0, x, height()));
    p.translate(zoomModel()->imageToWidget(QPointF(m_offsetA)) - origin);
    drawLayer(p, m_a);
    p.restore();
    // The split line with a grip in the middle.
    p.setPen(QPen(palette().color(QPalette::Highlight), 2));
    p.drawLine(QPointF(x, 0), QPointF(x, height()));
    const QRectF grip(x - 7, height() / 2.0 - 18, 14, 36);
    p.setBrush(palette().color(QPalette::Highlight));
    p.drawRoundedRect(grip, 4, 4);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0, 0, 0, 160));
    const QRectF la(x - 30, height() - 26, 22, 20), lb(x + 8, height() - 26, 22, 20);
    p.drawRoundedRect(la, 3, 3);
    p.drawRoundedRect(lb, 3, 3);
    p.setPen(Qt::white);
    p.drawText(la, Qt::AlignCenter, QStringLiteral("A"));
    p.drawText(lb, Qt::AlignCenter, QStringLiteral("B"));
    p.setBrush(Qt::NoBrush);
}

bool SwipeCanvas::contentMousePress(QMouseEvent *e)
{
    if (e->button() == Qt::LeftButton && std::abs(e->position().x() - splitX()) <= 8) {
        m_dragging = true;
        return true;
    }
    return false;
}

bool SwipeCanvas::contentMouseMove(QMouseEvent *e)
{
    if (m_dragging) {
        setSplit(e->position().x() / std::max(1, width()));
        return true;
    }
    setCursor(std::abs(e->position().x() - splitX()) <= 8 ? Qt::SplitHCursor
              : tool() == Tool::DrawIgnore               ? Qt::CrossCursor
                                                         : Qt::ArrowCursor);
    return false;
}

bool SwipeCanvas::contentMouseRelease(QMouseEvent *)
{
    if (!m_dragging)
        return false;
    m_dragging = false;
    return true;
}

SwipeView::SwipeView(QWidget *parent) : CompareView(parent), m_canvas(new SwipeCanvas(this))
{
    auto *l = new QVBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(m_canvas);
}

void SwipeView::setData(const ViewDataPtr &data)
{
    m_canvas->setFrameSize(data->frameSize());
    m_canvas->setImages(data->a, data->b);
    m_canvas->setOffsetA(data->originA());
    m_canvas->setOffsetB(data->originB());
    m_canvas->setMessage(combinedMessage(*data));
}

Side SwipeView::sideAt(const QPoint &pos) const
{
    const QPoint p = m_canvas->mapFrom(this, pos);
    if (!m_canvas->rect().contains(p))
        return Side::None;
    return p.x() < m_canvas->splitX() ? Side::A : Side::B;
}

} // namespace difflens::ui

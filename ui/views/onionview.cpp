// Onion skin view: B over A at an adjustable opacity.
#include "views/onionview.h"

#include "zoommodel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>

namespace difflens::ui {

void OnionCanvas::setImages(const ViewImage &a, const ViewImage &b)
{
    m_a = a;
    m_b = b;
    update();
}

void OnionCanvas::setOpacity(double opacity)
{
    m_opacity = std::clamp(opacity, 0.0, 1.0);
    update();
}

void OnionCanvas::setOffsetA(const QPoint &offset)
{
    m_offsetA = offset;
    update();
}

void OnionCanvas::setOffsetB(const QPoint &offset)
{
    m_offsetB = offset;
    update();
}

void OnionCanvas::paintContent(QPainter &p)
{
    const QPointF origin = zoomModel()->imageToWidget(QPointF(0, 0));
    p.save();
    p.translate(zoomModel()->imageToWidget(QPointF(m_offsetA)) - origin);
    drawLayer(p, m_a);
    p.restore();
    p.save();
    p.translate(zoomModel()->imageToWidget(QPointF(m_offsetB)) - origin);
    drawLayer(p, m_b, m_opacity);
    p.restore();
}

OnionView::OnionView(QWidget *parent) : CompareView(parent), m_slider(new QSlider(Qt::Horizontal)), m_canvas(new OnionCanvas)
{
    QHBoxLayout *bar = nullptr;
    QWidget *barWidget = makeControlBar(this, &bar);
    auto *value = new QLabel(QStringLiteral("50 %"));
    bar->addWidget(new QLabel(tr("A")));
    bar->addWidget(m_slider, 1);
    bar->addWidget(new QLabel(tr("B")));
    bar->addWidget(value);
    m_slider->setRange(0, 100);
    m_slider->setValue(50);
    m_slider->setToolTip(tr("Opacity of B over A"));
    connect(m_slider, &QSlider::valueChanged, this, [this, value](int v) {
        m_canvas->setOpacity(v / 100.0);
        value->setText(QStringLiteral("%1 %").arg(v));
    });
    auto *l = new QVBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    l->setSpacing(0);
    l->addWidget(barWidget);
    l->addWidget(m_canvas, 1);
}

void OnionView::setData(const ViewDataPtr &data)
{
    m_canvas->setFrameSize(data->frameSize());
    m_canvas->setImages(data->a, data->b);
    m_canvas->setOffsetA(data->originA());
    m_canvas->setOffsetB(data->originB());
    m_canvas->setMessage(combinedMessage(*data));
}

} // namespace difflens::ui

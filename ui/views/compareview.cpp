// CompareView: the pane message shared by the views, the control bar, the single-image canvas.
#include "views/compareview.h"

#include <QHBoxLayout>
#include <QPainter>

namespace difflens::ui {

QString CompareView::combinedMessage(const ViewData &d)
{
    QStringList lines;
    if (!d.error.isEmpty())
        lines << d.error;
    if (!d.errorA.isEmpty())
        lines << QStringLiteral("A: %1").arg(d.errorA);
    if (!d.errorB.isEmpty())
        lines << QStringLiteral("B: %1").arg(d.errorB);
    if (lines.isEmpty() && d.a.isNull() && d.b.isNull())
        lines << tr("Drop two images here, or use File > Open A / Open B.");
    return lines.join(QLatin1Char('\n'));
}

QWidget *CompareView::makeControlBar(QWidget *parent, QHBoxLayout **layout)
{
    auto *bar = new QWidget(parent);
    auto *l = new QHBoxLayout(bar);
    l->setContentsMargins(6, 2, 6, 2);
    *layout = l;
    return bar;
}

void SingleImageCanvas::setImage(const ViewImage &image)
{
    m_image = image;
    update();
}

void SingleImageCanvas::paintContent(QPainter &p) { drawLayer(p, m_image); }

} // namespace difflens::ui

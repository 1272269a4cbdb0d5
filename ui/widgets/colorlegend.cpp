#include "widgets/colorlegend.h"

#include <QLinearGradient>
#include <QPainter>

namespace difflens::ui {

ColorLegend::ColorLegend(QWidget *parent) : QWidget(parent) { setMinimumWidth(180); }

void ColorLegend::setScale(const QVector<QRgb> &table, const QString &low, const QString &high, bool reversed)
{
    m_table = table;
    m_low = low;
    m_high = high;
    m_reversed = reversed;
    update();
}

void ColorLegend::paintEvent(QPaintEvent *)
{
    if (m_table.isEmpty())
        return;
    QPainter p(this);
    const int lw = p.fontMetrics().horizontalAdvance(m_low) + 6, hw = p.fontMetrics().horizontalAdvance(m_high) + 6;
    const QRectF bar(lw, 4, std::max(20, width() - lw - hw), height() - 8);
    QLinearGradient g(bar.topLeft(), bar.topRight());
    for (int i = 0; i < 256; i += 15) {
        const int idx = m_reversed ? 255 - i : i;
        g.setColorAt(i / 255.0, QColor::fromRgb(m_table[idx]));
    }
    g.setColorAt(1.0, QColor::fromRgb(m_table[m_reversed ? 0 : 255]));
    p.fillRect(bar, g);
    p.setPen(palette().color(QPalette::WindowText));
    p.drawRect(bar);
    p.drawText(QRectF(0, 0, lw, height()), Qt::AlignVCenter | Qt::AlignLeft, m_low);
    p.drawText(QRectF(bar.right() + 4, 0, hw, height()), Qt::AlignVCenter | Qt::AlignLeft, m_high);
}

} // namespace difflens::ui

// The pixel inspector: exact RGBA values of A and B under the cursor (from the decoded
// images, or from the full-resolution tiles of a layered comparison) and their delta.
#include "widgets/pixelinspector.h"

#include "tilecache.h"

#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>

#include <algorithm>
#include <cstdlib>

namespace difflens::ui {

namespace {
QLabel *swatchLabel()
{
    auto *l = new QLabel;
    l->setFixedSize(14, 14);
    l->setAutoFillBackground(true);
    return l;
}

void setSwatch(QLabel *l, const QColor &c)
{
    l->setStyleSheet(c.isValid() ? QStringLiteral("background: %1; border: 1px solid palette(mid);").arg(c.name(QColor::HexArgb))
                                 : QStringLiteral("border: 1px solid palette(mid);"));
}
} // namespace

PixelInspector::PixelInspector(QWidget *parent)
    : QWidget(parent), m_pos(new QLabel), m_a(new QLabel), m_b(new QLabel), m_delta(new QLabel), m_swatchA(swatchLabel()),
      m_swatchB(swatchLabel())
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QLabel *l : {m_pos, m_a, m_b, m_delta}) {
        l->setFont(mono);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    auto *g = new QGridLayout(this);
    g->setContentsMargins(6, 4, 6, 4);
    g->addWidget(new QLabel(tr("Pixel")), 0, 0);
    g->addWidget(m_pos, 0, 2);
    g->addWidget(new QLabel(tr("A")), 1, 0);
    g->addWidget(m_swatchA, 1, 1);
    g->addWidget(m_a, 1, 2);
    g->addWidget(new QLabel(tr("B")), 2, 0);
    g->addWidget(m_swatchB, 2, 1);
    g->addWidget(m_b, 2, 2);
    g->addWidget(new QLabel(tr("Δ")), 3, 0);
    g->addWidget(m_delta, 3, 2);
    g->setColumnStretch(2, 1);
    g->setRowStretch(4, 1);
    // A layered pixel whose tile was still loading is shown again when tiles arrive.
    connect(TileCache::instance(), &TileCache::changed, this, [this] {
        if (m_waiting)
            showPixel(m_last, true);
    });
    showPixel(QPoint(-1, -1), false);
}

void PixelInspector::setData(const ViewDataPtr &data) { m_data = data; }

QString PixelInspector::describe(const QImage &img, const QPoint &p, QColor *swatch)
{
    if (img.isNull() || !img.rect().contains(p)) {
        *swatch = QColor();
        return QStringLiteral("—");
    }
    const QColor c = img.pixelColor(p);
    *swatch = c;
    if (img.format() == QImage::Format_RGBA64) {
        const QRgba64 v = c.rgba64();
        return QStringLiteral("%1 %2 %3 %4").arg(v.red()).arg(v.green()).arg(v.blue()).arg(v.alpha());
    }
    return QStringLiteral("%1 %2 %3 %4").arg(c.red(), 3).arg(c.green(), 3).arg(c.blue(), 3).arg(c.alpha(), 3);
}

void PixelInspector::showPixel(const QPoint &pos, bool inside)
{
    if (!inside || !m_data) {
        m_pos->setText(QStringLiteral("—"));
        m_a->setText(QStringLiteral("—"));
        m_b->setText(QStringLiteral("—"));
        m_delta->setText(QStringLiteral("—"));
        setSwatch(m_swatchA, {});
        setSwatch(m_swatchB, {});
        return;
    }
    m_pos->setText(QStringLiteral("x %1, y %2").arg(pos.x()).arg(pos.y()));
    m_last = pos;
    m_waiting = false;
    QColor ca, cb;
    QImage ia = m_data->a.full(), ib = m_data->b.full();
    QPoint at = pos;
    if (m_data->a.isLayered() && m_data->b.isLayered()) {
        // Exact values from the full-resolution tiles; "…" until they are loaded.
        if (!QRect(QPoint(0, 0), m_data->a.size()).contains(pos)) {
            ia = ib = QImage();
        } else {
            ia = TileCache::instance()->exactPixel(m_data->a, pos.x(), pos.y());
            ib = TileCache::instance()->exactPixel(m_data->b, pos.x(), pos.y());
            at = QPoint(0, 0);
            if (ia.isNull() || ib.isNull()) {
                m_waiting = true;
                m_a->setText(tr("… (full resolution loading)"));
                m_b->setText(tr("…"));
                m_delta->setText(QStringLiteral("—"));
                setSwatch(m_swatchA, {});
                setSwatch(m_swatchB, {});
                return;
            }
        }
    }
    m_a->setText(describe(ia, at, &ca));
    m_b->setText(describe(ib, at, &cb));
    setSwatch(m_swatchA, ca);
    setSwatch(m_swatchB, cb);
    if (ca.isValid() && cb.isValid()) {
        const bool deep = ia.format() == QImage::Format_RGBA64 || ib.format() == QImage::Format_RGBA64;
        const QRgba64 a = ca.rgba64(), b = cb.rgba64();
        auto d = [deep](int x, int y) { return deep ? std::abs(x - y) : std::abs((x >> 8) - (y >> 8)); };
        const int dr = d(a.red(), b.red()), dg = d(a.green(), b.green()), db = d(a.blue(), b.blue()),
                  da = d(a.alpha(), b.alpha());
        m_delta->setText(QStringLiteral("%1 %2 %3 %4  max %5")
                             .arg(dr, 3).arg(dg, 3).arg(db, 3).arg(da, 3)
                             .arg(std::max(std::max(dr, dg), std::max(db, da))));
    } else {
        m_delta->setText(QStringLiteral("—"));
    }
}

QString PixelInspector::text() const
{
    return QStringList{m_pos->text(), m_a->text(), m_b->text(), m_delta->text()}.join(QLatin1Char('\n'));
}

} // namespace difflens::ui

// The pixel inspector: exact RGBA values of A and B under the cursor (from the decoded
// images, or from the full-resolution tiles of a layered comparison), their delta and the
// diff image's pixel of that pair; with an alignment, B's pixel and the diff's are those
// compared with A's (viewdata.h).
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
    : QWidget(parent), m_pos(new QLabel), m_a(new QLabel), m_b(new QLabel), m_delta(new QLabel), m_diff(new QLabel),
      m_swatchA(swatchLabel()), m_swatchB(swatchLabel()), m_swatchDiff(swatchLabel())
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QLabel *l : {m_pos, m_a, m_b, m_delta, m_diff}) {
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
    g->addWidget(new QLabel(tr("Diff")), 4, 0);
    g->addWidget(m_swatchDiff, 4, 1);
    g->addWidget(m_diff, 4, 2);
    g->setColumnStretch(2, 1);
    g->setRowStretch(5, 1);
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

QImage exactPixelOf(const ViewImage &img, const QPoint &p, QPoint *at, bool *loading)
{
    *at = p;
    if (img.isNull() || !QRect(QPoint(0, 0), img.size()).contains(p))
        return {};
    if (!img.isLayered())
        return img.full();
    if (img.store()->levelInMemory(0)) { // full resolution held in memory: no tiles to wait for
        int rows = 0;
        const QImage level = img.memoryLevelImage(0, &rows);
        if (!level.isNull() && p.y() < rows)
            return level;
    }
    *at = QPoint(0, 0);
    const QImage px = TileCache::instance()->exactPixel(img, p.x(), p.y());
    if (px.isNull())
        *loading = true;
    return px;
}

void PixelInspector::clearValues()
{
    for (QLabel *l : {m_a, m_b, m_delta, m_diff})
        l->setText(QStringLiteral("—"));
    for (QLabel *l : {m_swatchA, m_swatchB, m_swatchDiff})
        setSwatch(l, {});
    m_diffColor = QColor();
}

void PixelInspector::showPixel(const QPoint &pos, bool inside)
{
    if (!inside || !m_data) {
        m_pos->setText(QStringLiteral("—"));
        clearValues();
        return;
    }
    // `pos` is in A's frame (viewdata.h): A's pixel there, the pixel of B compared with it
    // (less the alignment offset) and the layers' pixel of that pair (less their origin).
    const ViewData &d = *m_data;
    const QPoint posB = d.toB(pos), posLayer = d.toLayer(pos);
    m_pos->setText(posB == pos ? QStringLiteral("x %1, y %2").arg(pos.x()).arg(pos.y())
                               : tr("A x %1, y %2 · B x %3, y %4")
                                     .arg(pos.x()).arg(pos.y()).arg(posB.x()).arg(posB.y()));
    m_last = pos;
    m_waiting = false;
    QPoint atA, atB, atDiff;
    bool loading = false;
    const QImage ia = exactPixelOf(d.a, d.toViewA(pos), &atA, &loading);
    const QImage ib = exactPixelOf(d.b, d.toViewB(pos), &atB, &loading);
    const QImage id = exactPixelOf(d.diff, posLayer, &atDiff, &loading);
    if (loading) {
        // Exact values from the full-resolution tiles; "…" until they are loaded.
        m_waiting = true;
        clearValues();
        m_a->setText(tr("… (full resolution loading)"));
        m_b->setText(tr("…"));
        return;
    }
    QColor ca, cb, cd;
    m_a->setText(describe(ia, atA, &ca));
    m_b->setText(describe(ib, atB, &cb));
    m_diff->setText(describe(id, atDiff, &cd));
    setSwatch(m_swatchA, ca);
    setSwatch(m_swatchB, cb);
    setSwatch(m_swatchDiff, cd);
    m_diffColor = cd;
    if (ca.isValid() && cb.isValid()) {
        const bool deep = ia.format() == QImage::Format_RGBA64 || ib.format() == QImage::Format_RGBA64;
        const QRgba64 a = ca.rgba64(), b = cb.rgba64();
        auto delta = [deep](int x, int y) { return deep ? std::abs(x - y) : std::abs((x >> 8) - (y >> 8)); };
        const int dr = delta(a.red(), b.red()), dg = delta(a.green(), b.green()), db = delta(a.blue(), b.blue()),
                  da = delta(a.alpha(), b.alpha());
        m_delta->setText(QStringLiteral("%1 %2 %3 %4  max %5")
                             .arg(dr, 3).arg(dg, 3).arg(db, 3).arg(da, 3)
                             .arg(std::max(std::max(dr, dg), std::max(db, da))));
    } else {
        m_delta->setText(QStringLiteral("—"));
    }
}

QString PixelInspector::text() const
{
    return QStringList{m_pos->text(), m_a->text(), m_b->text(), m_delta->text(), m_diff->text()}.join(QLatin1Char('\n'));
}

} // namespace difflens::ui

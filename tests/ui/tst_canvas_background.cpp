// The canvas's background: the checkerboard (8 px squares, the darker one at the widget's
// origin) under a transparent image, the window colour around it, at several widget sizes
// and zooms, and again after a resize (the checkerboard is cached at the widget's size).
#include "uitestutil.h"

#include "views/compareview.h"
#include "zoommodel.h"

#include <QPalette>
#include <QtTest>

using namespace difflens::ui;

class TestCanvasBackground : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void checkerboard_data();
    void checkerboard();
};

namespace {
// Every pixel of `shot`: the checkerboard inside `image` (widget coordinates), `outside` elsewhere.
int wrongPixels(const QImage &shot, const QRect &image, const QColor &light, const QColor &dark, const QColor &outside)
{
    int wrong = 0;
    for (int y = 0; y < shot.height(); ++y)
        for (int x = 0; x < shot.width(); ++x) {
            const QColor want = !image.contains(x, y) ? outside : ((x / 8 + y / 8) % 2 ? light : dark);
            wrong += qRgb(qRed(shot.pixel(x, y)), qGreen(shot.pixel(x, y)), qBlue(shot.pixel(x, y))) != want.rgb();
        }
    return wrong;
}
} // namespace

void TestCanvasBackground::checkerboard_data()
{
    QTest::addColumn<QSize>("frame");
    QTest::addColumn<QSize>("widget");
    QTest::addColumn<double>("zoom");
    QTest::addColumn<QSize>("resizedTo");
    QTest::newRow("image inside the widget") << QSize(100, 80) << QSize(200, 160) << 1.0 << QSize();
    QTest::newRow("odd sizes") << QSize(61, 37) << QSize(203, 157) << 2.0 << QSize();
    QTest::newRow("image over the whole widget") << QSize(4000, 3000) << QSize(180, 120) << 1.0 << QSize();
    QTest::newRow("after a resize") << QSize(4000, 3000) << QSize(200, 160) << 1.0 << QSize(257, 199);
}

void TestCanvasBackground::checkerboard()
{
    QFETCH(QSize, frame);
    QFETCH(QSize, widget);
    QFETCH(double, zoom);
    QFETCH(QSize, resizedTo);
    SingleImageCanvas c;
    c.setFrameSize(frame);
    c.setImage(uitest::viewImage(uitest::solid(frame.width(), frame.height(), QColor(0, 0, 0, 0))));
    c.resize(widget);
    c.show();
    QVERIFY(QTest::qWaitForWindowExposed(&c));
    c.zoomModel()->setZoom(zoom);
    (void)c.grab(); // painted once at the first size
    if (resizedTo.isValid())
        c.resize(resizedTo);
    const QImage shot = c.grab().toImage();
    QCOMPARE(shot.size(), c.size());
    const QRect image = c.zoomModel()->imageToWidget(QRectF(QPointF(0, 0), QSizeF(frame))).toAlignedRect();
    QVERIFY(!image.intersected(c.rect()).isEmpty());
    const bool darkTheme = c.palette().color(QPalette::Window).lightness() < 128;
    const QColor light = darkTheme ? QColor(58, 58, 58) : QColor(236, 236, 236);
    const QColor dark = darkTheme ? QColor(78, 78, 78) : QColor(204, 204, 204);
    const QColor outside = c.palette().color(QPalette::Window).darker(108);
    QCOMPARE(wrongPixels(shot, image, light, dark, outside), 0);
}

QTEST_MAIN(TestCanvasBackground)
#include "tst_canvas_background.moc"

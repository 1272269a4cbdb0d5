// Each view renders the expected pixels at known widget coordinates.
#include "uitestutil.h"

#include "colormap.h"
#include "imagebridge.h"
#include "views/blinkview.h"
#include "views/differenceview.h"
#include "views/onionview.h"
#include "views/sidebysideview.h"
#include "views/swipeview.h"
#include "zoommodel.h"

#include <QSlider>
#include <QtTest>

using namespace difflens;
using namespace difflens::ui;

namespace {
const QColor kRed(220, 30, 30), kBlue(30, 60, 220), kGreen(30, 200, 60);

// A: red 100x80. B: blue with a green 10x10 square at (10,10).
ViewDataPtr makeData()
{
    auto d = std::make_shared<ViewData>();
    d->a = uitest::viewImage(uitest::solid(100, 80, kRed));
    QImage b = uitest::solid(100, 80, kBlue);
    QPainter(&b).fillRect(QRect(10, 10, 10, 10), kGreen);
    d->b = uitest::viewImage(b);
    d->diff = uitest::viewImage(uitest::solid(100, 80, QColor(250, 250, 250)));
    auto bytes = std::make_shared<std::vector<uint8_t>>(100 * 80, uint8_t(0));
    for (int y = 10; y < 20; ++y)
        for (int x = 10; x < 20; ++x)
            (*bytes)[size_t(y) * 100 + x] = 255;
    d->heat = ViewImage(wrapIndexed(bytes, 100, 80, colormapTable(QStringLiteral("viridis"))), ViewImage::Reduce::Max);
    auto mask = std::make_shared<std::vector<uint8_t>>(100 * 80, uint8_t(0));
    for (int y = 10; y < 20; ++y)
        for (int x = 10; x < 20; ++x)
            (*mask)[size_t(y) * 100 + x] = 3; // "different"
    d->mask = ViewImage(wrapIndexed(mask, 100, 80, maskTable(Qt::red, Qt::yellow)), ViewImage::Reduce::Max);
    d->regions = {RegionItem{QRect(10, 10, 10, 10), 100}};
    d->result = uitest::comparedSnapshot();
    return d;
}

QColor px(QWidget *w, int x, int y) { return w->grab().toImage().pixelColor(x, y); }

void showAt(QWidget *w, int width, int height)
{
    w->resize(width, height);
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w));
}
} // namespace

class TestViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bridgeIsZeroCopy();
    void singleCanvasFitsAndDraws();
    void sideBySide();
    void swipe();
    void onion();
    void blink();
    void difference();
    void regionBoxesDrawn();
    void nearestNeighbourAtHighZoom();
    void pyramidLevels();
};

void TestViews::bridgeIsZeroCopy()
{
    auto img = std::make_shared<Image>(8, 4, 4, 8);
    const uint8_t *raw = img->data();
    std::weak_ptr<Image> weak = img;
    QImage q = wrapImage(img);
    img.reset();
    QVERIFY(!weak.expired());                 // the QImage keeps the buffer alive
    QCOMPARE(q.constBits(), raw);             // no copy
    QCOMPARE(q.format(), QImage::Format_RGBA8888);
    QImage copy = q;                          // implicit sharing keeps it too
    q = QImage();
    QVERIFY(!weak.expired());
    copy = QImage();
    QVERIFY(weak.expired());                  // released with the last QImage

    auto deep = std::make_shared<Image>(2, 2, 4, 16);
    QCOMPARE(wrapImage(deep).format(), QImage::Format_RGBA64);
}

void TestViews::singleCanvasFitsAndDraws()
{
    SingleImageCanvas c;
    c.setFrameSize(QSize(100, 80));
    c.setImage(makeData()->b);
    showAt(&c, 200, 160);
    QCOMPARE(c.zoomModel()->zoom(), 2.0);
    QVERIFY(uitest::near(px(&c, 30, 30), kGreen));    // image (15,15)
    QVERIFY(uitest::near(px(&c, 100, 100), kBlue));   // image (50,50)
}

void TestViews::sideBySide()
{
    SideBySideView v;
    v.setData(makeData());
    showAt(&v, 404, 160);
    QWidget *a = v.canvasA(), *b = v.canvasB();
    QVERIFY(uitest::near(px(a, a->width() / 2, a->height() / 2), kRed));
    QVERIFY(uitest::near(px(b, b->width() / 2, b->height() / 2), kBlue));
    QCOMPARE(v.sideAt(v.canvasA()->geometry().center()), Side::A);
    QCOMPARE(v.sideAt(v.mapFromGlobal(b->mapToGlobal(QPoint(10, 10)))), Side::B);
    v.setVertical(true);
    QVERIFY(v.isVertical());
}

void TestViews::swipe()
{
    SwipeView v;
    v.setData(makeData());
    showAt(&v, 200, 160);
    v.canvas()->setSplit(0.5);
    QVERIFY(uitest::near(px(v.canvas(), 60, 120), kRed));   // left of the split: A
    QVERIFY(uitest::near(px(v.canvas(), 150, 60), kBlue));  // right: B
    QCOMPARE(v.sideAt(QPoint(20, 80)), Side::A);
    QCOMPARE(v.sideAt(QPoint(180, 80)), Side::B);
    // Drag the split line to 25 %: x=80 now shows B.
    QTest::mousePress(v.canvas(), Qt::LeftButton, {}, QPoint(100, 80));
    QTest::mouseMove(v.canvas(), QPoint(50, 80));
    QTest::mouseRelease(v.canvas(), Qt::LeftButton, {}, QPoint(50, 80));
    QCOMPARE(v.canvas()->split(), 0.25);
    QVERIFY(uitest::near(px(v.canvas(), 80, 120), kBlue));
}

void TestViews::onion()
{
    OnionView v;
    v.setData(makeData());
    showAt(&v, 200, 200);
    v.slider()->setValue(50);
    OnionCanvas *c = v.canvas();
    const QColor mid = px(c, c->width() / 2, c->height() / 2 + 20);
    QVERIFY2(uitest::near(mid, QColor((kRed.red() + kBlue.red()) / 2, (kRed.green() + kBlue.green()) / 2,
                                      (kRed.blue() + kBlue.blue()) / 2),
                          8),
             qPrintable(mid.name()));
    v.slider()->setValue(0);
    QVERIFY(uitest::near(px(c, c->width() / 2, c->height() / 2 + 20), kRed));
    v.slider()->setValue(100);
    QVERIFY(uitest::near(px(c, c->width() / 2, c->height() / 2 + 20), kBlue));
}

void TestViews::blink()
{
    BlinkView v;
    v.setAutoBlink(false);
    v.setData(makeData());
    showAt(&v, 200, 200);
    SingleImageCanvas *c = v.canvas();
    const QPoint centre(c->width() / 2, c->height() / 2 + 20);
    v.showSide(false);
    QVERIFY(uitest::near(px(c, centre.x(), centre.y()), kRed));
    // Holding Space shows B, releasing returns to A.
    c->setFocus();
    QTest::keyPress(c, Qt::Key_Space);
    QVERIFY(v.showingB());
    QVERIFY(uitest::near(px(c, centre.x(), centre.y()), kBlue));
    QTest::keyRelease(c, Qt::Key_Space);
    QVERIFY(!v.showingB());
    // Automatic blinking alternates at the interval.
    v.setInterval(50);
    v.setAutoBlink(true);
    QTRY_VERIFY_WITH_TIMEOUT(v.showingB(), 2000);
    QTRY_VERIFY_WITH_TIMEOUT(!v.showingB(), 2000);
}

void TestViews::difference()
{
    DifferenceView v;
    v.setData(makeData());
    showAt(&v, 200, 200);
    SingleImageCanvas *c = v.canvas();
    // Fit: 100x80 into the canvas; map image points through the zoom model.
    auto at = [c](double ix, double iy) {
        const QPointF w = c->zoomModel()->imageToWidget(QPointF(ix, iy));
        return px(c, int(w.x()), int(w.y()));
    };
    v.setMode(DifferenceView::Mode::Diff);
    QVERIFY(uitest::near(at(50, 50), QColor(250, 250, 250)));
    v.setMode(DifferenceView::Mode::Heatmap);
    const QVector<QRgb> table = colormapTable(QStringLiteral("viridis"));
    QVERIFY(uitest::near(at(15, 15), QColor(table[255]), 4));
    QVERIFY(uitest::near(at(50, 50), QColor(table[0]), 4));
    v.setMode(DifferenceView::Mode::Mask);
    QVERIFY(uitest::near(at(15, 15), QColor(Qt::red), 4));
    v.setMode(DifferenceView::Mode::Ssim);
    QVERIFY(!c->message().isEmpty());  // no SSIM map: explains how to get one
}

void TestViews::regionBoxesDrawn()
{
    SingleImageCanvas c;
    c.setFrameSize(QSize(100, 80));
    c.setImage(makeData()->a);
    c.setRegionColor(QColor(255, 0, 255));
    c.setOverlays(makeData()->regions, {});
    showAt(&c, 200, 160);
    // Region (10,10 10x10) is at widget (20..40); its outline sits just outside.
    const QImage shot = c.grab().toImage();
    bool found = false;
    for (int x = 16; x <= 22 && !found; ++x)
        found = uitest::near(shot.pixelColor(x, 30), QColor(255, 0, 255), 40);
    QVERIFY(found);
    QVERIFY(uitest::near(shot.pixelColor(30, 30), kRed));
}

void TestViews::nearestNeighbourAtHighZoom()
{
    QImage img = uitest::solid(4, 4, Qt::black);
    img.setPixelColor(1, 1, Qt::white);
    SingleImageCanvas c;
    c.setFrameSize(QSize(4, 4));
    c.setImage(uitest::viewImage(img));
    showAt(&c, 200, 200);
    c.zoomModel()->setZoom(32.0);
    c.zoomModel()->centerOn(QPointF(1.5, 1.5));
    // Pixel (1,1) covers widget [84,116); its neighbour (2,1) covers [116,148).
    const QImage shot = c.grab().toImage();
    QCOMPARE(shot.pixelColor(85, 100), QColor(Qt::white));
    QCOMPARE(shot.pixelColor(115, 100), QColor(Qt::white));
    QCOMPARE(shot.pixelColor(117, 100), QColor(Qt::black));
}

void TestViews::pyramidLevels()
{
    ViewImage v(uitest::solid(5000, 1000, kRed));
    QCOMPARE(v.levelCount(), 2);  // 2500, 1250
    double s = 0;
    QCOMPARE(v.levelFor(1.0, &s).width(), 5000);
    QCOMPARE(v.levelFor(0.25, &s).width(), 1250);
    QCOMPARE(v.levelFor(0.3, &s).width(), 2500);
    QVERIFY(uitest::near(v.levelFor(0.1, &s).pixelColor(10, 10), kRed, 2));
}

QTEST_MAIN(TestViews)
#include "tst_views.moc"

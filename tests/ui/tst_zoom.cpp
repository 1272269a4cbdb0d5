// Zoom model and synchronised zoom/pan between canvases.
#include "uitestutil.h"

#include "views/sidebysideview.h"
#include "viewsynchronizer.h"
#include "zoommodel.h"

#include <QtTest>

using namespace difflens::ui;

class TestZoom : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fitAndSteps();
    void zoomAroundKeepsAnchor();
    void panAndMapping();
    void devicePixelRatio();
    void synchronizerKeepsModelsInStep();
    void sideBySideWheelAndDragAreSynchronised();
};

void TestZoom::fitAndSteps()
{
    ZoomModel m;
    m.setViewport(QSizeF(400, 300), 1.0);
    m.setImageSize(QSize(800, 300));
    QVERIFY(m.isFit());
    QCOMPARE(m.zoom(), 0.5);
    QCOMPARE(m.center(), QPointF(400, 150));
    QCOMPARE(ZoomModel::nextStep(1.0), 1.5);
    QCOMPARE(ZoomModel::previousStep(1.0), 0.6667);
    m.setZoom(30);
    m.zoomIn();
    QCOMPARE(m.zoom(), 32.0);   // 3200 % is the top step
    m.zoomIn();
    QCOMPARE(m.zoom(), 32.0);
    QVERIFY(!m.isFit());
    m.fit();
    QCOMPARE(m.zoom(), 0.5);
}

void TestZoom::zoomAroundKeepsAnchor()
{
    ZoomModel m;
    m.setViewport(QSizeF(400, 300), 1.0);
    m.setImageSize(QSize(400, 300));
    const QPointF anchor(100, 50);
    const QPointF before = m.widgetToImage(anchor);
    m.zoomAround(4.0, anchor);
    const QPointF after = m.widgetToImage(anchor);
    QVERIFY(std::abs(before.x() - after.x()) < 1e-9 && std::abs(before.y() - after.y()) < 1e-9);
    QCOMPARE(m.zoom(), 4.0);
}

void TestZoom::panAndMapping()
{
    ZoomModel m;
    m.setViewport(QSizeF(200, 200), 1.0);
    m.setImageSize(QSize(1000, 1000));
    m.setZoom(1.0);
    m.centerOn(QPointF(500, 500));
    QCOMPARE(m.imageToWidget(QPointF(500, 500)), QPointF(100, 100));
    m.panBy(QPointF(20, -10));   // drag right/up moves the image with the cursor
    QCOMPARE(m.center(), QPointF(480, 510));
    m.showRect(QRectF(900, 900, 10, 10));
    QCOMPARE(m.center(), QPointF(905, 905));
    m.showRect(QRectF(0, 0, 800, 800));  // does not fit at 100 %: zooms out
    QVERIFY(m.zoom() < 0.25);
}

void TestZoom::devicePixelRatio()
{
    ZoomModel m;
    m.setViewport(QSizeF(200, 200), 2.0);
    m.setImageSize(QSize(400, 400));
    QCOMPARE(m.zoom(), 1.0);       // fit: 200 logical = 400 device pixels for 400 image pixels
    QCOMPARE(m.scale(), 0.5);      // 100 %: one image pixel per physical pixel = half a logical pixel
    m.setZoom(2.0);
    QCOMPARE(m.scale(), 1.0);
}

void TestZoom::synchronizerKeepsModelsInStep()
{
    ZoomModel a, b, c;
    for (ZoomModel *m : {&a, &b, &c}) {
        m->setViewport(QSizeF(300, 200), 1.0);
        m->setImageSize(QSize(600, 400));
    }
    ViewSynchronizer sync;
    sync.add(&a);
    sync.add(&b);
    sync.add(&c);
    a.zoomAround(3.0, QPointF(10, 10));
    QCOMPARE(b.zoom(), 3.0);
    QCOMPARE(c.center(), a.center());
    c.panBy(QPointF(30, 0));
    QCOMPARE(a.center(), c.center());
    QCOMPARE(b.center(), c.center());
    b.fit();
    QVERIFY(a.isFit() && c.isFit());
    sync.setEnabled(false);
    a.setZoom(8);
    QCOMPARE(b.zoom(), 0.5);
}

void TestZoom::sideBySideWheelAndDragAreSynchronised()
{
    SideBySideView v;
    ViewSynchronizer sync;
    for (ImageCanvas *c : v.canvases())
        sync.add(c->zoomModel());
    auto d = std::make_shared<ViewData>();
    d->a = uitest::viewImage(uitest::solid(400, 300, Qt::red));
    d->b = uitest::viewImage(uitest::solid(400, 300, Qt::blue));
    v.setData(d);
    v.resize(800, 300);
    v.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v));
    ZoomModel *za = v.canvasA()->zoomModel(), *zb = v.canvasB()->zoomModel();
    const double before = za->zoom();
    QWheelEvent wheel(QPointF(50, 60), v.canvasA()->mapToGlobal(QPointF(50, 60)), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(v.canvasA(), &wheel);
    QVERIFY(za->zoom() > before);
    QCOMPARE(zb->zoom(), za->zoom());
    QCOMPARE(zb->center(), za->center());
    const QPointF c0 = zb->center();
    QTest::mousePress(v.canvasB(), Qt::LeftButton, {}, QPoint(100, 100));
    QTest::mouseMove(v.canvasB(), QPoint(140, 100));
    QTest::mouseRelease(v.canvasB(), Qt::LeftButton, {}, QPoint(140, 100));
    QVERIFY(zb->center().x() < c0.x());
    QCOMPARE(za->center(), zb->center());
}

QTEST_MAIN(TestZoom)
#include "tst_zoom.moc"

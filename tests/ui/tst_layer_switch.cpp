// Views switched to right after a layered pair's exact result when its exact pass filled only
// the shown view's layers (ComparisonSession::setShownLayers): a layer left to the
// full-resolution pass shows the background and "filling", never unset pixels; once that
// pass has filled it, the view is the same, pixel for pixel, as when the exact pass filled
// every layer.
#include "layered_test_util.h"
#include "uitestutil.h"

#include "comparecontroller.h"
#include "compareworkspace.h"
#include "comparisonsession.h"
#include "imagecanvas.h"
#include "mainwindow.h"
#include "views/compareview.h"
#include "views/blinkview.h"
#include "views/differenceview.h"
#include "zoommodel.h"

#include <QSemaphore>
#include <QStandardPaths>
#include <QtTest>

#include <memory>

using namespace difflens;
using namespace difflens::ui;
using uitest::LayerCanvas;
using uitest::pushRows;
using uitest::waitFor;

Q_DECLARE_METATYPE(difflens::ui::CompareWorkspace::Mode)
Q_DECLARE_METATYPE(difflens::ui::DifferenceView::Mode)

namespace {

// The canvas's checkerboard at widget pixel (x, y) (ImageCanvas::paintBackground, light palette).
QRgb checkerAt(int x, int y)
{
    return (x / 8 + y / 8) % 2 == 0 ? QColor(204, 204, 204).rgb() : QColor(236, 236, 236).rgb();
}

// A window on the layered route (tiled full resolution) showing `mode`, the exact pass
// filling `shown`. With `holdFullPass` the background pool is kept busy until release(), so
// the full-resolution pass waits.
class Window {
public:
    Window(LayerSet shown, bool holdFullPass)
    {
        w.resize(1000, 760);
        w.show();
        ComparisonSession *s = w.session();
        AppSettings settings = s->settings();
        settings.memoryBudgetMiB = 32; // in-memory levels up to 8 MiB: full resolution is tiled
        s->setSettings(settings);
        s->setLayeredPixels(0);
        w.workspace()->setMode(CompareWorkspace::Mode::Difference);
        w.workspace()->difference()->setMode(DifferenceView::Mode::Diff);
        w.workspace()->blink()->setAutoBlink(false);
        s->setShownLayers(shown); // after the view: the window sets the view's layers on a change
        if (holdFullPass) {
            QSemaphore *gate = &m_gate;
            for (int i = 0; i < s->controller()->backgroundPool()->maxThreadCount(); ++i)
                s->controller()->backgroundPool()->start([gate] { gate->acquire(); });
            m_held = s->controller()->backgroundPool()->maxThreadCount();
        }
    }
    ~Window()
    {
        release();
        w.session()->shutdown();
    }
    void release()
    {
        m_gate.release(m_held);
        m_held = 0;
    }
    bool exact() const
    {
        const ComparisonPtr c = w.session()->comparison();
        return c && c->compared();
    }
    bool settled() const { return exact() && !w.session()->fullResolutionPending(); }
    void show(CompareWorkspace::Mode mode, DifferenceView::Mode diffMode)
    {
        w.workspace()->setMode(mode);
        w.workspace()->difference()->setMode(diffMode);
    }
    QList<ImageCanvas *> canvases() const { return w.workspace()->currentView()->canvases(); }

    MainWindow w;

private:
    QSemaphore m_gate;
    int m_held = 0;
};

} // namespace

class TestLayerSwitch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void switchRightAfterExact_data();
    void switchRightAfterExact();
    void failedFullPassSaysSo();
    void streamedLevelFollowsRowsAndColours_data();
    void streamedLevelFollowsRowsAndColours();

private:
    QTemporaryDir m_dir;
    QString m_a, m_b;
};

void TestLayerSwitch::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DiffLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_layer_switch"));
    QVERIFY(m_dir.isValid());
    QImage a(1200, 900, QImage::Format_RGBA8888);
    QRandomGenerator rng(5);
    for (int y = 0; y < a.height(); ++y) {
        uchar *row = a.scanLine(y);
        for (int x = 0; x < a.width(); ++x) {
            row[x * 4 + 0] = uchar(x * 255 / a.width());
            row[x * 4 + 1] = uchar(rng.bounded(256));
            row[x * 4 + 2] = uchar(y * 255 / a.height());
            row[x * 4 + 3] = 255;
        }
    }
    QImage b = a.copy();
    QPainter p(&b);
    p.fillRect(QRect(700, 500, 60, 50), QColor(255, 0, 0));
    p.end();
    m_a = m_dir.filePath(QStringLiteral("a.png"));
    m_b = m_dir.filePath(QStringLiteral("b.png"));
    QVERIFY(a.save(m_a) && b.save(m_b));
}

void TestLayerSwitch::switchRightAfterExact_data()
{
    QTest::addColumn<CompareWorkspace::Mode>("mode");
    QTest::addColumn<DifferenceView::Mode>("diffMode");
    QTest::addColumn<bool>("pending"); // the view draws a layer the exact pass left out
    using M = CompareWorkspace::Mode;
    using D = DifferenceView::Mode;
    QTest::newRow("side by side") << M::SideBySide << D::Diff << true;
    QTest::newRow("swipe") << M::Swipe << D::Diff << true;
    QTest::newRow("onion skin") << M::Onion << D::Diff << true;
    QTest::newRow("blink") << M::Blink << D::Diff << true;
    QTest::newRow("difference: heatmap") << M::Difference << D::Heatmap << true;
    QTest::newRow("difference: mask") << M::Difference << D::Mask << true;
    QTest::newRow("difference: diff (filled first)") << M::Difference << D::Diff << false;
}

void TestLayerSwitch::switchRightAfterExact()
{
    QFETCH(CompareWorkspace::Mode, mode);
    QFETCH(DifferenceView::Mode, diffMode);
    QFETCH(bool, pending);

    // Only the diff in the exact pass; the full-resolution pass held back.
    Window diffFirst(layerBit(LayerKind::Diff), true);
    QVERIFY(QTest::qWaitForWindowExposed(&diffFirst.w));
    diffFirst.w.session()->openPair(m_a, m_b);
    QVERIFY(waitFor([&diffFirst] { return diffFirst.exact(); }, 30000));
    const ComparisonPtr c = diffFirst.w.session()->comparison();
    QVERIFY(c->store && c->store->deferredFullResolution());
    QVERIFY(diffFirst.w.session()->fullResolutionPending());
    QCOMPARE(c->store->firstPassLayers(), LayerSet(layerBit(LayerKind::Diff)));

    diffFirst.show(mode, diffMode);
    int sampled = 0, drawn = 0;
    for (ImageCanvas *canvas : diffFirst.canvases()) {
        canvas->repaint();
        QCOMPARE(canvas->layerFilling(), pending);
        const QImage shot = canvas->grab().toImage();
        // Inside the image, away from the region box and its number, the corner label, the
        // swipe handle and the "filling" box at the bottom (above the memory notice).
        const QRect image = canvas->zoomModel()->imageToWidget(QRectF(QPointF(0, 0), QSizeF(1200, 900))).toAlignedRect();
        const QRect box =
            canvas->zoomModel()->imageToWidget(QRectF(700, 500, 60, 50)).toAlignedRect().adjusted(-8, -24, 40, 8);
        for (int y = image.top() + 2; y < std::min(image.bottom(), canvas->height() - 100); y += 7)
            for (int x = image.left() + 2; x < std::min(image.right(), canvas->width()); x += 9) {
                if (box.contains(x, y) || (x < 80 && y < 44) || std::abs(x - canvas->width() / 2) < 16)
                    continue;
                ++sampled;
                if (shot.pixel(x, y) != checkerAt(x, y))
                    ++drawn;
            }
    }
    QVERIFY(sampled > 100);
    if (pending)
        QCOMPARE(drawn, 0); // the background only: nothing of an unfilled level
    else
        QVERIFY(drawn > sampled / 2);

    // The full-resolution pass fills the other layers; the view then equals the one of a
    // window whose exact pass filled every layer.
    diffFirst.release();
    QVERIFY(waitFor([&diffFirst] { return diffFirst.settled(); }, 30000));
    QVERIFY(!c->store->layerPending(LayerKind::A));
    Window allFirst(kAllLayers, false);
    QVERIFY(QTest::qWaitForWindowExposed(&allFirst.w));
    allFirst.w.session()->openPair(m_a, m_b);
    QVERIFY(waitFor([&allFirst] { return allFirst.settled(); }, 30000));
    allFirst.show(mode, diffMode);
    const QList<ImageCanvas *> mine = diffFirst.canvases(), theirs = allFirst.canvases();
    QCOMPARE(mine.size(), theirs.size());
    for (int i = 0; i < mine.size(); ++i) {
        // At a zoom drawn from the in-memory levels (the ones the passes differ in; tiles load
        // in the background, at their own time).
        for (ImageCanvas *canvas : {mine[i], theirs[i]}) {
            canvas->zoomModel()->setZoom(0.3);
            canvas->zoomModel()->centerOn(QPointF(600, 450));
        }
        QVERIFY(!mine[i]->grab().isNull());
        QVERIFY(!mine[i]->layerFilling());
        QCOMPARE(mine[i]->size(), theirs[i]->size());
        const QImage x = mine[i]->grab().toImage(), y = theirs[i]->grab().toImage();
        QVERIFY2(x == y, qPrintable(QStringLiteral("canvas %1").arg(i)));
    }
}

// When the full-resolution pass that was to fill a layer fails (B removed meanwhile), the
// views drawing that layer say so instead of "filling" for ever.
void TestLayerSwitch::failedFullPassSaysSo()
{
    const QString b = m_dir.filePath(QStringLiteral("b-removed.png"));
    QVERIFY(QFile::copy(m_b, b));
    Window w(layerBit(LayerKind::Diff), true);
    QVERIFY(QTest::qWaitForWindowExposed(&w.w));
    w.w.session()->openPair(m_a, b);
    QVERIFY(waitFor([&w] { return w.exact(); }, 30000));
    QVERIFY(QFile::remove(b));
    w.release();
    QVERIFY(waitFor([&w] { return w.settled(); }, 30000));
    QVERIFY(w.w.session()->comparison()->failed(ComparisonPart::FullResolution));
    w.show(CompareWorkspace::Mode::SideBySide, DifferenceView::Mode::Diff);
    for (ImageCanvas *canvas : w.canvases()) {
        canvas->repaint();
        QVERIFY(!canvas->layerFilling());
        QVERIFY(canvas->layerMissing());
    }
    w.show(CompareWorkspace::Mode::Difference, DifferenceView::Mode::Diff); // filled by the exact pass
    for (ImageCanvas *canvas : w.canvases()) {
        canvas->repaint();
        QVERIFY(!canvas->layerMissing());
    }
}

// The canvas draws a streaming in-memory level through its own copy (ImageCanvas::levelMirror):
// the rows as they arrive, and for the heatmap the colours of the peak so far, redrawn when
// a larger difference raises the peak.
void TestLayerSwitch::streamedLevelFollowsRowsAndColours_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("A (RGBA)") << int(LayerKind::A);
    QTest::newRow("heatmap (indexed, the peak grows)") << int(LayerKind::Heat);
}

void TestLayerSwitch::streamedLevelFollowsRowsAndColours()
{
    QFETCH(int, kind);
    QImage a(160, 120, QImage::Format_RGBA8888);
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            a.setPixelColor(x, y, QColor(x, y * 2, 100));
    QImage b = a.copy();
    QPainter p(&b);
    p.fillRect(QRect(10, 10, 30, 30), QColor(60, 60, 100));   // small deltas in the top half
    p.fillRect(QRect(20, 80, 30, 30), QColor(255, 255, 255)); // the largest in the bottom half
    p.end();
    std::string error;
    const auto store = LayerStore::create(160, 120, 8, LayerStore::Options{}, error); // all in memory
    QVERIFY2(store, error.c_str());
    LayerCanvas canvas;
    canvas.resize(160, 120);
    canvas.image = ViewImage::layered(store, LayerKind(kind));
    canvas.setFrameSize(canvas.image.size());
    canvas.zoomModel()->setViewport(QSizeF(160, 120), 1.0);
    canvas.zoomModel()->setZoom(1.0);
    canvas.zoomModel()->centerOn(QPointF(80, 60)); // image pixels on device pixels
    // What level 0 holds at (x, y), in the colours it has now.
    const auto expected = [&canvas](int x, int y) {
        int rows = 0;
        const QImage level = canvas.image.memoryLevelImage(0, &rows);
        return y < rows ? level.pixel(x, y) : QRgb(0);
    };
    const auto shotAt = [&canvas](const QImage &shot, int x, int y) {
        const QPointF w = canvas.zoomModel()->imageToWidget(QPointF(x + 0.5, y + 0.5));
        return shot.pixel(int(w.x()), int(w.y()));
    };
    QVERIFY(pushRows(*store, a, b, 0, 60));
    QImage shot = canvas.grab().toImage();
    const QRgb before = expected(20, 20);
    for (const QPoint pt : {QPoint(20, 20), QPoint(100, 30), QPoint(5, 59)})
        QCOMPARE(shotAt(shot, pt.x(), pt.y()), expected(pt.x(), pt.y()));
    QVERIFY(pushRows(*store, a, b, 60, 60));
    QVERIFY(store->finish(error));
    shot = canvas.grab().toImage();
    for (const QPoint pt : {QPoint(20, 20), QPoint(100, 30), QPoint(30, 90), QPoint(150, 119)})
        QCOMPARE(shotAt(shot, pt.x(), pt.y()), expected(pt.x(), pt.y()));
    if (LayerKind(kind) == LayerKind::Heat)
        QVERIFY(expected(20, 20) != before); // the same delta, coloured against a larger peak
}

QTEST_MAIN(TestLayerSwitch)
#include "tst_layer_switch.moc"

// The app's coordinate rule with an applied alignment (issue #13): every view is in A's frame,
// B is drawn at the offset, the comparison layers at the overlap's origin. On generated pairs
// (B = A shifted by (dx, dy) with one changed block) compared with Align on: the offset, the
// pixel inspector's A and B values (the pair that was compared), the region box of the block
// in A's frame, the diff, heat and Difference-view pixels there, and an ignore rectangle drawn
// in A's frame that hides the block.
#include "uitestutil.h"

#include "comparisonsession.h"
#include "compareworkspace.h"
#include "mainwindow.h"
#include "views/differenceview.h"
#include "views/sidebysideview.h"
#include "widgets/comparetoolbar.h"
#include "widgets/pixelinspector.h"
#include "zoommodel.h"

#include <QAction>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>

#include <cmath>

using namespace difflens;
using namespace difflens::ui;

namespace {

constexpr int kW = 240, kH = 180;
const QRect kBlockInB(100, 80, 24, 16); // the changed block, in B's coordinates
const QColor kBlock(255, 0, 255);

// A's content: random 4x4 blocks with red and blue below 200, so every pixel of the
// magenta block differs from what it replaced.
QImage texture(int w, int h) { return uitest::texture(w, h, 4321, 200); }

// B(x, y) = A(x + dx, y + dy) where that is inside A, grey elsewhere; the block painted over.
QImage shiftedWithBlock(const QImage &a, int dx, int dy)
{
    QImage b = uitest::shifted(a, dx, dy);
    QPainter p(&b);
    p.fillRect(kBlockInB, kBlock);
    return b;
}

// The inspector's line for an 8-bit RGBA pixel.
QString rgba(const QColor &c)
{
    return QStringLiteral("%1 %2 %3 %4").arg(c.red(), 3).arg(c.green(), 3).arg(c.blue(), 3).arg(c.alpha(), 3);
}

using uitest::shownAt;
using uitest::waitFor;

} // namespace

class TestAlignViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void alignedViews_data();
    void alignedViews();

private:
    QTemporaryDir m_dir;
};

void TestAlignViews::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DiffLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_align_views"));
    QVERIFY(m_dir.isValid());
}

void TestAlignViews::init()
{
    QSettings().clear(); // Align is remembered across windows: each row starts without it
}

void TestAlignViews::alignedViews_data()
{
    QTest::addColumn<int>("dx");
    QTest::addColumn<int>("dy");
    QTest::addColumn<bool>("layered"); // the route of large pairs: A and B hold the compared area only
    QTest::newRow("right and down") << 12 << 6 << false;
    QTest::newRow("right and up") << 7 << -4 << false;
    QTest::newRow("left and down") << -5 << 9 << false;
    QTest::newRow("left and up") << -9 << -11 << false;
    QTest::newRow("layered, right and up") << 7 << -4 << true;
    QTest::newRow("layered, left and down") << -5 << 9 << true;
}

void TestAlignViews::alignedViews()
{
    QFETCH(int, dx);
    QFETCH(int, dy);
    QFETCH(bool, layered);
    const QPoint d(dx, dy);
    const QImage ta = texture(kW, kH);
    const QImage tb = shiftedWithBlock(ta, dx, dy);
    const QString a = m_dir.filePath(QStringLiteral("a.png"));
    // Its own B per row: the ignore rectangle drawn at the end goes to B's sidecar.
    const QString b = m_dir.filePath(QStringLiteral("b_%1_%2_%3.png").arg(dx).arg(dy).arg(layered ? "layered" : "whole"));
    QVERIFY(ta.save(a));
    QVERIFY(tb.save(b));

    MainWindow w(uitest::steadyMonitor());
    ComparisonSession *session = w.session();
    if (layered)
        session->setLayeredPixels(0); // streamed, shown from its layer store
    w.compareToolBar()->alignAction()->setChecked(true); // as if clicked
    w.compareToolBar()->flipAction()->setChecked(!layered); // a layered pair has no FLIP map
    w.openPair(a, b);
    // The exact result with every layer (and, layered, its full-resolution tiles).
    const auto settled = [session] {
        const auto o = session->comparison();
        return o && o->compared() && !o->preview() && !session->fullResolutionPending() && !session->data()->layersPending();
    };
    QVERIFY(waitFor(settled, 20000));
    QCOMPARE(session->data()->a.isLayered(), layered);
    const CompareResult &r = *session->comparison()->result;
    QVERIFY2(r.alignment.applied, r.alignment.reason.c_str());
    QCOMPARE(r.alignment.dx, dx);
    QCOMPARE(r.alignment.dy, dy);
    const ViewDataPtr data = session->data();
    QCOMPARE(data->alignOffset(), d);
    // The overlap's origin in A's frame: A's pixels from (max(dx, 0), max(dy, 0)) were compared.
    QCOMPARE(data->layerOrigin(), QPoint(std::max(dx, 0), std::max(dy, 0)));
    QCOMPARE(data->originA(), layered ? data->layerOrigin() : QPoint());
    QCOMPARE(data->originB(), layered ? data->layerOrigin() : d);

    // The block's region box, in A's frame, is where the block sits over A's content.
    const QRect blockInA = kBlockInB.translated(d);
    QCOMPARE(data->regions.size(), 1);
    QCOMPARE(data->regions[0].box, blockInA);

    // The inspector shows A's pixel and the B pixel it was compared with, at any point.
    PixelInspector *inspector = w.inspector();
    const QPoint inBlock = blockInA.center();
    const QPoint points[] = {inBlock, blockInA.topLeft(), QPoint(60, 50), QPoint(170, 120), QPoint(kW / 2, 30)};
    for (const QPoint &p : points) {
        const QPoint pb = p - d;
        QVERIFY(ta.rect().contains(p) && tb.rect().contains(pb));
        inspector->showPixel(p, true);
        // A layered pair's exact values come from its tiles: "…" until they are loaded.
        QVERIFY(waitFor([inspector] { return !inspector->text().contains(QStringLiteral("…")); }, 10000));
        const QStringList lines = inspector->text().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 5);
        QCOMPARE(lines[0], QStringLiteral("A x %1, y %2 · B x %3, y %4").arg(p.x()).arg(p.y()).arg(pb.x()).arg(pb.y()));
        QCOMPARE(lines[1], rgba(ta.pixelColor(p)));
        QCOMPARE(lines[2], rgba(tb.pixelColor(pb)));
        const bool changed = blockInA.contains(p);
        if (!changed) // the check can tell B(p - d) from B(p)
            QVERIFY(tb.pixelColor(p) != tb.pixelColor(pb));
        QCOMPARE(ta.pixelColor(p) == tb.pixelColor(pb), !changed);
        // The diff image's pixel of that pair: the diff colour in the block, not elsewhere.
        QCOMPARE(inspector->diffColor() == w.settings().diffColor, changed);
        // The heatmap of that pair: a delta in the block, none elsewhere.
        const QPoint pl = data->toLayer(p);
        QVERIFY(!data->heat.isNull());
        QImage heat;
        QPoint at;
        QVERIFY(waitFor([&heat, &at, data, pl] {
            bool loading = false;
            heat = exactPixelOf(data->heat, pl, &at, &loading);
            return !loading;
        }, 10000));
        QVERIFY(!heat.isNull());
        QCOMPARE(heat.pixelIndex(at) > 0, changed);
        // The FLIP map likewise (the overlap's size, an error only around the block).
        if (!layered) {
            QCOMPARE(data->flip.size(), QSize(r.alignment.overlap.width, r.alignment.overlap.height));
            QCOMPARE(data->flip.full().pixelIndex(pl) > 0, changed);
        }
    }

    // The Difference view draws the diff at the overlap's origin: the block is red where
    // the block is, not where it would be in the overlap's own coordinates.
    w.resize(1000, 760);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    CompareWorkspace *ws = w.workspace();
    ws->difference()->setMode(DifferenceView::Mode::Diff);
    ws->setMode(CompareWorkspace::Mode::Difference);
    ws->zoomActual();
    QCOMPARE(ws->difference()->canvas()->offset(), data->layerOrigin());
    const QColor diffColor = w.settings().diffColor;
    OffsetImageCanvas *diffCanvas = ws->difference()->canvas();
    QVERIFY(waitFor([diffCanvas, inBlock, diffColor] { return shownAt(diffCanvas, inBlock) == diffColor; }, 10000));
    // Zoomed in on the block's left edge, the layer is drawn up to the view's edge (the part
    // of it that is visible is found in the layer's own coordinates).
    diffCanvas->zoomModel()->setZoom(8.0);
    const double halfWidth = diffCanvas->zoomModel()->visibleImageRect().width() / 2;
    diffCanvas->zoomModel()->centerOn(QPointF(blockInA.left() + 2 + halfWidth, blockInA.center().y()));
    const QPointF firstVisible = diffCanvas->zoomModel()->visibleImageRect().topLeft();
    const QPoint edge(int(std::ceil(firstVisible.x())) + 1, blockInA.center().y());
    QVERIFY(blockInA.contains(edge));
    QVERIFY(waitFor([diffCanvas, edge, diffColor] { return shownAt(diffCanvas, edge) == diffColor; }, 10000));
    // Side by side: B's pane is in A's frame too (B at the offset), so the box is on the block.
    ws->setMode(CompareWorkspace::Mode::SideBySide);
    ws->zoomActual();
    const QPoint plain(60, 50);
    const QColor colourA = ta.pixelColor(plain), colourB = tb.pixelColor(plain - d);
    SingleImageCanvas *paneA = ws->sideBySide()->canvasA(), *paneB = ws->sideBySide()->canvasB();
    QVERIFY(waitFor([paneB, inBlock] { return shownAt(paneB, inBlock) == kBlock; }, 10000));
    QVERIFY(waitFor([paneA, plain, colourA] { return shownAt(paneA, plain) == colourA; }, 10000));
    QVERIFY(waitFor([paneB, plain, colourB] { return shownAt(paneB, plain) == colourB; }, 10000));
    // Blink: B moved by the offset, A where A's pixels are.
    ws->setMode(CompareWorkspace::Mode::Blink);
    ws->blink()->setAutoBlink(false);
    ws->zoomActual();
    OffsetImageCanvas *blink = ws->blink()->canvas();
    ws->blink()->showSide(true);
    QVERIFY(waitFor([blink, plain, colourB] { return shownAt(blink, plain) == colourB; }, 10000));
    ws->blink()->showSide(false);
    QVERIFY(waitFor([blink, plain, colourA] { return shownAt(blink, plain) == colourA; }, 10000));

    // An ignore rectangle drawn over the block (in A's frame) is stored in B's coordinates
    // and hides the block from the next comparison.
    const auto before = session->comparison();
    QVERIFY(session->addIgnoreRect(blockInA));
    QCOMPARE(session->ignoreRects(), QVector<QRect>{kBlockInB});
    QVERIFY(waitFor([session, before, settled] { return session->comparison() != before && settled(); }, 20000));
    QCOMPARE(session->comparison()->result->job.counts.mismatched, int64_t(0));
    QCOMPARE(session->data()->ignore, QVector<QRect>{blockInA});
}

QTEST_MAIN(TestAlignViews)
#include "tst_align_views.moc"

// The app's layered route (a pair too large to decode whole): the streamed preview, then
// the exact counts (equal to compareFiles'), the full-resolution tiles drawn at 1:1 and the
// pixel inspector's exact values read from them.
#include "layered_test_util.h"
#include "uitestutil.h"

#include "comparisonsession.h"
#include "imagecanvas.h"
#include "tilecache.h"
#include "widgets/pixelinspector.h"
#include "zoommodel.h"

#include "difflens/compare/compare.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QtTest>

using namespace difflens;
using namespace difflens::ui;

using uitest::LayerCanvas;
using uitest::pushRows;
using uitest::waitFor;

class TestLayered : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void previewThenExactThenFullResolution();
    void inspectorReadsExactValuesFromTiles();
    void oneToOneDrawsTheTiles();
    void streamedRowsRepaintOnlyBelowTheDrawnRows();

private:
    void openAndSettle(ComparisonSession &s);
    QTemporaryDir m_dir;
    QString m_a, m_b;
    QImage m_imgA, m_imgB;
};

void TestLayered::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_imgA = QImage(1000, 700, QImage::Format_RGBA8888);
    QRandomGenerator rng(11);
    for (int y = 0; y < m_imgA.height(); ++y) {
        uchar *row = m_imgA.scanLine(y);
        for (int x = 0; x < m_imgA.width(); ++x) {
            row[x * 4 + 0] = uchar(x * 255 / 1000);
            row[x * 4 + 1] = uchar(rng.bounded(256));
            row[x * 4 + 2] = uchar(y * 255 / 700);
            row[x * 4 + 3] = 255;
        }
    }
    m_imgB = m_imgA.copy();
    QPainter p(&m_imgB);
    p.fillRect(QRect(600, 400, 50, 40), QColor(255, 0, 0));
    p.end();
    m_a = m_dir.filePath(QStringLiteral("a.png"));
    m_b = m_dir.filePath(QStringLiteral("b.png"));
    QVERIFY(m_imgA.save(m_a) && m_imgB.save(m_b));
}

void TestLayered::openAndSettle(ComparisonSession &s)
{
    AppSettings settings = s.settings();
    settings.memoryBudgetMiB = 32; // in-memory levels up to 8 MiB: full resolution is tiled
    s.setSettings(settings);
    s.setLayeredPixels(0);         // every pair of files takes the layered route
    s.openPair(m_a, m_b);
}

void TestLayered::previewThenExactThenFullResolution()
{
    ComparisonSession s;
    bool sawPreview = false;
    connect(&s, &ComparisonSession::dataChanged, this, [&sawPreview](const ViewDataPtr &d) {
        if (d->preview())
            sawPreview = d->a.isLayered() && !d->compared();
    });
    openAndSettle(s);
    QVERIFY(waitFor([&s] { return s.comparison() && s.comparison()->compared() && !s.fullResolutionPending(); },
                    30000));
    QVERIFY(sawPreview);
    const auto o = s.comparison();
    QVERIFY(o->store);
    QVERIFY(o->store->firstMemoryLevel() > 0); // level 0 is tiled here
    QVERIFY(o->store->fullResolutionReady());
    // The counts are the command line's, exactly.
    const CompareResult ref = compareFiles(m_a.toStdString(), m_b.toStdString(), CompareOptions{});
    QVERIFY(ref.ok);
    QCOMPARE(o->result->job.counts.mismatched, ref.job.counts.mismatched);
    QCOMPARE(o->result->job.regions.size(), ref.job.regions.size());
    const ViewDataPtr d = s.data();
    QVERIFY(d->compared() && !d->preview());
    QCOMPARE(d->a.size(), QSize(1000, 700));
    QVERIFY(d->diff.isLayered() && d->heat.isLayered() && d->mask.isLayered());
    QVERIFY(s.summary().contains(QStringLiteral("exact")));
    s.shutdown();
}

void TestLayered::inspectorReadsExactValuesFromTiles()
{
    ComparisonSession s;
    openAndSettle(s);
    QVERIFY(waitFor([&s] { return s.comparison() && s.comparison()->compared() && !s.fullResolutionPending(); },
                    30000));
    TileCache::instance()->clear();
    PixelInspector inspector;
    inspector.setData(s.data());
    const QPoint p(610, 405);
    inspector.showPixel(p, true);
    // The tile loads in the background; the inspector shows the values when it is in.
    QVERIFY(waitFor([&inspector] { return !inspector.text().contains(QStringLiteral("…")); }, 10000));
    const QColor a = m_imgA.pixelColor(p), b = m_imgB.pixelColor(p);
    const QString text = inspector.text();
    QVERIFY2(text.contains(QStringLiteral("%1 %2 %3 %4").arg(a.red(), 3).arg(a.green(), 3).arg(a.blue(), 3).arg(255, 3)),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("%1 %2 %3 %4").arg(b.red(), 3).arg(b.green(), 3).arg(b.blue(), 3).arg(255, 3)),
             qPrintable(text));
    s.shutdown();
}

void TestLayered::oneToOneDrawsTheTiles()
{
    ComparisonSession s;
    openAndSettle(s);
    QVERIFY(waitFor([&s] { return s.comparison() && s.comparison()->compared() && !s.fullResolutionPending(); },
                    30000));
    TileCache::instance()->clear();
    LayerCanvas canvas;
    canvas.resize(200, 150);
    canvas.image = s.data()->b;
    canvas.setFrameSize(canvas.image.size());
    canvas.show();
    canvas.zoomModel()->setViewport(QSizeF(200, 150), 1.0);
    canvas.zoomModel()->setZoom(1.0);
    canvas.zoomModel()->centerOn(QPointF(620, 420)); // image pixels on device pixels
    // At 1:1 the exact pixels come from level 0's tiles, once loaded in the background.
    // (Noisy pixels: the reduced level drawn meanwhile has averaged them.)
    const auto matches = [&canvas, this] {
        const QImage shot = canvas.grab().toImage();
        for (const QPoint ip : {QPoint(530, 355), QPoint(700, 480), QPoint(530, 480), QPoint(700, 355)}) {
            const QPointF w = canvas.zoomModel()->imageToWidget(QPointF(ip) + QPointF(0.5, 0.5));
            if (shot.pixelColor(int(std::floor(w.x())), int(std::floor(w.y()))) != m_imgB.pixelColor(ip))
                return false;
        }
        return true;
    };
    QVERIFY(waitFor(matches, 10000));
    // Every visible pixel equals B's.
    const QImage shot = canvas.grab().toImage();
    int checked = 0;
    for (int y = 10; y < 140; y += 13)
        for (int x = 10; x < 190; x += 17) {
            const QPointF img = canvas.zoomModel()->widgetToImage(QPointF(x + 0.5, y + 0.5));
            const QPoint ip(int(std::floor(img.x())), int(std::floor(img.y())));
            if (!QRect(0, 0, 1000, 700).contains(ip))
                continue;
            QVERIFY2(shot.pixelColor(x, y).rgb() == m_imgB.pixelColor(ip).rgb(),
                     qPrintable(QStringLiteral("widget %1,%2 image %3,%4: %5 vs %6")
                                    .arg(x).arg(y).arg(ip.x()).arg(ip.y())
                                    .arg(shot.pixelColor(x, y).name(), m_imgB.pixelColor(ip).name())));
            ++checked;
        }
    QVERIFY(checked > 50);
    s.shutdown();
}

// While rows stream in, a canvas that showed every row it had repaints from its last drawn
// row down when more arrive (not the whole view), shows the new rows there, and stops
// repainting once the level is complete.
void TestLayered::streamedRowsRepaintOnlyBelowTheDrawnRows()
{
    const QImage a = m_imgA.copy(0, 0, 200, 160), b = m_imgB.copy(0, 0, 200, 160);
    std::string error;
    const auto store = LayerStore::create(200, 160, 8, LayerStore::Options{}, error); // all in memory
    QVERIFY2(store, error.c_str());
    QVERIFY(pushRows(*store, a, b, 0, 80));
    LayerCanvas canvas;
    canvas.resize(200, 160);
    canvas.image = ViewImage::layered(store, LayerKind::A);
    canvas.setFrameSize(canvas.image.size());
    canvas.show();
    canvas.zoomModel()->setViewport(QSizeF(200, 160), 1.0);
    canvas.zoomModel()->setZoom(1.0);
    canvas.zoomModel()->centerOn(QPointF(100, 80)); // image pixels on device pixels
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    QVERIFY(waitFor([&canvas] { return !canvas.paints.isEmpty(); }, 5000));
    QTest::qWait(50);

    canvas.paints.clear();
    QVERIFY(pushRows(*store, a, b, 80, 40));
    TileCache::instance()->notifyChanged();
    QVERIFY(waitFor([&canvas] { return !canvas.paints.isEmpty(); }, 5000));
    const int top = int(std::floor(canvas.zoomModel()->imageToWidget(QPointF(0, 79)).y())) - 1;
    for (const QRect &r : canvas.paints) {
        QCOMPARE(r.top(), top);
        QCOMPARE(r.bottom(), canvas.height() - 1);
    }
    const QImage shot = canvas.grab().toImage();
    for (int y : {80, 100, 119}) {
        const QPointF w = canvas.zoomModel()->imageToWidget(QPointF(50.5, y + 0.5));
        QCOMPARE(shot.pixelColor(int(w.x()), int(w.y())).rgb(), a.pixelColor(50, y).rgb());
    }

    QVERIFY(pushRows(*store, a, b, 120, 40));
    std::string finishError;
    QVERIFY(store->finish(finishError));
    canvas.paints.clear();
    TileCache::instance()->notifyChanged();
    QVERIFY(waitFor([&canvas] { return !canvas.paints.isEmpty(); }, 5000));
    QTest::qWait(50);
    canvas.paints.clear();
    TileCache::instance()->notifyChanged(); // every row drawn: nothing to repaint
    QTest::qWait(100);
    QVERIFY(canvas.paints.isEmpty());
}

QTEST_MAIN(TestLayered)
#include "tst_layered.moc"

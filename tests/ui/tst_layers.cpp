// First paint before follow-up layers: a comparison result is published with the diff image
// only (zero-copy, no previews); heatmap, mask, SSIM map and previews follow in a second job.
#include "uitestutil.h"

#include "comparecontroller.h"
#include "comparisonsession.h"
#include "compareworkspace.h"
#include "mainwindow.h"
#include "views/differenceview.h"

#include <QtTest>

#include <new>
#include <stdexcept>

using namespace difflens;
using namespace difflens::ui;

class TestLayers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void resultFirstLayersAfter();
    void stagesPublishedInOrder_data();
    void stagesPublishedInOrder();
    void ssimComesWithLayers();
    void failingStageIsShown_data();
    void failingStageIsShown();
    void largeFramesGetPreviewsLater();
    void newComparisonDropsStaleLayers();
    void differenceViewShowsPendingLayer();
    void indexedWrapIsZeroCopy();

private:
    QTemporaryDir m_dir;
    QString m_a, m_b;
};

namespace {
std::shared_ptr<const Image> gradient(int w, int h, int shift)
{
    auto img = std::make_shared<Image>(w, h, 4, 8);
    for (int y = 0; y < h; ++y) {
        uint8_t *r = img->row(y);
        for (int x = 0; x < w; ++x) {
            r[4 * x] = uint8_t((x + shift) & 255);
            r[4 * x + 1] = uint8_t(y & 255);
            r[4 * x + 2] = 128;
            r[4 * x + 3] = 255;
        }
    }
    return img;
}
} // namespace

void TestLayers::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_a = m_dir.filePath(QStringLiteral("a.png"));
    m_b = m_dir.filePath(QStringLiteral("b.png"));
    uitest::writePair(m_a, m_b);
}

void TestLayers::resultFirstLayersAfter()
{
    ComparisonSession s;
    QSignalSpy results(&s, &ComparisonSession::resultChanged);
    QSignalSpy layers(&s, &ComparisonSession::layersChanged);
    s.openPair(m_a, m_b);
    QVERIFY(results.wait(10000));
    if (layers.count() == 0) {   // normally still running: the first publish has no layers
        QVERIFY(s.data()->layersPending());
        QVERIFY(s.data()->heat.isNull());
    }
    QVERIFY(s.data()->compared());
    QVERIFY(!s.data()->diff.isNull());
    // The diff image is shown straight from the engine's buffer.
    QCOMPARE(static_cast<const void *>(s.data()->diff.full().constBits()),
             static_cast<const void *>(s.comparison()->diff->data()));
    QVERIFY(layers.count() > 0 || layers.wait(10000));
    QCOMPARE(results.count(), 1);   // layers never count as a new result
    const ViewData &d = *s.data();
    QVERIFY(!d.layersPending());
    QVERIFY(!d.heat.isNull());
    QVERIFY(!d.mask.isNull());
    QVERIFY(d.ssim.isNull());       // SSIM is off by default
    QCOMPARE(d.mask.size(), QSize(200, 150));
    QCOMPARE(d.mask.full().pixelIndex(25, 25), 3);   // "different" in display order
    QCOMPARE(d.mask.full().pixelIndex(5, 5), 0);
    QCOMPARE(d.heat.full().pixelIndex(25, 25), 255); // the strongest delta tops the scale
    QCOMPARE(d.regions.size(), 1);
}

void TestLayers::stagesPublishedInOrder_data()
{
    QTest::addColumn<bool>("ssim");
    QTest::addColumn<bool>("layered");
    QTest::addColumn<QList<int>>("stages"); // the comparison stages the views were given, in order
    QTest::newRow("whole frame") << false << false << QList<int>{2, 3, 4};
    QTest::newRow("whole frame, SSIM") << true << false << QList<int>{2, 3, 4};
    QTest::newRow("layered") << false << true << QList<int>{1, 2};
}

// Every stage of the comparison is published as it arrives: the exact result (stage 2, the
// first paint) before the layers, and each ViewData is a view of the session's own snapshot.
void TestLayers::stagesPublishedInOrder()
{
    QFETCH(bool, ssim);
    QFETCH(bool, layered);
    QFETCH(QList<int>, stages);
    ComparisonSession s;
    s.setComputeSsim(ssim);
    if (layered)
        s.setLayeredPixels(1);
    QList<int> seen;
    QList<bool> sameAsSession, heatShown;
    connect(&s, &ComparisonSession::dataChanged, &s, [&s, &seen, &sameAsSession, &heatShown](const ViewDataPtr &d) {
        if (!d->result)
            return;
        seen << int(d->result->stage);
        sameAsSession << (d->result == s.comparison());
        heatShown << !d->heat.isNull();
    });
    QSignalSpy layers(&s, &ComparisonSession::layersChanged);
    s.openPair(m_a, m_b);
    QVERIFY(uitest::waitFor([&s] { return s.comparison() && s.comparison()->finished && !s.fullResolutionPending(); }, 20000));
    QCOMPARE(seen, stages);
    QVERIFY(!sameAsSession.contains(false));
    QCOMPARE(s.data()->result, s.comparison());
    if (!layered) {
        QCOMPARE(heatShown, (QList<bool>{false, true, true})); // stage 2 drew no heatmap yet
        QCOMPARE(bool(s.comparison()->ssim), ssim);
        QCOMPARE(s.data()->ssim.isNull(), !ssim);
    }
    QVERIFY(layers.count() >= 1);
    s.shutdown();
}

void TestLayers::failingStageIsShown_data()
{
    QTest::addColumn<int>("stage");        // the stage that throws (comparison.h)
    QTest::addColumn<bool>("badAlloc");    // std::bad_alloc, else std::runtime_error
    QTest::addColumn<QString>("paneText"); // what the panes say (every pane for the pair's error)
    QTest::newRow("decode, out of memory") << 1 << true << QStringLiteral("Not enough memory");
    QTest::newRow("compare, out of memory") << 2 << true << QStringLiteral("Not enough memory");
    QTest::newRow("compare, other") << 2 << false << QStringLiteral("injected failure");
    QTest::newRow("layers, out of memory") << 3 << true << QStringLiteral("Not enough memory for the heatmap of");
    QTest::newRow("layers, other") << 3 << false << QStringLiteral("Could not build the heatmap: injected failure");
}

// A stage that throws on the worker becomes a pane error on the GUI thread (never an
// exception there), and the session keeps working: the next comparison is shown whole.
void TestLayers::failingStageIsShown()
{
    QFETCH(int, stage);
    QFETCH(bool, badAlloc);
    QFETCH(QString, paneText);
    ComparisonSession s;
    s.setStageHook([stage, badAlloc](ComparisonStage st) {
        if (int(st) != stage)
            return;
        if (badAlloc)
            throw std::bad_alloc();
        throw std::runtime_error("injected failure");
    });
    s.openPair(m_a, m_b);
    QVERIFY(uitest::waitFor([&s] { return s.comparison() && s.comparison()->finished; }, 20000));
    const ViewData &d = *s.data();
    if (stage <= 2) { // the pair failed: no result, the reason in the panes
        QVERIFY(!d.compared());
        const QString shown = badAlloc ? d.error : d.errorB;
        QVERIFY2(shown.contains(paneText), qPrintable(shown));
        QCOMPARE(badAlloc, !d.error.isEmpty());
    } else { // the result stands; the layer left out is named
        QVERIFY(d.compared() && !d.diff.isNull() && !d.mask.isNull());
        QVERIFY(d.heat.isNull());
        QVERIFY2(d.layersError.contains(paneText), qPrintable(d.layersError));
    }
    s.setStageHook(nullptr);
    const ComparisonPtr failed = s.comparison();
    s.reload();
    QVERIFY(uitest::waitFor([&s, failed] { return s.comparison() != failed && s.comparison()->finished; }, 20000));
    QVERIFY(s.data()->compared());
    QVERIFY(!s.data()->heat.isNull() && s.data()->layersError.isEmpty() && s.data()->error.isEmpty());
    s.shutdown();
}

void TestLayers::ssimComesWithLayers()
{
    ComparisonSession s;
    s.setComputeSsim(true);
    QSignalSpy results(&s, &ComparisonSession::resultChanged);
    QSignalSpy layers(&s, &ComparisonSession::layersChanged);
    s.openPair(m_a, m_b);
    QVERIFY(results.wait(10000));
    if (layers.count() == 0)
        QVERIFY(!s.summary().contains(QStringLiteral("SSIM")));
    QVERIFY(layers.count() > 0 || layers.wait(20000));
    QVERIFY(s.comparison()->ssim.has_value());
    QVERIFY(s.comparison()->ssim->mean < 1.0);
    QVERIFY(s.comparison()->ssimMap);
    QVERIFY(!s.data()->ssim.isNull());
    QVERIFY(s.summary().contains(QStringLiteral("SSIM")));
}

void TestLayers::largeFramesGetPreviewsLater()
{
    ComparisonSession s;
    QSignalSpy results(&s, &ComparisonSession::resultChanged);
    QSignalSpy layers(&s, &ComparisonSession::layersChanged);
    s.setSideImage(Side::A, gradient(3000, 1200, 0), QStringLiteral("a"));
    s.setSideImage(Side::B, gradient(3000, 1200, 3), QStringLiteral("b"));
    QVERIFY(results.wait(30000));
    if (layers.count() == 0) {
        QVERIFY(s.data()->diff.previewsPending());
        QCOMPARE(s.data()->diff.levelCount(), 0);
        QVERIFY(s.data()->a.previewsPending());
    }
    QVERIFY(layers.count() > 0 || layers.wait(30000));
    QCOMPARE(layers.count(), 1);
    for (const ViewImage *v : {&s.data()->a, &s.data()->b, &s.data()->diff, &s.data()->heat, &s.data()->mask}) {
        QVERIFY(!v->isNull());
        QVERIFY(!v->previewsPending());
        QVERIFY(v->levelCount() >= 1);
    }
    double scale = 0;
    QCOMPARE(s.data()->diff.levelFor(0.4, &scale).width(), 1500);
}

void TestLayers::newComparisonDropsStaleLayers()
{
    ComparisonSession s;
    QSignalSpy results(&s, &ComparisonSession::resultChanged);
    QSignalSpy layers(&s, &ComparisonSession::layersChanged);
    s.setSideImage(Side::A, gradient(2600, 2000, 0), QStringLiteral("a"));
    s.setSideImage(Side::B, gradient(2600, 2000, 5), QStringLiteral("b"));
    QVERIFY(results.wait(30000));
    s.openPair(m_a, m_b);   // new generation: the layers of the big pair must not land
    QVERIFY(results.wait(30000));
    QTRY_VERIFY_WITH_TIMEOUT(s.controller()->runningJobs() == 0, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(s.comparison()->finished, 10000);
    QCOMPARE(s.data()->heat.size(), QSize(200, 150));
    QCOMPARE(s.data()->a.size(), QSize(200, 150));
}

void TestLayers::differenceViewShowsPendingLayer()
{
    auto d = std::make_shared<ViewData>();
    d->a = uitest::viewImage(uitest::solid(40, 30, Qt::white));
    d->b = d->a;
    d->diff = d->a;
    d->result = uitest::comparedSnapshot(false); // compared, layers pending
    DifferenceView view;
    view.setData(d);
    view.setMode(DifferenceView::Mode::Heatmap);
    QVERIFY(view.canvas()->message().contains(QStringLiteral("Computing")));
    view.setMode(DifferenceView::Mode::Diff);
    QVERIFY(view.canvas()->message().isEmpty());
}

void TestLayers::indexedWrapIsZeroCopy()
{
    auto bytes = std::make_shared<std::vector<uint8_t>>(64 * 16, uint8_t(7));
    const QImage img = wrapIndexed(bytes, 64, 16, QVector<QRgb>(256, qRgb(1, 2, 3)));
    QCOMPARE(static_cast<const void *>(img.constBits()), static_cast<const void *>(bytes->data()));
    QCOMPARE(img.pixel(3, 3), qRgb(1, 2, 3));
}

QTEST_MAIN(TestLayers)
#include "tst_layers.moc"

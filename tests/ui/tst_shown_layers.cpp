// The window tells the session which layers the shown view draws (a layered pair's exact pass
// fills those first), and a report asked for while the full-resolution pass still fills the
// others is written once they are filled, not failed or drawn with empty layers.
#include "uitestutil.h"

#include "comparecontroller.h"
#include "compareworkspace.h"
#include "comparisonsession.h"
#include "mainwindow.h"
#include "views/differenceview.h"

#include <QSemaphore>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtTest>

#include <optional>

using namespace difflens;
using namespace difflens::ui;

using Mode = CompareWorkspace::Mode;
using DiffMode = DifferenceView::Mode;

class TestShownLayers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void followsTheView_data();
    void followsTheView();
    void reportWaitsForLayers();

private:
    QTemporaryDir m_dir;
    QString m_a, m_b;
};

void TestShownLayers::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_a = m_dir.filePath(QStringLiteral("a.png"));
    m_b = m_dir.filePath(QStringLiteral("b.png"));
    uitest::writePair(m_a, m_b, 1200, 900);
}

void TestShownLayers::followsTheView_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("diffMode");
    QTest::addColumn<unsigned>("layers");
    const LayerSet sides = layerBit(LayerKind::A) | layerBit(LayerKind::B);
    QTest::newRow("side by side") << int(Mode::SideBySide) << int(DiffMode::Diff) << sides;
    QTest::newRow("swipe") << int(Mode::Swipe) << int(DiffMode::Heatmap) << sides;
    QTest::newRow("onion skin") << int(Mode::Onion) << int(DiffMode::Diff) << sides;
    QTest::newRow("blink") << int(Mode::Blink) << int(DiffMode::Mask) << sides;
    QTest::newRow("difference: diff") << int(Mode::Difference) << int(DiffMode::Diff) << layerBit(LayerKind::Diff);
    QTest::newRow("difference: heatmap") << int(Mode::Difference) << int(DiffMode::Heatmap) << layerBit(LayerKind::Heat);
    QTest::newRow("difference: mask") << int(Mode::Difference) << int(DiffMode::Mask) << layerBit(LayerKind::Mask);
    QTest::newRow("difference: SSIM") << int(Mode::Difference) << int(DiffMode::Ssim) << 0u;
}

void TestShownLayers::followsTheView()
{
    QFETCH(int, mode);
    QFETCH(int, diffMode);
    QFETCH(unsigned, layers);
    MainWindow w(uitest::steadyMonitor());
    // The view first, then its mode, and the other order: the set follows either change.
    w.workspace()->setMode(Mode(mode));
    w.workspace()->difference()->setMode(DiffMode(diffMode));
    QCOMPARE(w.session()->shownLayers(), LayerSet(layers));
    w.workspace()->setMode(mode == int(Mode::SideBySide) ? Mode::Swipe : Mode::SideBySide);
    w.workspace()->difference()->setMode(diffMode == int(DiffMode::Diff) ? DiffMode::Mask : DiffMode::Diff);
    w.workspace()->difference()->setMode(DiffMode(diffMode));
    w.workspace()->setMode(Mode(mode));
    QCOMPARE(w.session()->shownLayers(), LayerSet(layers));
}

// Side by side shown: the exact pass fills A and B (and, from the same read, the heatmap);
// the diff and mask wait for the full-resolution pass, held back here. A report asked for
// then is written after that pass, with every layer.
void TestShownLayers::reportWaitsForLayers()
{
    MainWindow w(uitest::steadyMonitor());
    ComparisonSession *s = w.session();
    AppSettings settings = s->settings();
    settings.memoryBudgetMiB = 32; // in-memory levels up to 8 MiB: full resolution is tiled
    s->setSettings(settings);
    s->setLayeredPixels(0);
    w.workspace()->setMode(Mode::SideBySide);
    QSemaphore gate;
    QSemaphore *const hold = &gate; // released below, before the window goes
    QThreadPool *background = s->controller()->backgroundPool();
    const int held = background->maxThreadCount();
    for (int i = 0; i < held; ++i)
        background->start([hold] { hold->acquire(); });
    std::optional<ReportExportOutcome> outcome;
    connect(s->controller(), &CompareController::reportFinished, &w,
            [&outcome](const ReportExportOutcome &o) { outcome = o; });
    w.openPair(m_a, m_b);
    const auto exact = [s] {
        const ComparisonPtr c = s->comparison();
        return c && c->compared();
    };
    QTRY_VERIFY_WITH_TIMEOUT(exact(), 30000);
    const ComparisonPtr c = s->comparison();
    QVERIFY(c->store);
    QVERIFY(c->store->layerPending(LayerKind::Diff));
    QVERIFY(c->store->layerPending(LayerKind::Mask));
    QVERIFY(!c->store->layerPending(LayerKind::A) && !c->store->layerPending(LayerKind::B));
    const QString pdf = m_dir.filePath(QStringLiteral("waited.pdf"));
    QCOMPARE(w.exportReportTo(pdf), quint64(0)); // waits: nothing started yet
    QTest::qWait(300);
    QVERIFY(!outcome);
    QVERIFY(!QFile::exists(pdf));
    gate.release(held);
    QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 60000);
    QVERIFY2(outcome->ok, qPrintable(outcome->error));
    QCOMPARE(outcome->path, pdf);
    QVERIFY(!s->fullResolutionPending());
    QVERIFY(QFileInfo(pdf).size() > 0);
    s->shutdown();
}

QTEST_MAIN(TestShownLayers)
#include "tst_shown_layers.moc"

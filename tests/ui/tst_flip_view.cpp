// The app's FLIP view, shift spin box and Align toggle (issue #13), driven through the main
// window's compare toolbar: the FLIP layer's colours and mean (also against the FLIP 1.6
// fixtures), shift-tolerated counts on shifted pairs, and a known alignment offset applied.
// DIFFLENS_SCREENSHOT_DIR=docs/screenshots writes flip-view.png (the fixtures' text pair).
#include "uitestutil.h"

#include "comparisonsession.h"
#include "compareworkspace.h"
#include "mainwindow.h"
#include "views/blinkview.h"
#include "views/differenceview.h"
#include "views/onionview.h"
#include "views/swipeview.h"
#include "widgets/colorlegend.h"
#include "widgets/comparetoolbar.h"
#include "zoommodel.h"

#include "difflens/compare/heatmap.h"
#include "difflens/engine/flip.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QtTest>

#include <cmath>

using namespace difflens;
using namespace difflens::ui;

class TestFlipView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void flipLayer_data();
    void flipLayer();
    void layeredRouteShowsMeanOnly();
    void fixturePairs_data();
    void fixturePairs();
    void shiftSpinBox_data();
    void shiftSpinBox();
    void alignToggle_data();
    void alignToggle();

private:
    QTemporaryDir m_dir;
    QString m_a, m_b;
};

namespace {

// White 200x150 with a black 60x30 rectangle at (50 + dx, 40): a 1-px shift differs in two
// columns of 30 pixels (sharp edges, no anti-aliasing).
QImage rectangleImage(int dx)
{
    QImage img = uitest::solid(200, 150, Qt::white);
    QPainter p(&img);
    p.fillRect(QRect(50 + dx, 40, 60, 30), Qt::black);
    return img;
}

using uitest::shifted;
using uitest::shownAt;
using uitest::texture;

} // namespace

void TestFlipView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DiffLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_flip_view"));
    QVERIFY(m_dir.isValid());
    m_a = m_dir.filePath(QStringLiteral("a.png"));
    m_b = m_dir.filePath(QStringLiteral("b.png"));
    uitest::writePair(m_a, m_b); // a strong change at (20, 20, 30, 20), a faint one at (120, 90, 40, 30)
}

void TestFlipView::init()
{
    QSettings().clear(); // the toolbar's choices are remembered: each test starts from the defaults
}

void TestFlipView::flipLayer_data()
{
    QTest::addColumn<bool>("flip");
    QTest::newRow("Compute FLIP on") << true;
    QTest::newRow("Compute FLIP off") << false;
}

void TestFlipView::flipLayer()
{
    QFETCH(bool, flip);
    MainWindow w(uitest::steadyMonitor());
    w.resize(1000, 700);
    w.show();
    w.compareToolBar()->flipAction()->setChecked(flip); // as if clicked
    QCOMPARE(w.session()->computeFlip(), flip);
    QSignalSpy layers(w.session(), &ComparisonSession::layersChanged);
    w.openPair(m_a, m_b);
    QVERIFY(layers.wait(20000));
    DifferenceView *view = w.workspace()->difference();
    const int flipIndex = view->modeBox()->findText(QStringLiteral("FLIP map"));
    QVERIFY(flipIndex >= 0);
    view->modeBox()->setCurrentIndex(flipIndex);
    QCOMPARE(view->mode(), DifferenceView::Mode::Flip);
    w.workspace()->setMode(CompareWorkspace::Mode::Difference);
    const ViewData &d = *w.session()->data();
    const QString summary = w.session()->summary();
    if (!flip) {
        QVERIFY(d.flip.isNull());
        QVERIFY(view->canvas()->image().isNull());
        QVERIFY(!summary.contains(QStringLiteral("FLIP")));
        QVERIFY(view->canvas()->message().contains(QStringLiteral("Compute FLIP")));
        return;
    }
    // The reference: the engine's FLIP of the same pair.
    const Image a = imageFromQImage(QImage(m_a).convertToFormat(QImage::Format_RGBA8888));
    const Image b = imageFromQImage(QImage(m_b).convertToFormat(QImage::Format_RGBA8888));
    FlipOptions opt;
    opt.wantMap = true;
    const FlipResult ref = flipCpu(a.view(), b.view(), opt);
    QVERIFY(ref.mean > 0);
    QVERIFY(!d.flip.isNull());
    QCOMPARE(d.flip.size(), QSize(200, 150));
    QCOMPARE(view->canvas()->image().size(), QSize(200, 150));
    QVERIFY(view->legend()->isVisible());
    const QImage &full = d.flip.full();
    const auto &magma = magmaRampTable();
    // Inside the strong change: a high error, coloured with its magma level.
    const float changed = ref.map.data[size_t(30) * 200 + 35];
    QVERIFY(changed > 0.25f);
    QCOMPARE(full.pixel(35, 30), QRgb(magma[flipErrorLevel(changed)]));
    QVERIFY(full.pixel(35, 30) != QRgb(magma[0]));
    // Far from both changes: no error, magma's first colour.
    QCOMPARE(full.pixel(190, 5), QRgb(magma[0]));
    QVERIFY2(summary.contains(QStringLiteral("FLIP %1").arg(ref.mean, 0, 'f', 4)), qPrintable(summary));
    QCOMPARE(w.session()->comparison()->flip->mean, ref.mean);
}

// Pairs on the layered route (tiles): the streamed comparison gives the FLIP mean (status
// line), no map is kept; the view says so.
void TestFlipView::layeredRouteShowsMeanOnly()
{
    MainWindow w(uitest::steadyMonitor());
    w.compareToolBar()->flipAction()->setChecked(true);
    w.session()->setLayeredPixels(0); // every pair of files takes the layered route
    w.openPair(m_a, m_b);
    ComparisonSession *s = w.session();
    QTRY_VERIFY_WITH_TIMEOUT(s->comparison() && s->comparison()->compared() && !s->fullResolutionPending(), 30000);
    QVERIFY(s->data()->a.isLayered());
    QVERIFY(s->data()->flip.isNull());
    CompareOptions opt;
    opt.job.computeFlip = true;
    const CompareResult ref = compareFiles(m_a.toStdString(), m_b.toStdString(), opt);
    QVERIFY(ref.ok && ref.job.flip);
    QVERIFY(s->comparison()->flip.has_value());
    QCOMPARE(s->comparison()->flip->mean, ref.job.flip->mean);
    QVERIFY2(s->summary().contains(QStringLiteral("FLIP %1").arg(ref.job.flip->mean, 0, 'f', 4)), qPrintable(s->summary()));
    DifferenceView *view = w.workspace()->difference();
    view->setMode(DifferenceView::Mode::Flip);
    QVERIFY2(view->canvas()->message().contains(QStringLiteral("No FLIP map")),
             qPrintable(view->canvas()->message()));
    s->shutdown();
}

void TestFlipView::fixturePairs_data()
{
    QTest::addColumn<QString>("ref");
    QTest::addColumn<QString>("test");
    QTest::addColumn<QString>("map");
    QTest::addColumn<double>("mean");
    QFile tsv(QStringLiteral(DIFFLENS_FIXTURES_DIR "/flip-1.6/expected.tsv"));
    if (!tsv.open(QIODevice::ReadOnly | QIODevice::Text)) {
        QTest::newRow("fixtures missing") << QString() << QString() << QString() << 0.0;
        return;
    }
    const QStringList header = QString::fromUtf8(tsv.readLine()).trimmed().split(QLatin1Char('\t'));
    const int iPair = header.indexOf(QStringLiteral("pair")), iRef = header.indexOf(QStringLiteral("reference")),
              iTest = header.indexOf(QStringLiteral("test")), iMean = header.indexOf(QStringLiteral("mean")),
              iMap = header.indexOf(QStringLiteral("error_map"));
    while (!tsv.atEnd()) {
        const QStringList c = QString::fromUtf8(tsv.readLine()).trimmed().split(QLatin1Char('\t'));
        if (c.size() == header.size())
            QTest::newRow(qPrintable(c[iPair])) << c[iRef] << c[iTest] << c[iMap] << c[iMean].toDouble();
    }
}

// The app's FLIP layer and mean for the reference tool's pairs: the mean within 1e-5 or
// 0.2 %, every level of the layer within 1 of the reference's grey map.
void TestFlipView::fixturePairs()
{
    QFETCH(QString, ref);
    QFETCH(QString, test);
    QFETCH(QString, map);
    QFETCH(double, mean);
    QVERIFY2(!ref.isEmpty(), "FLIP fixtures missing: " DIFFLENS_FIXTURES_DIR "/flip-1.6/expected.tsv");
    const QDir dir(QStringLiteral(DIFFLENS_FIXTURES_DIR "/flip-1.6"));
    MainWindow w; // this machine's memory monitor: the screenshot shows real numbers
    w.resize(1600, 1000);
    w.show();
    w.compareToolBar()->flipAction()->setChecked(true);
    QSignalSpy layers(w.session(), &ComparisonSession::layersChanged);
    w.openPair(dir.filePath(ref), dir.filePath(test));
    QVERIFY(layers.wait(20000));
    const auto &flip = w.session()->comparison()->flip;
    QVERIFY(flip.has_value());
    QVERIFY2(std::abs(flip->mean - mean) <= std::max(1e-5, 0.002 * mean),
             qPrintable(QStringLiteral("app %1, reference %2").arg(flip->mean, 0, 'f', 6).arg(mean, 0, 'f', 6)));
    QVERIFY(w.session()->summary().contains(QStringLiteral("FLIP %1").arg(flip->mean, 0, 'f', 4)));
    const QImage levels = w.session()->data()->flip.full();
    const QImage theirs(dir.filePath(map));
    QCOMPARE(levels.format(), QImage::Format_Indexed8);
    QCOMPARE(levels.size(), theirs.size());
    const auto &magma = magmaRampTable();
    int worst = 0;
    for (int y = 0; y < levels.height(); ++y)
        for (int x = 0; x < levels.width(); ++x) {
            const int level = levels.pixelIndex(x, y);
            worst = std::max(worst, std::abs(level - qRed(theirs.pixel(x, y))));
            QCOMPARE(levels.pixel(x, y), QRgb(magma[size_t(level)]));
        }
    QVERIFY2(worst <= 1, qPrintable(QStringLiteral("largest difference %1 levels").arg(worst)));

    const QString shots = qEnvironmentVariable("DIFFLENS_SCREENSHOT_DIR");
    if (!shots.isEmpty() && QString::fromUtf8(QTest::currentDataTag()) == QLatin1String("text")) {
        w.workspace()->difference()->setMode(DifferenceView::Mode::Flip);
        w.workspace()->setMode(CompareWorkspace::Mode::Difference);
        w.workspace()->zoomFit();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTest::qWait(200);
        QVERIFY(w.grab().save(QDir(shots).filePath(QStringLiteral("flip-view.png"))));
    }
}

void TestFlipView::shiftSpinBox_data()
{
    QTest::addColumn<int>("bShift");        // B's rectangle moved right by this
    QTest::addColumn<int>("shift");         // the spin box
    QTest::addColumn<qint64>("mismatched");
    QTest::addColumn<qint64>("tolerated");
    QTest::newRow("1 px, shift 0") << 1 << 0 << qint64(60) << qint64(0);
    QTest::newRow("1 px, shift 1") << 1 << 1 << qint64(0) << qint64(60);
    // Only the corners of the outer columns (x = 52 and x = 110 at y = 40 and 69) find both
    // matches within 1 px: the rows above and below the rectangle are white in A and B.
    QTest::newRow("3 px, shift 1") << 3 << 1 << qint64(176) << qint64(4);
    QTest::newRow("3 px, shift 3") << 3 << 3 << qint64(0) << qint64(180);
}

void TestFlipView::shiftSpinBox()
{
    QFETCH(int, bShift);
    QFETCH(int, shift);
    QFETCH(qint64, mismatched);
    QFETCH(qint64, tolerated);
    const QString a = m_dir.filePath(QStringLiteral("rect-a.png"));
    const QString b = m_dir.filePath(QStringLiteral("rect-b%1.png").arg(bShift));
    QVERIFY(rectangleImage(0).save(a));
    QVERIFY(rectangleImage(bShift).save(b));
    MainWindow w(uitest::steadyMonitor());
    QSignalSpy results(w.session(), &ComparisonSession::resultChanged);
    w.openPair(a, b);
    QVERIFY(results.wait(10000));
    QCOMPARE(w.session()->comparison()->result->job.counts.mismatched, int64_t(60 * bShift));
    if (shift > 0) {
        w.compareToolBar()->shiftBox()->setValue(shift); // as if typed
        QCOMPARE(w.session()->shift(), shift);
        QVERIFY(results.wait(10000));
    }
    const CompareResult &r = *w.session()->comparison()->result;
    QCOMPARE(w.session()->comparison()->options->job.pixelmatch.shift, shift);
    QCOMPARE(qint64(r.job.counts.mismatched), mismatched);
    QCOMPARE(qint64(r.job.counts.shiftTolerated), tolerated);
    const QString summary = w.session()->summary();
    QCOMPARE(summary.contains(QStringLiteral("%1 shift-tolerated").arg(tolerated)), shift > 0);
}

void TestFlipView::alignToggle_data()
{
    QTest::addColumn<int>("dx");
    QTest::addColumn<int>("dy");
    QTest::newRow("right and up") << 7 << -4;
    QTest::newRow("left and down") << -5 << 9;
}

void TestFlipView::alignToggle()
{
    QFETCH(int, dx);
    QFETCH(int, dy);
    const QImage ta = texture(200, 150);
    const QString a = m_dir.filePath(QStringLiteral("tex-a.png"));
    const QString b = m_dir.filePath(QStringLiteral("tex-b_%1_%2.png").arg(dx).arg(dy));
    QVERIFY(ta.save(a));
    QVERIFY(shifted(ta, dx, dy).save(b));
    MainWindow w(uitest::steadyMonitor());
    QSignalSpy results(w.session(), &ComparisonSession::resultChanged);
    w.openPair(a, b);
    QVERIFY(results.wait(10000));
    QVERIFY(w.session()->comparison()->result->job.counts.mismatched > 0);
    QVERIFY(!w.session()->summary().contains(QStringLiteral("aligned")));
    w.compareToolBar()->alignAction()->setChecked(true); // as if clicked
    QVERIFY(w.session()->align());
    QVERIFY(results.wait(10000));
    const CompareResult &r = *w.session()->comparison()->result;
    QVERIFY2(r.alignment.applied, r.alignment.reason.c_str());
    QCOMPARE(r.alignment.dx, dx);
    QCOMPARE(r.alignment.dy, dy);
    QCOMPARE(r.job.counts.mismatched, int64_t(0)); // only the overlap is compared
    QCOMPARE(r.job.totalPixels, int64_t(200 - std::abs(dx)) * (150 - std::abs(dy)));
    QCOMPARE(w.session()->data()->alignOffset(), QPoint(dx, dy));
    const QString summary = w.session()->summary();
    QVERIFY2(summary.contains(QStringLiteral("aligned %1, %2").arg(dx).arg(dy)), qPrintable(summary));

    // Swipe (split at the left edge), onion skin (B opaque) and blink (B shown) draw B moved by
    // the offset: frame pixel P shows B(P - (dx, dy)) = A(P), not B(P).
    w.resize(900, 700);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QImage tb = QImage(b).convertToFormat(QImage::Format_RGBA8888);
    const QPoint frame(100, 75);
    QVERIFY(ta.pixelColor(frame) != tb.pixelColor(frame)); // the check can tell them apart
    CompareWorkspace *ws = w.workspace();
    ws->setMode(CompareWorkspace::Mode::Swipe);
    ws->swipe()->canvas()->setSplit(0.0);
    ws->zoomActual();
    QCOMPARE(shownAt(ws->swipe()->canvas(), frame), ta.pixelColor(frame));
    ws->setMode(CompareWorkspace::Mode::Onion);
    ws->onion()->slider()->setValue(100);
    ws->zoomActual();
    QCOMPARE(shownAt(ws->onion()->canvas(), frame), ta.pixelColor(frame));
    ws->setMode(CompareWorkspace::Mode::Blink);
    ws->blink()->setAutoBlink(false);
    ws->blink()->showSide(true);
    ws->zoomActual();
    QCOMPARE(shownAt(ws->blink()->canvas(), frame), ta.pixelColor(frame));
    ws->blink()->showSide(false); // A is never moved
    QCOMPARE(ws->blink()->canvas()->offset(), QPoint());
    QCOMPARE(shownAt(ws->blink()->canvas(), frame), ta.pixelColor(frame));
}

QTEST_MAIN(TestFlipView)
#include "tst_flip_view.moc"

// Comparison session: threshold re-compare (debounced), region navigation, cancel, errors.
#include "uitestutil.h"

#include "comparecontroller.h"
#include "comparisonsession.h"
#include "compareworkspace.h"
#include "imagecanvas.h"
#include "zoommodel.h"

#include "difflens/compare/sidecar.h"

#include <QtTest>

using namespace difflens;
using namespace difflens::ui;

class TestSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void thresholdChangeRecompares();
    void regionNavigation();
    void badFileKeepsOtherSide();
    void cancelDropsTheResult();
    void newRequestCancelsStaleOne();
    void ignoreRegionSavedToSidecar();
    void reloadOnChange();

private:
    QTemporaryDir m_dir;
    QString m_a, m_b;
};

namespace {
std::shared_ptr<const Image> bigImage(int w, int h, uint8_t v)
{
    auto img = std::make_shared<Image>(w, h, 4, 8);
    std::fill(img->data(), img->data() + img->byteSize(), v);
    return img;
}
} // namespace

void TestSession::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_a = m_dir.filePath(QStringLiteral("a.png"));
    m_b = m_dir.filePath(QStringLiteral("b.png"));
    uitest::writePair(m_a, m_b);
}

void TestSession::thresholdChangeRecompares()
{
    ComparisonSession s;
    AppSettings settings;
    settings.device = Device::Cpu;
    s.setSettings(settings);
    QSignalSpy results(&s, &ComparisonSession::resultChanged);
    QSignalSpy started(s.controller(), &CompareController::started);
    s.openPair(m_a, m_b);
    QVERIFY(results.wait(10000));
    QVERIFY(s.comparison()->compared());
    const int64_t strict = s.comparison()->result->job.counts.mismatched;
    QCOMPARE(strict, int64_t(30 * 20));   // only the strong change passes threshold 0.1
    QCOMPARE(s.data()->regions.size(), 1);
    // Several quick slider moves start one job after the debounce interval.
    started.clear();
    s.setThreshold(0.05);
    s.setThreshold(0.02);
    s.setThreshold(0.0);
    QCOMPARE(started.count(), 0);
    QVERIFY(results.wait(10000));
    QCOMPARE(started.count(), 1);
    QCOMPARE(s.comparison()->result->job.counts.mismatched, int64_t(30 * 20 + 40 * 30));
    QCOMPARE(s.data()->regions.size(), 2);
    QVERIFY(s.summary().contains(QStringLiteral("1,800")) || s.summary().contains(QStringLiteral("1800")));
}

void TestSession::regionNavigation()
{
    ComparisonSession s;
    s.setThreshold(0.0);
    CompareWorkspace ws;
    connect(&s, &ComparisonSession::dataChanged, &ws, &CompareWorkspace::setData);
    ws.resize(600, 400);
    ws.show();
    QVERIFY(QTest::qWaitForWindowExposed(&ws));
    QSignalSpy results(&s, &ComparisonSession::resultChanged);
    s.openPair(m_a, m_b);
    QVERIFY(results.wait(10000));
    QCOMPARE(ws.regionCount(), 2);
    QCOMPARE(ws.currentRegion(), -1);
    QSignalSpy changed(&ws, &CompareWorkspace::currentRegionChanged);
    ws.nextRegion();
    QCOMPARE(ws.currentRegion(), 0);
    const QRect r0 = ws.data()->regions[0].box;
    ZoomModel *zm = ws.activeCanvas()->zoomModel();
    QCOMPARE(zm->center(), QRectF(r0).center());
    ws.nextRegion();
    QCOMPARE(ws.currentRegion(), 1);
    QCOMPARE(zm->center(), QRectF(ws.data()->regions[1].box).center());
    ws.nextRegion();
    QCOMPARE(ws.currentRegion(), 0);   // wraps
    ws.previousRegion();
    QCOMPARE(ws.currentRegion(), 1);
    QCOMPARE(changed.count(), 4);
    // The other views follow through the synchroniser.
    ws.setMode(CompareWorkspace::Mode::Swipe);
    QCOMPARE(ws.activeCanvas()->zoomModel()->center(), zm->center());
    for (ImageCanvas *c : ws.allCanvases())
        QCOMPARE(c->currentRegion(), 1);
}

void TestSession::badFileKeepsOtherSide()
{
    const QString bad = m_dir.filePath(QStringLiteral("bad.png"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("this is not a png");
    f.close();
    ComparisonSession s;
    QSignalSpy results(&s, &ComparisonSession::resultChanged);
    s.openPair(m_a, bad);
    QVERIFY(results.wait(10000));
    QVERIFY(!s.data()->a.isNull());
    QVERIFY(s.data()->b.isNull());
    QVERIFY(!s.data()->errorB.isEmpty());
    QVERIFY(s.data()->errorA.isEmpty());
    QVERIFY(!s.data()->compared());
    // Replacing the bad side recovers without reloading A from disk.
    s.setSidePath(Side::B, m_b);
    QVERIFY(results.wait(10000));
    QVERIFY(s.data()->compared());
    QVERIFY(s.data()->errorB.isEmpty());
}

void TestSession::cancelDropsTheResult()
{
    ComparisonSession s;
    s.setComputeSsim(true);
    QSignalSpy results(&s, &ComparisonSession::resultChanged);
    QSignalSpy canceled(s.controller(), &CompareController::canceled);
    s.setSideImage(Side::A, bigImage(4000, 3000, 10), QStringLiteral("a"));
    s.setSideImage(Side::B, bigImage(4000, 3000, 200), QStringLiteral("b"));
    QVERIFY(s.controller()->isBusy());
    s.cancel();
    QCOMPARE(canceled.count(), 1);
    QVERIFY(!s.controller()->isBusy());
    QTRY_COMPARE_WITH_TIMEOUT(s.controller()->runningJobs(), 0, 30000);
    QCOMPARE(results.count(), 0);
}

void TestSession::newRequestCancelsStaleOne()
{
    auto *s = new ComparisonSession;
    QSignalSpy results(s, &ComparisonSession::resultChanged);
    s->setSideImage(Side::A, bigImage(3000, 2000, 10), QStringLiteral("a"));
    s->setSideImage(Side::B, bigImage(3000, 2000, 200), QStringLiteral("b"));
    QSignalSpy started(s->controller(), &CompareController::started);
    s->openPair(m_a, m_b);
    QCOMPARE(started.count(), 1);
    QVERIFY(results.wait(30000));
    QCOMPARE(results.count(), 1);           // only the newest generation reports
    QCOMPARE(s->comparison()->a.info.width, 200);
    // Destroying the session while a job runs waits for it (no crash, no leak).
    s->setSideImage(Side::A, bigImage(4000, 3000, 1), QStringLiteral("a"));
    s->setSideImage(Side::B, bigImage(4000, 3000, 2), QStringLiteral("b"));
    delete s;
}

void TestSession::ignoreRegionSavedToSidecar()
{
    ComparisonSession s;
    s.setThreshold(0.0);
    QSignalSpy results(&s, &ComparisonSession::resultChanged);
    s.openPair(m_a, m_b);
    QVERIFY(results.wait(10000));
    QCOMPARE(s.data()->regions.size(), 2);
    s.addIgnoreRect(QRect(110, 80, 60, 50));   // covers the faint change
    QVERIFY(results.wait(10000));
    QCOMPARE(s.data()->regions.size(), 1);
    QCOMPARE(s.data()->ignore.size(), 1);
    Sidecar sc;
    std::string error;
    QVERIFY(loadSidecar(s.sidecarPath().toStdString(), sc, error));
    QCOMPARE(sc.ignore.size(), size_t(1));
    QCOMPARE(sc.ignore[0].rect.x, 110);
    // A new session on the same pair picks the sidecar up.
    ComparisonSession s2;
    s2.openPair(m_a, m_b);
    QCOMPARE(s2.ignoreRects().size(), 1);
    s.clearIgnoreRects();
    QVERIFY(results.wait(10000));
    QVERIFY(QFile::remove(s.sidecarPath()));
}

void TestSession::reloadOnChange()
{
    const QString a = m_dir.filePath(QStringLiteral("ra.png")), b = m_dir.filePath(QStringLiteral("rb.png"));
    uitest::writePair(a, b);
    ComparisonSession s;
    QSignalSpy results(&s, &ComparisonSession::resultChanged);
    s.openPair(a, b);
    QVERIFY(results.wait(10000));
    QVERIFY(s.comparison()->result->job.counts.mismatched > 0);
    QVERIFY(QFile::remove(b));
    QVERIFY(QFile::copy(a, b));   // B now equals A
    QTRY_VERIFY_WITH_TIMEOUT(s.comparison()->result->job.counts.mismatched == 0, 10000);
}

QTEST_MAIN(TestSession)
#include "tst_session.moc"

// The status-bar memory graph samples an injected (fake) monitor off the GUI thread.
#include "uitestutil.h"

#include "status/memorysparkline.h"
#include "status/memorystats.h"
#include "status/tierbadge.h"

#include <QThread>
#include <QtTest>

using namespace difflens;
using namespace difflens::ui;

class TestMemory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void samplesFromFakeMonitor();
    void sparklineDrawsThresholdsAndSeries();
    void tierBadge();
};

void TestMemory::samplesFromFakeMonitor()
{
    auto reads = std::make_shared<std::atomic<int>>(0);
    MemoryStats stats(uitest::fakeMonitor(reads), 20);
    QSignalSpy updated(&stats, &MemoryStats::updated);
    QTRY_VERIFY_WITH_TIMEOUT(stats.history().size() >= 5, 3000);
    QVERIFY(reads->load() >= 5);
    QVERIFY(updated.count() >= 1);
    QVERIFY(updated.count() <= stats.sampleCount());   // throttled, never more than samples
    const MemorySnapshot s = stats.latest();
    QCOMPARE(s.device, QStringLiteral("fake:0 (Test GPU)"));
    QVERIFY(s.isCuda);
    QVERIFY(s.ratio >= 0.5 && s.ratio < 1.0);
    QCOMPARE(s.totalBytes, int64_t(1000) << 20);
    stats.setThresholds({0.6, 0.7});
    QCOMPARE(stats.thresholds().warning, 0.6);
    QVERIFY(stats.status() != MemoryStatus::Unknown);
    // History timestamps are monotonic.
    for (int i = 1; i < stats.history().size(); ++i)
        QVERIFY(stats.history()[i].msecs >= stats.history()[i - 1].msecs);
}

void TestMemory::sparklineDrawsThresholdsAndSeries()
{
    MemoryStats stats(uitest::fakeMonitor(), 20);
    stats.setThresholds({0.5, 0.75});
    MemorySparkline spark;
    spark.setStats(&stats);
    spark.resize(200, 40);
    spark.show();
    QVERIFY(QTest::qWaitForWindowExposed(&spark));
    QTRY_VERIFY_WITH_TIMEOUT(stats.history().size() >= 4, 3000);
    QTRY_VERIFY(spark.paintCount() >= 2);
    const QImage shot = spark.grab().toImage();
    // Warning line (amber) at 50 %, critical line (red) at 25 % from the top.
    auto rowHas = [&shot](int y, QColor c) {
        for (int dy = -1; dy <= 1; ++dy)
            for (int x = 2; x < shot.width() - 2; ++x)
                if (uitest::near(shot.pixelColor(x, y + dy), c, 40))
                    return true;
        return false;
    };
    QVERIFY(rowHas(20, QColor(230, 160, 0)));
    QVERIFY(rowHas(10, QColor(220, 40, 40)));
    QVERIFY(!spark.toolTip().isEmpty());
}

void TestMemory::tierBadge()
{
    TierBadge b;
    PlanInfo plan;
    plan.tier = Tier::Medium;
    plan.device = "cpu";
    plan.tileWidth = 512;
    plan.tileHeight = 512;
    plan.tileCount = 4;
    b.setPlan(plan);
    QVERIFY(b.text().contains(QStringLiteral("Medium")));
    // Results are always exact: nothing is marked approximate.
    QVERIFY(!b.text().contains(QStringLiteral("≈")));
    QVERIFY(!b.toolTip().contains(QStringLiteral("approximate")));
    QVERIFY(b.toolTip().contains(QStringLiteral("4 tile")));
    QVERIFY(b.styleSheet().contains(TierBadge::tierColor(Tier::Medium).name()));
}

QTEST_MAIN(TestMemory)
#include "tst_memory.moc"

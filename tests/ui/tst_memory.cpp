// The status-bar memory display: sampling an injected (fake) monitor off the GUI thread,
// the graph and its threshold lines, the numbers beside it, "unknown" shown as unknown, and
// the panel a click opens (the last five minutes and the last job's plan).
#include "uitestutil.h"

#include "status/memorypanel.h"
#include "status/memorysparkline.h"
#include "status/memorystats.h"
#include "status/memorytext.h"
#include "status/statuspanel.h"
#include "status/tierbadge.h"

#include <QDir>
#include <QMainWindow>
#include <QStatusBar>
#include <QThread>
#include <QToolButton>
#include <QtTest>

#include <cmath>

using namespace difflens;
using namespace difflens::ui;

class TestMemory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void samplesFromFakeMonitor();
    void sparklineDrawsThresholdsAndSeries();
    void tierBadgeShowsPlanInTooltip();
    void formatBytes_data();
    void formatBytes();
    void usageText_data();
    void usageText();
    void unknownIsShownAsUnknown();
    void graphScaledToBudget();
    void clickOpensPanelWithPlan();

private:
    void writeScreenshot(const QString &dir);
};

namespace {

// A CPU source that cannot read memory (or, with readable, fixed numbers).
class FixedCpuSource : public MemorySource {
public:
    FixedCpuSource(bool readable, int64_t process) : m_readable(readable), m_process(process) {}
    std::string deviceName() const override { return "cpu"; }
    bool isCuda() const override { return false; }
    bool read(int64_t &used, int64_t &total, int64_t &process) override
    {
        process = m_readable ? m_process : -1;
        if (!m_readable)
            return false;
        total = int64_t(16) << 30;
        used = int64_t(6) << 30;
        return true;
    }

private:
    bool m_readable;
    int64_t m_process;
};

std::unique_ptr<MemoryMonitor> fixedCpu(bool readable, int64_t process = 0)
{
    return std::make_unique<MemoryMonitor>(std::make_unique<FixedCpuSource>(readable, process));
}

PlanInfo streamedPlan()
{
    PlanInfo plan;
    plan.device = "cpu";
    plan.streamed = true;
    plan.tileCount = 12;
    plan.bandHeight = 256;
    plan.estimatedPeakBytes = int64_t(22) << 20;
    plan.processPeakBytes = int64_t(48) << 20;
    plan.budgetBytes = int64_t(6) << 30;
    plan.memoryRatio = 0.42;
    plan.memoryStatus = "normal";
    return plan;
}

// A window whose status bar holds the memory display, with a result summary and a plan.
struct StatusWindow {
    QMainWindow window;
    StatusPanel panel;
    explicit StatusWindow(MemoryStats *stats) : panel(window.statusBar(), stats)
    {
        panel.setSummary(QStringLiteral("1,204 pixels differ (0.12 %) · 3 regions"));
        panel.setPlan(streamedPlan());
        window.resize(1000, 420);
        window.show();
    }
};

} // namespace

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

void TestMemory::tierBadgeShowsPlanInTooltip()
{
    TierBadge b;
    QCOMPARE(b.text(), QStringLiteral("High"));   // display quality: nothing known yet
    QVERIFY(b.toolTip().contains(QStringLiteral("No comparison has run yet")));
    b.setPlan(streamedPlan());
    // The badge shows the display tier, never the plan's analysis tier; the plan is in the tooltip.
    QCOMPARE(b.text(), QStringLiteral("High"));
    QVERIFY2(b.toolTip().contains(QStringLiteral("Streamed on cpu in 12 bands of 256 rows")), qPrintable(b.toolTip()));
    QVERIFY(b.toolTip().contains(QStringLiteral("always exact")));
    QVERIFY(!b.toolTip().contains(QStringLiteral("approximate")));
    b.setQuality(DisplayQuality::forTier(DisplayQuality::Tier::Low));
    QCOMPARE(b.text(), QStringLiteral("Low"));
    QVERIFY(b.styleSheet().contains(TierBadge::tierColor(DisplayQuality::Tier::Low).name()));
    QVERIFY(b.toolTip().contains(QStringLiteral("512 pixels")));
}

void TestMemory::formatBytes_data()
{
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("unknown") << qint64(-1) << QStringLiteral("unknown");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0 bytes");
    QTest::newRow("KiB") << qint64(512) * 1024 << QStringLiteral("512 KiB");
    QTest::newRow("MiB") << (qint64(812) << 20) << QStringLiteral("812 MiB");
    QTest::newRow("1.2 GiB") << qint64(1288490189) << QStringLiteral("1.2 GiB");
    QTest::newRow("6.0 GiB") << (qint64(6) << 30) << QStringLiteral("6.0 GiB");
    QTest::newRow("TiB") << (qint64(3) << 40) << QStringLiteral("3.0 TiB");
}

void TestMemory::formatBytes()
{
    QFETCH(qint64, bytes);
    QFETCH(QString, text);
    QCOMPARE(formatMemoryBytes(bytes), text);
}

void TestMemory::usageText_data()
{
    QTest::addColumn<bool>("cuda");
    QTest::addColumn<qint64>("used");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("process");
    QTest::addColumn<qint64>("budget");
    QTest::addColumn<QString>("text");
    const qint64 G = qint64(1) << 30;
    QTest::newRow("cpu") << false << 9 * G << 16 * G << qint64(1288490189) << 6 * G
                         << QStringLiteral("1.2 GiB of 6.0 GiB budget");
    QTest::newRow("cpu, budget unknown") << false << qint64(-1) << qint64(-1) << (qint64(300) << 20) << qint64(-1)
                                         << QStringLiteral("300 MiB, budget unknown");
    QTest::newRow("cpu, unknown") << false << qint64(-1) << qint64(-1) << qint64(-1) << qint64(-1)
                                  << QStringLiteral("memory unknown");
    QTest::newRow("cuda") << true << qint64(3328599654) << 80 * G << G << 80 * G << QStringLiteral("VRAM 3.1 GiB of 80.0 GiB");
    QTest::newRow("cuda, unknown") << true << qint64(-1) << qint64(-1) << qint64(-1) << qint64(-1)
                                   << QStringLiteral("VRAM unknown");
}

void TestMemory::usageText()
{
    QFETCH(bool, cuda);
    QFETCH(qint64, used);
    QFETCH(qint64, total);
    QFETCH(qint64, process);
    QFETCH(qint64, budget);
    QFETCH(QString, text);
    MemorySnapshot s;
    s.isCuda = cuda;
    s.usedBytes = used;
    s.totalBytes = total;
    s.processBytes = process;
    s.budgetBytes = budget;
    s.ratio = total > 0 && used >= 0 ? double(used) / double(total) : -1;
    QCOMPARE(memoryUsageText(s), text);
    QVERIFY(!memoryUsageText(s).contains(QLatin1Char('%')));   // never "0 %" or "-100 %"
}

void TestMemory::unknownIsShownAsUnknown()
{
    MemoryStats stats(fixedCpu(false), 20);
    QMainWindow w;
    StatusPanel panel(w.statusBar(), &stats);
    w.resize(900, 200);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_VERIFY_WITH_TIMEOUT(stats.history().size() >= 2, 3000);
    QCOMPARE(stats.status(), MemoryStatus::Unknown);
    QTRY_COMPARE(panel.memoryButton()->text(), QStringLiteral("memory unknown"));
    QVERIFY(stats.latest().budgetRatio() < 0);
    // The graph says "unknown" and draws no use line at zero: its bottom rows stay the base colour.
    MemorySparkline *spark = panel.sparkline();
    spark->resize(200, 40);
    const QImage shot = spark->grab().toImage();
    const QColor base = spark->palette().color(QPalette::Base);
    int textPixels = 0;
    for (int x = 2; x < shot.width() - 2; ++x) {
        QVERIFY2(uitest::near(shot.pixelColor(x, shot.height() - 3), base, 8), "something drawn at 0 %");
        for (int y = 8; y < 32; ++y)
            textPixels += uitest::near(shot.pixelColor(x, y), base, 30) ? 0 : 1;
    }
    QVERIFY(textPixels > 150);   // the word "unknown" (the two threshold lines are above row 8)
    panel.showMemoryPanel();
    QVERIFY2(panel.memoryPanel()->text().contains(QStringLiteral("memory unknown")), qPrintable(panel.memoryPanel()->text()));
    QVERIFY(!panel.memoryPanel()->text().contains(QStringLiteral("-100")));
    QVERIFY(!panel.memoryPanel()->text().contains(QStringLiteral(" 0 %")));
}

void TestMemory::graphScaledToBudget()
{
    // The process holds 540 MiB of a 900 MiB budget on a 16 GiB machine: the graph's line
    // sits at 60 % of its height (the budget), not at 3 % (the machine).
    MemoryStats stats(fixedCpu(true, int64_t(540) << 20), 20);
    stats.setExplicitBudget(int64_t(900) << 20);
    stats.setThresholds({0.8, 0.9});
    QTRY_VERIFY_WITH_TIMEOUT(stats.history().size() >= 3, 3000);
    QCOMPARE(stats.latest().budgetBytes, int64_t(900) << 20);
    QCOMPARE(stats.latest().budgetRatio(), 0.6);
    QCOMPARE(stats.status(), MemoryStatus::Normal);
    QCOMPARE(memoryUsageText(stats.latest()), QStringLiteral("540 MiB of 900 MiB budget"));
    // Drawn over a minute of such samples: the use line sits 60 % up the graph.
    QVector<MemorySnapshot> history;
    for (int i = 0; i <= 60; ++i) {
        MemorySnapshot snap = stats.latest();
        snap.msecs = i * 1000;
        history.append(snap);
    }
    QImage shot(200, 101, QImage::Format_ARGB32);
    QPalette pal;
    pal.setColor(QPalette::Base, Qt::white);
    pal.setColor(QPalette::Text, Qt::black);
    {
        QPainter p(&shot);
        paintMemoryGraph(p, QRectF(0.5, 0.5, 199, 100), history, stats.thresholds(), 60000, false, pal);
    }
    int lineRow = -1;
    for (int y = 1; y < shot.height() - 1 && lineRow < 0; ++y)
        if (uitest::near(shot.pixelColor(100, y), Qt::black, 60))
            lineRow = y;
    QVERIFY2(std::abs(lineRow - 40) <= 1, qPrintable(QString::number(lineRow)));
    // Below the line the process's share is filled, above it the graph is empty.
    QVERIFY(!uitest::near(shot.pixelColor(100, 70), Qt::white, 8));
    QVERIFY(uitest::near(shot.pixelColor(100, 30), Qt::white, 8));
}

void TestMemory::clickOpensPanelWithPlan()
{
    MemoryStats stats(fixedCpu(true, int64_t(1288490189)), 20);
    stats.setExplicitBudget(int64_t(6) << 30);
    StatusWindow sw(&stats);
    StatusPanel &panel = sw.panel;
    QVERIFY(QTest::qWaitForWindowExposed(&sw.window));
    QTRY_VERIFY_WITH_TIMEOUT(stats.history().size() >= 3, 3000);
    QTRY_COMPARE(panel.memoryButton()->text(), QStringLiteral("1.2 GiB of 6.0 GiB budget"));
    QVERIFY(!panel.memoryPanel()->isVisible());
    QTest::mouseClick(panel.sparkline(), Qt::LeftButton);
    QTRY_VERIFY(panel.memoryPanel()->isVisible());
    const QString text = panel.memoryPanel()->text();
    QVERIFY2(text.contains(QStringLiteral("Streamed on cpu in 12 bands of 256 rows")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Estimate 22 MiB, process peak 48 MiB")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("1.2 GiB resident")), qPrintable(text));              // the process
    QVERIFY2(text.contains(QStringLiteral("cpu: 6.0 GiB of 16.0 GiB in use")), qPrintable(text)); // the device
    QVERIFY2(text.contains(QStringLiteral("6.0 GiB (set in Settings → Memory)")), qPrintable(text));
    QCOMPARE(MemoryStats::kWindowMs, qint64(5 * 60 * 1000));
    // The button opens it too.
    panel.memoryPanel()->hide();
    panel.memoryButton()->click();
    QTRY_VERIFY(panel.memoryPanel()->isVisible());

    // DIFFLENS_SCREENSHOT_DIR=docs/screenshots writes memory-panel.png: a window with the
    // panel open, over five minutes of synthetic samples (a comparison's rise and fall).
    const QString dir = qEnvironmentVariable("DIFFLENS_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        writeScreenshot(dir);
}

void TestMemory::writeScreenshot(const QString &dir)
{
    const qint64 budget = int64_t(6) << 30;
    MemoryStats stats(fixedCpu(true, int64_t(1288490189)), 3600 * 1000);   // one real sample, then ours
    stats.setExplicitBudget(budget);
    QTRY_VERIFY_WITH_TIMEOUT(stats.history().size() == 1, 3000);
    const qint64 start = stats.latest().msecs;
    for (int i = 1; i <= 300; ++i) {
        const double minute = i / 60.0;   // 0 .. 5
        const double share = 0.14 + 0.68 * std::exp(-std::pow((minute - 2.4) / 0.6, 2)) +
                             0.08 * std::exp(-std::pow((minute - 4.3) / 0.2, 2));
        MemorySnapshot snap = stats.latest();
        snap.msecs = start + i * 1000;
        snap.processBytes = qint64(share * double(budget));
        snap.usedBytes = (int64_t(5) << 30) + snap.processBytes;
        snap.ratio = double(snap.usedBytes) / double(snap.totalBytes);
        stats.addSnapshot(snap);
    }
    StatusWindow sw(&stats);
    StatusPanel &panel = sw.panel;
    QMainWindow &w = sw.window;
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTest::qWait(300);   // the throttled update reaches the labels
    panel.showMemoryPanel();
    QTRY_VERIFY(panel.memoryPanel()->isVisible());
    const QImage shot = w.grab().toImage();
    const QPoint at = w.mapFromGlobal(panel.memoryPanel()->pos());
    const QImage popup = panel.memoryPanel()->grab().toImage();
    QImage canvas(shot.size().expandedTo(QSize(at.x() + popup.width(), at.y() + popup.height())), QImage::Format_ARGB32);
    canvas.fill(w.palette().color(QPalette::Window));
    QPainter p(&canvas);
    p.drawImage(0, 0, shot);
    p.drawImage(at, popup);
    p.end();
    QVERIFY(canvas.save(QDir(dir).filePath(QStringLiteral("memory-panel.png"))));
}

QTEST_MAIN(TestMemory)
#include "tst_memory.moc"

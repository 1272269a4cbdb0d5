// Display quality tiers from the memory status: an injected status goes Normal → Warning →
// Critical and back, and the tier (High → Medium → Low and back) and the badge follow, with
// hysteresis (a ratio hovering at a threshold does not flap the tier).
#include "status/displayquality.h"
#include "status/memorystats.h"
#include "status/statuspanel.h"
#include "status/tierbadge.h"

#include <QMainWindow>
#include <QSignalSpy>
#include <QStatusBar>
#include <QtTest>

#include <atomic>
#include <memory>

using namespace difflens;
using namespace difflens::ui;
using DTier = DisplayQuality::Tier;

Q_DECLARE_METATYPE(difflens::ui::DisplayQuality::Tier)

namespace {

constexpr int64_t kBudget = int64_t(1000) << 20;

// A CPU source whose process size the test sets, as a share of a 1000 MiB budget in ‰.
class ScriptedSource : public MemorySource {
public:
    explicit ScriptedSource(std::shared_ptr<std::atomic<int>> permille) : m_permille(std::move(permille)) {}
    std::string deviceName() const override { return "cpu"; }
    bool isCuda() const override { return false; }
    bool read(int64_t &used, int64_t &total, int64_t &process) override
    {
        const int p = m_permille->load();
        total = int64_t(16) << 30;
        used = int64_t(4) << 30;
        process = p < 0 ? -1 : kBudget * p / 1000;
        return true;
    }

private:
    std::shared_ptr<std::atomic<int>> m_permille;
};

} // namespace

class TestDisplayQuality : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tierSettings_data();
    void tierSettings();
    void transitions_data();
    void transitions();
    void noFlappingAtThreshold();
    void badgeFollowsInjectedStatus();
};

void TestDisplayQuality::tierSettings_data()
{
    QTest::addColumn<DTier>("tier");
    QTest::addColumn<int>("maxPreviewEdge");
    QTest::addColumn<double>("maxZoom");
    QTest::addColumn<int>("jpeg");
    QTest::addColumn<int>("reportMaxEdge");
    QTest::addColumn<bool>("notice");
    QTest::newRow("High: full resolution, lossless") << DTier::High << 0 << 0.0 << 0 << 0 << false;
    QTest::newRow("Medium: 1:1 cap, JPEG 85") << DTier::Medium << 0 << 1.0 << 85 << 0 << false;
    QTest::newRow("Low: 512 px previews, JPEG 75") << DTier::Low << 512 << 0.0 << 75 << 512 << true;
}

void TestDisplayQuality::tierSettings()
{
    QFETCH(DTier, tier);
    QFETCH(int, maxPreviewEdge);
    QFETCH(double, maxZoom);
    QFETCH(int, jpeg);
    QFETCH(int, reportMaxEdge);
    QFETCH(bool, notice);
    const DisplayQuality q = DisplayQuality::forTier(tier);
    QCOMPARE(q.tier, tier);
    QCOMPARE(q.maxPreviewEdge, maxPreviewEdge);
    QCOMPARE(q.maxZoom, maxZoom);
    QCOMPARE(q.reportJpegQuality, jpeg);
    QCOMPARE(q.reportMaxEdge, reportMaxEdge);
    QCOMPARE(q.viewNotice, notice ? QStringLiteral("Low quality — memory critical") : QString());
    QVERIFY(!q.effect.isEmpty());
}

void TestDisplayQuality::transitions_data()
{
    // Ratios (against the budget) observed in order, with warning 80 % and critical 90 %,
    // and the tier after the last one. Recovery needs kRecoverSamples (4) samples at least
    // 5 % below a threshold.
    QTest::addColumn<QList<double>>("ratios");
    QTest::addColumn<DTier>("tier");
    QTest::addColumn<int>("changes");
    QTest::newRow("normal stays High") << QList<double>{0.1, 0.5, 0.8} << DTier::High << 0;
    QTest::newRow("warning: Medium at once") << QList<double>{0.5, 0.85} << DTier::Medium << 1;
    QTest::newRow("critical: Low at once") << QList<double>{0.5, 0.95} << DTier::Low << 1;
    QTest::newRow("normal to warning to critical") << QList<double>{0.5, 0.85, 0.95} << DTier::Low << 2;
    QTest::newRow("back to normal, held") << QList<double>{0.95, 0.5, 0.5, 0.5, 0.5} << DTier::High << 2;
    QTest::newRow("back to normal, too short") << QList<double>{0.95, 0.5, 0.5, 0.5} << DTier::Low << 1;
    QTest::newRow("back to warning, held") << QList<double>{0.95, 0.82, 0.82, 0.82, 0.82} << DTier::Medium << 2;
    QTest::newRow("critical to just under warning: Medium, not High")
        << QList<double>{0.95, 0.78, 0.78, 0.78, 0.78} << DTier::Medium << 2;
    QTest::newRow("recovery interrupted restarts") << QList<double>{0.85, 0.5, 0.5, 0.5, 0.85, 0.5, 0.5, 0.5}
                                                   << DTier::Medium << 1;
    QTest::newRow("unknown keeps the tier") << QList<double>{0.95, -1, -1, -1, -1, -1} << DTier::Low << 1;
    QTest::newRow("unknown from the start is High") << QList<double>{-1, -1} << DTier::High << 0;
    QTest::newRow("over the budget") << QList<double>{1.4} << DTier::Low << 1;
}

void TestDisplayQuality::transitions()
{
    QFETCH(QList<double>, ratios);
    QFETCH(DTier, tier);
    QFETCH(int, changes);
    DisplayQualityController c;
    QSignalSpy changed(&c, &DisplayQualityController::changed);
    QSignalSpy observed(&c, &DisplayQualityController::observed);
    for (double r : ratios)
        c.observe(r, {0.8, 0.9});
    QCOMPARE(c.quality().tier, tier);
    QCOMPARE(changed.count(), changes);
    QCOMPARE(observed.count(), ratios.size());
    if (changes > 0)
        QCOMPARE(changed.last().at(0).value<DisplayQuality>().tier, tier);
    QVERIFY(!c.quality().reason.isEmpty());
}

void TestDisplayQuality::noFlappingAtThreshold()
{
    DisplayQualityController c;
    QSignalSpy changed(&c, &DisplayQualityController::changed);
    for (int i = 0; i < 50; ++i)
        c.observe(i % 2 ? 0.81 : 0.79, {0.8, 0.9});
    QCOMPARE(changed.count(), 1);   // High → Medium once, then it stays
    QCOMPARE(c.quality().tier, DTier::Medium);
    QVERIFY(c.quality().reason.contains(QStringLiteral("returns")) ||
            c.quality().reason.contains(QStringLiteral("warning")));
}

void TestDisplayQuality::badgeFollowsInjectedStatus()
{
    auto permille = std::make_shared<std::atomic<int>>(500);
    MemoryStats stats(std::make_unique<MemoryMonitor>(std::make_unique<ScriptedSource>(permille)), 10);
    stats.setExplicitBudget(kBudget);
    stats.setThresholds({0.8, 0.9});
    QMainWindow w;
    StatusPanel panel(w.statusBar(), &stats);
    TierBadge *badge = panel.badge();
    const struct {
        int permille;
        MemoryStatus status;
        DTier tier;
        const char *text;
    } steps[] = {
        {500, MemoryStatus::Normal, DTier::High, "High"},
        {850, MemoryStatus::Warning, DTier::Medium, "Medium"},
        {950, MemoryStatus::Critical, DTier::Low, "Low"},
        {820, MemoryStatus::Warning, DTier::Medium, "Medium"},
        {500, MemoryStatus::Normal, DTier::High, "High"},
    };
    for (const auto &step : steps) {
        permille->store(step.permille);
        QTRY_COMPARE_WITH_TIMEOUT(stats.status(), step.status, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(panel.displayQuality()->quality().tier, step.tier, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(badge->text(), QString::fromLatin1(step.text), 5000);
        QVERIFY(badge->styleSheet().contains(TierBadge::tierColor(step.tier).name()));
        // The tooltip says why (the status and the ratio) and what the tier changes.
        QVERIFY2(badge->toolTip().contains(DisplayQuality::forTier(step.tier).effect), qPrintable(badge->toolTip()));
        QVERIFY2(badge->toolTip().contains(QStringLiteral("%1 % of the budget").arg(step.permille / 10)),
                 qPrintable(badge->toolTip()));
    }
}

QTEST_MAIN(TestDisplayQuality)
#include "tst_display_quality.moc"

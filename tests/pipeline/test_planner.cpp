// Planner decisions: sizes x budgets x ratios -> tier, tile size and count. Budgets are
// written relative to the planner's own estimate of a given tile, so the table states the
// decision rules, not the calibration constants. Every plan is exact: never Tier::Low.
#include "difflens/engine/planner.h"

#include <QtTest/QtTest>

#include <algorithm>

using namespace difflens;

Q_DECLARE_METATYPE(difflens::Backend)
Q_DECLARE_METATYPE(difflens::Tier)

namespace {

PlanRequest request(int w, int h, Backend backend, bool ssim)
{
    PlanRequest r;
    r.width = w;
    r.height = h;
    r.backend = backend;
    r.ssim = ssim;
    r.ssimMap = ssim;
    r.wantDiff = true;
    return r;
}

int64_t est(const PlanRequest &r, int tw, int th) { return estimateMemory(r, r.width, r.height, tw, th).total(); }

// Budget: "exact" = estimate of that tile, "under" = one byte less, "none" = unlimited.
int64_t budgetFor(const PlanRequest &r, const QString &spec)
{
    if (spec == "none")
        return 0;
    if (spec == "tiny")
        return 1;
    const QStringList parts = spec.split(':'); // "exact:WxH" or "under:WxH"
    const QStringList wh = parts[1].split('x');
    const int tw = wh[0].toInt(), th = wh[1].toInt();
    const int64_t e = est(r, tw, th);
    return parts[0] == "under" ? e - 1 : e;
}

} // namespace

class TestPlanner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decisions_data();
    void decisions();
    void stepDownSequence();
    void stepDownForcedHigh();
    void neverLow_data();
    void neverLow();
    void tileGridCoversOnce_data();
    void tileGridCoversOnce();
    void budgetFromSample();
    void byteSizes_data();
    void byteSizes();
    void estimateGrowsWithOutputs();
    void describeMentionsPlan();
};

void TestPlanner::decisions_data()
{
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("h");
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<QString>("budget");
    QTest::addColumn<double>("ratio");
    QTest::addColumn<Tier>("forced");
    QTest::addColumn<int>("forcedEdge");
    QTest::addColumn<Tier>("tier");
    QTest::addColumn<int>("tileW");
    QTest::addColumn<int>("tileH");
    QTest::addColumn<int>("tiles");
    QTest::addColumn<bool>("fits");

    const auto F = Backend::FusedCuda, T = Backend::TorchOps, C = Backend::CpuKernels;
    const auto A = Tier::Auto, H = Tier::High, M = Tier::Medium, L = Tier::Low;
    // name                                 w      h    backend budget            ratio  forced edge  tier  tw    th    n   fits
    QTest::newRow("fused 8k unlimited") << 8192 << 8192 << F << "none" << 0.3 << A << 0 << H << 8192 << 8192 << 1 << true;
    QTest::newRow("fused 8k exact") << 8192 << 8192 << F << "exact:8192x8192" << 0.3 << A << 0 << H << 8192 << 8192 << 1 << true;
    QTest::newRow("fused 8k half") << 8192 << 8192 << F << "under:8192x8192" << 0.3 << A << 0 << M << 8192 << 4096 << 2 << true;
    QTest::newRow("fused 8k quarter") << 8192 << 8192 << F << "under:8192x4096" << 0.3 << A << 0 << M << 4096 << 4096 << 4 << true;
    QTest::newRow("ops 8k eighth") << 8192 << 8192 << T << "exact:4096x2048" << -1.0 << A << 0 << M << 4096 << 2048 << 8 << true;
    QTest::newRow("fused 16k 1G-like") << 16384 << 16384 << F << "exact:8192x4096" << 0.1 << A << 0 << M << 8192 << 4096 << 8 << true;
    QTest::newRow("wide halves width") << 16384 << 1024 << F << "under:16384x1024" << 0.1 << A << 0 << M << 8192 << 1024 << 2 << true;
    QTest::newRow("odd size ceil") << 10001 << 7001 << F << "under:10001x7001" << 0.1 << A << 0 << M << 5001 << 7001 << 2 << true;
    QTest::newRow("odd size smaller") << 10001 << 7001 << F << "under:5001x7001" << 0.1 << A << 0 << M << 5001 << 3501 << 4 << true;
    QTest::newRow("unknown ratio no guard") << 4096 << 4096 << F << "none" << -1.0 << A << 0 << H << 4096 << 4096 << 1 << true;
    QTest::newRow("warning: no whole frame") << 8192 << 8192 << F << "none" << 0.85 << A << 0 << M << 8192 << 4096 << 2 << true;
    QTest::newRow("at warning still high") << 8192 << 8192 << F << "none" << 0.80 << A << 0 << H << 8192 << 8192 << 1 << true;
    QTest::newRow("critical: smallest") << 8192 << 8192 << F << "none" << 0.95 << A << 0 << M << 128 << 128 << 4096 << true;
    QTest::newRow("nothing fits: smallest") << 8192 << 8192 << F << "tiny" << 0.3 << A << 0 << M << 128 << 128 << 4096 << false;
    QTest::newRow("cpu tiny budget: smallest") << 8192 << 8192 << C << "tiny" << 0.3 << A << 0 << M << 128 << 128 << 4096 << false;
    QTest::newRow("small frame critical") << 800 << 600 << F << "none" << 0.95 << A << 0 << M << 200 << 150 << 16 << true;
    QTest::newRow("forced high tiny budget") << 8192 << 8192 << F << "tiny" << 0.95 << H << 0 << H << 8192 << 8192 << 1 << false;
    QTest::newRow("forced medium") << 8192 << 8192 << F << "none" << 0.1 << M << 0 << M << 8192 << 4096 << 2 << true;
    // Low is display quality only: a forced Low is planned as forced Medium (runJob rejects it).
    QTest::newRow("forced low plans medium") << 8192 << 4096 << F << "none" << 0.1 << L << 0 << M << 4096 << 4096 << 2 << true;
    QTest::newRow("forced edge") << 8192 << 8192 << F << "none" << 0.1 << A << 3000 << M << 3000 << 3000 << 9 << true;
    QTest::newRow("forced edge >= frame") << 500 << 400 << C << "none" << 0.1 << A << 1000 << H << 500 << 400 << 1 << true;
    QTest::newRow("cpu unlimited") << 4096 << 4096 << C << "none" << 0.2 << A << 0 << H << 4096 << 4096 << 1 << true;
    QTest::newRow("cpu exact") << 4096 << 4096 << C << "exact:4096x4096" << 0.2 << A << 0 << H << 4096 << 4096 << 1 << true;
    // On the CPU the outputs dominate: tiling cannot help, so the smallest tiles are chosen
    // and flagged as not fitting.
    QTest::newRow("cpu under: smallest") << 4096 << 4096 << C << "under:4096x4096" << 0.2 << A << 0 << M << 128 << 128 << 1024 << false;
}

void TestPlanner::decisions()
{
    QFETCH(int, w);
    QFETCH(int, h);
    QFETCH(Backend, backend);
    QFETCH(QString, budget);
    QFETCH(double, ratio);
    QFETCH(Tier, forced);
    QFETCH(int, forcedEdge);
    QFETCH(Tier, tier);
    QFETCH(int, tileW);
    QFETCH(int, tileH);
    QFETCH(int, tiles);
    QFETCH(bool, fits);

    PlanRequest r = request(w, h, backend, true);
    r.ratio = ratio;
    r.forcedTier = forced;
    r.forcedTileEdge = forcedEdge;
    r.budgetBytes = budgetFor(r, budget);

    const Plan p = planJob(r);
    QCOMPARE(toString(p.tier), toString(tier));
    QCOMPARE(p.tileWidth, tileW);
    QCOMPARE(p.tileHeight, tileH);
    QCOMPARE(p.tileCount, tiles);
    QCOMPARE(p.fits, fits);
    QVERIFY(!p.reason.empty());
    if (p.fits && r.budgetBytes > 0)
        QVERIFY(p.estimatedPeakBytes <= r.budgetBytes);
}

void TestPlanner::stepDownSequence()
{
    // High -> Medium tiles, each step smaller, ending at the smallest native tiles.
    PlanRequest r = request(4096, 4096, Backend::FusedCuda, true);
    Plan p = planJob(r);
    QCOMPARE(p.tier, Tier::High);
    int steps = 0;
    while (auto next = nextPlanDown(p, r)) {
        QVERIFY(++steps < 64);
        QVERIFY2(next->tileWidth * int64_t(next->tileHeight) < p.tileWidth * int64_t(p.tileHeight),
                 "each step must shrink the tile");
        QCOMPARE(next->tier, Tier::Medium);
        p = *next;
    }
    QVERIFY(steps > 0);
    QCOMPARE(p.tier, Tier::Medium);
    QCOMPARE(p.tileWidth, 128);
    QCOMPARE(p.tileHeight, 128);
    QCOMPARE(p.tileCount, 32 * 32);
}

void TestPlanner::stepDownForcedHigh()
{
    PlanRequest r = request(2048, 2048, Backend::FusedCuda, false);
    r.forcedTier = Tier::High;
    QVERIFY(!nextPlanDown(planJob(r), r).has_value());
}

void TestPlanner::neverLow_data()
{
    // Budgets from 1 byte up to far more than any frame needs, and unknown (0).
    QTest::addColumn<qint64>("budget");
    for (const qint64 b : {qint64(1), qint64(1000), qint64(1) << 20, qint64(16) << 20, qint64(256) << 20,
                           qint64(1) << 30, qint64(16) << 30, qint64(1) << 40, qint64(0)})
        QTest::newRow(qPrintable(QStringLiteral("budget %1").arg(b))) << b;
}

void TestPlanner::neverLow()
{
    // Whatever the budget, memory status, backend or forced tier, the planner (and every step
    // down after out-of-memory) plans the native frame at High or Medium: results are exact.
    QFETCH(qint64, budget);
    const std::pair<int, int> sizes[] = {{1, 1}, {300, 200}, {2000, 1200}, {8192, 8192}, {65536, 65536}};
    for (const auto &[w, h] : sizes) {
        for (const Backend backend : {Backend::CpuKernels, Backend::TorchOps, Backend::FusedCuda}) {
            for (const double ratio : {-1.0, 0.3, 0.85, 0.95}) {
                for (const Tier forced : {Tier::Auto, Tier::Low, Tier::Medium}) {
                    PlanRequest r = request(w, h, backend, true);
                    r.budgetBytes = budget;
                    r.ratio = ratio;
                    r.forcedTier = forced;
                    const QByteArray what = QStringLiteral("%1x%2 %3 ratio %4 forced %5")
                                                .arg(w)
                                                .arg(h)
                                                .arg(QString::fromLatin1(toString(backend)))
                                                .arg(ratio)
                                                .arg(QString::fromLatin1(toString(forced)))
                                                .toUtf8();
                    std::optional<Plan> p = planJob(r);
                    int steps = 0;
                    while (p) {
                        QVERIFY2(p->tier == Tier::High || p->tier == Tier::Medium, what.constData());
                        // The tiles cover the native frame.
                        QVERIFY2(p->tileWidth >= 1 && p->tileWidth <= w && p->tileHeight >= 1 && p->tileHeight <= h,
                                 what.constData());
                        QCOMPARE(int64_t(p->tileCount),
                                 int64_t((w + p->tileWidth - 1) / p->tileWidth) * ((h + p->tileHeight - 1) / p->tileHeight));
                        QVERIFY2(++steps < 64, what.constData());
                        p = nextPlanDown(*p, r);
                    }
                }
            }
        }
    }
}

void TestPlanner::tileGridCoversOnce_data()
{
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("h");
    QTest::addColumn<int>("tw");
    QTest::addColumn<int>("th");
    QTest::newRow("exact") << 512 << 512 << 128 << 128;
    QTest::newRow("odd") << 997 << 613 << 100 << 37;
    QTest::newRow("tile larger") << 50 << 30 << 64 << 64;
    QTest::newRow("strips") << 301 << 299 << 301 << 7;
}

void TestPlanner::tileGridCoversOnce()
{
    QFETCH(int, w);
    QFETCH(int, h);
    QFETCH(int, tw);
    QFETCH(int, th);
    std::vector<int> hits(size_t(w) * h, 0);
    const auto tiles = tileGrid(w, h, tw, th);
    QCOMPARE(int(tiles.size()), ((w + tw - 1) / tw) * ((h + th - 1) / th));
    for (const Rect &t : tiles) {
        QVERIFY(t.width > 0 && t.height > 0 && t.width <= tw && t.height <= th);
        for (int y = t.y; y < t.y + t.height; ++y)
            for (int x = t.x; x < t.x + t.width; ++x)
                ++hits[size_t(y) * w + x];
    }
    QVERIFY(std::all_of(hits.begin(), hits.end(), [](int v) { return v == 1; }));
}

void TestPlanner::budgetFromSample()
{
    MemorySample s;
    QCOMPARE(difflens::budgetFromSample(s, 0), int64_t(0));           // unknown
    QCOMPARE(difflens::budgetFromSample(s, 12345), int64_t(12345));   // explicit wins
    s.totalBytes = 80ll << 30;
    s.usedBytes = 20ll << 30;
    const int64_t margin = std::max<int64_t>(kMinSafetyMargin, int64_t((80ll << 30) * kSafetyMarginFraction));
    QCOMPARE(difflens::budgetFromSample(s, 0), (60ll << 30) - margin);
    s.totalBytes = 1ll << 30;
    s.usedBytes = 900ll << 20; // free below the margin: minimal budget, never negative
    QCOMPARE(difflens::budgetFromSample(s, 0), int64_t(1));
}

void TestPlanner::byteSizes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("bytes");
    QTest::newRow("plain") << "1000" << qint64(1000);
    QTest::newRow("K") << "4K" << qint64(4096);
    QTest::newRow("M") << "512M" << qint64(512ll << 20);
    QTest::newRow("G") << "2G" << qint64(2ll << 30);
    QTest::newRow("GiB") << "1GiB" << qint64(1ll << 30);
    QTest::newRow("fraction") << "1.5G" << qint64(3ll << 29);
    QTest::newRow("lower") << "256m" << qint64(256ll << 20);
    QTest::newRow("bad unit") << "5X" << qint64(-1);
    QTest::newRow("empty") << "" << qint64(-1);
}

void TestPlanner::byteSizes()
{
    QFETCH(QString, text);
    QFETCH(qint64, bytes);
    QCOMPARE(qint64(parseByteSize(text.toStdString())), bytes);
}

void TestPlanner::estimateGrowsWithOutputs()
{
    PlanRequest r = request(2000, 1000, Backend::CpuKernels, false);
    r.wantDiff = false;
    const int64_t base = est(r, 2000, 1000);
    r.wantDiff = true;
    const int64_t withDiff = est(r, 2000, 1000);
    QCOMPARE(withDiff - base, int64_t(2000 * 1000 * 4));
    r.ssim = r.ssimMap = true;
    QVERIFY(est(r, 2000, 1000) > withDiff);
    // Torch paths: smaller tiles never need more device memory.
    PlanRequest g = request(8192, 8192, Backend::TorchOps, true);
    QVERIFY(est(g, 4096, 4096) < est(g, 8192, 8192));
    QVERIFY(est(g, 1024, 1024) < est(g, 4096, 4096));
}

void TestPlanner::describeMentionsPlan()
{
    PlanRequest r = request(4096, 2048, Backend::CpuKernels, true);
    r.budgetBytes = 1ll << 30;
    MemorySample s;
    s.device = "cpu";
    s.ratio = 0.5;
    const std::string line = describePlan(planJob(r), r, s);
    for (const char *key : {"ratio=0.500", "status=normal", "tier=high", "tile=4096x2048", "tiles=1", "budget=1.00G"})
        QVERIFY2(line.find(key) != std::string::npos, (line + " lacks " + key).c_str());
}

QTEST_GUILESS_MAIN(TestPlanner)
#include "test_planner.moc"

// Exact statistics: hand-computed values at 8 and 16 bit, ignore regions, merging of
// tiles and the multi-threaded whole-frame entry point.
#include "difflens/engine/stats.h"
#include "engine_test_util.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace difflens;
using namespace difflens::test;

namespace {

void setPixel16(Image &img, int x, int y, uint16_t r, uint16_t g, uint16_t b, uint16_t a)
{
    const uint16_t v[4] = {r, g, b, a};
    std::memcpy(img.row(y) + size_t(x) * 8, v, sizeof v);
}

} // namespace

class StatsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void identicalIsInfinitePsnr();
    void handComputed8();
    void handComputed16();
    void ignoreRegionsExcluded();
    void tilesMergeExactly();
    void threadedMatchesSingle();
    void mismatchedInputs();
};

void StatsTest::identicalIsInfinitePsnr()
{
    Image a(7, 5, 4, 8);
    fill(a, 10, 20, 30);
    const ExactStats s = exactStats(a.view(), a.view());
    QCOMPARE(s.differing, qint64(0));
    QCOMPARE(s.maxDelta, 0);
    QCOMPARE(s.mae, 0.0);
    QCOMPARE(s.mse, 0.0);
    QVERIFY(std::isinf(s.psnr) && s.psnr > 0);
    QCOMPARE(s.peak, 255);
}

void StatsTest::handComputed8()
{
    // 2x2 frame, one pixel differs by (+10, -20, 0, +5) => sums over 16 samples.
    Image a(2, 2, 4, 8), b(2, 2, 4, 8);
    fill(a, 100, 100, 100, 200);
    fill(b, 100, 100, 100, 200);
    setPixel(b, 1, 0, 110, 80, 100, 205);
    const ExactStats s = exactStats(a.view(), b.view(), {}, 1);
    QCOMPARE(s.differing, qint64(1));
    QCOMPARE(s.maxDelta, 20);
    QCOMPARE(s.mae, 35.0 / 16.0);
    QCOMPARE(s.mse, 525.0 / 16.0);
    QCOMPARE(s.rmse, std::sqrt(525.0 / 16.0));
    QCOMPARE(s.psnr, 10.0 * std::log10(255.0 * 255.0 / (525.0 / 16.0)));
    QCOMPARE(s.peak, 255);

    const ExactAccumulator acc = accumulateExact(a.view(), b.view(), {0, 0, 2, 2});
    QCOMPARE(acc.pixels, qint64(4));
    QCOMPARE(acc.sumAbs, quint64(35));
    QVERIFY(acc.sumSq == 525);
}

void StatsTest::handComputed16()
{
    Image a(3, 1, 4, 16), b(3, 1, 4, 16);
    for (int x = 0; x < 3; ++x) {
        setPixel16(a, x, 0, 1000, 2000, 3000, 65535);
        setPixel16(b, x, 0, 1000, 2000, 3000, 65535);
    }
    setPixel16(b, 0, 0, 0, 2000, 3000, 65535);      // |d| = 1000
    setPixel16(b, 2, 0, 1000, 2000, 63000, 65535);  // |d| = 60000
    const ExactStats s = exactStats(a.view(), b.view());
    QCOMPARE(s.differing, qint64(2));
    QCOMPARE(s.maxDelta, 60000);
    QCOMPARE(s.peak, 65535);
    QCOMPARE(s.mae, 61000.0 / 12.0);
    const double mse = (1000.0 * 1000.0 + 60000.0 * 60000.0) / 12.0;
    QCOMPARE(s.mse, mse);
    QCOMPARE(s.psnr, 10.0 * std::log10(65535.0 * 65535.0 / mse));
}

void StatsTest::ignoreRegionsExcluded()
{
    Image a(10, 10, 4, 8), b(10, 10, 4, 8);
    fill(a, 0, 0, 0);
    fill(b, 0, 0, 0);
    setPixel(b, 3, 3, 255, 0, 0);
    setPixel(b, 8, 8, 0, 4, 0);
    const ExactAccumulator acc = accumulateExact(a.view(), b.view(), {0, 0, 10, 10}, {{2, 2, 3, 3}, {2, 4, 1, 1}});
    QCOMPARE(acc.pixels, qint64(100 - 9));
    QCOMPARE(acc.differing, qint64(1));
    QCOMPARE(acc.maxDelta, 4);
    const ExactStats s = exactStats(a.view(), b.view(), {{2, 2, 3, 3}});
    QCOMPARE(s.differing, qint64(1));
    QCOMPARE(s.mae, 4.0 / (91.0 * 4.0));
}

void StatsTest::tilesMergeExactly()
{
    Image a(37, 23, 4, 8), b(37, 23, 4, 8);
    for (int y = 0; y < 23; ++y)
        for (int x = 0; x < 37; ++x) {
            setPixel(a, x, y, uint8_t(x * 7), uint8_t(y * 11), uint8_t(x * y), uint8_t(255 - x));
            setPixel(b, x, y, uint8_t(x * 7 + (x % 3)), uint8_t(y * 11), uint8_t(x * y + y % 5), uint8_t(255 - x));
        }
    const std::vector<Rect> ignore{{5, 5, 4, 30}};
    const ExactAccumulator whole = accumulateExact(a.view(), b.view(), {0, 0, 37, 23}, ignore);
    ExactAccumulator merged;
    for (const Rect &t : {Rect{0, 0, 13, 9}, Rect{13, 0, 24, 9}, Rect{0, 9, 37, 1}, Rect{0, 10, 20, 13},
                          Rect{20, 10, 17, 13}})
        merged.merge(accumulateExact(a.view(), b.view(), t, ignore));
    QCOMPARE(merged.pixels, whole.pixels);
    QCOMPARE(merged.differing, whole.differing);
    QCOMPARE(merged.maxDelta, whole.maxDelta);
    QCOMPARE(merged.sumAbs, whole.sumAbs);
    QVERIFY(merged.sumSq == whole.sumSq);
}

void StatsTest::threadedMatchesSingle()
{
    Image a(64, 61, 4, 16), b(64, 61, 4, 16);
    for (int y = 0; y < 61; ++y)
        for (int x = 0; x < 64; ++x) {
            setPixel16(a, x, y, uint16_t(x * 1000), uint16_t(y * 999), 7, 65535);
            setPixel16(b, x, y, uint16_t(x * 1000 + y), uint16_t(y * 999), uint16_t(7 + x), 65535);
        }
    const ExactStats s1 = exactStats(a.view(), b.view(), {}, 1);
    const ExactStats s4 = exactStats(a.view(), b.view(), {}, 4);
    QCOMPARE(s4.differing, s1.differing);
    QCOMPARE(s4.maxDelta, s1.maxDelta);
    QCOMPARE(s4.mae, s1.mae);
    QCOMPARE(s4.mse, s1.mse);
    QCOMPARE(s4.psnr, s1.psnr);
}

void StatsTest::mismatchedInputs()
{
    Image a(4, 4, 4, 8), b(5, 4, 4, 8);
    const ExactAccumulator acc = accumulateExact(a.view(), b.view(), {0, 0, 4, 4});
    QCOMPARE(acc.pixels, qint64(0));
    const ExactStats s = exactStats(a.view(), b.view());
    QCOMPARE(s.differing, qint64(0));
}

QTEST_GUILESS_MAIN(StatsTest)
#include "test_stats.moc"

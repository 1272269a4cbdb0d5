// Area-average downscaling of the Low tier (internal engine function).
#include "pipeline_resample.h"

#include <QtTest/QtTest>

using namespace difflens;

class TestResample : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void integerFactorIsBoxMean();
    void fractionalFactorWeightsCoverage();
    void sixteenBitAndConstant();
    void sameSizeCopies();
};

void TestResample::integerFactorIsBoxMean()
{
    Image src(4, 2, 4, 8);
    const uint8_t v[2][4] = {{0, 10, 100, 200}, {20, 30, 50, 51}};
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 4; ++x)
            for (int c = 0; c < 4; ++c)
                src.row(y)[x * 4 + c] = uint8_t(v[y][x] + c);
    const Image dst = detail::downscaleArea(src.view(), 2, 1);
    QCOMPARE(dst.width(), 2);
    QCOMPARE(dst.height(), 1);
    QCOMPARE(int(dst.row(0)[0]), 15);           // (0+10+20+30)/4
    QCOMPARE(int(dst.row(0)[4]), 100);          // (100+200+50+51)/4 = 100.25
    QCOMPARE(int(dst.row(0)[4 + 3]), 103);      // channel offset 3 -> 103.25
}

void TestResample::fractionalFactorWeightsCoverage()
{
    // 3 -> 2 columns: out0 = (p0 + p1/2) / 1.5, out1 = (p1/2 + p2) / 1.5.
    Image src(3, 1, 4, 8);
    const uint8_t v[3] = {0, 90, 180};
    for (int x = 0; x < 3; ++x)
        for (int c = 0; c < 4; ++c)
            src.row(0)[x * 4 + c] = v[x];
    const Image dst = detail::downscaleArea(src.view(), 2, 1);
    QCOMPARE(int(dst.row(0)[0]), 30);  // 45 / 1.5
    QCOMPARE(int(dst.row(0)[4]), 150); // 225 / 1.5
}

void TestResample::sixteenBitAndConstant()
{
    Image src(7, 5, 4, 16);
    for (int y = 0; y < 5; ++y) {
        auto *row = reinterpret_cast<uint16_t *>(src.row(y));
        for (int i = 0; i < 7 * 4; ++i)
            row[i] = 54321;
    }
    const Image dst = detail::downscaleArea(src.view(), 3, 2, 2);
    QCOMPARE(dst.depth(), 16);
    for (int y = 0; y < 2; ++y) {
        const auto *row = reinterpret_cast<const uint16_t *>(dst.row(y));
        for (int i = 0; i < 3 * 4; ++i)
            QCOMPARE(int(row[i]), 54321);
    }
}

void TestResample::sameSizeCopies()
{
    Image src(5, 3, 4, 8);
    for (size_t i = 0; i < src.byteSize(); ++i)
        src.data()[i] = uint8_t(i * 7);
    const Image dst = detail::downscaleArea(src.view(), 5, 3);
    QVERIFY(std::equal(src.data(), src.data() + src.byteSize(), dst.data()));
}

QTEST_GUILESS_MAIN(TestResample)
#include "test_resample.moc"

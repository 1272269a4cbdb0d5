// LDR-FLIP against the reference tool (FLIP 1.6) on the shared fixtures: mean, pooled
// values and the grey error maps; plus area/thread invariance of the map and statistics, exact
// zeros for identical images, and the AVX2 and baseline code agreeing bit for bit.
#include "engine_test_util.h"
#include "row_test_util.h"

#include "difflens/engine/flip.h"
#include "difflens/engine/job.h"
#include "difflens/engine/stream.h"

#include <QFile>
#include <QTextStream>
#include <QtTest>

#include <cmath>
#include <cstring>

using namespace difflens;
using namespace difflens::test;

namespace difflens::detail {
// Test seam defined in core/engine/src/flip/flip_cpu.cpp (declared here, not in flip.h, which
// job.h includes everywhere): every later FLIP call takes the baseline x86-64 code.
void setFlipBaselineKernelForTesting(bool on);
} // namespace difflens::detail

namespace {

QString flipFixturesDir()
{
    return QStringLiteral(DIFFLENS_FIXTURES_DIR "/flip-1.6");
}

QImage loadRgba(const QString &path)
{
    QImage img(path);
    return img.isNull() ? img : img.convertToFormat(QImage::Format_RGBA8888);
}

} // namespace

class TestFlip : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixtures_data();
    void fixtures();
    void areaAndThreadInvariance();
    void sixteenBitMatchesEightBit();
    void halo();
    void jobAndStreamBandInvariance();
    void identicalImagesGiveZero_data();
    void identicalImagesGiveZero();
    void baselineKernelMatchesAvx2_data();
    void baselineKernelMatchesAvx2();
};

void TestFlip::fixtures_data()
{
    QTest::addColumn<QString>("ref");
    QTest::addColumn<QString>("test");
    QTest::addColumn<QList<double>>("expected"); // mean, median, q1, q3, min, max
    QTest::addColumn<QString>("map");

    QFile f(flipFixturesDir() + QStringLiteral("/expected.tsv"));
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        // A missing fixture folder is a failure, never a skip.
        QTest::newRow("fixtures missing") << QString() << QString() << QList<double>() << QString();
        return;
    }
    QTextStream in(&f);
    const QStringList header = in.readLine().split('\t');
    QCOMPARE(header.value(0), QStringLiteral("pair"));
    while (!in.atEnd()) {
        const QStringList cols = in.readLine().split('\t');
        if (cols.size() < 10)
            continue;
        QList<double> e;
        for (int i = 3; i <= 8; ++i)
            e << cols[i].toDouble();
        QTest::newRow(qPrintable(cols[0])) << cols[1] << cols[2] << e << cols[9];
    }
}

void TestFlip::fixtures()
{
    QFETCH(QString, ref);
    QFETCH(QString, test);
    QFETCH(QList<double>, expected);
    QFETCH(QString, map);
    if (ref.isEmpty())
        QFAIL(qPrintable(QStringLiteral("FLIP fixtures not found in ") + flipFixturesDir()));

    const QString dir = flipFixturesDir() + '/';
    const QImage a = loadRgba(dir + ref), b = loadRgba(dir + test);
    QVERIFY(!a.isNull() && !b.isNull());
    FlipOptions opt;
    opt.wantMap = true;
    const FlipResult r = flipCpu(viewOf(a), viewOf(b), opt);

    const double meanTol = std::max(1e-5, 0.002 * expected[0]);
    qInfo("%s: mean %.6f (ref %.6f) median %.6f (%.6f) q1 %.6f (%.6f) q3 %.6f (%.6f) min %.6f (%.6f) max %.6f (%.6f)",
          QTest::currentDataTag(), r.mean, expected[0], r.weightedMedian, expected[1], r.weightedQ1, expected[2],
          r.weightedQ3, expected[3], r.min, expected[4], r.max, expected[5]);
    QVERIFY2(std::abs(r.mean - expected[0]) <= meanTol, qPrintable(QString::number(r.mean, 'f', 7)));
    // Pooled values: the reference prints six decimals; the weighted percentiles come from
    // a 2^16-bucket histogram here (within a bucket, 1.5e-5, of the reference's sorted values).
    QVERIFY(std::abs(r.weightedMedian - expected[1]) <= 5e-5);
    QVERIFY(std::abs(r.weightedQ1 - expected[2]) <= 5e-5);
    QVERIFY(std::abs(r.weightedQ3 - expected[3]) <= 5e-5);
    QVERIFY(std::abs(r.min - expected[4]) <= 5e-5);
    QVERIFY(std::abs(r.max - expected[5]) <= 5e-5);

    const QImage grey = loadRgba(dir + map);
    QVERIFY(!grey.isNull());
    QCOMPARE(grey.width(), r.map.width);
    QCOMPARE(grey.height(), r.map.height);
    int worst = 0;
    for (int y = 0; y < grey.height(); ++y) {
        const uchar *row = grey.constScanLine(y);
        for (int x = 0; x < grey.width(); ++x) {
            const float v = std::clamp(r.map.at(x, y), 0.0f, 1.0f);
            const int ours = int(255.0f * v + 0.5f);
            worst = std::max(worst, std::abs(ours - int(row[4 * x])));
        }
    }
    qInfo("%s: max error-map difference %d grey level(s)", QTest::currentDataTag(), worst);
    QVERIFY2(worst <= 1, qPrintable(QStringLiteral("map differs by %1 levels").arg(worst)));
}

void TestFlip::areaAndThreadInvariance()
{
    const QString dir = flipFixturesDir() + '/';
    const QImage a = loadRgba(dir + "text_ref.png"), b = loadRgba(dir + "text_test.png");
    QVERIFY2(!a.isNull() && !b.isNull(), "FLIP fixtures missing");
    FlipOptions opt;
    opt.wantMap = true;
    const FlipResult whole = flipCpu(viewOf(a), viewOf(b), opt, 1);

    // The frame in uneven row bands, each computed from a view holding only its rows and
    // the halo, and in two column halves: bit-identical maps and statistics.
    const int w = a.width(), h = a.height(), halo = flipHalo(opt.ppd);
    std::vector<float> map(size_t(w) * size_t(h), -1.0f);
    FlipAccumulator acc;
    const int cuts[] = {0, 7, 40, 41, 97, 150, h};
    for (size_t i = 0; i + 1 < std::size(cuts); ++i) {
        const int y0 = cuts[i], y1 = cuts[i + 1];
        const int v0 = std::max(0, y0 - halo), v1 = std::min(h, y1 + halo);
        ImageView va = viewOf(a), vb = viewOf(b);
        va.data += size_t(v0) * va.stride;
        vb.data += size_t(v0) * vb.stride;
        va.height = vb.height = v1 - v0;
        for (const Rect &r : {Rect{0, y0 - v0, 100, y1 - y0}, Rect{100, y0 - v0, w - 100, y1 - y0}})
            acc.merge(flipCpuArea(va, vb, r, opt, map.data() + size_t(y0) * size_t(w) + size_t(r.x), size_t(w), 2,
                                  FlipFrame{v0, h}));
    }
    QVERIFY(std::memcmp(map.data(), whole.map.data.data(), map.size() * sizeof(float)) == 0);
    const FlipResult banded = finalizeFlip(acc, {}, opt);
    QCOMPARE(banded.mean, whole.mean);
    QCOMPARE(banded.weightedMedian, whole.weightedMedian);
    QCOMPARE(banded.weightedQ1, whole.weightedQ1);
    QCOMPARE(banded.weightedQ3, whole.weightedQ3);
    QCOMPARE(banded.min, whole.min);
    QCOMPARE(banded.max, whole.max);

    const FlipResult threaded = flipCpu(viewOf(a), viewOf(b), opt, 0);
    QVERIFY(std::memcmp(threaded.map.data.data(), whole.map.data.data(), map.size() * sizeof(float)) == 0);
    QCOMPARE(threaded.mean, whole.mean);
}

void TestFlip::sixteenBitMatchesEightBit()
{
    const QString dir = flipFixturesDir() + '/';
    const QImage a = loadRgba(dir + "hue_ref.png"), b = loadRgba(dir + "hue_test.png");
    QVERIFY2(!a.isNull() && !b.isNull(), "FLIP fixtures missing");
    const Image a16 = widenTo16(imageOf(a)), b16 = widenTo16(imageOf(b));
    const FlipResult r8 = flipCpu(viewOf(a), viewOf(b));
    const FlipResult r16 = flipCpu(a16.view(), b16.view());
    QVERIFY(std::abs(r8.mean - r16.mean) < 1e-6);
}

void TestFlip::halo()
{
    QCOMPARE(flipHalo(kFlipDefaultPpd), 10); // CSF radius 10, feature radius 9 at 67 ppd
    QVERIFY(flipHalo(20.0) < flipHalo(67.0));
    QVERIFY(flipHalo(134.0) >= 2 * flipHalo(67.0) - 1);
}

void TestFlip::jobAndStreamBandInvariance()
{
    const QString dir = flipFixturesDir() + '/';
    const QImage a = loadRgba(dir + "jpeg30_ref.png"), b = loadRgba(dir + "jpeg30_test.png");
    QVERIFY2(!a.isNull() && !b.isNull(), "FLIP fixtures missing");
    JobOptions opt;
    opt.device = Device::Cpu;
    opt.tier = Tier::High;
    opt.computeFlip = true;
    opt.computeSsim = true;
    const FlipResult direct = flipCpu(viewOf(a), viewOf(b), opt.flip);
    const JobResult whole = runJob(viewOf(a), viewOf(b), opt);
    QVERIFY2(whole.ok, whole.error.c_str());
    QVERIFY(whole.flip.has_value());
    QCOMPARE(whole.flip->mean, direct.mean);
    QCOMPARE(whole.flip->weightedMedian, direct.weightedMedian);

    opt.tileSize = 64; // Medium tiles with halos
    opt.tier = Tier::Auto;
    const JobResult tiled = runJob(viewOf(a), viewOf(b), opt);
    QVERIFY2(tiled.ok, tiled.error.c_str());
    QCOMPARE(tiled.flip->mean, direct.mean);
    QCOMPARE(tiled.flip->weightedQ3, direct.weightedQ3);
    opt.tileSize = 0;

    for (int band : {1, 3, 11, 64, 180}) {
        ViewSource sa(viewOf(a)), sb(viewOf(b));
        StreamOptions so;
        so.bandHeight = band;
        const JobResult r = runStreamJob(sa, sb, opt, StreamSinks{}, so);
        QVERIFY2(r.ok, r.error.c_str());
        QVERIFY(r.flip.has_value());
        QCOMPARE(r.plan.bandHeight, band);
        QCOMPARE(r.flip->mean, direct.mean);
        QCOMPARE(r.flip->weightedMedian, direct.weightedMedian);
        QCOMPARE(r.flip->weightedQ1, direct.weightedQ1);
        QCOMPARE(r.flip->weightedQ3, direct.weightedQ3);
        QCOMPARE(r.flip->min, direct.min);
        QCOMPARE(r.flip->max, direct.max);
    }

    // The band halo covers FLIP's filters.
    BandRequest req;
    req.width = 320;
    req.height = 180;
    req.widthA = req.widthB = 320;
    req.flip = true;
    QCOMPARE(planBands(req).halo, flipHalo(kFlipDefaultPpd));
    req.flipPpd = 200;
    QCOMPARE(planBands(req).halo, flipHalo(200));
}

void TestFlip::identicalImagesGiveZero_data()
{
    QTest::addColumn<QString>("image");
    QTest::addColumn<QRect>("crop");
    QTest::addColumn<int>("threads");
    // Whole frames, and crops narrower and shorter than the filters' support and than one
    // block of columns the implementation works on at once.
    for (const char *name : {"blur_ref.png", "noise_test.png", "text_test.png"}) {
        QTest::newRow(qPrintable(QStringLiteral("%1 whole").arg(name))) << name << QRect() << 0;
        QTest::newRow(qPrintable(QStringLiteral("%1 1x1").arg(name))) << name << QRect(200, 90, 1, 1) << 1;
        QTest::newRow(qPrintable(QStringLiteral("%1 17x5").arg(name))) << name << QRect(3, 170, 17, 5) << 2;
        QTest::newRow(qPrintable(QStringLiteral("%1 300x33").arg(name))) << name << QRect(7, 40, 300, 33) << 2;
    }
}

// Identical images: every map value is exactly 0, whatever the size (the two images go
// through the same arithmetic in the same order, so their colours and features agree to
// the bit).
void TestFlip::identicalImagesGiveZero()
{
    QFETCH(QString, image);
    QFETCH(QRect, crop);
    QFETCH(int, threads);
    QImage a = loadRgba(flipFixturesDir() + '/' + image);
    QVERIFY2(!a.isNull(), "FLIP fixtures missing");
    if (!crop.isNull())
        a = a.copy(crop);
    const QImage b = a.copy();
    FlipOptions opt;
    opt.wantMap = true;
    const FlipResult r = flipCpu(viewOf(a), viewOf(b), opt, threads);
    QCOMPARE(r.map.width, a.width());
    QCOMPARE(r.map.height, a.height());
    int nonZero = 0;
    for (const float v : r.map.data)
        nonZero += v != 0.0f;
    QCOMPARE(nonZero, 0);
    QCOMPARE(r.mean, 0.0);
    QCOMPARE(r.max, 0.0);
}

void TestFlip::baselineKernelMatchesAvx2_data()
{
    QTest::addColumn<QString>("pair");
    QTest::addColumn<QRect>("crop");
    QTest::addColumn<bool>("sixteenBit");
    for (const char *pair : {"blur", "hue", "text", "noise"}) {
        QTest::newRow(pair) << pair << QRect() << false;
        QTest::newRow(qPrintable(QStringLiteral("%1 37x29").arg(pair))) << pair << QRect(61, 71, 37, 29) << false;
    }
    QTest::newRow("jpeg30 16-bit") << "jpeg30" << QRect() << true;
}

// The x86-64-v3 (AVX2) code and the baseline x86-64 code give the same map and statistics,
// bit for bit: no fused multiply-adds, no scalar tails.
void TestFlip::baselineKernelMatchesAvx2()
{
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("x86-64-v3"))
        QSKIP("this CPU has no x86-64-v3: both runs would take the baseline code");
#else
    QSKIP("the x86-64-v3 code is built with GCC on x86-64 only");
#endif
    QFETCH(QString, pair);
    QFETCH(QRect, crop);
    QFETCH(bool, sixteenBit);
    const QString dir = flipFixturesDir() + '/';
    QImage a = loadRgba(dir + pair + "_ref.png"), b = loadRgba(dir + pair + "_test.png");
    QVERIFY2(!a.isNull() && !b.isNull(), "FLIP fixtures missing");
    if (!crop.isNull()) {
        a = a.copy(crop);
        b = b.copy(crop);
    }
    const Image a16 = widenTo16(imageOf(a)), b16 = widenTo16(imageOf(b));
    const ImageView va = sixteenBit ? a16.view() : viewOf(a), vb = sixteenBit ? b16.view() : viewOf(b);
    FlipOptions opt;
    opt.wantMap = true;
    const FlipResult fast = flipCpu(va, vb, opt, 2);
    detail::setFlipBaselineKernelForTesting(true);
    const FlipResult base = flipCpu(va, vb, opt, 2);
    detail::setFlipBaselineKernelForTesting(false);
    QCOMPARE(base.map.data.size(), fast.map.data.size());
    QVERIFY(fast.mean > 0);
    QVERIFY(std::memcmp(base.map.data.data(), fast.map.data.data(), fast.map.data.size() * sizeof(float)) == 0);
    QCOMPARE(base.mean, fast.mean);
    QCOMPARE(base.weightedMedian, fast.weightedMedian);
    QCOMPARE(base.max, fast.max);
}

QTEST_GUILESS_MAIN(TestFlip)
#include "test_flip.moc"

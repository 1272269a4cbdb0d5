// Streaming comparison (runStreamJob) against the whole-frame job: band-height invariance
// of counts, statistics, regions, SSIM and the diff image and mask rows, on the pixelmatch
// fixtures and synthetic pairs; budgets that cannot fit, failing sources and sinks, cancel.
#include "engine_test_util.h"
#include "row_test_util.h"

#include "difflens/engine/job.h"
#include "difflens/engine/stream.h"

#include <QtTest>

#include <cstring>
#include <random>

using namespace difflens;
using namespace difflens::test;

namespace {

PixelmatchOptions optionsFrom(const QString &spec)
{
    PixelmatchOptions o;
    for (const QString &kv : spec.split(';', Qt::SkipEmptyParts)) {
        const QString k = kv.section('=', 0, 0), v = kv.section('=', 1);
        auto rgb = [&v] {
            const QStringList p = v.split(',');
            return Rgb{uint8_t(p[0].toInt()), uint8_t(p[1].toInt()), uint8_t(p[2].toInt())};
        };
        if (k == "threshold")
            o.threshold = v.toDouble();
        else if (k == "includeAA")
            o.includeAA = v == "true";
        else if (k == "diffMask")
            o.diffMask = v == "true";
        else if (k == "alpha")
            o.alpha = v.toDouble();
        else if (k == "aaColor")
            o.aaColor = rgb();
        else if (k == "diffColor")
            o.diffColor = rgb();
        else if (k == "diffColorAlt")
            o.diffColorAlt = rgb();
    }
    return o;
}

// A screenshot-like synthetic pair: panels, text-ish strokes, a few edits.
std::pair<Image, Image> syntheticPair(int w, int h, unsigned seed)
{
    Image a(w, h, 4, 8);
    fill(a, 245, 246, 248);
    std::mt19937 rng(seed);
    for (int i = 0; i < 40; ++i) {
        const int x0 = int(rng() % unsigned(w)), y0 = int(rng() % unsigned(h));
        const int bw = 2 + int(rng() % 40), bh = 1 + int(rng() % 12);
        const uint8_t c = uint8_t(rng() % 200);
        for (int y = y0; y < std::min(h, y0 + bh); ++y)
            for (int x = x0; x < std::min(w, x0 + bw); ++x)
                setPixel(a, x, y, c, uint8_t(c / 2), uint8_t(255 - c), i % 3 == 0 ? uint8_t(120 + i) : uint8_t(255));
    }
    Image b = a;
    for (int i = 0; i < 12; ++i) {
        const int x0 = int(rng() % unsigned(w)), y0 = int(rng() % unsigned(h));
        for (int y = y0; y < std::min(h, y0 + 1 + int(rng() % 9)); ++y)
            for (int x = x0; x < std::min(w, x0 + 1 + int(rng() % 15)); ++x)
                setPixel(b, x, y, uint8_t(rng() % 256), uint8_t(rng() % 256), uint8_t(rng() % 256));
    }
    return {std::move(a), std::move(b)};
}

// syntheticPair, widened to 16 bits a sample when `sixteen`.
std::pair<Image, Image> pairAtDepth(int w, int h, unsigned seed, bool sixteen)
{
    auto [a, b] = syntheticPair(w, h, seed);
    if (!sixteen)
        return {std::move(a), std::move(b)};
    return {widenTo16(a), widenTo16(b)};
}

JobOptions baseOptions(bool ssim)
{
    JobOptions o;
    o.device = Device::Cpu;
    o.wantDiffImage = true;
    o.wantMask = true;
    o.computeSsim = ssim;
    o.threads = 2;
    return o;
}

JobResult wholeFrame(const ImageView &a, const ImageView &b, JobOptions o)
{
    o.tier = Tier::High;
    return runJob(a, b, o);
}

void compareResults(const JobResult &whole, const JobResult &streamed, const VectorSink &diff, const VectorSink &mask)
{
    QVERIFY2(whole.ok, whole.error.c_str());
    QVERIFY2(streamed.ok, streamed.error.c_str());
    QCOMPARE(streamed.counts.mismatched, whole.counts.mismatched);
    QCOMPARE(streamed.counts.antiAliased, whole.counts.antiAliased);
    QCOMPARE(streamed.totalPixels, whole.totalPixels);
    QCOMPARE(streamed.stats.differing, whole.stats.differing);
    QCOMPARE(streamed.stats.maxDelta, whole.stats.maxDelta);
    QCOMPARE(streamed.stats.mae, whole.stats.mae);
    QCOMPARE(streamed.stats.mse, whole.stats.mse);
    QVERIFY(streamed.regions == whole.regions);
    QCOMPARE(streamed.ssim.has_value(), whole.ssim.has_value());
    if (whole.ssim) {
        QVERIFY2(std::abs(streamed.ssim->mean - whole.ssim->mean) <= 1e-12, qPrintable(QString::number(streamed.ssim->mean - whole.ssim->mean, 'g', 17)));
        QCOMPARE(streamed.ssim->perChannel.size(), whole.ssim->perChannel.size());
        QVERIFY(streamed.ssim->lowRegions == whole.ssim->lowRegions);
    }
    QVERIFY(diff.finished);
    QCOMPARE(diff.data.size(), whole.diff.byteSize());
    QVERIFY(std::memcmp(diff.data.data(), whole.diff.data(), diff.data.size()) == 0);
    QCOMPARE(mask.data.size(), whole.mask.size());
    QVERIFY(mask.data == whole.mask);
    QVERIFY(streamed.plan.streamed);
}

// Streams A and B in bands of `band` rows with `o` and checks the result against `whole`.
void streamEqualsWhole(const Image &a, const Image &b, const JobOptions &o, int band, const JobResult &whole)
{
    ViewSource sa(a.view()), sb(b.view());
    VectorSink diff(size_t(a.width()) * 4), mask(size_t(a.width()));
    StreamOptions so;
    so.bandHeight = band;
    const JobResult streamed = runStreamJob(sa, sb, o, {&diff, &mask}, so);
    compareResults(whole, streamed, diff, mask);
}

const int kBandHeights[] = {1, 2, 3, 4, 5, 7, 10, 11, 64, 100000};
// Ignore regions inside, across and partly outside the synthetic pairs.
const std::vector<Rect> kIgnoreRects = {Rect{10, 3, 50, 20}, Rect{100, 60, 90, 200}, Rect{-5, 120, 30, 30}};

} // namespace

class TestStream : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixturesAnyBand_data();
    void fixturesAnyBand();
    void syntheticAnyBand_data();
    void syntheticAnyBand();
    void chunkedAnyThreads_data();
    void chunkedAnyThreads();
    void differentSizesCompareCommonArea();
    void budgetTooSmallNamesTheBudgetThatFits();
    void budgetSizesTheBand();
    void sourceFailureStops();
    void sinkFailureStops();
    void cancelStopsBetweenBands();
    void progressReportsEveryBand();
    void paletteCoversEveryDiffPixel_data();
    void paletteCoversEveryDiffPixel();
};

void TestStream::fixturesAnyBand_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<QString>("options");
    QTest::addColumn<int>("band");
    // ../shared/fixtures is part of every checkout (and CI): missing fixtures are a failure.
    QVERIFY2(pixelmatchFixturesPresent(), qPrintable("pixelmatch fixtures missing: " + pixelmatchFixturesDir()));
    QFile tsv(pixelmatchFixturesDir() + "/expected.tsv");
    QVERIFY(tsv.open(QIODevice::ReadOnly));
    int row = 0;
    for (const QByteArray &line : tsv.readAll().split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> f = line.split('\t');
        for (int band : {1, 3, 5, 16, 100000}) {
            QTest::addRow("%d-%s-band%d", row, f[2].constData(), band)
                << QString(f[0]) << QString(f[1]) << QString(f[3]) << band;
        }
        ++row;
    }
}

void TestStream::fixturesAnyBand()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(QString, options);
    QFETCH(int, band);
    const QImage qa = QImage(pixelmatchFixturesDir() + "/" + a).convertToFormat(QImage::Format_RGBA8888);
    const QImage qb = QImage(pixelmatchFixturesDir() + "/" + b).convertToFormat(QImage::Format_RGBA8888);
    QVERIFY(!qa.isNull() && !qb.isNull());
    JobOptions o = baseOptions(true);
    o.pixelmatch = optionsFrom(options);
    const JobResult whole = wholeFrame(viewOf(qa), viewOf(qb), o);
    ViewSource sa(viewOf(qa)), sb(viewOf(qb));
    VectorSink diff(size_t(qa.width()) * 4), mask(size_t(qa.width()));
    StreamOptions so;
    so.bandHeight = band;
    const JobResult streamed = runStreamJob(sa, sb, o, {&diff, &mask}, so);
    compareResults(whole, streamed, diff, mask);
    QCOMPARE(streamed.plan.bandHeight, std::min(band, qa.height()));
}

void TestStream::syntheticAnyBand_data()
{
    QTest::addColumn<int>("band");
    QTest::addColumn<bool>("sixteen");
    QTest::addColumn<bool>("ignore");
    QTest::addColumn<int>("dilation");
    for (int band : kBandHeights)
        for (bool sixteen : {false, true})
            for (bool ignore : {false, true})
                QTest::addRow("band%d-%s-%s", band, sixteen ? "16bit" : "8bit", ignore ? "ignore" : "all")
                    << band << sixteen << ignore << (band % 2 ? 2 : 5);
}

void TestStream::syntheticAnyBand()
{
    QFETCH(int, band);
    QFETCH(bool, sixteen);
    QFETCH(bool, ignore);
    QFETCH(int, dilation);
    const auto [a, b] = pairAtDepth(173, 131, 7, sixteen);
    JobOptions o = baseOptions(true);
    o.regionDilation = dilation;
    o.ssim.regionDilation = dilation;
    o.ssim.lowThreshold = 0.97f;
    if (ignore)
        o.ignore = kIgnoreRects;
    const JobResult whole = wholeFrame(a.view(), b.view(), o);
    QVERIFY(whole.counts.mismatched > 0);
    QVERIFY(!whole.regions.empty());
    streamEqualsWhole(a, b, o, band, whole);
}

// Without SSIM and FLIP the band's kernels run in chunks of rows on helper threads
// (bands/band_workers.h): any thread count and band height gives the whole frame's result.
void TestStream::chunkedAnyThreads_data()
{
    QTest::addColumn<int>("threads");
    QTest::addColumn<int>("band");
    QTest::addColumn<bool>("sixteen");
    QTest::addColumn<bool>("ignore");
    for (int threads : {1, 2, 3, 5})
        for (int band : {1, 15, 16, 17, 64, 100000})
            for (bool sixteen : {false, true})
                for (bool ignore : {false, true})
                    QTest::addRow("threads%d-band%d-%s-%s", threads, band, sixteen ? "16bit" : "8bit",
                                  ignore ? "ignore" : "all")
                        << threads << band << sixteen << ignore;
}

void TestStream::chunkedAnyThreads()
{
    QFETCH(int, threads);
    QFETCH(int, band);
    QFETCH(bool, sixteen);
    QFETCH(bool, ignore);
    const auto [a, b] = pairAtDepth(211, 149, 11, sixteen);
    JobOptions o = baseOptions(false);
    if (ignore)
        o.ignore = kIgnoreRects;
    const JobResult whole = wholeFrame(a.view(), b.view(), o);
    QVERIFY(whole.counts.mismatched > 0);
    QVERIFY(whole.counts.antiAliased > 0);
    o.threads = threads;
    streamEqualsWhole(a, b, o, band, whole);
}

void TestStream::differentSizesCompareCommonArea()
{
    auto [a, b0] = syntheticPair(120, 90, 3);
    auto [big, unused] = syntheticPair(150, 70, 4);
    Q_UNUSED(unused);
    // B: a wider, shorter image whose top-left 120x70 is b0's.
    Image b = big;
    for (int y = 0; y < 70; ++y)
        std::memcpy(b.row(y), b0.row(y), 120 * 4);
    const Rect common{0, 0, 120, 70};
    const JobOptions o = baseOptions(false);
    const JobResult whole = wholeFrame(a.view().sub(common), b.view().sub(common), o);
    ViewSource sa(a.view()), sb(b.view());
    VectorSink diff(120 * 4), mask(120);
    StreamOptions so;
    so.bandHeight = 9;
    const JobResult streamed = runStreamJob(sa, sb, o, {&diff, &mask}, so);
    compareResults(whole, streamed, diff, mask);
    QCOMPARE(sa.rowsRead(), 90); // the taller image is read to its end
    QCOMPARE(sb.rowsRead(), 70);
}

void TestStream::budgetTooSmallNamesTheBudgetThatFits()
{
    auto [a, b] = syntheticPair(4000, 20, 1);
    ViewSource sa(a.view()), sb(b.view());
    JobOptions o = baseOptions(false);
    o.memoryBudget = 64 << 10;
    const JobResult r = runStreamJob(sa, sb, o, {});
    QVERIFY(!r.ok);
    QVERIFY2(QString::fromStdString(r.error).contains("--memory-budget"), r.error.c_str());
    QVERIFY2(QString::fromStdString(r.error).startsWith("not enough memory"), r.error.c_str());
    QCOMPARE(sa.rowsRead(), 0); // refused before reading
}

void TestStream::budgetSizesTheBand()
{
    BandRequest req;
    req.width = 16384;
    req.height = 16384;
    req.widthA = req.widthB = 16384;
    req.wantDiff = true;
    req.ssim = true;
    req.ssimRegions = true;
    req.threads = 2;
    req.budgetBytes = 64ll << 20;
    const BandPlan p = planBands(req);
    QVERIFY(p.fits);
    QVERIFY(p.bandHeight >= 16);
    QVERIFY(p.estimatedPeakBytes <= req.budgetBytes);
    req.budgetBytes = p.minimumBudget - 1;
    QVERIFY(!planBands(req).fits);
    req.budgetBytes = p.minimumBudget;
    const BandPlan one = planBands(req);
    QVERIFY(one.fits);
    QCOMPARE(one.bandHeight, 1);
    req.budgetBytes = 0;
    const BandPlan def = planBands(req);
    QVERIFY(def.bandHeight >= kSmallBandRows && def.bandHeight <= kMaxBandRows);
}

void TestStream::sourceFailureStops()
{
    auto [a, b] = syntheticPair(64, 64, 2);
    ViewSource sa(a.view()), sb(b.view(), 40);
    VectorSink diff(64 * 4);
    StreamOptions so;
    so.bandHeight = 8;
    const JobResult r = runStreamJob(sa, sb, baseOptions(false), {&diff, nullptr}, so);
    QVERIFY(!r.ok);
    QCOMPARE(QString::fromStdString(r.error), QStringLiteral("source ended at row 40"));
    QVERIFY(!diff.finished);
}

void TestStream::sinkFailureStops()
{
    auto [a, b] = syntheticPair(64, 64, 2);
    ViewSource sa(a.view()), sb(b.view());
    VectorSink diff(64 * 4, 20);
    StreamOptions so;
    so.bandHeight = 8;
    const JobResult r = runStreamJob(sa, sb, baseOptions(false), {&diff, nullptr}, so);
    QVERIFY(!r.ok);
    QCOMPARE(QString::fromStdString(r.error), QStringLiteral("disk is full"));
    QVERIFY(!diff.finished);
}

void TestStream::cancelStopsBetweenBands()
{
    auto [a, b] = syntheticPair(64, 64, 2);
    ViewSource sa(a.view()), sb(b.view());
    JobOptions o = baseOptions(false);
    int polls = 0;
    o.isCanceled = [&polls] { return ++polls > 3; };
    StreamOptions so;
    so.bandHeight = 8;
    const JobResult r = runStreamJob(sa, sb, o, {}, so);
    QVERIFY(!r.ok);
    QVERIFY(r.canceled);
    QVERIFY(sa.rowsRead() < 64);
}

void TestStream::progressReportsEveryBand()
{
    auto [a, b] = syntheticPair(30, 50, 2);
    ViewSource sa(a.view()), sb(b.view());
    StreamOptions so;
    so.bandHeight = 16;
    std::vector<int> seen;
    so.progress = [&seen](int done, int total) {
        QCOMPARE(total, 50);
        seen.push_back(done);
    };
    const JobResult r = runStreamJob(sa, sb, baseOptions(false), {}, so);
    QVERIFY(r.ok);
    QCOMPARE(seen, (std::vector<int>{16, 32, 48, 50}));
}

void TestStream::paletteCoversEveryDiffPixel_data()
{
    QTest::addColumn<double>("alpha");
    QTest::addColumn<bool>("diffMask");
    QTest::addColumn<bool>("ignore");
    QTest::addColumn<bool>("sixteen");
    QTest::addColumn<bool>("bounded");
    for (bool ignore : {false, true})
        for (bool sixteen : {false, true}) {
            const char *s = sixteen ? "16bit" : "8bit";
            const char *i = ignore ? "ignore" : "all";
            QTest::addRow("alpha0.1-%s-%s", s, i) << 0.1 << false << ignore << sixteen << true;
            QTest::addRow("alpha0.33-%s-%s", s, i) << 0.33 << false << ignore << sixteen << true;
            QTest::addRow("alpha0-%s-%s", s, i) << 0.0 << false << ignore << sixteen << true;
            QTest::addRow("alpha1-%s-%s", s, i) << 1.0 << false << ignore << sixteen << false;
            QTest::addRow("mask-%s-%s", s, i) << 0.1 << true << ignore << sixteen << true;
        }
}

// The palette a streamed diff PNG is written with must hold every colour the diff image can
// take, semi-transparent pixels and 16-bit inputs included.
void TestStream::paletteCoversEveryDiffPixel()
{
    QFETCH(double, alpha);
    QFETCH(bool, diffMask);
    QFETCH(bool, ignore);
    QFETCH(bool, sixteen);
    QFETCH(bool, bounded);
    auto [a8, b8] = syntheticPair(160, 120, 5);
    // Every grey level and opacity in A, so every faded grey occurs.
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 160; ++x)
            setPixel(a8, x, y, uint8_t(x + 96 * (y % 2)), uint8_t(x), uint8_t(255 - x), uint8_t(16 * y + 15));
    std::memcpy(b8.row(0), a8.row(0), size_t(160) * 4 * 16);
    const Image a = sixteen ? widenTo16(a8) : std::move(a8);
    const Image b = sixteen ? widenTo16(b8) : std::move(b8);
    JobOptions o = baseOptions(false);
    o.pixelmatch.alpha = alpha;
    o.pixelmatch.diffMask = diffMask;
    if (ignore)
        o.ignore = {Rect{0, 0, 80, 60}};
    const auto palette = diffImagePalette(o.pixelmatch, ignore);
    QCOMPARE(!palette.empty(), bounded);
    if (!bounded)
        return;
    QVERIFY(palette.size() <= 256);
    const JobResult r = wholeFrame(a.view(), b.view(), o);
    QVERIFY(r.ok);
    for (int y = 0; y < r.diff.height(); ++y)
        for (int x = 0; x < r.diff.width(); ++x) {
            const uint8_t *p = r.diff.row(y) + 4 * x;
            const std::array<uint8_t, 4> c{p[0], p[1], p[2], p[3]};
            QVERIFY2(std::find(palette.begin(), palette.end(), c) != palette.end(),
                     qPrintable(QStringLiteral("(%1,%2): %3,%4,%5,%6 not in the palette")
                                    .arg(x).arg(y).arg(c[0]).arg(c[1]).arg(c[2]).arg(c[3])));
        }
}

QTEST_GUILESS_MAIN(TestStream)
#include "test_stream.moc"

// Pixelmatch-compatible mode beyond the reference fixtures: partition invariance of
// pixelmatchArea, threads, ignore regions, identical inputs, 16-bit inputs, alpha
// handling, colours and the per-pixel mask.
#include "difflens/engine/pixelmatch.h"
#include "engine_test_util.h"
#include "golden.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace difflens;
using namespace difflens::test;

namespace {

struct Pair {
    Image a, b;
};

// Odd-sized synthetic pair: gradients, hard edges (for the AA detector), semi-transparent
// and fully transparent areas, and scattered changes.
Pair syntheticPair(int w, int h, uint32_t seed)
{
    Pair p{Image(w, h, 4, 8), Image(w, h, 4, 8)};
    std::mt19937 rng(seed);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const bool edge = (x + y / 2) % 11 < 5;
            const uint8_t v = edge ? 30 : uint8_t(200 + (x % 7));
            const uint8_t alpha = x > w - 9 ? uint8_t(x * 37 + y * 11) : (y > h - 4 ? 0 : 255);
            setPixel(p.a, x, y, v, uint8_t(v + y), uint8_t(255 - v), alpha);
        }
    p.b = p.a;
    for (int i = 0; i < w * h / 12; ++i) {
        const int x = int(rng() % uint32_t(w)), y = int(rng() % uint32_t(h));
        uint8_t *px = p.b.row(y) + size_t(x) * 4;
        const int c = int(rng() % 4);
        px[c] = uint8_t(px[c] + 20 + rng() % 200);
    }
    for (int y = 5; y < 12 && y < h; ++y)
        for (int x = 3; x < 15 && x < w; ++x)
            setPixel(p.b, x, y, 250, 10, 10);
    return p;
}

struct Result {
    PixelmatchCounts counts;
    Image diff;
    std::vector<uint8_t> mask;
};

Result runWhole(const ImageView &a, const ImageView &b, const PixelmatchOptions &o, const std::vector<Rect> &ign,
                int threads)
{
    Result r;
    r.counts = pixelmatch(a, b, o, &r.diff, &r.mask, ign, threads);
    return r;
}

Result runTiles(const ImageView &a, const ImageView &b, const PixelmatchOptions &o, const std::vector<Rect> &ign,
                const std::vector<Rect> &tiles)
{
    Result r;
    r.diff = Image(a.width, a.height, 4, 8);
    r.mask.assign(size_t(a.width) * size_t(a.height), 0xEE);
    for (const Rect &t : tiles) {
        PixelmatchOutputs out;
        out.diff = r.diff.row(t.y) + size_t(t.x) * 4;
        out.diffStride = r.diff.stride();
        out.mask = r.mask.data() + size_t(t.y) * size_t(a.width) + size_t(t.x);
        out.maskStride = size_t(a.width);
        const PixelmatchCounts c = pixelmatchArea(a, b, t, o, out, ign);
        r.counts.mismatched += c.mismatched;
        r.counts.antiAliased += c.antiAliased;
    }
    return r;
}

std::vector<Rect> grid(int w, int h, int tw, int th)
{
    std::vector<Rect> out;
    for (int y = 0; y < h; y += th)
        for (int x = 0; x < w; x += tw)
            out.push_back({x, y, std::min(tw, w - x), std::min(th, h - y)});
    return out;
}

std::vector<Rect> irregular(int w, int h)
{
    std::vector<Rect> out;
    const int cuts[] = {1, 3, 7, 13, 29, 31, 64, 101};
    int y = 0, i = 0;
    while (y < h) {
        const int th = std::min(cuts[i++ % 8], h - y);
        int x = 0, j = i;
        while (x < w) {
            const int tw = std::min(cuts[j++ % 8] * 2 + 1, w - x);
            out.push_back({x, y, tw, th});
            x += tw;
        }
        y += th;
    }
    return out;
}

void expectSame(const Result &got, const Result &want, const QString &what)
{
    QVERIFY2(got.counts == want.counts,
             qPrintable(QStringLiteral("%1: counts %2/%3, expected %4/%5")
                            .arg(what)
                            .arg(got.counts.mismatched)
                            .arg(got.counts.antiAliased)
                            .arg(want.counts.mismatched)
                            .arg(want.counts.antiAliased)));
    const QString failure = compareGolden(what, qimageOf(got.diff), qimageOf(want.diff));
    QVERIFY2(failure.isEmpty(), qPrintable(what + QStringLiteral(": ") + failure));
    QVERIFY2(got.mask == want.mask, qPrintable(what + QStringLiteral(": mask differs")));
}

} // namespace

class PixelmatchBehaviour : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void partitions_data();
    void partitions();
    void identicalImages();
    void greyBackgroundAnyAlpha();
    void ignoreRegions();
    void sixteenBitMatchesEightBit_data();
    void sixteenBitMatchesEightBit();
    void sixteenBitFineDifferences();
    void transparentPixels();
    void backgroundDependsOnPosition();
    void diffColorAltBySign();
    void maskAndIncludeAA();
    void invalidInputs();
};

void PixelmatchBehaviour::partitions_data()
{
    QTest::addColumn<QString>("fixtureA");
    QTest::addColumn<QString>("fixtureB");
    QTest::newRow("synthetic 67x45") << QString() << QString();
    if (pixelmatchFixturesPresent()) {
        QTest::newRow("fixture 1") << "1a.png" << "1b.png";
        QTest::newRow("fixture 4") << "4a.png" << "4b.png";
        QTest::newRow("fixture 6 (alpha)") << "6a.png" << "6b.png";
        QTest::newRow("fixture 7") << "7a.png" << "7b.png";
    }
}

void PixelmatchBehaviour::partitions()
{
    QFETCH(QString, fixtureA);
    QFETCH(QString, fixtureB);
    Image a, b;
    if (fixtureA.isEmpty()) {
        Pair p = syntheticPair(67, 45, 7);
        a = std::move(p.a);
        b = std::move(p.b);
    } else {
        a = imageOf(loadRgba8888(pixelmatchFixturesDir() + QLatin1Char('/') + fixtureA));
        b = imageOf(loadRgba8888(pixelmatchFixturesDir() + QLatin1Char('/') + fixtureB));
        QVERIFY(!a.isNull() && !b.isNull());
    }
    const int w = a.width(), h = a.height();
    const std::vector<Rect> ignoreSets[] = {{}, {{5, 7, 19, 9}, {w - 10, 0, 30, h}, {12, 10, 4, 30}}};
    PixelmatchOptions masked;
    masked.diffMask = true;
    masked.threshold = 0.05;
    PixelmatchOptions coloured;
    coloured.diffColorAlt = Rgb{0, 200, 0};
    coloured.alpha = 0.4;
    for (const PixelmatchOptions &o : {PixelmatchOptions{}, masked, coloured})
        for (const auto &ign : ignoreSets) {
            const Result whole = runWhole(a.view(), b.view(), o, ign, 1);
            QVERIFY(whole.counts.mismatched > 0);
            expectSame(runWhole(a.view(), b.view(), o, ign, 4), whole, QStringLiteral("threads4"));
            expectSame(runTiles(a.view(), b.view(), o, ign, grid(w, h, 7, 5)), whole, QStringLiteral("grid7x5"));
            expectSame(runTiles(a.view(), b.view(), o, ign, grid(w, h, w, 1)), whole, QStringLiteral("rows"));
            expectSame(runTiles(a.view(), b.view(), o, ign, grid(w, h, 13, h)), whole, QStringLiteral("columns13"));
            expectSame(runTiles(a.view(), b.view(), o, ign, irregular(w, h)), whole, QStringLiteral("irregular"));
            if (w * h < 5000)
                expectSame(runTiles(a.view(), b.view(), o, ign, grid(w, h, 1, 1)), whole, QStringLiteral("pixels"));
        }
}

void PixelmatchBehaviour::identicalImages()
{
    Pair p = syntheticPair(33, 21, 3);
    PixelmatchOptions o;
    o.alpha = 0.3;
    o.threshold = 0;
    const Result r = runWhole(p.a.view(), p.a.view(), o, {}, 2);
    QCOMPARE(r.counts, (PixelmatchCounts{0, 0}));
    for (int y = 0; y < 21; ++y)
        for (int x = 0; x < 33; ++x) {
            const uint8_t *s = p.a.row(y) + 4 * x;
            const double v = 255 + (s[0] * 0.29889531 + s[1] * 0.58662247 + s[2] * 0.11448223 - 255) * 0.3 * s[3] / 255;
            const uint8_t *d = r.diff.row(y) + 4 * x;
            QCOMPARE(int(d[0]), int(v));
            QCOMPARE(int(d[1]), int(v));
            QCOMPARE(int(d[2]), int(v));
            QCOMPARE(int(d[3]), 255);
        }
    QVERIFY(std::all_of(r.mask.begin(), r.mask.end(), [](uint8_t m) { return m == MaskSame; }));

    o.diffMask = true;
    const Result m = runWhole(p.a.view(), p.a.view(), o, {}, 2);
    QCOMPARE(m.counts.mismatched, int64_t(0));
    QVERIFY(std::all_of(m.diff.data(), m.diff.data() + m.diff.byteSize(), [](uint8_t v) { return v == 0; }));
}

void PixelmatchBehaviour::greyBackgroundAnyAlpha()
{
    // Random pixels, odd width (vector body and scalar tail), alphas inside and outside
    // [0, 1]: the background must follow Uint8Array store semantics (truncate, wrap).
    const int w = 257, h = 13;
    Image a(w, h, 4, 8);
    std::mt19937 rng(5);
    for (size_t i = 0; i < a.byteSize(); ++i)
        a.data()[i] = uint8_t(rng());
    for (int x = 0; x < 40; ++x) // a flat stretch too
        setPixel(a, x, 3, 17, 99, 230, 128);
    for (double alpha : {0.0, 0.1, 0.37, 0.5, 1.0, 1.5, -0.2}) {
        PixelmatchOptions o;
        o.alpha = alpha;
        Image diff;
        QCOMPARE(pixelmatch(a.view(), a.view(), o, &diff, nullptr, {}, 2).mismatched, int64_t(0));
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const uint8_t *s = a.row(y) + 4 * x;
                const double v = 255 + (s[0] * 0.29889531 + s[1] * 0.58662247 + s[2] * 0.11448223 - 255) * alpha * s[3] / 255;
                double m = std::fmod(std::trunc(v), 256.0);
                if (m < 0)
                    m += 256;
                const uint8_t *d = diff.row(y) + 4 * x;
                if (d[0] != uint8_t(m) || d[1] != uint8_t(m) || d[2] != uint8_t(m) || d[3] != 255)
                    QFAIL(qPrintable(QStringLiteral("alpha %1 at (%2,%3): %4, expected %5")
                                         .arg(alpha)
                                         .arg(x)
                                         .arg(y)
                                         .arg(d[0])
                                         .arg(int(m))));
            }
    }
}

void PixelmatchBehaviour::ignoreRegions()
{
    Image a(40, 30, 4, 8);
    fill(a, 240, 240, 240);
    Image b = a;
    for (int y = 10; y < 14; ++y)
        for (int x = 10; x < 14; ++x)
            setPixel(b, x, y, 0, 0, 0);
    setPixel(b, 30, 25, 0, 0, 0);
    PixelmatchOptions o;
    const Result plain = runWhole(a.view(), b.view(), o, {}, 1);
    QCOMPARE(plain.counts.mismatched, int64_t(17));

    const std::vector<Rect> ign{{8, 8, 8, 8}};
    const Result r = runWhole(a.view(), b.view(), o, ign, 1);
    QCOMPARE(r.counts.mismatched, int64_t(1));
    for (int y = 0; y < 30; ++y)
        for (int x = 0; x < 40; ++x) {
            const uint8_t *d = r.diff.row(y) + 4 * x;
            const uint8_t m = r.mask[size_t(y) * 40 + size_t(x)];
            if (ign[0].contains(x, y)) {
                QCOMPARE(int(m), int(MaskIgnored));
                QVERIFY2(d[2] > d[0] && d[3] == 255, "ignored pixels are drawn with a blue tint");
            } else {
                QCOMPARE(std::memcmp(d, plain.diff.row(y) + 4 * x, 4), 0);
                QCOMPARE(m, plain.mask[size_t(y) * 40 + size_t(x)]);
            }
        }
    // Everything ignored: nothing counted.
    const Result all = runWhole(a.view(), b.view(), o, {{-5, -5, 100, 100}}, 2);
    QCOMPARE(all.counts, (PixelmatchCounts{0, 0}));
}

void PixelmatchBehaviour::sixteenBitMatchesEightBit_data()
{
    QTest::addColumn<QString>("fixtureA");
    QTest::addColumn<QString>("fixtureB");
    QTest::newRow("synthetic") << QString() << QString();
    if (pixelmatchFixturesPresent()) {
        QTest::newRow("fixture 1") << "1a.png" << "1b.png";
        QTest::newRow("fixture 6") << "6a.png" << "6b.png";
    }
}

void PixelmatchBehaviour::sixteenBitMatchesEightBit()
{
    QFETCH(QString, fixtureA);
    QFETCH(QString, fixtureB);
    Image a, b;
    if (fixtureA.isEmpty()) {
        Pair p = syntheticPair(51, 37, 11);
        a = std::move(p.a);
        b = std::move(p.b);
    } else {
        a = imageOf(loadRgba8888(pixelmatchFixturesDir() + QLatin1Char('/') + fixtureA));
        b = imageOf(loadRgba8888(pixelmatchFixturesDir() + QLatin1Char('/') + fixtureB));
    }
    // v * 257 / 257 == v exactly, so every decision and grey value must be the same.
    const Image a16 = widenTo16(a), b16 = widenTo16(b);
    PixelmatchOptions o;
    o.threshold = 0.05;
    const Result r8 = runWhole(a.view(), b.view(), o, {}, 2);
    const Result r16 = runWhole(a16.view(), b16.view(), o, {}, 2);
    QVERIFY(r8.counts.mismatched > 0);
    expectSame(r16, r8, QStringLiteral("sixteen-bit"));
    expectSame(runTiles(a16.view(), b16.view(), o, {}, grid(a.width(), a.height(), 17, 9)), r8,
               QStringLiteral("sixteen-bit-tiles"));
}

void PixelmatchBehaviour::sixteenBitFineDifferences()
{
    Image a(4, 4, 4, 16);
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x) {
            const uint16_t v[4] = {30000, 30000, 30000, 65535};
            std::memcpy(a.row(y) + 8 * x, v, 8);
        }
    Image b = a;
    const uint16_t w[4] = {30001, 30000, 30000, 65535}; // invisible at 8 bit
    std::memcpy(b.row(2) + 8, w, 8);
    PixelmatchOptions o;
    o.threshold = 0;
    o.includeAA = true;
    QCOMPARE(pixelmatch(a.view(), b.view(), o).mismatched, int64_t(1));
    o.threshold = 0.01;
    QCOMPARE(pixelmatch(a.view(), b.view(), o).mismatched, int64_t(0));
}

void PixelmatchBehaviour::transparentPixels()
{
    // Fully transparent pixels compare equal whatever their colour.
    Image a(8, 8, 4, 8), b(8, 8, 4, 8);
    fill(a, 255, 0, 0, 0);
    fill(b, 0, 0, 255, 0);
    PixelmatchOptions o;
    o.threshold = 0;
    QCOMPARE(pixelmatch(a.view(), b.view(), o).mismatched, int64_t(0));
    // Opaque versus half-transparent of the same colour differs.
    fill(a, 0, 0, 0, 255);
    fill(b, 0, 0, 0, 128);
    o.includeAA = true;
    QCOMPARE(pixelmatch(a.view(), b.view(), o).mismatched, int64_t(64));
}

void PixelmatchBehaviour::backgroundDependsOnPosition()
{
    // Transparent versus opaque black: the difference is the background level itself,
    // 48 or 207 per channel depending on the pixel index. 1300 lies between the delta of
    // the all-48 background (~1164) and any background with a 207 level.
    const int w = 61, h = 7;
    Image a(w, h, 4, 8), b(w, h, 4, 8);
    fill(a, 0, 0, 0, 0);
    fill(b, 0, 0, 0, 255);
    PixelmatchOptions o;
    o.includeAA = true;
    o.threshold = std::sqrt(1300.0 / 35215.0);
    int64_t expected = 0;
    for (int i = 0; i < w * h; ++i) {
        const double k = 4.0 * i;
        const bool g207 = int64_t(k / 1.618033988749895) % 2 != 0;
        const bool b207 = int64_t(k / 2.618033988749895) % 2 != 0;
        expected += (g207 || b207) ? 1 : 0;
    }
    QVERIFY(expected > 0 && expected < w * h);
    QCOMPARE(pixelmatch(a.view(), b.view(), o, nullptr, nullptr, {}, 3).mismatched, expected);
}

void PixelmatchBehaviour::diffColorAltBySign()
{
    Image a(5, 5, 4, 8);
    fill(a, 128, 128, 128);
    Image b = a;
    setPixel(b, 1, 1, 0, 0, 0);       // second image darker -> alt colour
    setPixel(b, 3, 3, 255, 255, 255); // second image lighter -> diff colour
    PixelmatchOptions o;
    o.includeAA = true;
    o.diffColorAlt = Rgb{0, 255, 0};
    Image diff;
    QCOMPARE(pixelmatch(a.view(), b.view(), o, &diff).mismatched, int64_t(2));
    const uint8_t *dark = diff.row(1) + 4, *light = diff.row(3) + 12;
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(dark), 4), QByteArray("\x00\xff\x00\xff", 4));
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(light), 4), QByteArray("\xff\x00\x00\xff", 4));
}

void PixelmatchBehaviour::maskAndIncludeAA()
{
    // ../shared/fixtures is part of every checkout (and CI): missing fixtures are a failure.
    QVERIFY2(pixelmatchFixturesPresent(), qPrintable("pixelmatch 7.2.0 fixtures missing: " + pixelmatchFixturesDir()));
    const Image a = imageOf(loadRgba8888(pixelmatchFixturesDir() + QStringLiteral("/1a.png")));
    const Image b = imageOf(loadRgba8888(pixelmatchFixturesDir() + QStringLiteral("/1b.png")));
    PixelmatchOptions o;
    o.threshold = 0.05;
    const Result r = runWhole(a.view(), b.view(), o, {}, 2);
    QCOMPARE(r.counts.mismatched, int64_t(143));
    QVERIFY(r.counts.antiAliased > 0);
    QCOMPARE(int64_t(std::count(r.mask.begin(), r.mask.end(), MaskDiff)), r.counts.mismatched);
    QCOMPARE(int64_t(std::count(r.mask.begin(), r.mask.end(), MaskAA)), r.counts.antiAliased);
    o.includeAA = true;
    const Result all = runWhole(a.view(), b.view(), o, {}, 2);
    QCOMPARE(all.counts.mismatched, r.counts.mismatched + r.counts.antiAliased);
    QCOMPARE(all.counts.antiAliased, int64_t(0));
}

void PixelmatchBehaviour::invalidInputs()
{
    Image a(4, 4, 4, 8), b(5, 4, 4, 8), c(4, 4, 4, 16), d(4, 4, 3, 8);
    QCOMPARE(pixelmatch(a.view(), b.view(), {}).mismatched, int64_t(-1));
    QCOMPARE(pixelmatch(a.view(), c.view(), {}).mismatched, int64_t(-1));
    QCOMPARE(pixelmatch(d.view(), d.view(), {}).mismatched, int64_t(-1));
    QCOMPARE(pixelmatchArea(a.view(), a.view(), {2, 2, 4, 4}, {}, {}).mismatched, int64_t(-1));
    QCOMPARE(pixelmatchArea(a.view(), a.view(), {0, 0, 0, 4}, {}, {}).mismatched, int64_t(0));
}

QTEST_GUILESS_MAIN(PixelmatchBehaviour)
#include "test_pixelmatch_behaviour.moc"

// Auto-alignment (align.h): the radix-2 FFT against a direct DFT, the overlap geometry, and
// estimateAlignment on generated pairs with known offsets (positive, negative, up to a
// quarter of the side, with and without other changes, different sizes), on unrelated and
// flat pairs.
#include "difflens/engine/align.h"

#include "align/fft.h"

#include <QtTest>

#include <cmath>
#include <complex>
#include <cstdint>
#include <vector>

using namespace difflens;

namespace {

// Deterministic screenshot-like canvas: a gradient, boxes of many greys and small
// "glyph" strokes, seeded.
GreyImage canvas(int w, int h, uint32_t seed)
{
    GreyImage g;
    g.width = w;
    g.height = h;
    g.data.resize(size_t(w) * size_t(h));
    uint32_t s = seed * 2654435761u + 12345u;
    const auto next = [&s]() {
        s = s * 1664525u + 1013904223u;
        return s >> 8;
    };
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            g.data[size_t(y) * size_t(w) + size_t(x)] = uint8_t(180 + (x * 40) / w + (y * 30) / h);
    const auto fill = [&g](int x0, int y0, int bw, int bh, uint8_t v) {
        for (int y = std::max(0, y0); y < std::min(g.height, y0 + bh); ++y)
            for (int x = std::max(0, x0); x < std::min(g.width, x0 + bw); ++x)
                g.data[size_t(y) * size_t(g.width) + size_t(x)] = v;
    };
    for (int i = 0; i < 24; ++i)
        fill(int(next() % uint32_t(w)), int(next() % uint32_t(h)), 8 + int(next() % uint32_t(w / 4)),
             6 + int(next() % uint32_t(h / 5)), uint8_t(next() % 200));
    for (int i = 0; i < w * h / 400; ++i)
        fill(int(next() % uint32_t(w)), int(next() % uint32_t(h)), 1 + int(next() % 6), 1 + int(next() % 9),
             uint8_t(next() % 80));
    return g;
}

GreyImage window(const GreyImage &g, int x0, int y0, int w, int h)
{
    GreyImage out;
    out.width = w;
    out.height = h;
    out.data.resize(size_t(w) * size_t(h));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            out.data[size_t(y) * size_t(w) + size_t(x)] = g.row(y0 + y)[x0 + x];
    return out;
}

} // namespace

class TestAlign : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fftMatchesDft_data();
    void fftMatchesDft();
    void overlap_data();
    void overlap();
    void knownOffsets_data();
    void knownOffsets();
    void unrelatedImagesHaveLowConfidence();
    void flatImagesGiveNoEstimate();
    void greyFromRgba();
};

void TestAlign::fftMatchesDft_data()
{
    QTest::addColumn<int>("n");
    for (int n : {1, 2, 8, 64, 256})
        QTest::addRow("n=%d", n) << n;
}

void TestAlign::fftMatchesDft()
{
    QFETCH(int, n);
    std::vector<std::complex<float>> x(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        x[size_t(i)] = {float(std::sin(0.37 * i) + 0.1 * (i % 5)), float(std::cos(1.3 * i))};
    for (const bool inverse : {false, true}) {
        std::vector<std::complex<float>> y = x;
        detail::fft1d(y.data(), n, inverse);
        for (int k = 0; k < n; ++k) {
            std::complex<double> sum = 0;
            for (int t = 0; t < n; ++t)
                sum += std::complex<double>(x[size_t(t)]) *
                       std::polar(1.0, (inverse ? 2.0 : -2.0) * M_PI * double(k) * t / n);
            QVERIFY2(std::abs(std::complex<double>(y[size_t(k)]) - sum) < 1e-3 * n,
                     qPrintable(QString("k=%1 inverse=%2").arg(k).arg(inverse)));
        }
    }
}

void TestAlign::overlap_data()
{
    QTest::addColumn<QList<int>>("in");  // wa, ha, wb, hb, dx, dy
    QTest::addColumn<QList<int>>("out"); // x, y, w, h (in B)
    QTest::newRow("same size, zero") << QList<int>{100, 80, 100, 80, 0, 0} << QList<int>{0, 0, 100, 80};
    QTest::newRow("B right-down in A") << QList<int>{100, 80, 100, 80, 7, 3} << QList<int>{0, 0, 93, 77};
    QTest::newRow("B left-up in A") << QList<int>{100, 80, 100, 80, -7, -3} << QList<int>{7, 3, 93, 77};
    QTest::newRow("B a crop of A") << QList<int>{100, 80, 50, 40, 10, 20} << QList<int>{0, 0, 50, 40};
    QTest::newRow("B larger") << QList<int>{50, 40, 100, 80, -10, -5} << QList<int>{10, 5, 50, 40};
    QTest::newRow("disjoint") << QList<int>{10, 10, 10, 10, 10, 0} << QList<int>{0, 0, 0, 0};
}

void TestAlign::overlap()
{
    QFETCH(QList<int>, in);
    QFETCH(QList<int>, out);
    const Rect r = alignOverlap(in[0], in[1], in[2], in[3], in[4], in[5]);
    if (out[2] == 0) {
        QVERIFY(r.empty());
        return;
    }
    QCOMPARE(r.x, out[0]);
    QCOMPARE(r.y, out[1]);
    QCOMPARE(r.width, out[2]);
    QCOMPARE(r.height, out[3]);
}

void TestAlign::knownOffsets_data()
{
    QTest::addColumn<int>("wa");
    QTest::addColumn<int>("ha");
    QTest::addColumn<int>("wb");
    QTest::addColumn<int>("hb");
    QTest::addColumn<int>("dx");
    QTest::addColumn<int>("dy");
    QTest::addColumn<bool>("changed"); // B also has a block that A lacks
    QTest::newRow("zero") << 320 << 200 << 320 << 200 << 0 << 0 << false;
    QTest::newRow("one right") << 320 << 200 << 320 << 200 << 1 << 0 << false;
    QTest::newRow("one up") << 320 << 200 << 320 << 200 << 0 << -1 << false;
    QTest::newRow("positive") << 320 << 200 << 320 << 200 << 13 << 7 << false;
    QTest::newRow("negative") << 320 << 200 << 320 << 200 << -21 << -4 << false;
    QTest::newRow("mixed, changed") << 320 << 200 << 320 << 200 << 9 << -17 << true;
    QTest::newRow("zero, changed") << 320 << 200 << 320 << 200 << 0 << 0 << true;
    QTest::newRow("quarter of the side") << 320 << 200 << 320 << 200 << -50 << 50 << false;
    QTest::newRow("quarter, changed") << 320 << 200 << 320 << 200 << 50 << -50 << true;
    QTest::newRow("B smaller") << 400 << 300 << 300 << 220 << 31 << 12 << false;
    QTest::newRow("B larger, changed") << 300 << 220 << 360 << 260 << -27 << -33 << true;
    QTest::newRow("wide, reduced FFT") << 2400 << 900 << 2400 << 900 << 211 << -97 << true;
    QTest::newRow("tall, odd sizes") << 333 << 1401 << 331 << 1399 << -3 << 82 << false; // 82 = 331 / 4
}

void TestAlign::knownOffsets()
{
    QFETCH(int, wa);
    QFETCH(int, ha);
    QFETCH(int, wb);
    QFETCH(int, hb);
    QFETCH(int, dx);
    QFETCH(int, dy);
    QFETCH(bool, changed);
    // One canvas; A and B are windows of it: B(x, y) = canvas(m + dx + x, m + dy + y) =
    // A(x + dx, y + dy).
    const int m = 400;
    const GreyImage g = canvas(std::max(wa, wb) + 2 * m, std::max(ha, hb) + 2 * m, uint32_t(wa * 7 + hb));
    const GreyImage a = window(g, m, m, wa, ha);
    GreyImage b = window(g, m + dx, m + dy, wb, hb);
    if (changed)
        for (int y = hb / 3; y < hb / 3 + hb / 8; ++y)
            for (int x = wb / 5; x < wb / 5 + wb / 6; ++x)
                b.data[size_t(y) * size_t(wb) + size_t(x)] = uint8_t(255 - b.row(y)[x]);
    const AlignEstimate e = estimateAlignment(a, b);
    QVERIFY2(e.ok, e.reason.c_str());
    QCOMPARE(e.maxShift, std::min({wa, ha, wb, hb}) / 4);
    QCOMPARE(e.dx, dx);
    QCOMPARE(e.dy, dy);
    QVERIFY2(e.confidence >= kAlignMinConfidence, qPrintable(QString::number(e.confidence)));
    if (!changed)
        QCOMPARE(e.confidence, 1.0);
    else
        QVERIFY(e.confidence < 1.0);
}

void TestAlign::unrelatedImagesHaveLowConfidence()
{
    const GreyImage a = canvas(320, 200, 1), b = canvas(320, 200, 99);
    const AlignEstimate e = estimateAlignment(a, b);
    QVERIFY(e.ok);
    QVERIFY2(e.confidence < kAlignMinConfidence, qPrintable(QString::number(e.confidence)));
}

void TestAlign::flatImagesGiveNoEstimate()
{
    GreyImage a;
    a.width = 64;
    a.height = 48;
    a.data.assign(size_t(64 * 48), 128);
    const AlignEstimate e = estimateAlignment(a, canvas(64, 48, 5));
    QVERIFY(!e.ok);
    QCOMPARE(e.dx, 0);
    QCOMPARE(e.dy, 0);
    QVERIFY(!e.reason.empty());
    GreyImage tiny;
    tiny.width = tiny.height = 3;
    tiny.data.assign(9, 0);
    QVERIFY(!estimateAlignment(tiny, tiny).ok);
}

void TestAlign::greyFromRgba()
{
    // Luma round((299 R + 587 G + 114 B) / 1000); alpha ignored; 16-bit rounded to 8 first.
    Image img8(3, 1, 4, 8);
    const uint8_t px[12] = {255, 0, 0, 0, 0, 255, 0, 255, 10, 20, 30, 128};
    std::memcpy(img8.data(), px, 12);
    const GreyImage g8 = greyFromView(img8.view());
    QCOMPARE(int(g8.data[0]), 76);  // 76.245
    QCOMPARE(int(g8.data[1]), 150); // 149.685
    QCOMPARE(int(g8.data[2]), 18);  // 18.15
    Image img16(3, 1, 4, 16);
    for (int i = 0; i < 12; ++i) {
        const uint16_t v = uint16_t(px[i] * 257);
        std::memcpy(img16.data() + 2 * i, &v, 2);
    }
    QCOMPARE(greyFromView(img16.view()).data, g8.data);
}

QTEST_GUILESS_MAIN(TestAlign)
#include "test_align.moc"

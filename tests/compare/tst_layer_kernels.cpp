// The display layers' row kernels (core/compare/src/layer_kernels.h) against plain per-block
// references: the average, the mask's reduction and the fused A/B/heat reduction, on odd
// and even widths, one row or two, whole rows and column slices.
#include "layer_kernels.h"
#include "mask_rank.h"

#include "difflens/engine/pixelmatch.h"

#include <QRandomGenerator>
#include <QtTest>

#include <algorithm>
#include <vector>

using namespace difflens;

namespace {

using Bytes = std::vector<uint8_t>;

// Rows of random bytes with long runs of equal A and B (as screenshots have) and a few
// extreme values, so that sums at 255 and differences of 255 occur.
Bytes randomRow(QRandomGenerator &rng, size_t n)
{
    Bytes row(n);
    for (uint8_t &v : row) {
        const quint32 pick = rng.bounded(8);
        v = pick == 0 ? 255 : pick == 1 ? 0 : uint8_t(rng.bounded(256));
    }
    return row;
}

Bytes similar(QRandomGenerator &rng, const Bytes &a)
{
    Bytes b = a;
    for (size_t i = 0; i < b.size(); ++i)
        if (rng.bounded(4) == 0)
            b[i] = uint8_t(rng.bounded(256));
    return b;
}

// The block at output pixel x of a row pair: pixels 2x and 2x + 1 of each row present.
Bytes referenceAverage(const Bytes &r0, const Bytes *r1, int width)
{
    const int nw = (width + 1) / 2;
    Bytes out(static_cast<size_t>(nw) * 4);
    for (int x = 0; x < nw; ++x)
        for (int c = 0; c < 4; ++c) {
            int sum = 0, n = 0;
            for (int px = 2 * x; px < std::min(width, 2 * x + 2); ++px) {
                sum += r0[size_t(px) * 4 + size_t(c)];
                ++n;
                if (r1) {
                    sum += (*r1)[size_t(px) * 4 + size_t(c)];
                    ++n;
                }
            }
            out[size_t(x) * 4 + size_t(c)] = uint8_t((sum + n / 2) / n);
        }
    return out;
}

Bytes referenceHeat(const Bytes &a0, const Bytes &b0, const Bytes *a1, const Bytes *b1, int width)
{
    const int nw = (width + 1) / 2;
    Bytes out(static_cast<size_t>(nw));
    for (int x = 0; x < nw; ++x) {
        int v = 0;
        for (int px = 2 * x; px < std::min(width, 2 * x + 2); ++px)
            for (int c = 0; c < 3; ++c) {
                const size_t i = size_t(px) * 4 + size_t(c);
                v = std::max(v, std::abs(int(a0[i]) - int(b0[i])));
                if (a1)
                    v = std::max(v, std::abs(int((*a1)[i]) - int((*b1)[i])));
            }
        out[size_t(x)] = uint8_t(v);
    }
    return out;
}

Bytes referenceMask(const Bytes &m0, const Bytes *m1, int width)
{
    const int nw = (width + 1) / 2;
    Bytes out(static_cast<size_t>(nw));
    for (int x = 0; x < nw; ++x) {
        uint8_t best = m0[size_t(2 * x)];
        for (int px = 2 * x; px < std::min(width, 2 * x + 2); ++px) {
            for (uint8_t v : {m0[size_t(px)], m1 ? (*m1)[size_t(px)] : m0[size_t(px)]})
                if (maskRank(v) > maskRank(best))
                    best = v;
        }
        out[size_t(x)] = best;
    }
    return out;
}

} // namespace

class TestLayerKernels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsMatchTheReference_data();
    void rowsMatchTheReference();
};

void TestLayerKernels::rowsMatchTheReference_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<bool>("twoRows");
    QTest::addColumn<int>("split"); // a column slice boundary (pixels, even), 0: whole rows
    QTest::addColumn<bool>("avx2"); // the AVX2 loops allowed (else SSE2, or plain loops)
    for (bool avx2 : {true, false})
        for (int width : {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 513, 1001, 4099})
            for (bool two : {true, false}) {
                const char *rows = two ? "two rows" : "last row alone", *isa = avx2 ? "avx2" : "no avx2";
                QTest::addRow("%s, width %d, %s", isa, width, rows) << width << two << 0 << avx2;
                if (width > 16)
                    QTest::addRow("%s, width %d, %s, slices at %d", isa, width, rows, width / 4 * 2)
                        << width << two << width / 4 * 2 << avx2;
            }
}

void TestLayerKernels::rowsMatchTheReference()
{
    QFETCH(int, width);
    QFETCH(bool, twoRows);
    QFETCH(int, split);
    QFETCH(bool, avx2);
    if (avx2 && !layerKernelsHaveAvx2())
        QSKIP("this CPU (or build) has no AVX2");
    allowLayerKernelsAvx2ForTesting(avx2);
    struct Restore {
        ~Restore() { allowLayerKernelsAvx2ForTesting(true); }
    } restore;
    QRandomGenerator rng(quint32(width * 2 + (twoRows ? 1 : 0)));
    const size_t n = size_t(width) * 4;
    const Bytes a0 = randomRow(rng, n), a1 = randomRow(rng, n);
    const Bytes b0 = similar(rng, a0), b1 = similar(rng, a1);
    Bytes m0(static_cast<size_t>(width), MaskSame), m1(static_cast<size_t>(width), MaskSame);
    for (int i = 0; i < width; i += 1 + int(rng.bounded(9))) {
        static const uint8_t values[] = {MaskDiff, MaskAA, MaskIgnored, MaskShift};
        (rng.bounded(2) ? m0 : m1)[size_t(i)] = values[rng.bounded(4)];
    }
    const Bytes *pa1 = twoRows ? &a1 : nullptr, *pb1 = twoRows ? &b1 : nullptr, *pm1 = twoRows ? &m1 : nullptr;
    const Bytes avgA = referenceAverage(a0, pa1, width), avgB = referenceAverage(b0, pb1, width);
    const Bytes heat = referenceHeat(a0, b0, pa1, pb1, width);
    const Bytes mask = referenceMask(m0, pm1, width);
    const int peak = *std::max_element(heat.begin(), heat.end());
    const size_t nw = size_t(width + 1) / 2;

    // Whole rows, or two slices [0, split) and [split, width).
    const int cuts[3] = {0, split > 0 ? split : width, width};
    Bytes outA(nw * 4, 0xee), outB(nw * 4, 0xee), outH(nw, 0xee), outAvg(nw * 4, 0xee), outM(nw, 0xee);
    int fusedPeak = 0;
    for (int s = 0; s < 2; ++s) {
        const int x0 = cuts[s], w = cuts[s + 1] - x0;
        if (w <= 0)
            continue;
        const size_t px = size_t(x0) * 4, o = size_t(x0) / 2;
        fusedPeak = std::max(fusedPeak, reducePairRgba8(a0.data() + px, twoRows ? a1.data() + px : nullptr,
                                                        b0.data() + px, twoRows ? b1.data() + px : nullptr, w,
                                                        outA.data() + o * 4, outB.data() + o * 4, outH.data() + o));
        averageRgba8(a0.data() + px, twoRows ? a1.data() + px : nullptr, w, outAvg.data() + o * 4);
        maskMaximum(m0.data() + size_t(x0), twoRows ? m1.data() + size_t(x0) : nullptr, w, outM.data() + o);
    }
    QVERIFY(outA == avgA);
    QVERIFY(outB == avgB);
    QVERIFY(outH == heat);
    QCOMPARE(fusedPeak, peak);
    QVERIFY(outAvg == avgA);
    QVERIFY(outM == mask);
}

QTEST_GUILESS_MAIN(TestLayerKernels)
#include "tst_layer_kernels.moc"

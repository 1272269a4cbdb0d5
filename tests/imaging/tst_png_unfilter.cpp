// The fast PNG path's row unfiltering (png_fast_rows.cpp) against a plain reference of the
// PNG filters: every filter type, pixels of 1 to 8 bytes, odd and even widths, random and
// few-valued rows (ties in the Paeth predictor) and rows under flat runs, with the best
// kernels the CPU has and with the baseline ones; nothing outside the row may change.
#include "png_fast.h"

#include <QtTest>

#include <cstdlib>
#include <vector>

using namespace difflens;

class TestPngUnfilter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesReference_data();
    void matchesReference();
};

namespace {

int paethPredictor(int a, int b, int c)
{
    const int p = a + b - c;
    const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
    if (pa <= pb && pa <= pc)
        return a;
    return pb <= pc ? b : c;
}

// The PNG specification's filters, byte by byte.
void referenceUnfilter(int filter, uint8_t *row, const uint8_t *prior, size_t n, size_t bpp)
{
    for (size_t i = 0; i < n; ++i) {
        const int a = i >= bpp ? row[i - bpp] : 0;
        const int b = prior[i];
        const int c = i >= bpp ? prior[i - bpp] : 0;
        int pred = 0;
        switch (filter) {
        case 1: pred = a; break;
        case 2: pred = b; break;
        case 3: pred = (a + b) / 2; break;
        case 4: pred = paethPredictor(a, b, c); break;
        default: break;
        }
        row[i] = uint8_t(row[i] + pred);
    }
}

} // namespace

void TestPngUnfilter::matchesReference_data()
{
    QTest::addColumn<int>("filter");
    QTest::addColumn<int>("bpp");
    QTest::addColumn<bool>("baseline");
    for (int filter = 0; filter <= 4; ++filter)
        for (int bpp = 1; bpp <= 8; ++bpp)
            for (const bool baseline : {false, true})
                QTest::addRow("filter%d-bpp%d-%s", filter, bpp, baseline ? "baseline" : "best")
                    << filter << bpp << baseline;
}

void TestPngUnfilter::matchesReference()
{
    QFETCH(int, filter);
    QFETCH(int, bpp);
    QFETCH(bool, baseline);
    const pngfast::BaselineKernelsForTesting kernels(baseline);
    constexpr size_t kGuard = 32; // bytes before and after each row, checked untouched
    uint32_t s = uint32_t(filter * 131 + bpp * 7 + (baseline ? 1 : 0));
    auto next = [&s] {
        s = s * 1664525u + 1013904223u;
        return uint8_t(s >> 24);
    };
    for (const size_t width : {size_t(1), size_t(2), size_t(3), size_t(5), size_t(16), size_t(17), size_t(255),
                               size_t(1281)}) {
        for (int values = 0; values < 4; ++values) {
            const size_t n = width * size_t(bpp);
            std::vector<uint8_t> prior(n + 2 * kGuard), row(n + 2 * kGuard);
            // Random bytes; a few values (0, 1, 127, 128, 255: ties in the predictor); a
            // narrow band (small differences); a row above of flat runs (one pixel repeated
            // 1 to 40 times: Paeth's shortcut where it repeats).
            for (size_t i = 0; i < prior.size(); ++i) {
                const uint8_t r = next(), q = next();
                static const uint8_t few[5] = {0, 1, 127, 128, 255};
                prior[i] = values == 0 || values == 3 ? r : values == 1 ? few[r % 5] : uint8_t(100 + r % 4);
                row[i] = values == 1 ? few[q % 5] : values == 2 ? uint8_t(q % 3) : q;
            }
            if (values == 3) {
                for (size_t p = kGuard, run = 0; p + size_t(bpp) <= n + kGuard; p += size_t(bpp)) {
                    if (run > 0) {
                        std::copy(prior.begin() + long(p) - bpp, prior.begin() + long(p), prior.begin() + long(p));
                        --run;
                    } else {
                        run = next() % 40;
                    }
                }
            }
            std::vector<uint8_t> want = row;
            const std::vector<uint8_t> priorBefore = prior;
            referenceUnfilter(filter, want.data() + kGuard, prior.data() + kGuard, n, size_t(bpp));
            pngfast::unfilterRowForTesting(filter, row.data() + kGuard, prior.data() + kGuard, n, bpp);
            QVERIFY(prior == priorBefore);
            if (row != want) {
                size_t at = 0;
                while (row[at] == want[at])
                    ++at;
                QFAIL(qPrintable(QStringLiteral("width %1, values %2: byte %3 of %4 is %5, the reference %6")
                                     .arg(width).arg(values).arg(qint64(at) - qint64(kGuard)).arg(n)
                                     .arg(row[at]).arg(want[at])));
            }
        }
    }
}

QTEST_GUILESS_MAIN(TestPngUnfilter)
#include "tst_png_unfilter.moc"

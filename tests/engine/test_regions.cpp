// Region clustering: known blobs, 8-connectivity, dilation merging, ordering, value
// filtering, and a cross-check against a naive pixel implementation on random masks.
#include "difflens/engine/regions.h"

#include <QTest>

#include <algorithm>
#include <functional>
#include <random>
#include <vector>

using namespace difflens;

Q_DECLARE_METATYPE(std::vector<difflens::Region>)

namespace {

struct Mask {
    int w, h;
    std::vector<uint8_t> px;
    Mask(int width, int height) : w(width), h(height), px(size_t(width) * size_t(height), 0) {}
    void set(int x, int y, uint8_t v = 1) { px[size_t(y) * size_t(w) + size_t(x)] = v; }
    void rect(int x, int y, int rw, int rh, uint8_t v = 1)
    {
        for (int j = y; j < y + rh; ++j)
            for (int i = x; i < x + rw; ++i)
                set(i, j, v);
    }
    std::vector<Region> regions(int value = -1, int dilation = 2) const
    {
        return findRegions(px.data(), w, h, size_t(w), value, dilation);
    }
};

// Straightforward reference: dilate pixel by pixel, flood-fill 8-connected components,
// then count the original pixels of each component.
std::vector<Region> naiveRegions(const Mask &m, int value, int r)
{
    auto sel = [&m, value](int x, int y) {
        const uint8_t v = m.px[size_t(y) * size_t(m.w) + size_t(x)];
        return value < 0 ? v != 0 : v == value;
    };
    std::vector<uint8_t> dil(m.px.size(), 0);
    for (int y = 0; y < m.h; ++y)
        for (int x = 0; x < m.w; ++x)
            if (sel(x, y))
                for (int j = std::max(0, y - r); j <= std::min(m.h - 1, y + r); ++j)
                    for (int i = std::max(0, x - r); i <= std::min(m.w - 1, x + r); ++i)
                        dil[size_t(j) * size_t(m.w) + size_t(i)] = 1;
    std::vector<int> label(m.px.size(), -1);
    std::vector<Region> out;
    for (int y = 0; y < m.h; ++y)
        for (int x = 0; x < m.w; ++x) {
            if (!dil[size_t(y) * size_t(m.w) + size_t(x)] || label[size_t(y) * size_t(m.w) + size_t(x)] >= 0)
                continue;
            const int id = int(out.size());
            int x0 = m.w, y0 = m.h, x1 = -1, y1 = -1;
            int64_t count = 0;
            std::vector<std::pair<int, int>> stack{{x, y}};
            label[size_t(y) * size_t(m.w) + size_t(x)] = id;
            while (!stack.empty()) {
                const auto [cx, cy] = stack.back();
                stack.pop_back();
                if (sel(cx, cy)) {
                    ++count;
                    x0 = std::min(x0, cx);
                    y0 = std::min(y0, cy);
                    x1 = std::max(x1, cx);
                    y1 = std::max(y1, cy);
                }
                for (int j = cy - 1; j <= cy + 1; ++j)
                    for (int i = cx - 1; i <= cx + 1; ++i) {
                        if (i < 0 || j < 0 || i >= m.w || j >= m.h)
                            continue;
                        const size_t k = size_t(j) * size_t(m.w) + size_t(i);
                        if (dil[k] && label[k] < 0) {
                            label[k] = id;
                            stack.push_back({i, j});
                        }
                    }
            }
            out.push_back({{x0, y0, x1 - x0 + 1, y1 - y0 + 1}, count});
        }
    std::sort(out.begin(), out.end(), [](const Region &l, const Region &r) {
        if (l.pixels != r.pixels)
            return l.pixels > r.pixels;
        if (l.box.y != r.box.y)
            return l.box.y < r.box.y;
        if (l.box.x != r.box.x)
            return l.box.x < r.box.x;
        return l.box.width != r.box.width ? l.box.width < r.box.width : l.box.height < r.box.height;
    });
    return out;
}

QString describe(const std::vector<Region> &rs)
{
    QStringList parts;
    for (const Region &r : rs)
        parts << QStringLiteral("[%1,%2 %3x%4 n=%5]").arg(r.box.x).arg(r.box.y).arg(r.box.width).arg(r.box.height).arg(r.pixels);
    return parts.join(QLatin1Char(' '));
}

} // namespace

class RegionsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void emptyMask();
    void singleBlob();
    void diagonalIsConnected();
    void dilationMerges_data();
    void dilationMerges();
    void orderingBySizeThenPosition();
    void valueFilterAndStride();
    void bordersAndLargeDilation();
    void matchesNaive_data();
    void matchesNaive();
    void largeSparseMask();
    void manyClustersCloseAsTheScanPasses_data();
    void manyClustersCloseAsTheScanPasses();
};

void RegionsTest::emptyMask()
{
    Mask m(31, 17);
    QVERIFY(m.regions().empty());
    QVERIFY(findRegions(nullptr, 10, 10, 10, -1, 2).empty());
    m.set(3, 3);
    QVERIFY(m.regions(0).empty()); // value 0 selects nothing
}

void RegionsTest::singleBlob()
{
    Mask m(100, 50);
    m.rect(10, 12, 3, 4);
    const auto rs = m.regions(-1, 2);
    QCOMPARE(int(rs.size()), 1);
    QCOMPARE(rs[0].box, (Rect{10, 12, 3, 4}));
    QCOMPARE(rs[0].pixels, int64_t(12));
}

void RegionsTest::diagonalIsConnected()
{
    Mask m(10, 10);
    m.set(2, 2);
    m.set(3, 3);
    m.set(5, 3); // not touching (3,3)
    const auto rs = m.regions(-1, 0);
    QCOMPARE(int(rs.size()), 2);
    QCOMPARE(rs[0].box, (Rect{2, 2, 2, 2}));
    QCOMPARE(rs[0].pixels, int64_t(2));
    QCOMPARE(rs[1].box, (Rect{5, 3, 1, 1}));
}

void RegionsTest::dilationMerges_data()
{
    QTest::addColumn<int>("gap");      // empty pixels between two dots
    QTest::addColumn<int>("dilation");
    QTest::addColumn<int>("expected"); // number of regions
    QTest::newRow("gap4 r0") << 4 << 0 << 2;
    QTest::newRow("gap4 r1") << 4 << 1 << 2;
    QTest::newRow("gap4 r2") << 4 << 2 << 1;
    QTest::newRow("gap5 r2") << 5 << 2 << 2;
    QTest::newRow("gap6 r3") << 6 << 3 << 1;
    QTest::newRow("gap7 r3") << 7 << 3 << 2;
    QTest::newRow("gap20 r10") << 20 << 10 << 1;
}

void RegionsTest::dilationMerges()
{
    QFETCH(int, gap);
    QFETCH(int, dilation);
    QFETCH(int, expected);
    for (bool vertical : {false, true}) {
        Mask m(64, 64);
        m.set(20, 20);
        if (vertical)
            m.set(20, 21 + gap);
        else
            m.set(21 + gap, 20);
        const auto rs = m.regions(-1, dilation);
        QCOMPARE(int(rs.size()), expected);
        if (expected == 1) {
            QCOMPARE(rs[0].pixels, int64_t(2));
            QCOMPARE(rs[0].box, vertical ? (Rect{20, 20, 1, gap + 2}) : (Rect{20, 20, gap + 2, 1}));
        }
    }
}

void RegionsTest::orderingBySizeThenPosition()
{
    Mask m(200, 100);
    m.rect(150, 10, 2, 2);  // 4 px, y=10, x=150
    m.rect(10, 50, 5, 5);   // 25 px
    m.rect(10, 10, 2, 2);   // 4 px, y=10, x=10
    m.rect(100, 5, 1, 4);   // 4 px, y=5
    const auto rs = m.regions(-1, 1);
    QCOMPARE(int(rs.size()), 4);
    QCOMPARE(rs[0].pixels, int64_t(25));
    QCOMPARE(rs[1].box, (Rect{100, 5, 1, 4}));
    QCOMPARE(rs[2].box, (Rect{10, 10, 2, 2}));
    QCOMPARE(rs[3].box, (Rect{150, 10, 2, 2}));
}

void RegionsTest::valueFilterAndStride()
{
    const int w = 20, h = 8, stride = 32;
    std::vector<uint8_t> px(size_t(stride) * h, 0);
    auto at = [&px, stride](int x, int y) -> uint8_t & { return px[size_t(y) * stride + size_t(x)]; };
    at(2, 2) = 1;
    at(3, 2) = 2; // adjacent but another class
    at(10, 5) = 1;
    for (int y = 0; y < h; ++y)
        at(25, y) = 1; // beyond width: padding must be ignored
    auto ones = findRegions(px.data(), w, h, stride, 1, 0);
    QCOMPARE(int(ones.size()), 2);
    auto any = findRegions(px.data(), w, h, stride, -1, 0);
    QCOMPARE(int(any.size()), 2);
    QCOMPARE(any[0].box, (Rect{2, 2, 2, 1}));
    QCOMPARE(any[0].pixels, int64_t(2));
    auto twos = findRegions(px.data(), w, h, stride, 2, 0);
    QCOMPARE(int(twos.size()), 1);
    QCOMPARE(twos[0].box, (Rect{3, 2, 1, 1}));
}

void RegionsTest::bordersAndLargeDilation()
{
    Mask m(16, 9);
    m.set(0, 0);
    m.set(15, 8);
    m.set(15, 0);
    QCOMPARE(int(m.regions(-1, 2).size()), 3);
    const auto all = m.regions(-1, 100);
    QCOMPARE(int(all.size()), 1);
    QCOMPARE(all[0].box, (Rect{0, 0, 16, 9}));
    QCOMPARE(all[0].pixels, int64_t(3));
}

void RegionsTest::matchesNaive_data()
{
    QTest::addColumn<int>("seed");
    QTest::addColumn<int>("density"); // per mille
    QTest::addColumn<int>("dilation");
    int seed = 1;
    for (int density : {5, 40, 200, 600})
        for (int dilation : {0, 1, 2, 3, 5, 12})
            QTest::newRow(qPrintable(QStringLiteral("d%1 r%2").arg(density).arg(dilation)))
                << seed++ << density << dilation;
}

void RegionsTest::matchesNaive()
{
    QFETCH(int, seed);
    QFETCH(int, density);
    QFETCH(int, dilation);
    std::mt19937 rng{uint32_t(seed)};
    Mask m(53, 41);
    for (auto &v : m.px)
        v = int(rng() % 1000) < density ? uint8_t(1 + rng() % 2) : 0;
    for (int value : {-1, 1}) {
        const auto got = m.regions(value, dilation);
        const auto want = naiveRegions(m, value, dilation);
        QVERIFY2(got == want, qPrintable(QStringLiteral("got %1\nwant %2").arg(describe(got), describe(want))));
    }
}

void RegionsTest::largeSparseMask()
{
    Mask m(7680, 4320);
    m.rect(100, 100, 50, 20);
    m.rect(152, 100, 3, 3);  // 2 px gap: joins with dilation 2
    m.rect(7000, 4000, 10, 10);
    m.set(7679, 4319);
    const auto rs = m.regions(-1, 2);
    QCOMPARE(int(rs.size()), 3);
    QCOMPARE(rs[0].box, (Rect{100, 100, 55, 20}));
    QCOMPARE(rs[0].pixels, int64_t(1000 + 9));
    QCOMPARE(rs[1].box, (Rect{7000, 4000, 10, 10}));
    QCOMPARE(rs[2].box, (Rect{7679, 4319, 1, 1}));
}

void RegionsTest::manyClustersCloseAsTheScanPasses_data()
{
    QTest::addColumn<int>("dilation");
    for (int r : {0, 1, 2})
        QTest::newRow(qPrintable(QStringLiteral("r%1").arg(r))) << r;
}

// Tens of thousands of separate dots (closed and dropped from the working set as the scan
// passes them), long vertical bars that stay open across those closings, and a last row
// that joins the bars at the very end.
void RegionsTest::manyClustersCloseAsTheScanPasses()
{
    QFETCH(int, dilation);
    Mask m(640, 600);
    const int step = 2 * dilation + 3;
    for (int y = 0; y < 560; y += step)
        for (int x = 40; x < 640; x += step)
            m.set(x, y);
    for (int bar = 0; bar < 4; ++bar)
        m.rect(bar * 8, 0, 1, 599);
    m.rect(0, 599, 32, 1);
    for (int y = 570; y < 599; y += 3)
        m.rect(100, y, 200, 1); // a ladder of rows, joined only with dilation >= 1
    RegionStream stream(m.w, -1, dilation);
    for (int y = 0; y < m.h; ++y)
        stream.pushRow(m.px.data() + size_t(y) * size_t(m.w));
    QVERIFY(stream.workingBytes() < 4 << 20);
    const auto got = stream.finish();
    const auto want = naiveRegions(m, -1, dilation);
    QVERIFY(want.size() > 4096);
    QCOMPARE(got.size(), want.size());
    QVERIFY2(got == want, "streamed regions differ from the naive reference");
    QVERIFY(got == m.regions(-1, dilation));
}

QTEST_GUILESS_MAIN(RegionsTest)
#include "test_regions.moc"

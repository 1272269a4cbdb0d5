// Shift tolerance of the pixelmatch engine (PixelmatchOptions::shift) against a naive
// reference written in this test: counts, mask, diff image colours and palette, the
// whole-frame job (tiled) and the streamed job at many band heights, on synthetic pairs
// (shifts in 8 directions, text added/removed, a tinted region, semi-transparent pixels).
#include "engine_test_util.h"
#include "row_test_util.h"

#include "difflens/engine/job.h"
#include "difflens/engine/pixelmatch.h"
#include "difflens/engine/regions.h"
#include "difflens/engine/stream.h"

#include <QtTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <vector>

using namespace difflens;
using namespace difflens::test;

namespace {

// ---- the reference -------------------------------------------------------------------

// pixelmatch 7.2.0's colorDelta for 8-bit RGBA, written out plainly: the background pattern
// is seeded by byte offset k (here always the tested pixel's).
double refDelta(const uint8_t *p1, const uint8_t *p2, double k)
{
    const double r1 = p1[0], g1 = p1[1], b1 = p1[2], a1 = p1[3];
    const double r2 = p2[0], g2 = p2[1], b2 = p2[2], a2 = p2[3];
    double dr = r1 - r2, dg = g1 - g2, db = b1 - b2;
    const double da = a1 - a2;
    if (dr == 0 && dg == 0 && db == 0 && da == 0)
        return 0;
    if (a1 < 255 || a2 < 255) {
        const double rb = 48 + 159 * std::fmod(k, 2.0);
        const double gb = 48 + 159 * double(int64_t(k / 1.618033988749895) % 2);
        const double bb = 48 + 159 * double(int64_t(k / 2.618033988749895) % 2);
        dr = (r1 * a1 - r2 * a2 - rb * da) / 255;
        dg = (g1 * a1 - g2 * a2 - gb * da) / 255;
        db = (b1 * a1 - b2 * a2 - bb * da) / 255;
    }
    const double y = dr * 0.29889531 + dg * 0.58662247 + db * 0.11448223;
    const double i = dr * 0.59597799 - dg * 0.27417610 - db * 0.32180189;
    const double q = dr * 0.21147017 - dg * 0.52261711 + db * 0.31114694;
    const double delta = 0.5053 * y * y + 0.299 * i * i + 0.1957 * q * q;
    return y > 0 ? -delta : delta;
}

struct Reference {
    PixelmatchCounts base;          // the engine with shift 0
    std::vector<uint8_t> baseMask;  // its mask
    Image baseDiff;                 // its diff image
    std::vector<uint8_t> tolerated; // 1 where the reference tolerates
    int64_t mismatched = 0, shiftTolerated = 0;
};

const uint8_t *px(const Image &img, int x, int y) { return img.row(y) + size_t(x) * 4; }

Reference reference(const Image &a, const Image &b, const PixelmatchOptions &opt)
{
    Reference r;
    PixelmatchOptions o0 = opt;
    o0.shift = 0;
    r.base = pixelmatch(a.view(), b.view(), o0, &r.baseDiff, &r.baseMask, {}, 1);
    const int w = a.width(), h = a.height(), n = opt.shift;
    const double maxDelta = 35215 * opt.threshold * opt.threshold;
    r.tolerated.assign(size_t(w) * size_t(h), 0);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            if (r.baseMask[size_t(y) * w + x] != MaskDiff)
                continue;
            const double k = 4.0 * (double(y) * w + x);
            bool aFoundInB = false, bFoundInA = false;
            for (int dy = -n; dy <= n; ++dy) {
                for (int dx = -n; dx <= n; ++dx) {
                    const int qx = x + dx, qy = y + dy;
                    if (qx < 0 || qy < 0 || qx >= w || qy >= h)
                        continue;
                    if (std::fabs(refDelta(px(a, x, y), px(b, qx, qy), k)) <= maxDelta)
                        aFoundInB = true;
                    if (std::fabs(refDelta(px(a, qx, qy), px(b, x, y), k)) <= maxDelta)
                        bFoundInA = true;
                }
            }
            if (aFoundInB && bFoundInA) {
                r.tolerated[size_t(y) * w + x] = 1;
                ++r.shiftTolerated;
            } else {
                ++r.mismatched;
            }
        }
    }
    return r;
}

// ---- synthetic images ----------------------------------------------------------------

constexpr uint8_t kBg[3] = {245, 246, 248};

void rect(Image &img, int x0, int y0, int w, int h, const uint8_t c[3], uint8_t alpha = 255)
{
    for (int y = std::max(0, y0); y < std::min(img.height(), y0 + h); ++y)
        for (int x = std::max(0, x0); x < std::min(img.width(), x0 + w); ++x)
            setPixel(img, x, y, c[0], c[1], c[2], alpha);
}

// A 5x7 glyph of 1-pixel strokes (text-like), drawn at (x0, y0).
void glyph(Image &img, int x0, int y0, int which, const uint8_t c[3], uint8_t alpha = 255)
{
    static const char *const kGlyphs[3][7] = {
        {"#####", "#....", "####.", "#....", "#....", "#....", "#####"},
        {"#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"},
        {".###.", "#...#", "#....", "#.##.", "#...#", "#...#", ".###."},
    };
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 5; ++x)
            if (kGlyphs[which % 3][y][x] == '#' && x0 + x >= 0 && y0 + y >= 0 && x0 + x < img.width() &&
                y0 + y < img.height())
                setPixel(img, x0 + x, y0 + y, c[0], c[1], c[2], alpha);
}

// Screen-like content: distinct solid blocks and a line of glyphs, far enough apart that a
// colour never reappears within 8 pixels of another object of the same colour.
Image scene(int w, int h, bool semi)
{
    static const uint8_t kColours[][3] = {{200, 30, 30}, {30, 160, 40}, {20, 40, 180}, {220, 180, 20}, {140, 40, 160}};
    Image img(w, h, 4, 8);
    fill(img, kBg[0], kBg[1], kBg[2], 255);
    if (semi)
        rect(img, 0, h / 2, w / 2, h - h / 2, kBg, 128); // a semi-transparent background area
    int i = 0;
    for (int y = 6; y + 12 < h / 2; y += 22)
        for (int x = 6; x + 12 < w; x += 24, ++i)
            rect(img, x, y, 6 + i % 7, 5 + (i * 3) % 8, kColours[i % 5], semi ? uint8_t(90 + 25 * (i % 6)) : 255);
    const uint8_t ink[3] = {20, 20, 30};
    for (int x = 4, g = 0; x + 5 < w; x += 8, ++g)
        glyph(img, x, h / 2 + 6, g, ink, semi && g % 2 ? uint8_t(150) : 255);
    return img;
}

// B(x, y) = A(x - dx, y - dy); revealed pixels get the background.
Image shifted(const Image &a, int dx, int dy)
{
    Image b(a.width(), a.height(), 4, 8);
    fill(b, kBg[0], kBg[1], kBg[2], 255);
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const int sx = x - dx, sy = y - dy;
            if (sx >= 0 && sy >= 0 && sx < a.width() && sy < a.height())
                std::memcpy(b.row(y) + size_t(x) * 4, px(a, sx, sy), 4);
        }
    return b;
}

// Glyphs written into the blank bottom-right area.
Image withText(const Image &a)
{
    Image b = a;
    const uint8_t ink[3] = {10, 10, 10};
    for (int i = 0; i < 6; ++i)
        glyph(b, a.width() / 2 + 4 + 7 * i, a.height() - 12, i, ink);
    return b;
}

// A region tinted strongly blue (a change no nearby pixel of A explains).
Image tinted(const Image &a)
{
    Image b = a;
    const int x0 = a.width() / 4, y0 = 4, x1 = x0 + a.width() / 3, y1 = y0 + a.height() / 3;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            uint8_t *p = b.row(y) + size_t(x) * 4;
            p[0] = uint8_t(p[0] / 3);
            p[1] = uint8_t(p[1] / 3);
            p[2] = uint8_t(std::min(255, p[2] + 60));
        }
    return b;
}

// Anti-aliased discs and strokes (4x4 supersampled coverage), centres offset by (ox, oy):
// a sub-pixel move gives pixelmatch's anti-aliasing classification something to find.
Image smooth(int w, int h, double ox, double oy)
{
    Image img(w, h, 4, 8);
    fill(img, kBg[0], kBg[1], kBg[2], 255);
    const uint8_t ink[3] = {25, 35, 60};
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            int inside = 0;
            for (int sy = 0; sy < 4; ++sy)
                for (int sx = 0; sx < 4; ++sx) {
                    const double fx = x + (sx + 0.5) / 4 - ox, fy = y + (sy + 0.5) / 4 - oy;
                    bool in = false;
                    for (int i = 0; i < 4; ++i) {
                        const double cx = 14 + 22 * i, cy = 16, r = 4 + 2 * i;
                        in = in || (fx - cx) * (fx - cx) + (fy - cy) * (fy - cy) <= r * r;
                    }
                    // a diagonal stroke 1.5 px wide and a shallow one
                    in = in || (fy > 40 && fy < 75 && std::fabs((fx - 10) - (fy - 40)) < 0.75);
                    in = in || (fy > 40 && fy < 75 && std::fabs((fx - 50) * 0.3 - (fy - 40)) < 0.9 && fx < 95);
                    inside += in ? 1 : 0;
                }
            const double t = inside / 16.0;
            setPixel(img, x, y, uint8_t(std::lround(kBg[0] + (ink[0] - kBg[0]) * t)),
                     uint8_t(std::lround(kBg[1] + (ink[1] - kBg[1]) * t)),
                     uint8_t(std::lround(kBg[2] + (ink[2] - kBg[2]) * t)));
        }
    return img;
}

struct Case {
    Image a, b;
};

Case makeCase(const QString &kind, int dx, int dy)
{
    const int w = 97, h = 83;
    if (kind == "shift")
        return {scene(w, h, false), shifted(scene(w, h, false), dx, dy)};
    if (kind == "semi")
        return {scene(w, h, true), shifted(scene(w, h, true), dx, dy)};
    if (kind == "text-added")
        return {scene(w, h, false), withText(scene(w, h, false))};
    if (kind == "text-removed")
        return {withText(scene(w, h, false)), scene(w, h, false)};
    if (kind == "aa") // re-rendered half a pixel away plus a whole-pixel move
        return {smooth(w, h, 0, 0), smooth(w, h, dx + 0.5, dy + 0.25)};
    if (kind == "tint")
        return {scene(w, h, false), tinted(scene(w, h, false))};
    // "shift-and-text": a moved page with a new line of text
    return {scene(w, h, false), withText(shifted(scene(w, h, false), dx, dy))};
}

std::array<uint8_t, 4> at4(const Image &img, size_t i)
{
    const uint8_t *p = img.data() + (i / size_t(img.width())) * img.stride() + (i % size_t(img.width())) * 4;
    return {p[0], p[1], p[2], p[3]};
}

JobOptions jobOptions(const PixelmatchOptions &pm)
{
    JobOptions o;
    o.pixelmatch = pm;
    o.device = Device::Cpu;
    o.wantDiffImage = true;
    o.wantMask = true;
    o.threads = 3;
    return o;
}

} // namespace

class TestShift : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesReference_data();
    void matchesReference();
    void invalidShiftIsRefused();
};

void TestShift::matchesReference_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("dx");
    QTest::addColumn<int>("dy");
    QTest::addColumn<int>("shift");
    QTest::addColumn<bool>("diffMask");
    QTest::addColumn<bool>("includeAA");
    const int dirs[8][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {1, -1}, {-1, 1}, {-1, -1}};
    for (const auto &d : dirs)
        for (int dist = 1; dist <= 3; ++dist)
            for (int n : {dist, dist - 1})
                QTest::addRow("shift %d,%d by %d, N=%d", d[0], d[1], dist, n)
                    << QString("shift") << d[0] * dist << d[1] * dist << n << (dist == 2) << false;
    for (int n : {1, 3, 8}) {
        QTest::addRow("text added N=%d", n) << QString("text-added") << 0 << 0 << n << false << false;
        QTest::addRow("text added includeAA N=%d", n) << QString("text-added") << 0 << 0 << n << false << true;
        QTest::addRow("text removed N=%d", n) << QString("text-removed") << 0 << 0 << n << false << false;
        QTest::addRow("tint N=%d", n) << QString("tint") << 0 << 0 << n << (n == 3) << false;
        QTest::addRow("shift+text N=%d", n) << QString("shift-and-text") << 1 << 2 << n << false << false;
    }
    for (int n : {0, 1, 2})
        for (bool aa : {false, true})
            QTest::addRow("anti-aliased %s N=%d", aa ? "includeAA" : "detected", n)
                << QString("aa") << 1 << 0 << n << false << aa;
    for (int dist = 1; dist <= 2; ++dist)
        for (int n : {dist - 1, dist, dist + 1}) {
            QTest::addRow("semi-transparent by %d,%d N=%d", dist, 0, n) << QString("semi") << dist << 0 << n << false
                                                                         << false;
            QTest::addRow("semi-transparent by %d,%d N=%d", -dist, dist, n)
                << QString("semi") << -dist << dist << n << true << false;
        }
}

void TestShift::matchesReference()
{
    QFETCH(QString, kind);
    QFETCH(int, dx);
    QFETCH(int, dy);
    QFETCH(int, shift);
    QFETCH(bool, diffMask);
    QFETCH(bool, includeAA);
    const Case c = makeCase(kind, dx, dy);
    PixelmatchOptions opt;
    opt.shift = shift;
    opt.diffMask = diffMask;
    opt.includeAA = includeAA;
    const Reference ref = reference(c.a, c.b, opt);
    QVERIFY(ref.base.mismatched > 0);
    if (kind == "aa" && !includeAA)
        QVERIFY(ref.base.antiAliased > 0);

    // The engine's whole-frame pixelmatch.
    Image diff;
    std::vector<uint8_t> mask;
    const PixelmatchCounts got = pixelmatch(c.a.view(), c.b.view(), opt, &diff, &mask, {}, 3);
    if (qEnvironmentVariableIsSet("SHIFT_TEST_STATS"))
        qInfo("base %lld aa %lld -> mismatched %lld tolerated %lld", (long long)ref.base.mismatched,
              (long long)ref.base.antiAliased, (long long)got.mismatched, (long long)got.shiftTolerated);
    QCOMPARE(got.mismatched, ref.mismatched);
    QCOMPARE(got.shiftTolerated, ref.shiftTolerated);
    QCOMPARE(got.antiAliased, ref.base.antiAliased);
    QCOMPARE(got.mismatched + got.shiftTolerated, ref.base.mismatched);
    if (shift == 0)
        QCOMPARE(got.shiftTolerated, int64_t(0));

    // What must (not) be tolerated.
    if (kind == "shift" && shift == std::max(std::abs(dx), std::abs(dy)))
        QVERIFY2(got.shiftTolerated > ref.base.mismatched / 2,
                 qPrintable(QString("%1 of %2 tolerated").arg(got.shiftTolerated).arg(ref.base.mismatched)));
    if (kind == "shift" && shift < std::max(std::abs(dx), std::abs(dy)))
        QVERIFY2(got.mismatched > 0, "a shift larger than N must not be tolerated everywhere");
    if (kind == "text-added" || kind == "text-removed" || kind == "tint")
        QCOMPARE(got.shiftTolerated, int64_t(0));
    if (kind == "shift-and-text") {
        // The new text stays mismatched whatever N.
        Case textOnly = makeCase("text-added", 0, 0);
        PixelmatchOptions o0;
        const PixelmatchCounts text = pixelmatch(textOnly.a.view(), textOnly.b.view(), o0);
        QVERIFY(got.mismatched >= text.mismatched / 2);
    }

    // Mask and diff image: tolerated pixels are MaskShift in shiftColor, the rest as shift 0.
    const std::array<uint8_t, 4> shiftColour{opt.shiftColor.r, opt.shiftColor.g, opt.shiftColor.b, 255};
    for (size_t i = 0; i < mask.size(); ++i) {
        if (ref.tolerated[i]) {
            QCOMPARE(int(mask[i]), int(MaskShift));
            QVERIFY(at4(diff, i) == shiftColour);
        } else {
            QCOMPARE(int(mask[i]), int(ref.baseMask[i]));
            QVERIFY(at4(diff, i) == at4(ref.baseDiff, i));
        }
    }
    // The palette of the streamed indexed PNG holds every colour drawn.
    const auto palette = diffImagePalette(opt, false);
    QVERIFY(!palette.empty());
    if (shift > 0)
        QVERIFY(std::find(palette.begin(), palette.end(), shiftColour) != palette.end());
    for (size_t i = 0; i < mask.size(); ++i)
        QVERIFY(std::find(palette.begin(), palette.end(), at4(diff, i)) != palette.end());

    // 16-bit samples (v * 257) give the same classification.
    {
        std::vector<uint8_t> mask16;
        const Image a16 = widenTo16(c.a), b16 = widenTo16(c.b);
        const PixelmatchCounts c16 = pixelmatch(a16.view(), b16.view(), opt, nullptr, &mask16);
        QVERIFY(c16 == got);
        QVERIFY(mask16 == mask);
    }

    // The whole-frame job, in small tiles: same pixels; regions from MaskDiff only.
    JobOptions jo = jobOptions(opt);
    jo.tier = Tier::Medium;
    jo.tileSize = 16;
    const JobResult whole = runJob(c.a.view(), c.b.view(), jo);
    QVERIFY2(whole.ok, whole.error.c_str());
    QVERIFY(whole.counts == got);
    QVERIFY(whole.mask == mask);
    QCOMPARE(whole.diff.byteSize(), diff.byteSize());
    QVERIFY(std::memcmp(whole.diff.data(), diff.data(), diff.byteSize()) == 0);
    QVERIFY(whole.regions == findRegions(mask.data(), c.a.width(), c.a.height(), size_t(c.a.width()), MaskDiff,
                                         jo.regionDilation));
    if (got.mismatched == 0)
        QVERIFY(whole.regions.empty());

    // Streamed at any band height: identical.
    for (int band : {1, 2, 3, 5, 8, 9, 17, 1000}) {
        ViewSource sa(c.a.view()), sb(c.b.view());
        VectorSink ds(size_t(c.a.width()) * 4), ms(size_t(c.a.width()));
        StreamOptions so;
        so.bandHeight = band;
        const JobResult s = runStreamJob(sa, sb, jobOptions(opt), {&ds, &ms}, so);
        QVERIFY2(s.ok, s.error.c_str());
        QVERIFY2(s.counts == got, qPrintable(QString("band %1: %2 mismatched, %3 tolerated")
                                                 .arg(band)
                                                 .arg(s.counts.mismatched)
                                                 .arg(s.counts.shiftTolerated)));
        QVERIFY(ms.data == mask);
        QCOMPARE(ds.data.size(), diff.byteSize());
        QVERIFY(std::memcmp(ds.data.data(), diff.data(), diff.byteSize()) == 0);
        QVERIFY(s.regions == whole.regions);
    }
}

void TestShift::invalidShiftIsRefused()
{
    const Case c = makeCase("shift", 1, 0);
    for (int bad : {-1, kMaxPixelmatchShift + 1}) {
        PixelmatchOptions opt;
        opt.shift = bad;
        QCOMPARE(pixelmatch(c.a.view(), c.b.view(), opt).mismatched, int64_t(-1));
        const JobResult r = runJob(c.a.view(), c.b.view(), jobOptions(opt));
        QVERIFY(!r.ok);
        QVERIFY2(r.error.find("shift") != std::string::npos, r.error.c_str());
        ViewSource sa(c.a.view()), sb(c.b.view());
        const JobResult s = runStreamJob(sa, sb, jobOptions(opt), {});
        QVERIFY(!s.ok);
        QVERIFY2(s.error.find("shift") != std::string::npos, s.error.c_str());
    }
    // The band planner's halo follows the shift.
    BandRequest req;
    req.width = req.widthA = req.widthB = 100;
    req.height = 100;
    req.shift = 0;
    QCOMPARE(planBands(req).halo, 2);
    req.shift = 7;
    QCOMPARE(planBands(req).halo, 7);
    req.ssim = true;
    QCOMPARE(planBands(req).halo, 7);
    req.shift = 3;
    QCOMPARE(planBands(req).halo, 5);
}

QTEST_GUILESS_MAIN(TestShift)
#include "test_shift.moc"

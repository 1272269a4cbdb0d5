// TIFF layouts beyond plain grey/RGB(A): the general libtiff RGBA path (palette, bilevel,
// 4-bit grey, CMYK, JPEG YCbCr, planar tiles, extra samples) and the direct path for
// signed and float samples; orientation handled once, the same way on both paths.
#include "difflens/imaging/decode.h"
#include "imaging_test_util.h"
#include "tiff_builder.h"

#include <QtTest>

#include <array>

using namespace difflens;
using namespace testutil;

namespace {

using Rgba = std::array<int, 4>;

struct Case {
    const char *name;
    TiffSpec spec;
    std::function<Rgba(int, int)> expect;
    int tolerance;
    int depth;          // decoded depth
    int sourceChannels;
};

std::vector<uint16_t> ramp(int n, std::function<int(int)> f)
{
    std::vector<uint16_t> v;
    for (int i = 0; i < n; ++i)
        v.push_back(uint16_t(f(i) * 257));
    return v;
}

TiffSpec paletteSpec(int w, int h, int bits)
{
    TiffSpec t;
    t.width = w;
    t.height = h;
    t.bits = bits;
    t.photometric = PHOTOMETRIC_PALETTE;
    const int n = 1 << bits;
    t.map[0] = ramp(n, [](int i) { return i; });
    t.map[1] = ramp(n, [](int i) { return 255 - i; });
    t.map[2] = ramp(n, [](int i) { return i * 3 % 256; });
    t.value = [n](int x, int y, int) { return double((x * 7 + y * 3) % n); };
    return t;
}

Rgba paletteColour(int x, int y, int n)
{
    const int i = (x * 7 + y * 3) % n;
    return {i, 255 - i, i * 3 % 256, 255};
}

std::vector<Case> cases()
{
    std::vector<Case> c;
    c.push_back({"palette 8-bit", paletteSpec(10, 6, 8), [](int x, int y) { return paletteColour(x, y, 256); }, 0, 8, 3});
    c.push_back({"palette 4-bit odd width", paletteSpec(7, 5, 4), [](int x, int y) { return paletteColour(x, y, 16); }, 0, 8, 3});
    {
        TiffSpec t;
        t.width = 37;
        t.height = 9;
        t.bits = 1;
        t.photometric = PHOTOMETRIC_MINISWHITE;
        t.compression = COMPRESSION_CCITTFAX4;
        t.value = [](int x, int y, int) { return double((x / 3 + y) % 2); };
        c.push_back({"bilevel G4 min-is-white", t, [](int x, int y) {
                         const int v = (x / 3 + y) % 2 ? 0 : 255;
                         return Rgba{v, v, v, 255};
                     }, 0, 8, 1});
    }
    {
        TiffSpec t;
        t.width = 9;
        t.height = 4;
        t.bits = 4;
        t.value = [](int x, int y, int) { return double((x + 4 * y) % 16); };
        c.push_back({"grey 4-bit", t, [](int x, int y) {
                         const int v = (x + 4 * y) % 16 * 17;
                         return Rgba{v, v, v, 255};
                     }, 0, 8, 1});
    }
    {
        static const int inks[5][4] = {{255, 0, 0, 0}, {0, 255, 0, 0}, {0, 0, 255, 0}, {0, 0, 0, 255}, {0, 0, 0, 0}};
        static const int rgb[5][3] = {{0, 255, 255}, {255, 0, 255}, {255, 255, 0}, {0, 0, 0}, {255, 255, 255}};
        TiffSpec t;
        t.width = 10;
        t.height = 3;
        t.spp = 4;
        t.photometric = PHOTOMETRIC_SEPARATED;
        t.value = [](int x, int y, int s) { return double(inks[(x + y) % 5][s]); };
        c.push_back({"CMYK", t, [](int x, int y) {
                         const int *p = rgb[(x + y) % 5];
                         return Rgba{p[0], p[1], p[2], 255};
                     }, 1, 8, 3});
    }
    {
        TiffSpec t;
        t.width = 32;
        t.height = 32;
        t.spp = 3;
        t.photometric = PHOTOMETRIC_YCBCR;
        t.compression = COMPRESSION_JPEG;
        t.value = [](int x, int y, int s) { return double(40 + 2 * x + 3 * y + 20 * s); };
        c.push_back({"JPEG YCbCr", t, [](int x, int y) { return Rgba{40 + 2 * x + 3 * y, 60 + 2 * x + 3 * y, 80 + 2 * x + 3 * y, 255}; },
                     10, 8, 3});
    }
    {
        TiffSpec t;
        t.width = 20;
        t.height = 18;
        t.spp = 4;
        t.photometric = PHOTOMETRIC_RGB;
        t.planar = PLANARCONFIG_SEPARATE;
        t.tile = 16;
        t.extra = {EXTRASAMPLE_UNASSALPHA};
        t.value = [](int x, int y, int s) { return double(s == 3 ? 128 + (x * 5 + y * 3) % 128 : (x * 11 + y * 17 + s * 60) % 256); };
        c.push_back({"planar tiles RGBA straight alpha", t, [](int x, int y) {
                         return Rgba{(x * 11 + y * 17) % 256, (x * 11 + y * 17 + 60) % 256, (x * 11 + y * 17 + 120) % 256,
                                     128 + (x * 5 + y * 3) % 128};
                     }, 2, 8, 4});
    }
    {
        TiffSpec t;
        t.width = 6;
        t.height = 4;
        t.spp = 5;
        t.photometric = PHOTOMETRIC_RGB;
        t.extra = {EXTRASAMPLE_UNASSALPHA, EXTRASAMPLE_UNSPECIFIED};
        t.value = [](int x, int y, int s) { return double(s == 3 ? 255 : s == 4 ? 7 : (x * 40 + y * 9 + s) % 256); };
        c.push_back({"RGB with two extra samples", t, [](int x, int y) {
                         return Rgba{(x * 40 + y * 9) % 256, (x * 40 + y * 9 + 1) % 256, (x * 40 + y * 9 + 2) % 256, 255};
                     }, 0, 8, 4});
    }
    {
        TiffSpec t;
        t.width = 11;
        t.height = 3;
        t.bits = 32;
        t.sampleFormat = SAMPLEFORMAT_IEEEFP;
        t.value = [](int x, int y, int) { return -0.25 + (x + 11 * y) * 0.05; };
        c.push_back({"float grey clamped to 0..1", t, [](int x, int y) {
                         const double v = std::clamp(-0.25 + (x + 11 * y) * 0.05, 0.0, 1.0);
                         const int s = int(std::lround(double(float(v)) * 65535.0));
                         return Rgba{s, s, s, 65535};
                     }, 1, 16, 1});
        t.spp = 3;
        t.photometric = PHOTOMETRIC_RGB;
        t.value = [](int x, int y, int s) { return (x + y + s) / 16.0; };
        c.push_back({"float RGB", t, [](int x, int y) {
                         auto v = [x, y](int s) { return int(std::lround((x + y + s) / 16.0 * 65535.0)); };
                         return Rgba{v(0), v(1), v(2), 65535};
                     }, 1, 16, 3});
    }
    {
        TiffSpec t;
        t.width = 8;
        t.height = 2;
        t.bits = 16;
        t.sampleFormat = SAMPLEFORMAT_INT;
        t.value = [](int x, int y, int) { return double(-32768 + x * 9000 + y); };
        c.push_back({"signed 16-bit grey", t, [](int x, int y) {
                         const int v = x * 9000 + y;
                         return Rgba{v, v, v, 65535};
                     }, 0, 16, 1});
        t.bits = 8;
        t.spp = 3;
        t.photometric = PHOTOMETRIC_RGB;
        t.value = [](int x, int y, int s) { return double(-128 + x * 30 + y + s); };
        c.push_back({"signed 8-bit RGB", t, [](int x, int y) {
                         return Rgba{x * 30 + y, x * 30 + y + 1, x * 30 + y + 2, 255};
                     }, 0, 8, 3});
    }
    return c;
}

int sampleAt(const Image &img, int x, int y, int c)
{
    return sample(img, x, y, c);
}

} // namespace

class TestTiffLayouts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void layouts_data();
    void layouts();
    void orientationAppliedOnceOnBothPaths_data();
    void orientationAppliedOnceOnBothPaths();
    void unsupportedLayoutHasAReason();
    void truncatedFallbackFileFails();
};

void TestTiffLayouts::layouts_data()
{
    QTest::addColumn<int>("index");
    const std::vector<Case> all = cases();
    for (size_t i = 0; i < all.size(); ++i)
        QTest::newRow(all[i].name) << int(i);
}

void TestTiffLayouts::layouts()
{
    QFETCH(int, index);
    const Case c = cases()[size_t(index)];
    QTemporaryDir dir;
    const std::vector<uint8_t> bytes = buildTiffWithLibtiff(c.spec, dir);
    QVERIFY(!bytes.empty());
    const DecodeResult r = decodeImageBuffer(bytes.data(), bytes.size());
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.header.format, std::string("tiff"));
    QCOMPARE(r.image.width(), c.spec.width);
    QCOMPARE(r.image.height(), c.spec.height);
    QCOMPARE(r.image.depth(), c.depth);
    QCOMPARE(r.sourceChannels, c.sourceChannels);
    QCOMPARE(r.sourceDepth, c.spec.photometric == PHOTOMETRIC_PALETTE ? 8 : c.spec.bits);
    int worst = 0;
    for (int y = 0; y < c.spec.height; ++y)
        for (int x = 0; x < c.spec.width; ++x) {
            const Rgba want = c.expect(x, y);
            for (int ch = 0; ch < 4; ++ch)
                worst = std::max(worst, std::abs(sampleAt(r.image, x, y, ch) - want[size_t(ch)]));
        }
    QVERIFY2(worst <= c.tolerance, qPrintable(QString("largest error %1").arg(worst)));
}

void TestTiffLayouts::orientationAppliedOnceOnBothPaths_data()
{
    QTest::addColumn<int>("orientation");
    for (int o = 1; o <= 8; ++o)
        QTest::addRow("orientation %d", o) << o;
}

void TestTiffLayouts::orientationAppliedOnceOnBothPaths()
{
    // The same colours as a palette TIFF (general path) and as an RGB TIFF (direct path).
    QFETCH(int, orientation);
    TiffSpec pal = paletteSpec(7, 4, 8);
    pal.orientation = orientation;
    TiffSpec rgb;
    rgb.width = 7;
    rgb.height = 4;
    rgb.spp = 3;
    rgb.photometric = PHOTOMETRIC_RGB;
    rgb.orientation = orientation;
    rgb.value = [](int x, int y, int s) { return double(paletteColour(x, y, 256)[size_t(s)]); };
    QTemporaryDir dir;
    const std::vector<uint8_t> a = buildTiffWithLibtiff(pal, dir);
    const std::vector<uint8_t> b = buildTiffWithLibtiff(rgb, dir);
    const DecodeResult ra = decodeImageBuffer(a.data(), a.size());
    const DecodeResult rb = decodeImageBuffer(b.data(), b.size());
    QVERIFY2(ra.ok && rb.ok, (ra.error + rb.error).c_str());
    QCOMPARE(ra.header.orientation, orientation);
    QCOMPARE(ra.image.width(), orientation >= 5 ? 4 : 7);
    QCOMPARE(ra.image.byteSize(), rb.image.byteSize());
    QVERIFY(std::memcmp(ra.image.data(), rb.image.data(), ra.image.byteSize()) == 0);

    // Without orientation: rows exactly as stored.
    DecodeOptions raw;
    raw.applyExifOrientation = false;
    const DecodeResult stored = decodeImageBuffer(a.data(), a.size(), raw);
    QVERIFY(stored.ok);
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 7; ++x)
            QCOMPARE(sampleAt(stored.image, x, y, 0), paletteColour(x, y, 256)[0]);
}

void TestTiffLayouts::unsupportedLayoutHasAReason()
{
    TiffSpec t;
    t.bits = 32; // 32-bit unsigned integer samples
    t.value = [](int x, int y, int) { return double(x * 1000 + y); };
    QTemporaryDir dir;
    const std::vector<uint8_t> bytes = buildTiffWithLibtiff(t, dir);
    const DecodeResult r = decodeImageBuffer(bytes.data(), bytes.size());
    QVERIFY(!r.ok);
    QVERIFY(r.image.isNull());
    QVERIFY2(QString::fromStdString(r.error).startsWith("unsupported TIFF layout"), r.error.c_str());
}

void TestTiffLayouts::truncatedFallbackFileFails()
{
    QTemporaryDir dir;
    const std::vector<uint8_t> good = buildTiffWithLibtiff(paletteSpec(64, 48, 8), dir);
    QVERIFY(decodeImageBuffer(good.data(), good.size()).ok);
    for (size_t n = 8; n < good.size(); n += 97) {
        const DecodeResult r = decodeImageBuffer(good.data(), n);
        QVERIFY(r.ok ? !r.image.isNull() : (!r.error.empty() && r.image.isNull()));
    }
    std::vector<uint8_t> bad = good;
    for (size_t i = 200; i < 900; i += 7) // damage the pixel data only: still decodes
        bad[i] ^= 0x55;
    QVERIFY(decodeImageBuffer(bad.data(), bad.size()).ok);
}

QTEST_GUILESS_MAIN(TestTiffLayouts)
#include "tst_tiff_layouts.moc"

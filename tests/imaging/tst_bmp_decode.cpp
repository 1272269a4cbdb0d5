// Our BMP decoder on every layout it reads: palettes (1/2/4/8-bit, core and OS/2 headers),
// 16/24/32-bit with implied or explicit masks and alpha, both row orders, RLE8 / RLE4.
#include "bmp_builder.h"
#include "difflens/imaging/decode.h"

#include <QtTest>

using namespace difflens;
using namespace testutil;

namespace {

using Expect = std::function<uint32_t(int, int)>; // 0xRRGGBBAA of pixel (x, y)

struct Case {
    const char *name;
    BmpSpec spec;
    Expect expect;
    int sourceChannels;
};

uint32_t opaque(uint32_t rgb) { return (rgb << 8) | 0xFFu; }
uint32_t scale(uint32_t v, uint32_t max) { return (v * 255 + max / 2) / max; }
uint32_t rgba(uint32_t r, uint32_t g, uint32_t b, uint32_t a) { return r << 24 | g << 16 | b << 8 | a; }

BmpSpec spec(int w, int h, int bpp, std::vector<uint32_t> palette = {}, std::function<uint32_t(int, int)> px = {})
{
    BmpSpec s;
    s.width = w;
    s.height = h;
    s.bpp = bpp;
    s.palette = std::move(palette);
    s.pixel = std::move(px);
    return s;
}

std::vector<uint32_t> pal16()
{
    std::vector<uint32_t> p;
    for (uint32_t i = 0; i < 16; ++i)
        p.push_back((i * 16) << 16 | (255 - i * 16) << 8 | (i * 7));
    return p;
}

std::vector<uint32_t> greys()
{
    std::vector<uint32_t> p;
    for (uint32_t i = 0; i < 256; ++i)
        p.push_back(i * 0x010101u);
    return p;
}

// Expected image of an RLE case given as rows of palette indices (-1 = skipped, black).
Expect fromRows(std::vector<std::vector<int>> rows, std::vector<uint32_t> pal)
{
    return [rows, pal](int x, int y) {
        const int i = rows[size_t(y)][size_t(x)];
        return i < 0 ? opaque(0) : opaque(pal[size_t(i)]);
    };
}

std::vector<Case> cases()
{
    std::vector<Case> c;
    const std::vector<uint32_t> pal2 = {0x102030, 0xF0E0D0}, pal4 = {0xFF0000, 0x00FF00, 0x0000FF, 0x808080};
    const std::vector<uint32_t> pal5 = {0x112233, 0x445566, 0x778899, 0xAABBCC, 0xDDEEFF};
    const std::vector<uint32_t> p16 = pal16(), grey = greys();

    c.push_back({"1-bit", spec(13, 5, 1, pal2, [](int x, int y) { return uint32_t(x + y) % 2; }),
                 [pal2](int x, int y) { return opaque(pal2[size_t(x + y) % 2]); }, 3});
    c.push_back({"2-bit", spec(7, 3, 2, pal4, [](int x, int y) { return uint32_t(x * 3 + y) % 4; }),
                 [pal4](int x, int y) { return opaque(pal4[size_t(x * 3 + y) % 4]); }, 3});
    c.push_back({"4-bit odd width", spec(9, 4, 4, p16, [](int x, int y) { return uint32_t(x + 2 * y) % 16; }),
                 [p16](int x, int y) { return opaque(p16[size_t(x + 2 * y) % 16]); }, 3});
    c.push_back({"8-bit grey palette", spec(6, 3, 8, grey, [](int x, int y) { return uint32_t(x * 40 + y) % 256; }),
                 [](int x, int y) { return opaque(uint32_t(x * 40 + y) % 256 * 0x010101u); }, 1});
    {
        BmpSpec s = spec(5, 4, 8, pal5, [](int x, int y) { return uint32_t(x + y) % 5; });
        s.colorsUsed = 5;
        c.push_back({"8-bit colours used", s, [pal5](int x, int y) { return opaque(pal5[size_t(x + y) % 5]); }, 3});
        s.palette = pal2;
        s.colorsUsed = 2;
        s.pixel = [](int x, int) { return x == 0 ? 7u : uint32_t(x % 2); };
        c.push_back({"index past palette is black", s,
                     [pal2](int x, int) { return x == 0 ? opaque(0) : opaque(pal2[size_t(x % 2)]); }, 3});
    }
    {
        BmpSpec s = spec(5, 3, 24, {}, [](int x, int y) { return uint32_t(x * 50) << 16 | uint32_t(y * 80) << 8 | 7u; });
        const Expect e = [](int x, int y) { return opaque(uint32_t(x * 50) << 16 | uint32_t(y * 80) << 8 | 7u); };
        c.push_back({"24-bit bottom-up padded rows", s, e, 3});
        s.topDown = true;
        c.push_back({"24-bit top-down", s, e, 3});
        s.topDown = false;
        s.headerSize = 64;
        c.push_back({"24-bit OS/2 2.x header", s, e, 3});
    }
    {
        BmpSpec s = spec(6, 3, 16, {}, [](int x, int y) { return uint32_t((x * 5) << 10 | (y * 9) << 5 | (x + y)); });
        s.topDown = true;
        c.push_back({"16-bit 555 top-down", s,
                     [](int x, int y) { return opaque(scale(x * 5, 31) << 16 | scale(y * 9, 31) << 8 | scale(x + y, 31)); }, 3});
    }
    {
        BmpSpec s = spec(7, 4, 16, {}, [](int x, int y) {
            return uint32_t((x * 3 % 32) << 11 | ((y * 9 + x) % 64) << 5 | ((x + y) % 32));
        });
        s.compression = 3;
        s.masks = {0xF800, 0x07E0, 0x001F};
        c.push_back({"16-bit 565 bitfields", s, [](int x, int y) {
                         return opaque(scale(x * 3 % 32, 31) << 16 | scale((y * 9 + x) % 64, 63) << 8 | scale((x + y) % 32, 31));
                     }, 3});
        s.compression = 6;
        s.masks = {0x7C00, 0x03E0, 0x001F, 0x8000};
        s.pixel = [](int x, int y) { return uint32_t(((x + y) % 2) << 15 | (x << 10) | (y << 5) | 31); };
        c.push_back({"16-bit 1555 alpha bitfields", s, [](int x, int y) {
                         return rgba(scale(x, 31), scale(y, 31), 255, (x + y) % 2 ? 255 : 0);
                     }, 4});
    }
    {
        BmpSpec s = spec(5, 3, 32, {}, [](int x, int y) { return 0xAB000000u | uint32_t(x * 60) << 16 | uint32_t(y * 70) << 8 | 3u; });
        c.push_back({"32-bit unused fourth byte", s, [](int x, int y) { return opaque(uint32_t(x * 60) << 16 | uint32_t(y * 70) << 8 | 3u); }, 3});
        s.compression = 3;
        s.headerSize = 108;
        s.masks = {0xFF0000, 0xFF00, 0xFF, 0xFF000000};
        s.pixel = [](int x, int y) { return uint32_t((x * 40 + y * 7) % 256) << 24 | uint32_t(x * 60) << 16 | uint32_t(y * 70) << 8 | 3u; };
        c.push_back({"32-bit V4 bitfields with alpha", s, [](int x, int y) {
                         return rgba(uint32_t(x * 60), uint32_t(y * 70), 3, uint32_t((x * 40 + y * 7) % 256));
                     }, 4});
        s.headerSize = 124;
        s.pixel = [](int x, int y) { return uint32_t(x * 60) << 16 | uint32_t(y * 70) << 8 | 3u; };
        c.push_back({"32-bit V5 alpha all zero is opaque", s, [](int x, int y) { return opaque(uint32_t(x * 60) << 16 | uint32_t(y * 70) << 8 | 3u); }, 3});
        s.headerSize = 56;
        s.compression = 0;
        s.pixel = [](int x, int y) { return uint32_t(x * 50) << 24 | uint32_t(y * 70) << 8; };
        c.push_back({"32-bit V3 header declares alpha", s, [](int x, int y) { return rgba(0, uint32_t(y * 70), 0, uint32_t(x * 50)); }, 4});
        s.headerSize = 40;
        s.compression = 3;
        s.masks = {0xFF, 0xFF00, 0xFF0000};
        s.pixel = [](int x, int y) { return uint32_t(x * 60) | uint32_t(y * 70) << 8 | 9u << 16; };
        c.push_back({"32-bit masks in RGB order", s, [](int x, int y) { return opaque(uint32_t(x * 60) << 16 | uint32_t(y * 70) << 8 | 9u); }, 3});
        s.masks = {0x3FF00000, 0x000FFC00, 0x000003FF};
        s.pixel = [](int x, int y) { return uint32_t(x * 200) << 20 | uint32_t(y * 300) << 10 | 1023u; };
        c.push_back({"32-bit 10-bit channels", s, [](int x, int y) { return opaque(scale(x * 200, 1023) << 16 | scale(y * 300, 1023) << 8 | 255); }, 3});
    }
    {
        BmpSpec s = spec(6, 2, 8, pal5, [](int x, int y) { return uint32_t(x + y) % 5; });
        s.headerSize = 12;
        c.push_back({"8-bit core header", s, [pal5](int x, int y) { return opaque(pal5[size_t(x + y) % 5]); }, 3});
        s = spec(5, 3, 4, p16, [](int x, int y) { return uint32_t(x * y) % 16; });
        s.headerSize = 16;
        c.push_back({"4-bit OS/2 16-byte header", s, [p16](int x, int y) { return opaque(p16[size_t(x * y) % 16]); }, 3});
    }
    {
        BmpSpec s = spec(8, 4, 8, pal4);
        s.compression = 1;
        s.rle = {3, 1, 0, 3, 2, 3, 1, 0, 0, 0, 8, 2, 0, 0, 0, 2, 3, 1, 2, 3, 0, 1};
        c.push_back({"RLE8 runs, literals, delta", s,
                     fromRows({{-1, -1, -1, 3, 3, -1, -1, -1},
                               {-1, -1, -1, -1, -1, -1, -1, -1},
                               {2, 2, 2, 2, 2, 2, 2, 2},
                               {1, 1, 1, 2, 3, 1, -1, -1}}, pal4), 3});
        s = spec(3, 2, 8, pal4);
        s.compression = 1;
        s.rle = {10, 1, 0, 1};
        c.push_back({"RLE8 run past the right edge", s, fromRows({{-1, -1, -1}, {1, 1, 1}}, pal4), 3});
        s = spec(7, 2, 4, p16);
        s.compression = 2;
        s.rle = {5, 0x12, 0, 3, 0x34, 0x50, 0, 0, 0, 5, 0x12, 0x34, 0x50, 0, 0, 1};
        c.push_back({"RLE4 runs and literals", s, fromRows({{1, 2, 3, 4, 5, -1, -1}, {1, 2, 1, 2, 1, 3, 4}}, p16), 3});
    }
    return c;
}

uint32_t pixelAt(const Image &img, int x, int y)
{
    const uint8_t *p = img.row(y) + 4 * size_t(x);
    return rgba(p[0], p[1], p[2], p[3]);
}

} // namespace

class TestBmpDecode : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void layouts_data();
    void layouts();
    void largerImageBothRowOrders();
};

void TestBmpDecode::layouts_data()
{
    QTest::addColumn<int>("index");
    const std::vector<Case> all = cases();
    for (size_t i = 0; i < all.size(); ++i)
        QTest::newRow(all[i].name) << int(i);
}

void TestBmpDecode::layouts()
{
    QFETCH(int, index);
    const Case c = cases()[size_t(index)];
    const std::vector<uint8_t> bytes = buildBmp(c.spec);
    const DecodeResult r = decodeImageBuffer(bytes.data(), bytes.size());
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.header.format, std::string("bmp"));
    QCOMPARE(r.image.width(), c.spec.width);
    QCOMPARE(r.image.height(), c.spec.height);
    QCOMPARE(r.image.channels(), 4);
    QCOMPARE(r.image.depth(), 8);
    QCOMPARE(r.sourceChannels, c.sourceChannels);
    for (int y = 0; y < c.spec.height; ++y)
        for (int x = 0; x < c.spec.width; ++x)
            QVERIFY2(pixelAt(r.image, x, y) == c.expect(x, y),
                     qPrintable(QString("(%1, %2): got %3, want %4").arg(x).arg(y)
                                    .arg(pixelAt(r.image, x, y), 8, 16, QChar('0'))
                                    .arg(c.expect(x, y), 8, 16, QChar('0'))));
    ImageHeader h;
    std::string error;
    QVERIFY2(probeImageBuffer(bytes.data(), bytes.size(), h, error), error.c_str());
    QCOMPARE(h.width, c.spec.width);
    QCOMPARE(h.height, c.spec.height);
}

void TestBmpDecode::largerImageBothRowOrders()
{
    BmpSpec s = spec(301, 157, 24, {}, [](int x, int y) { return uint32_t(x * 7 % 256) << 16 | uint32_t(y) << 8 | uint32_t(x ^ y) % 256; });
    const std::vector<uint8_t> up = buildBmp(s);
    s.topDown = true;
    const std::vector<uint8_t> down = buildBmp(s);
    const DecodeResult a = decodeImageBuffer(up.data(), up.size());
    const DecodeResult b = decodeImageBuffer(down.data(), down.size());
    QVERIFY2(a.ok && b.ok, (a.error + b.error).c_str());
    QCOMPARE(a.image.byteSize(), b.image.byteSize());
    QVERIFY(std::memcmp(a.image.data(), b.image.data(), a.image.byteSize()) == 0);
    QCOMPARE(pixelAt(a.image, 300, 156), opaque(uint32_t(300 * 7 % 256) << 16 | 156u << 8 | uint32_t(300 ^ 156) % 256));
}

QTEST_GUILESS_MAIN(TestBmpDecode)
#include "tst_bmp_decode.moc"

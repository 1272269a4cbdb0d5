// Damaged and hostile BMP headers: each gives a reason (or decodes safely), never a crash,
// and no pixel memory is allocated for sizes the data cannot hold.
#include "bmp_builder.h"
#include "difflens/imaging/decode.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace difflens;
using namespace testutil;

namespace {

const char *const kCorrupt = "truncated or corrupt BMP data";

// Offsets in a file with a 40-byte (or larger) info header.
enum : size_t { kOffBits = 10, kHeaderSize = 14, kWidth = 18, kHeight = 22, kBpp = 28, kCompression = 30, kColorsUsed = 46 };

BmpSpec rgb24()
{
    BmpSpec s;
    s.width = 6;
    s.height = 4;
    s.pixel = [](int x, int y) { return uint32_t(x * 30) << 16 | uint32_t(y * 50); };
    return s;
}

BmpSpec indexed8()
{
    BmpSpec s = rgb24();
    s.bpp = 8;
    s.palette = {0x000000, 0xFF0000, 0x00FF00};
    s.pixel = [](int x, int y) { return uint32_t(x + y) % 3; };
    return s;
}

BmpSpec rle8()
{
    BmpSpec s = indexed8();
    s.compression = 1;
    s.rle = {6, 1, 0, 0, 6, 2, 0, 0, 0, 3, 0, 1, 2, 0, 0, 0, 6, 1, 0, 1};
    return s;
}

QByteArray qb(const std::vector<uint8_t> &v)
{
    return QByteArray(reinterpret_cast<const char *>(v.data()), qsizetype(v.size()));
}

std::vector<uint8_t> patched32(std::vector<uint8_t> b, size_t at, uint32_t v)
{
    putLe32(b, at, v);
    return b;
}

std::vector<uint8_t> patched16(std::vector<uint8_t> b, size_t at, uint32_t v)
{
    putLe16(b, at, v);
    return b;
}

std::vector<uint8_t> cut(std::vector<uint8_t> b, size_t n)
{
    b.resize(std::min(n, b.size()));
    return b;
}

bool safe(const DecodeResult &r)
{
    return r.ok ? (!r.image.isNull() && r.error.empty()) : (!r.error.empty() && r.image.isNull());
}

} // namespace

class TestBmpMalformed : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void headers_data();
    void headers();
    void hugeSizeWithTinyDataIsRefusedQuickly();
    void mutatedHeadersNeverCrash_data();
    void mutatedHeadersNeverCrash();
};

void TestBmpMalformed::headers_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("reason"); // empty: must decode

    const std::vector<uint8_t> good = buildBmp(rgb24()), pal = buildBmp(indexed8()), rle = buildBmp(rle8());
    BmpSpec bf = rgb24();
    bf.bpp = 32;
    bf.compression = 3;
    bf.masks = {0xFF0000, 0xFF00, 0xFF};
    const std::vector<uint8_t> bitfields = buildBmp(bf);

    QTest::newRow("valid 24-bit") << qb(good) << "";
    QTest::newRow("valid RLE8") << qb(rle) << "";
    QTest::newRow("only the file header") << qb(cut(good, 18)) << kCorrupt;
    QTest::newRow("info header size 0") << qb(patched32(good, kHeaderSize, 0)) << kCorrupt;
    QTest::newRow("info header size 13") << qb(patched32(good, kHeaderSize, 13)) << kCorrupt;
    QTest::newRow("info header past the end") << qb(patched32(good, kHeaderSize, 0x7FFFFFFF)) << kCorrupt;
    QTest::newRow("info header size 2^32-1") << qb(patched32(good, kHeaderSize, 0xFFFFFFFF)) << kCorrupt;
    QTest::newRow("width 0") << qb(patched32(good, kWidth, 0)) << kCorrupt;
    QTest::newRow("negative width") << qb(patched32(good, kWidth, uint32_t(-6))) << kCorrupt;
    QTest::newRow("height 0") << qb(patched32(good, kHeight, 0)) << kCorrupt;
    QTest::newRow("height INT32_MIN") << qb(patched32(good, kHeight, 0x80000000u)) << kCorrupt;
    QTest::newRow("width 2^31-1") << qb(patched32(good, kWidth, 0x7FFFFFFF)) << kCorrupt;
    QTest::newRow("0 bits per pixel") << qb(patched16(good, kBpp, 0)) << kCorrupt;
    QTest::newRow("7 bits per pixel") << qb(patched16(good, kBpp, 7)) << "BMP with 7 bits per pixel is not supported";
    QTest::newRow("64 bits per pixel") << qb(patched16(good, kBpp, 64)) << "BMP with 64 bits per pixel is not supported";
    QTest::newRow("JPEG compression") << qb(patched32(good, kCompression, 4)) << "JPEG-compressed BMP is not supported";
    QTest::newRow("PNG compression") << qb(patched32(good, kCompression, 5)) << "PNG-compressed BMP is not supported";
    QTest::newRow("CMYK compression") << qb(patched32(good, kCompression, 11))
                                      << "compressed BMP (method 11) is not supported";
    QTest::newRow("compression 2^32-1") << qb(patched32(good, kCompression, 0xFFFFFFFF))
                                        << "compressed BMP (method 4294967295) is not supported";
    BmpSpec os2 = rgb24();
    os2.headerSize = 64;
    os2.bpp = 1;
    os2.palette = {0, 0xFFFFFF};
    os2.compression = 3;
    QTest::newRow("OS/2 Huffman") << qb(buildBmp(os2)) << "Huffman-compressed BMP is not supported";
    QTest::newRow("RLE8 on 24-bit data") << qb(patched32(good, kCompression, 1)) << kCorrupt;
    QTest::newRow("RLE4 on 8-bit data") << qb(patched32(rle, kCompression, 2)) << kCorrupt;
    QTest::newRow("bitfields on 24-bit data") << qb(patched32(good, kCompression, 3)) << kCorrupt;
    QTest::newRow("RLE top-down") << qb(patched32(rle, kHeight, uint32_t(-4))) << kCorrupt;
    QTest::newRow("pixel offset past the end") << qb(patched32(good, kOffBits, uint32_t(good.size()))) << kCorrupt;
    QTest::newRow("pixel offset 2^32-1") << qb(patched32(good, kOffBits, 0xFFFFFFFF)) << kCorrupt;
    QTest::newRow("pixel offset inside the header") << qb(patched32(good, kOffBits, 20)) << kCorrupt;
    QTest::newRow("pixel array one byte short") << qb(cut(good, good.size() - 1)) << kCorrupt;
    QTest::newRow("pixel array missing") << qb(cut(good, 54)) << kCorrupt;
    QTest::newRow("palette cut") << qb(cut(pal, 60)) << kCorrupt;
    QTest::newRow("no room for a palette") << qb(patched32(pal, kOffBits, 54)) << kCorrupt;
    QTest::newRow("colours used 2^32-1") << qb(patched32(pal, kColorsUsed, 0xFFFFFFFF)) << "";
    QTest::newRow("masks past the end") << qb(cut(bitfields, 60)) << kCorrupt;
    QTest::newRow("all masks zero") << qb(patched32(patched32(patched32(bitfields, 54, 0), 58, 0), 62, 0)) << "";
    QTest::newRow("width larger than the rows") << qb(patched32(good, kWidth, 7)) << kCorrupt;
    std::vector<uint8_t> rleCut = rle;
    rleCut.resize(rleCut.size() - 4); // ends inside the stream, no end-of-bitmap
    QTest::newRow("RLE stream cut") << qb(rleCut) << kCorrupt;
    BmpSpec lit = rle8();
    lit.rle = {0, 200, 1, 2, 3};
    QTest::newRow("RLE literal run past the end") << qb(buildBmp(lit)) << kCorrupt;
    lit.rle = {0, 2, 250, 250, 6, 1, 0, 1};
    QTest::newRow("RLE delta far outside") << qb(buildBmp(lit)) << "";
    lit.rle = {0, 2, 1};
    QTest::newRow("RLE delta cut") << qb(buildBmp(lit)) << kCorrupt;
    lit.rle = {0, 0, 0, 0, 0, 0, 0, 0};
    QTest::newRow("RLE line ends only") << qb(buildBmp(lit)) << "";
    lit.rle = {0, 5, 1, 2, 3, 4, 250, 0, 0, 1}; // five literals, one pad byte, end
    QTest::newRow("RLE index past palette") << qb(buildBmp(lit)) << "";
    BmpSpec core = indexed8();
    core.headerSize = 12;
    const std::vector<uint8_t> coreBytes = buildBmp(core);
    QTest::newRow("core header width 0") << qb(patched16(coreBytes, 18, 0)) << kCorrupt;
    QTest::newRow("core header 32 bits per pixel, no data") << qb(patched16(coreBytes, 24, 32)) << kCorrupt;
}

void TestBmpMalformed::headers()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, reason);
    const auto *data = reinterpret_cast<const uint8_t *>(bytes.constData());
    const DecodeResult r = decodeImageBuffer(data, size_t(bytes.size()));
    QVERIFY(safe(r));
    if (reason.isEmpty()) {
        QVERIFY2(r.ok, r.error.c_str());
        return;
    }
    QVERIFY(!r.ok);
    QCOMPARE(QString::fromStdString(r.error), reason);
}

void TestBmpMalformed::hugeSizeWithTinyDataIsRefusedQuickly()
{
    // 16000 x 16000 (within the default pixel limit) declared by a 100-byte file: refused
    // from the header, before a 1 GB image would be allocated.
    BmpSpec s = rgb24();
    std::vector<uint8_t> b = buildBmp(s);
    putLe32(b, kWidth, 16000);
    putLe32(b, kHeight, 16000);
    QElapsedTimer timer;
    timer.start();
    DecodeResult r = decodeImageBuffer(b.data(), b.size());
    QVERIFY(!r.ok);
    QCOMPARE(r.error, std::string(kCorrupt));
    DecodeOptions unlimited;
    unlimited.maxPixels = 0;
    r = decodeImageBuffer(b.data(), b.size(), unlimited);
    QCOMPARE(r.error, std::string(kCorrupt));
    QVERIFY(timer.elapsed() < 2000);
    // Over the limit (4 gigapixels): the limit's reason, from the header.
    putLe32(b, kWidth, 300000);
    r = decodeImageBuffer(b.data(), b.size());
    QVERIFY(QString::fromStdString(r.error).contains("over the limit"));
}

void TestBmpMalformed::mutatedHeadersNeverCrash_data()
{
    QTest::addColumn<QByteArray>("bytes");
    BmpSpec s = rgb24();
    QTest::newRow("24-bit") << qb(buildBmp(s));
    s = indexed8();
    s.headerSize = 12;
    QTest::newRow("8-bit core") << qb(buildBmp(s));
    QTest::newRow("RLE8") << qb(buildBmp(rle8()));
    s = rle8();
    s.bpp = 4;
    s.compression = 2;
    s.rle = {6, 0x12, 0, 0, 0, 3, 0x21, 0x20, 0, 2, 1, 1, 3, 0x11, 0, 1};
    QTest::newRow("RLE4") << qb(buildBmp(s));
    s = rgb24();
    s.bpp = 16;
    s.compression = 6;
    s.masks = {0x7C00, 0x3E0, 0x1F, 0x8000};
    QTest::newRow("16-bit alpha bitfields") << qb(buildBmp(s));
    s.bpp = 32;
    s.headerSize = 124;
    s.compression = 3;
    s.masks = {0xFF0000, 0xFF00, 0xFF, 0xFF000000};
    QTest::newRow("32-bit V5") << qb(buildBmp(s));
    s = indexed8();
    s.bpp = 1;
    s.palette = {0, 0xFFFFFF};
    s.pixel = [](int x, int y) { return uint32_t(x ^ y) & 1u; };
    QTest::newRow("1-bit") << qb(buildBmp(s));
}

void TestBmpMalformed::mutatedHeadersNeverCrash()
{
    QFETCH(QByteArray, bytes);
    const std::vector<uint8_t> good(bytes.begin(), bytes.end());
    DecodeOptions opt;
    opt.maxPixels = 1 << 20; // keep mutated sizes cheap
    QVERIFY(decodeImageBuffer(good.data(), good.size(), opt).ok);
    for (size_t n = 1; n < good.size(); ++n)
        QVERIFY2(safe(decodeImageBuffer(good.data(), n, opt)), qPrintable(QString("cut to %1 bytes").arg(n)));
    const size_t headerEnd = std::min<size_t>(good.size(), 14 + 124 + 16);
    uint32_t seed = 2024;
    for (int k = 0; k < 3000; ++k) {
        std::vector<uint8_t> bad = good;
        const int flips = 1 + k % 4;
        for (int j = 0; j < flips; ++j) {
            seed = seed * 1664525u + 1013904223u;
            const size_t at = 2 + (seed >> 8) % (headerEnd - 2); // keep "BM" so the BMP path runs
            seed = seed * 1664525u + 1013904223u;
            bad[at] = (k % 3 == 0) ? uint8_t(seed >> 24) : uint8_t(bad[at] ^ (1u << ((seed >> 16) % 8)));
        }
        QVERIFY2(safe(decodeImageBuffer(bad.data(), bad.size(), opt)), qPrintable(QString("mutation %1").arg(k)));
    }
}

QTEST_GUILESS_MAIN(TestBmpMalformed)
#include "tst_bmp_malformed.moc"

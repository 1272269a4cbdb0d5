// WebP through libwebp: lossless and lossy, with and without alpha, files made with
// libwebp's own encoder; damaged, mismatched and animated files give reasons.
#include "difflens/imaging/decode.h"
#include "imaging_test_util.h"

#include <QtTest>

#include <webp/encode.h>

using namespace difflens;
using namespace testutil;

namespace {

std::vector<uint8_t> encodeWebp(const Image &img, bool lossless, float quality = 90)
{
    uint8_t *out = nullptr;
    size_t n = 0;
    const int stride = int(img.stride());
    if (img.channels() == 4)
        n = lossless ? WebPEncodeLosslessRGBA(img.data(), img.width(), img.height(), stride, &out)
                     : WebPEncodeRGBA(img.data(), img.width(), img.height(), stride, quality, &out);
    else
        n = lossless ? WebPEncodeLosslessRGB(img.data(), img.width(), img.height(), stride, &out)
                     : WebPEncodeRGB(img.data(), img.width(), img.height(), stride, quality, &out);
    std::vector<uint8_t> bytes(out, out + n);
    WebPFree(out);
    return bytes;
}

Image smooth(int w, int h, int channels)
{
    Image img(w, h, channels, 8);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < channels; ++c)
                setSample(img, x, y, c, c == 3 ? 40 + (x * 3 + y * 5) % 200 : 30 + x + y + 40 * c);
    return img;
}

int colourError(const Image &a, const Image &src)
{
    int worst = 0;
    for (int y = 0; y < src.height(); ++y)
        for (int x = 0; x < src.width(); ++x)
            for (int c = 0; c < 3; ++c)
                worst = std::max(worst, std::abs(sample(a, x, y, c) - sample(src, x, y, c)));
    return worst;
}

} // namespace

class TestWebpDecode : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void mismatchedCanvasIsRefused();
    void animatedIsRefused();
    void damagedBitstream();
};

void TestWebpDecode::roundTrip_data()
{
    QTest::addColumn<int>("channels");
    QTest::addColumn<bool>("lossless");
    QTest::addColumn<int>("colourTolerance");
    QTest::newRow("lossless RGB") << 3 << true << 0;
    QTest::newRow("lossless RGBA") << 4 << true << 0;
    QTest::newRow("lossy RGB") << 3 << false << 16;
    QTest::newRow("lossy RGBA") << 4 << false << 16;
}

void TestWebpDecode::roundTrip()
{
    QFETCH(int, channels);
    QFETCH(bool, lossless);
    QFETCH(int, colourTolerance);
    Image src = lossless ? makePattern(45, 29, channels, 8, 3) : smooth(45, 29, channels);
    if (lossless && channels == 4) // keep colours under alpha 0 out of the comparison
        for (int y = 0; y < src.height(); ++y)
            for (int x = 0; x < src.width(); ++x)
                setSample(src, x, y, 3, std::max(1, sample(src, x, y, 3)));
    const std::vector<uint8_t> bytes = encodeWebp(src, lossless);
    QVERIFY(!bytes.empty());
    const DecodeResult r = decodeImageBuffer(bytes.data(), bytes.size());
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.header.format, std::string("webp"));
    QCOMPARE(r.image.width(), 45);
    QCOMPARE(r.image.height(), 29);
    QCOMPARE(r.image.depth(), 8);
    QCOMPARE(r.sourceChannels, channels);
    QVERIFY2(colourError(r.image, src) <= colourTolerance, QByteArray::number(colourError(r.image, src)));
    for (int y = 0; y < src.height(); ++y)
        for (int x = 0; x < src.width(); ++x) {
            const int want = channels == 4 ? sample(src, x, y, 3) : 255;
            QVERIFY(std::abs(sample(r.image, x, y, 3) - want) <= (lossless ? 0 : 2));
        }
}

void TestWebpDecode::mismatchedCanvasIsRefused()
{
    // Lossy + alpha is written as VP8X (canvas size) + ALPH + VP8: grow the canvas by one.
    std::vector<uint8_t> bytes = encodeWebp(smooth(20, 10, 4), false);
    QVERIFY(bytes.size() > 30 && std::memcmp(bytes.data() + 12, "VP8X", 4) == 0);
    bytes[24] = uint8_t(bytes[24] + 1); // canvas width - 1, low byte
    const DecodeResult r = decodeImageBuffer(bytes.data(), bytes.size());
    QVERIFY(!r.ok);
    QCOMPARE(r.error, std::string("truncated or corrupt WebP data"));
    QVERIFY(r.image.isNull());
}

void TestWebpDecode::animatedIsRefused()
{
    ByteWriter w;
    w.text("RIFF", 4);
    w.u32(4 + 8 + 10);
    w.text("WEBPVP8X", 8);
    w.u32(10);
    w.u8(0x02); // animation flag
    w.u8(0); w.u8(0); w.u8(0);
    w.u8(9); w.u8(0); w.u8(0); // canvas 10 x 10
    w.u8(9); w.u8(0); w.u8(0);
    const DecodeResult r = decodeImageBuffer(w.b.data(), w.b.size());
    QVERIFY(!r.ok);
    QCOMPARE(r.error, std::string("animated WebP is not supported"));
}

void TestWebpDecode::damagedBitstream()
{
    const std::vector<uint8_t> good = encodeWebp(makePattern(64, 40, 4, 8), true);
    uint32_t s = 7;
    for (int k = 0; k < 200; ++k) {
        std::vector<uint8_t> bad = good;
        for (int j = 0; j < 4; ++j) {
            s = s * 1664525u + 1013904223u;
            const size_t at = 20 + (s >> 8) % (bad.size() - 20); // keep the RIFF sizes
            bad[at] ^= uint8_t(1 + (s >> 4) % 255);
        }
        const DecodeResult r = decodeImageBuffer(bad.data(), bad.size());
        QVERIFY(r.ok ? !r.image.isNull() : (!r.error.empty() && r.image.isNull()));
    }
}

QTEST_GUILESS_MAIN(TestWebpDecode)
#include "tst_webp_decode.moc"

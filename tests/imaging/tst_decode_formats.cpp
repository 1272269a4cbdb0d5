// Decoding of every supported format at 8/16 bits, grey / grey+alpha / RGB / RGBA.
#include "difflens/imaging/decode.h"
#include "difflens/imaging/encode.h"
#include "imaging_test_util.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace difflens;
using namespace testutil;

namespace {

// Expected RGBA value of channel c at (x, y) when `src` (1..4 channels) is decoded.
int expectedRgba(const Image &src, int x, int y, int c)
{
    const int ch = src.channels();
    if (c == 3)
        return (ch == 2 || ch == 4) ? sample(src, x, y, ch - 1) : maxValue(src.depth());
    if (ch <= 2)
        return sample(src, x, y, 0);
    return sample(src, x, y, c);
}

// Largest channel difference between the decoded RGBA image and what src says.
int maxError(const Image &decoded, const Image &src)
{
    int worst = 0;
    for (int y = 0; y < src.height(); ++y)
        for (int x = 0; x < src.width(); ++x)
            for (int c = 0; c < 4; ++c)
                worst = std::max(worst, std::abs(sample(decoded, x, y, c) - expectedRgba(src, x, y, c)));
    return worst;
}

Image smoothPattern(int w, int h, int channels)
{
    // JPEG-friendly: smooth gradients so lossy error stays small.
    Image img(w, h, channels, 8);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < channels; ++c)
                setSample(img, x, y, c, 20 + x + y + c * 40);
    return img;
}

} // namespace

class TestDecodeFormats : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lossless_data();
    void lossless();
    void jpeg_data();
    void jpeg();
    void cmykJpeg();
    void bmp16bit();
    void bmpAlpha();
    void wrongExtensionDecodesByContent();
    void decodeFromBuffer();
};

void TestDecodeFormats::lossless_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("depth");
    QTest::addColumn<int>("expectChannels");
    for (int depth : {8, 16})
        for (int ch : {1, 2, 3, 4}) {
            QTest::addRow("png-%dch-%dbit", ch, depth) << "png" << ch << depth << ch;
            QTest::addRow("tiff-%dch-%dbit", ch, depth) << "tiff" << ch << depth << ch;
            QTest::addRow("tiff-be-%dch-%dbit", ch, depth) << "tiff-be" << ch << depth << ch;
        }
    QTest::addRow("tiff-opencv-1ch-16bit") << "tiff-cv" << 1 << 16 << 1;
    QTest::addRow("tiff-opencv-4ch-8bit") << "tiff-cv" << 4 << 8 << 4;
    QTest::addRow("webp-3ch") << "webp" << 3 << 8 << 3;
    QTest::addRow("webp-4ch") << "webp" << 4 << 8 << 4;
    QTest::addRow("bmp-1ch") << "bmp" << 1 << 8 << 1;
    QTest::addRow("bmp-3ch") << "bmp" << 3 << 8 << 3;
}

void TestDecodeFormats::lossless()
{
    QFETCH(QString, format);
    QFETCH(int, channels);
    QFETCH(int, depth);
    QFETCH(int, expectChannels);
    Image src = makePattern(37, 23, channels, depth, unsigned(channels * depth));
    std::vector<uint8_t> bytes;
    std::string error;
    QString ext = format;
    if (format == "png") {
        QVERIFY2(encodePng(src.view(), bytes, error), error.c_str());
    } else if (format == "tiff" || format == "tiff-be") {
        bytes = buildTiff(src, format == "tiff");
        ext = "tiff";
    } else if (format == "tiff-cv") {
        bytes = cvEncode(".tiff", src);
        ext = "tiff";
    } else if (format == "webp") {
        // Lossless WebP may rewrite the colour of fully transparent pixels: keep alpha > 0.
        for (int y = 0; y < src.height() && channels == 4; ++y)
            for (int x = 0; x < src.width(); ++x)
                setSample(src, x, y, 3, std::max(1, sample(src, x, y, 3)));
        bytes = cvEncode(".webp", src, {cv::IMWRITE_WEBP_QUALITY, 101}); // lossless
    } else {
        bytes = cvEncode(".bmp", src);
    }
    QVERIFY(!bytes.empty());
    QTemporaryDir dir;
    const QString path = dir.filePath("image." + ext);
    QVERIFY(writeBytes(path, bytes));

    const DecodeResult r = decodeImageFile(path.toStdString());
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(QString::fromStdString(r.header.format), ext);
    QCOMPARE(r.image.channels(), 4);
    QCOMPARE(r.image.depth(), depth);
    QCOMPARE(r.image.width(), src.width());
    QCOMPARE(r.image.height(), src.height());
    QCOMPARE(r.sourceChannels, expectChannels);
    QCOMPARE(r.sourceDepth, depth);
    QCOMPARE(maxError(r.image, src), 0);

    ImageHeader h;
    QVERIFY2(probeImageHeader(path.toStdString(), h, error), error.c_str());
    QCOMPARE(h.width, src.width());
    QCOMPARE(h.height, src.height());
    QCOMPARE(h.channels, expectChannels);
    QCOMPARE(h.depth, depth);
}

void TestDecodeFormats::jpeg_data()
{
    QTest::addColumn<int>("channels");
    QTest::newRow("grey") << 1;
    QTest::newRow("rgb") << 3;
}

void TestDecodeFormats::jpeg()
{
    QFETCH(int, channels);
    const Image src = smoothPattern(64, 48, channels);
    const std::vector<uint8_t> bytes = cvEncode(".jpg", src, {cv::IMWRITE_JPEG_QUALITY, 98});
    const DecodeResult r = decodeImageBuffer(bytes.data(), bytes.size());
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.header.format, std::string("jpeg"));
    QCOMPARE(r.sourceChannels, channels);
    QCOMPARE(r.sourceDepth, 8);
    QVERIFY2(maxError(r.image, src) <= 12, QByteArray::number(maxError(r.image, src)));
}

void TestDecodeFormats::cmykJpeg()
{
    // Adobe-style (inverted) CMYK JPEG, 16x8: left half pure cyan, right half pure red.
    const QString path = QStringLiteral(DIFFLENS_TEST_DATA_DIR "/imaging/cmyk_cyan_red.jpg");
    const DecodeResult r = decodeImageFile(path.toStdString());
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.image.width(), 16);
    QCOMPARE(r.image.height(), 8);
    QCOMPARE(r.sourceChannels, 3);
    const int cyan[4] = {0, 255, 255, 255}, red[4] = {255, 0, 0, 255};
    for (int c = 0; c < 4; ++c) {
        QVERIFY(std::abs(sample(r.image, 2, 4, c) - cyan[c]) <= 8);
        QVERIFY(std::abs(sample(r.image, 13, 4, c) - red[c]) <= 8);
    }
}

void TestDecodeFormats::bmp16bit()
{
    const std::vector<uint8_t> bytes = buildBmp555(
        5, 3, [](int x, int) { return x * 7; }, [](int, int y) { return y * 15; }, [](int x, int y) { return (x + y) % 32; });
    const DecodeResult r = decodeImageBuffer(bytes.data(), bytes.size());
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.image.width(), 5);
    QCOMPARE(r.image.height(), 3);
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 5; ++x) {
            // 5-bit values scaled to 8 bits (v << 3, possibly with low bits replicated).
            QVERIFY(std::abs(sample(r.image, x, y, 0) - ((x * 7) << 3)) <= 7);
            QVERIFY(std::abs(sample(r.image, x, y, 1) - ((y * 15) << 3)) <= 7);
            QVERIFY(std::abs(sample(r.image, x, y, 2) - (((x + y) % 32) << 3)) <= 7);
            QCOMPARE(sample(r.image, x, y, 3), 255);
        }
}

void TestDecodeFormats::bmpAlpha()
{
    const Image src = makePattern(9, 4, 4, 8, 7);
    const std::vector<uint8_t> bytes = buildBmpRgba(src);
    const DecodeResult r = decodeImageBuffer(bytes.data(), bytes.size());
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.sourceChannels, 4);
    QCOMPARE(maxError(r.image, src), 0);
}

void TestDecodeFormats::wrongExtensionDecodesByContent()
{
    const Image src = makePattern(8, 8, 3, 8);
    QTemporaryDir dir;
    const QString path = dir.filePath("actually-a-png.jpg");
    QVERIFY(writeBytes(path, cvEncode(".png", src)));
    const DecodeResult r = decodeImageFile(path.toStdString());
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.header.format, std::string("png"));
    QCOMPARE(maxError(r.image, src), 0);
}

void TestDecodeFormats::decodeFromBuffer()
{
    const Image src = makePattern(16, 9, 4, 16);
    std::vector<uint8_t> bytes;
    std::string error;
    QVERIFY(encodePng(src.view(), bytes, error));
    const std::vector<uint8_t> copy = bytes;
    const DecodeResult r = decodeImageBuffer(bytes.data(), bytes.size());
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(maxError(r.image, src), 0);
    QVERIFY(bytes == copy); // the input buffer is never modified
}

QTEST_GUILESS_MAIN(TestDecodeFormats)
#include "tst_decode_formats.moc"

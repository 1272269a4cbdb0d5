// encodeJpeg / writeJpeg (libjpeg): every accepted layout round-trips through our decoder,
// strided views, quality, large outputs, and clear reasons for what it refuses.
#include "difflens/imaging/decode.h"
#include "difflens/imaging/encode.h"
#include "imaging_test_util.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace difflens;
using namespace testutil;

namespace {

// Smooth gradients (JPEG-friendly), at 8 or 16 bits.
Image gradient(int w, int h, int channels, int depth)
{
    Image img(w, h, channels, depth);
    const int scale = depth == 16 ? 257 : 1;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < channels; ++c)
                setSample(img, x, y, c, (c == 3 ? 100 : 20 + x + y + 30 * c) * scale);
    return img;
}

// Largest difference between the decoded RGBA8 image and the 8-bit colour of src.
int colourError(const Image &decoded, const Image &src)
{
    const int shift = src.depth() == 16 ? 8 : 0;
    int worst = 0;
    for (int y = 0; y < src.height(); ++y)
        for (int x = 0; x < src.width(); ++x)
            for (int c = 0; c < 3; ++c) {
                const int want = sample(src, x, y, src.channels() <= 2 ? 0 : c) >> shift;
                worst = std::max(worst, std::abs(sample(decoded, x, y, c) - want));
            }
    return worst;
}

} // namespace

class TestJpegEncode : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void stridedView();
    void qualityChangesSize();
    void largeOutputGrowsBuffer();
    void refusals_data();
    void refusals();
    void writeJpegFile();
};

void TestJpegEncode::roundTrip_data()
{
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("depth");
    QTest::addColumn<int>("quality");
    for (int depth : {8, 16})
        for (int ch : {1, 3, 4})
            QTest::addRow("%dch-%dbit", ch, depth) << ch << depth << 95;
    QTest::newRow("quality 0 clamps to 1") << 3 << 8 << 0;
    QTest::newRow("quality 500 clamps to 100") << 3 << 8 << 500;
}

void TestJpegEncode::roundTrip()
{
    QFETCH(int, channels);
    QFETCH(int, depth);
    QFETCH(int, quality);
    const Image src = gradient(67, 41, channels, depth);
    std::vector<uint8_t> jpg;
    std::string error;
    QVERIFY2(encodeJpeg(src.view(), quality, jpg, error), error.c_str());
    const DecodeResult r = decodeImageBuffer(jpg.data(), jpg.size());
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.header.format, std::string("jpeg"));
    QCOMPARE(r.image.width(), 67);
    QCOMPARE(r.image.height(), 41);
    QCOMPARE(r.sourceChannels, channels == 1 ? 1 : 3);
    QCOMPARE(sample(r.image, 5, 5, 3), 255); // alpha is not stored
    const int limit = quality >= 95 ? 6 : 255; // quality 1 only has to decode
    QVERIFY2(colourError(r.image, src) <= limit, QByteArray::number(colourError(r.image, src)));
}

void TestJpegEncode::stridedView()
{
    // A view into a wider buffer: only the view's pixels are encoded.
    const Image wide = gradient(50, 20, 3, 8);
    ImageView v = wide.view();
    v.data = wide.row(2) + 3 * 10;
    v.width = 24;
    v.height = 12;
    std::vector<uint8_t> jpg;
    std::string error;
    QVERIFY2(encodeJpeg(v, 98, jpg, error), error.c_str());
    const DecodeResult r = decodeImageBuffer(jpg.data(), jpg.size());
    QVERIFY(r.ok);
    QCOMPARE(r.image.width(), 24);
    QCOMPARE(r.image.height(), 12);
    for (int c = 0; c < 3; ++c)
        QVERIFY(std::abs(sample(r.image, 7, 5, c) - sample(wide, 17, 7, c)) <= 4);
}

void TestJpegEncode::qualityChangesSize()
{
    const Image src = makePattern(96, 64, 3, 8);
    std::vector<uint8_t> low, high;
    std::string error;
    QVERIFY(encodeJpeg(src.view(), 20, low, error));
    QVERIFY(encodeJpeg(src.view(), 95, high, error));
    QVERIFY2(low.size() < high.size(), qPrintable(QString("%1 vs %2").arg(low.size()).arg(high.size())));
}

void TestJpegEncode::largeOutputGrowsBuffer()
{
    // Grey noise at quality 100 compresses badly: the output is far larger than the first
    // 64 KB output buffer, so the destination must grow several times. (Grey: no chroma
    // subsampling, so the noise survives almost unchanged.)
    const Image noise = makePattern(800, 600, 1, 8, 9);
    std::vector<uint8_t> jpg;
    std::string error;
    QVERIFY2(encodeJpeg(noise.view(), 100, jpg, error), error.c_str());
    QVERIFY(jpg.size() > 256 * 1024);
    QCOMPARE(jpg[jpg.size() - 2], uint8_t(0xFF));
    QCOMPARE(jpg[jpg.size() - 1], uint8_t(0xD9));
    const DecodeResult r = decodeImageBuffer(jpg.data(), jpg.size());
    QVERIFY2(r.ok, r.error.c_str());
    QVERIFY2(colourError(r.image, noise) <= 8, QByteArray::number(colourError(r.image, noise)));
}

void TestJpegEncode::refusals_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("depth");
    QTest::addColumn<bool>("nullData");
    QTest::addColumn<QString>("reason");
    const QString layout = "cannot encode JPEG: expected 1, 3 or 4 channels at 8 or 16 bits";
    QTest::newRow("grey+alpha") << 4 << 2 << 8 << false << layout;
    QTest::newRow("5 channels") << 4 << 5 << 8 << false << layout;
    QTest::newRow("12-bit") << 4 << 3 << 12 << false << layout;
    QTest::newRow("no pixels") << 4 << 3 << 8 << true << layout;
    QTest::newRow("wider than JPEG allows") << 70000 << 1 << 8 << false
                                            << "cannot encode JPEG: the image is larger than 65500 pixels on a side";
}

void TestJpegEncode::refusals()
{
    QFETCH(int, width);
    QFETCH(int, channels);
    QFETCH(int, depth);
    QFETCH(bool, nullData);
    QFETCH(QString, reason);
    std::vector<uint8_t> buffer(size_t(width) * 8 * 2, 0);
    ImageView v{buffer.data(), width, 2, channels, depth, size_t(width) * 8};
    if (nullData)
        v.data = nullptr;
    std::vector<uint8_t> out = {1, 2, 3};
    std::string error;
    QVERIFY(!encodeJpeg(v, 90, out, error));
    QVERIFY(out.empty());
    QCOMPARE(QString::fromStdString(error), reason);
}

void TestJpegEncode::writeJpegFile()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("out.jpg").toStdString();
    const Image src = gradient(40, 30, 4, 8);
    std::string error;
    QVERIFY2(writeJpeg(path, src.view(), 90, error), error.c_str());
    const DecodeResult r = decodeImageFile(path);
    QVERIFY2(r.ok, r.error.c_str());
    QVERIFY(colourError(r.image, src) <= 8);
    QVERIFY(!writeJpeg(dir.filePath("missing/out.jpg").toStdString(), src.view(), 90, error));
    QVERIFY(!error.empty());
}

QTEST_GUILESS_MAIN(TestJpegEncode)
#include "tst_jpeg_encode.moc"

// The app's display kernels in core/compare (reduce.h) against plain per-pixel references
// (odd sizes, padded strides, wrong formats), and loading for display (load.h): decoded
// info, header size after a refusal, reasons for a missing or non-image file.
#include "difflens/compare/load.h"
#include "difflens/compare/reduce.h"

#include <QImage>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <vector>

using namespace difflens;

namespace {

// Random bytes, `pad` bytes of 0xEE after each row (must never be read into the result).
std::vector<uint8_t> randomFrame(int w, int h, int bpp, int pad, quint32 seed)
{
    QRandomGenerator rng(seed);
    const size_t stride = size_t(w) * bpp + pad;
    std::vector<uint8_t> bytes(stride * size_t(h), 0xEE);
    for (int y = 0; y < h; ++y)
        for (int i = 0; i < w * bpp; ++i)
            bytes[size_t(y) * stride + i] = uint8_t(rng.bounded(256));
    return bytes;
}

ImageView viewOf(const std::vector<uint8_t> &bytes, int w, int h, int channels, int pad)
{
    ImageView v;
    v.data = bytes.data();
    v.width = w;
    v.height = h;
    v.channels = channels;
    v.depth = 8;
    v.stride = size_t(w) * channels + pad;
    return v;
}

// Source pixel (x, y) clamped to the frame, channel c.
int at(const ImageView &v, int x, int y, int c)
{
    x = std::min(x, v.width - 1);
    y = std::min(y, v.height - 1);
    return v.row(y)[size_t(x) * v.channels + c];
}

} // namespace

class TstDisplayKernels : public QObject {
    Q_OBJECT
    static void halvingSizes();
private Q_SLOTS:
    void halvingAverage_data() { halvingSizes(); }
    void halvingAverage();
    void halvingMax_data() { halvingSizes(); }
    void halvingMax();
    void halvingRefusesOtherFormats();
    void maskDisplayOrder();
    void ssimShade_data();
    void ssimShade();
    void loadDecodesWithInfo();
    void loadRefusedKeepsHeaderSize();
    void loadAndProbeFailuresGiveReasons();
};

void TstDisplayKernels::halvingSizes()
{
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("h");
    QTest::addColumn<int>("pad");
    QTest::newRow("even") << 8 << 6 << 0;
    QTest::newRow("odd both") << 7 << 5 << 0;
    QTest::newRow("padded rows") << 9 << 4 << 3;
    QTest::newRow("one column") << 1 << 6 << 0;
    QTest::newRow("one row") << 5 << 1 << 2;
    QTest::newRow("one pixel") << 1 << 1 << 0;
}

void TstDisplayKernels::halvingAverage()
{
    QFETCH(int, w);
    QFETCH(int, h);
    QFETCH(int, pad);
    const std::vector<uint8_t> src = randomFrame(w, h, 4, pad, quint32(w * 31 + h));
    const ImageView v = viewOf(src, w, h, 4, pad);
    const int dw = halvedExtent(w), dh = halvedExtent(h);
    QCOMPARE(dw, std::max(1, w / 2));
    QCOMPARE(dh, std::max(1, h / 2));
    const size_t dstStride = size_t(dw) * 4 + 5;
    std::vector<uint8_t> dst(dstStride * size_t(dh), 0x77);
    QVERIFY(halveAverage8x4(v, dst.data(), dstStride));
    for (int y = 0; y < dh; ++y)
        for (int x = 0; x < dw; ++x)
            for (int c = 0; c < 4; ++c) {
                const int sum = at(v, 2 * x, 2 * y, c) + at(v, 2 * x + 1, 2 * y, c) + at(v, 2 * x, 2 * y + 1, c) +
                                at(v, 2 * x + 1, 2 * y + 1, c);
                QCOMPARE(int(dst[size_t(y) * dstStride + size_t(x) * 4 + c]), (sum + 2) / 4);
            }
    for (int y = 0; y < dh; ++y) // the destination's row padding is left alone
        for (size_t i = size_t(dw) * 4; i < dstStride; ++i)
            QCOMPARE(int(dst[size_t(y) * dstStride + i]), 0x77);
}

void TstDisplayKernels::halvingMax()
{
    QFETCH(int, w);
    QFETCH(int, h);
    QFETCH(int, pad);
    const std::vector<uint8_t> src = randomFrame(w, h, 1, pad, quint32(w * 17 + h * 3));
    const ImageView v = viewOf(src, w, h, 1, pad);
    const int dw = halvedExtent(w), dh = halvedExtent(h);
    std::vector<uint8_t> dst(size_t(dw) * size_t(dh), 0);
    QVERIFY(halveMax8(v, dst.data(), size_t(dw)));
    for (int y = 0; y < dh; ++y)
        for (int x = 0; x < dw; ++x) {
            const int m = std::max(std::max(at(v, 2 * x, 2 * y, 0), at(v, 2 * x + 1, 2 * y, 0)),
                                   std::max(at(v, 2 * x, 2 * y + 1, 0), at(v, 2 * x + 1, 2 * y + 1, 0)));
            QCOMPARE(int(dst[size_t(y) * dw + x]), m);
        }
}

void TstDisplayKernels::halvingRefusesOtherFormats()
{
    const std::vector<uint8_t> src(64, 1);
    std::vector<uint8_t> dst(64, 9);
    ImageView grey = viewOf(src, 4, 4, 1, 0);
    QVERIFY(!halveAverage8x4(grey, dst.data(), 8)); // one byte a pixel: not RGBA8
    ImageView rgba = viewOf(src, 4, 4, 4, 0);
    QVERIFY(!halveMax8(rgba, dst.data(), 2));       // four bytes a pixel: not indices
    ImageView deep = rgba;
    deep.depth = 16;
    deep.width = 2;
    QVERIFY(!halveAverage8x4(deep, dst.data(), 8));
    QVERIFY(!halveMax8(ImageView{}, dst.data(), 2)); // empty
    QCOMPARE(std::count(dst.begin(), dst.end(), uint8_t(9)), qsizetype(64));
}

void TstDisplayKernels::maskDisplayOrder()
{
    // MaskSame, MaskDiff, MaskAA, MaskIgnored, MaskShift, out of range
    std::vector<uint8_t> mask = {0, 1, 2, 3, 4, 200};
    std::vector<uint8_t> out(mask.size(), 99);
    maskToDisplayOrder(mask.data(), mask.size(), out.data());
    QCOMPARE(out, (std::vector<uint8_t>{0, 3, 2, 1, 0, 0}));
    maskToDisplayOrder(mask.data(), mask.size(), mask.data()); // in place
    QCOMPARE(mask, out);
}

void TstDisplayKernels::ssimShade_data()
{
    QTest::addColumn<float>("ssim");
    QTest::addColumn<int>("shade");
    QTest::newRow("identical") << 1.0f << 0;
    QTest::newRow("above one") << 1.5f << 0;
    QTest::newRow("half") << 0.5f << 128; // 127.5 rounds up
    QTest::newRow("zero") << 0.0f << 255;
    QTest::newRow("negative") << -0.4f << 255;
    QTest::newRow("near one") << 0.99f << 3; // 2.55 -> 3
}

void TstDisplayKernels::ssimShade()
{
    QFETCH(float, ssim);
    QFETCH(int, shade);
    uint8_t out = 7;
    ssimToShade(&ssim, 1, &out);
    QCOMPARE(int(out), shade);
}

void TstDisplayKernels::loadDecodesWithInfo()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("grey.png"));
    QImage grey(13, 7, QImage::Format_Grayscale8);
    grey.fill(90);
    QVERIFY(grey.save(path));
    const LoadedImage img = loadImageFile(path.toStdString(), int64_t(1) << 30);
    QVERIFY2(img.ok, img.error.c_str());
    QCOMPARE(img.image.width(), 13);
    QCOMPARE(img.image.height(), 7);
    QCOMPARE(img.image.channels(), 4); // always RGBA
    QCOMPARE(img.info.path, path.toStdString());
    QCOMPARE(img.info.width, 13);
    QCOMPARE(img.info.height, 7);
    QCOMPARE(img.info.channels, 1); // what the file held
    QCOMPARE(img.info.depth, 8);
    QCOMPARE(img.image.view().row(3)[0], uint8_t(90));
    ImageFileSize size;
    std::string error;
    QVERIFY(probeImageFile(path.toStdString(), size, error));
    QCOMPARE(size.width, 13);
    QCOMPARE(size.height, 7);
    QCOMPARE(size.depth, 8);
}

void TstDisplayKernels::loadRefusedKeepsHeaderSize()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("big.png"));
    QImage rgb(40, 30, QImage::Format_RGB32);
    rgb.fill(Qt::white);
    QVERIFY(rgb.save(path));
    const LoadedImage img = loadImageFile(path.toStdString(), 100); // 1200 pixels > 100
    QVERIFY(!img.ok);
    QVERIFY(!img.error.empty());
    QVERIFY(img.image.isNull());
    QCOMPARE(img.header.width, 40);
    QCOMPARE(img.header.height, 30);
}

void TstDisplayKernels::loadAndProbeFailuresGiveReasons()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString text = dir.filePath(QStringLiteral("notes.png"));
    QFile f(text);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not an image at all, only words");
    f.close();
    for (const QString &path : {text, dir.filePath(QStringLiteral("missing.png"))}) {
        const LoadedImage img = loadImageFile(path.toStdString(), int64_t(1) << 30);
        QVERIFY(!img.ok);
        QVERIFY(!img.error.empty());
        QCOMPARE(img.header.width, 0);
        ImageFileSize size;
        std::string error;
        QVERIFY(!probeImageFile(path.toStdString(), size, error));
        QVERIFY(!error.empty());
    }
}

QTEST_GUILESS_MAIN(TstDisplayKernels)
#include "tst_display_kernels.moc"

// PNG writer round trips (RGB / RGBA / grey paths, 8 and 16 bit), atomic writes, JPEG
// encoding and the conversion utilities.
#include "difflens/imaging/convert.h"
#include "difflens/imaging/decode.h"
#include "difflens/imaging/encode.h"
#include "imaging_test_util.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace difflens;
using namespace testutil;

namespace {

void makeOpaque(Image &img)
{
    const int a = img.channels() - 1;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            setSample(img, x, y, a, maxValue(img.depth()));
}

// Decodes PNG bytes with OpenCV directly (an independent reader), in our channel order.
Image readBackWithOpenCv(const std::vector<uint8_t> &png)
{
    cv::Mat m = cv::imdecode(png, cv::IMREAD_UNCHANGED);
    if (m.empty())
        return {};
    if (m.channels() == 3)
        cv::cvtColor(m, m, cv::COLOR_BGR2RGB);
    else if (m.channels() == 4)
        cv::cvtColor(m, m, cv::COLOR_BGRA2RGBA);
    Image out(m.cols, m.rows, m.channels(), m.depth() == CV_16U ? 16 : 8);
    for (int y = 0; y < m.rows; ++y)
        std::memcpy(out.row(y), m.ptr(y), out.stride());
    return out;
}

} // namespace

class TestPngWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void croppedView();
    void largeImage();
    void paletteWithAlpha_data();
    void paletteWithAlpha();
    void atomicWriteReplaces();
    void readOnlyFolderLeavesNoFile();
    void missingFolder();
    void rejectsBadInput();
    void jpegEncode();
    void convertUtilities();
};

void TestPngWriter::roundTrip_data()
{
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("depth");
    QTest::addColumn<bool>("opaque");
    QTest::addColumn<int>("colourType");
    for (int depth : {8, 16}) {
        QTest::addRow("rgba-opaque-%d", depth) << 4 << depth << true << 2;
        QTest::addRow("rgba-%d", depth) << 4 << depth << false << 6;
        QTest::addRow("rgb-%d", depth) << 3 << depth << false << 2;
        QTest::addRow("grey-%d", depth) << 1 << depth << false << 0;
        QTest::addRow("grey-alpha-%d", depth) << 2 << depth << false << 4;
        QTest::addRow("grey-alpha-opaque-%d", depth) << 2 << depth << true << 0;
    }
}

void TestPngWriter::roundTrip()
{
    QFETCH(int, channels);
    QFETCH(int, depth);
    QFETCH(bool, opaque);
    QFETCH(int, colourType);
    Image src = makePattern(71, 29, channels, depth, unsigned(channels + depth));
    if (opaque)
        makeOpaque(src);
    std::vector<uint8_t> png;
    std::string error;
    QVERIFY2(encodePng(src.view(), png, error), error.c_str());
    QCOMPARE(int(png[24]), depth);
    QCOMPARE(int(png[25]), colourType);

    // Our decoder: RGBA with identical values.
    const DecodeResult r = decodeImageBuffer(png.data(), png.size());
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.image.depth(), depth);
    const Image rgba = toRgba(src.view());
    QCOMPARE(r.image.byteSize(), rgba.byteSize());
    QVERIFY(std::memcmp(r.image.data(), rgba.data(), rgba.byteSize()) == 0);

    // An independent reader agrees for the layouts OpenCV keeps as they are.
    if (channels != 2) {
        const Image back = readBackWithOpenCv(png);
        if (!(opaque && channels == 4)) {
            QCOMPARE(back.byteSize(), src.byteSize());
            QVERIFY(std::memcmp(back.data(), src.data(), src.byteSize()) == 0);
        } else {
            QCOMPARE(back.channels(), 3);
        }
    }
    // Every thread count produces a valid, identical image.
    for (int threads : {1, 3}) {
        std::vector<uint8_t> other;
        PngEncodeOptions opt;
        opt.threads = threads;
        QVERIFY(encodePng(src.view(), other, error, opt));
        const DecodeResult o = decodeImageBuffer(other.data(), other.size());
        QVERIFY(o.ok);
        QVERIFY(std::memcmp(o.image.data(), rgba.data(), rgba.byteSize()) == 0);
    }
}

void TestPngWriter::croppedView()
{
    const Image src = makePattern(50, 40, 4, 8);
    const ImageView crop = src.view().sub({7, 5, 20, 11});
    std::vector<uint8_t> png;
    std::string error;
    QVERIFY(encodePng(crop, png, error));
    const DecodeResult r = decodeImageBuffer(png.data(), png.size());
    QVERIFY(r.ok);
    QCOMPARE(r.image.width(), 20);
    for (int y = 0; y < 11; ++y)
        QVERIFY(std::memcmp(r.image.row(y), crop.row(y), 20 * 4) == 0);
}

void TestPngWriter::largeImage()
{
    // A diff-like image: faded grey with a red block, opaque (RGB path), many rows per thread.
    Image img(1000, 700, 4, 8);
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const bool red = x > 300 && x < 400 && y > 200 && y < 260;
            const int g = 230 + (x * 3 + y) % 25;
            uint8_t *p = img.row(y) + 4 * x;
            p[0] = red ? 255 : uint8_t(g);
            p[1] = red ? 0 : uint8_t(g);
            p[2] = red ? 0 : uint8_t(g);
            p[3] = 255;
        }
    std::vector<uint8_t> png;
    std::string error;
    QVERIFY(encodePng(img.view(), png, error));
    QCOMPARE(int(png[25]), 3); // 26 colours: indexed
    QVERIFY(png.size() < img.byteSize() / 8);
    DecodeResult r = decodeImageBuffer(png.data(), png.size());
    QVERIFY(r.ok);
    QVERIFY(std::memcmp(r.image.data(), img.data(), img.byteSize()) == 0);

    PngEncodeOptions direct;
    direct.allowPalette = false;
    QVERIFY(encodePng(img.view(), png, error, direct));
    QCOMPARE(int(png[25]), 2); // opaque: RGB
    r = decodeImageBuffer(png.data(), png.size());
    QVERIFY(r.ok);
    QVERIFY(std::memcmp(r.image.data(), img.data(), img.byteSize()) == 0);
}

void TestPngWriter::paletteWithAlpha_data()
{
    QTest::addColumn<int>("colours");
    QTest::addColumn<int>("colourType");
    QTest::newRow("1 colour") << 1 << 3;
    QTest::newRow("200 colours") << 200 << 3;
    QTest::newRow("256 colours") << 256 << 3;
    QTest::newRow("257 colours") << 257 << 6;
}

void TestPngWriter::paletteWithAlpha()
{
    QFETCH(int, colours);
    QFETCH(int, colourType);
    Image img(300, 41, 4, 8);
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const int k = (x * 7 + y * 13) % colours;
            uint8_t *p = img.row(y) + 4 * x;
            p[0] = uint8_t(k);
            p[1] = uint8_t(k * 3);
            p[2] = uint8_t(255 - k);
            p[3] = uint8_t(k % 3 == 0 ? 255 : k); // translucent entries -> tRNS
        }
    std::vector<uint8_t> png;
    std::string error;
    QVERIFY(encodePng(img.view(), png, error));
    QCOMPARE(int(png[25]), colourType);
    const DecodeResult r = decodeImageBuffer(png.data(), png.size());
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.image.byteSize(), img.byteSize());
    QVERIFY(std::memcmp(r.image.data(), img.data(), img.byteSize()) == 0);
}

void TestPngWriter::atomicWriteReplaces()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("out.png");
    std::string error;
    QVERIFY(writePng(path.toStdString(), makePattern(10, 10, 4, 8, 1).view(), error));
    const Image second = makePattern(12, 8, 4, 8, 2);
    QVERIFY2(writePng(path.toStdString(), second.view(), error), error.c_str());
    const DecodeResult r = decodeImageFile(path.toStdString());
    QVERIFY(r.ok);
    QCOMPARE(r.image.width(), 12);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"out.png"});
}

void TestPngWriter::readOnlyFolderLeavesNoFile()
{
    QTemporaryDir dir;
    const QString locked = dir.filePath("locked");
    QVERIFY(QDir(dir.path()).mkdir("locked"));
    QVERIFY(::chmod(locked.toLocal8Bit().constData(), 0555) == 0);
    if (::access(locked.toLocal8Bit().constData(), W_OK) == 0) {
        ::chmod(locked.toLocal8Bit().constData(), 0755);
        QSKIP("running as root: folder permissions are not enforced");
    }
    std::string error;
    const bool ok = writePng((locked + "/diff.png").toStdString(), makePattern(8, 8, 4, 8).view(), error);
    ::chmod(locked.toLocal8Bit().constData(), 0755);
    QVERIFY(!ok);
    QVERIFY2(error.find("permission denied") != std::string::npos, error.c_str());
    QVERIFY(QDir(locked).entryList(QDir::Files | QDir::Hidden | QDir::System).isEmpty());
}

void TestPngWriter::missingFolder()
{
    QTemporaryDir dir;
    std::string error;
    QVERIFY(!writePng(dir.filePath("no/such/folder/x.png").toStdString(), makePattern(4, 4, 3, 8).view(), error));
    QCOMPARE(error, std::string("cannot create the output file: folder does not exist"));
    // A directory in the way is refused and left alone.
    QVERIFY(QDir(dir.path()).mkdir("taken.png"));
    QVERIFY(!writePng(dir.filePath("taken.png").toStdString(), makePattern(4, 4, 3, 8).view(), error));
    QCOMPARE(error, std::string("a directory with that name exists"));
}

void TestPngWriter::rejectsBadInput()
{
    std::vector<uint8_t> out;
    std::string error;
    QVERIFY(!encodePng(ImageView{}, out, error));
    QVERIFY(!error.empty());
    const Image five = makePattern(2, 2, 1, 8);
    ImageView v = five.view();
    v.channels = 5;
    QVERIFY(!encodePng(v, out, error));
}

void TestPngWriter::jpegEncode()
{
    Image src(32, 16, 4, 8);
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 32; ++x) {
            uint8_t *p = src.row(y) + 4 * x;
            p[0] = 200; p[1] = uint8_t(100 + x); p[2] = 50; p[3] = 128; // alpha ignored
        }
    std::vector<uint8_t> jpg;
    std::string error;
    QVERIFY2(encodeJpeg(src.view(), 95, jpg, error), error.c_str());
    const DecodeResult r = decodeImageBuffer(jpg.data(), jpg.size());
    QVERIFY(r.ok);
    QCOMPARE(r.header.format, std::string("jpeg"));
    QVERIFY(std::abs(int(r.image.row(8)[4 * 10 + 0]) - 200) <= 6);
    QVERIFY(std::abs(int(r.image.row(8)[4 * 10 + 1]) - 110) <= 6);
    QCOMPARE(int(r.image.row(8)[4 * 10 + 3]), 255);
    const Image deep = makePattern(8, 8, 3, 16);
    QVERIFY(encodeJpeg(deep.view(), 80, jpg, error));
}

void TestPngWriter::convertUtilities()
{
    // Area average: each 2x2 block becomes its mean.
    Image img(4, 2, 4, 8);
    for (int x = 0; x < 4; ++x)
        for (int y = 0; y < 2; ++y)
            for (int c = 0; c < 4; ++c)
                setSample(img, x, y, c, x < 2 ? (x + y) * 40 : 200);
    const Image half = downscaleArea(img.view(), 2, 1);
    QCOMPARE(half.width(), 2);
    QCOMPARE(half.height(), 1);
    QCOMPARE(sample(half, 0, 0, 0), 40); // (0 + 40 + 40 + 80) / 4
    QCOMPARE(sample(half, 1, 0, 3), 200);
    const Image deep = makePattern(64, 32, 4, 16);
    const Image thumb = thumbnail(deep.view(), 16, 16);
    QCOMPARE(thumb.width(), 16);
    QCOMPARE(thumb.height(), 8);
    QCOMPARE(thumb.depth(), 16);
    QCOMPARE(fitWithin(4000, 3000, 400, 400).height, 300);
    QCOMPARE(fitWithin(10, 10, 400, 400).width, 10);

    Image wide(3, 1, 4, 16);
    const int values[3] = {0, 65535, 32896};
    for (int x = 0; x < 3; ++x)
        for (int c = 0; c < 4; ++c)
            setSample(wide, x, 0, c, values[x]);
    const Image narrow = toDepth8(wide.view());
    QCOMPARE(narrow.depth(), 8);
    QCOMPARE(sample(narrow, 0, 0, 0), 0);
    QCOMPARE(sample(narrow, 1, 0, 0), 255);
    QCOMPARE(sample(narrow, 2, 0, 0), 128);

    const Image ga = makePattern(3, 3, 2, 8);
    const Image rgba = toRgba(ga.view());
    QCOMPARE(sample(rgba, 1, 1, 2), sample(ga, 1, 1, 0));
    QCOMPARE(sample(rgba, 1, 1, 3), sample(ga, 1, 1, 1));
}

QTEST_GUILESS_MAIN(TestPngWriter)
#include "tst_png_writer.moc"

// Every bad-input class gives its own reason; probing and the pixel limit work on headers.
#include "difflens/imaging/decode.h"
#include "difflens/imaging/encode.h"
#include "difflens/imaging/fileio.h"
#include "imaging_test_util.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

using namespace difflens;
using namespace testutil;

namespace {

// A PNG signature plus a valid IHDR declaring width x height (RGBA8), nothing else.
std::vector<uint8_t> pngHeaderOnly(uint32_t width, uint32_t height)
{
    std::vector<uint8_t> b = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    auto be32 = [&b](uint32_t v) {
        for (int s = 24; s >= 0; s -= 8)
            b.push_back(uint8_t(v >> s));
    };
    be32(width);
    be32(height);
    b.insert(b.end(), {8, 6, 0, 0, 0});
    be32(uint32_t(crc32(0, b.data() + 12, 17)));
    return b;
}

QString writeTemp(QTemporaryDir &dir, const QString &name, const std::vector<uint8_t> &bytes)
{
    const QString path = dir.filePath(name);
    writeBytes(path, bytes);
    return path;
}

} // namespace

class TestDecodeErrors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void badInput_data();
    void badInput();
    void permissionDenied();
    void pixelLimitRefusesBeforeDecoding();
    void defaultLimitAllows65536Square();
    void probeReadsHeadersOnly_data();
    void probeReadsHeadersOnly();
    void inputFileUnchanged();
    void damagedFilesNeverCrash_data();
    void damagedFilesNeverCrash();
};

void TestDecodeErrors::badInput_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content"); // "<missing>" and "<dir>" are special
    QTest::addColumn<QString>("reason");

    const Image img = makePattern(64, 64, 3, 8);
    const std::vector<uint8_t> png = cvEncode(".png", img);
    const std::vector<uint8_t> jpg = cvEncode(".jpg", img);
    auto bytes = [](const std::vector<uint8_t> &v, size_t n) {
        return QByteArray(reinterpret_cast<const char *>(v.data()), qsizetype(std::min(n, v.size())));
    };
    std::vector<uint8_t> corruptPng = png; // structure intact, compressed data damaged
    for (size_t i = 60; i < 90 && i + 16 < corruptPng.size(); ++i)
        corruptPng[i] ^= 0x5a;
    QByteArray random(4096, '\0');
    for (int i = 0; i < random.size(); ++i)
        random[i] = char((i * 7919 + 13) % 251);

    QTest::newRow("missing") << "nope.png" << QByteArray("<missing>") << "file not found";
    QTest::newRow("directory") << "folder.png" << QByteArray("<dir>") << "is a directory, not a file";
    QTest::newRow("empty") << "empty.png" << QByteArray() << "file is empty";
    QTest::newRow("random bytes .png") << "noise.png" << random << "not a supported image (unknown format)";
    QTest::newRow("text") << "notes.png" << QByteArray("hello, this is text\n") << "not a supported image (unknown format)";
    QTest::newRow("truncated png") << "cut.png" << bytes(png, png.size() / 2) << "truncated or corrupt PNG data";
    QTest::newRow("png header only") << "hdr.png" << bytes(png, 40) << "truncated or corrupt PNG data";
    QTest::newRow("png signature only") << "sig.png" << bytes(png, 8) << "truncated or corrupt PNG data";
    QTest::newRow("corrupt png data") << "bad.png" << bytes(corruptPng, corruptPng.size()) << "truncated or corrupt PNG data";
    QTest::newRow("truncated jpeg") << "cut.jpg" << bytes(jpg, jpg.size() / 2) << "truncated or corrupt JPEG data";
    QTest::newRow("jpeg markers only") << "soi.jpg" << QByteArray("\xff\xd8\xff", 3) << "truncated or corrupt JPEG data";
    QTest::newRow("gif") << "anim.gif" << QByteArray("GIF89a\x01\x00\x01\x00\x00\x00\x00;", 13) << "GIF is not supported";
    QTest::newRow("animated gif") << "anim2.gif" << QByteArray("GIF89a\x01\x00\x01\x00\x00\x00\x00!\xff\x0bNETSCAPE2.0;", 28)
                                  << "animated GIF is not supported";
    QTest::newRow("truncated webp") << "cut.webp" << QByteArray("RIFF\xff\x00\x00\x00WEBPVP8L\x10\x00\x00\x00\x2f\x01\x00\x00\x00\x00\x00\x00\x00\x00", 30)
                                    << "truncated or corrupt WebP data";
    QTest::newRow("bad tiff") << "bad.tif" << QByteArray("II*\0\xff\xff\x00\x00", 8) << "truncated or corrupt TIFF data";
}

void TestDecodeErrors::badInput()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    if (content == "<dir>") {
        QVERIFY(QDir(dir.path()).mkdir(name));
    } else if (content != "<missing>") {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    const DecodeResult r = decodeImageFile(path.toStdString());
    QVERIFY(!r.ok);
    QCOMPARE(QString::fromStdString(r.error), reason);
    QVERIFY(r.image.isNull());
}

void TestDecodeErrors::permissionDenied()
{
    if (geteuid() == 0)
        QSKIP("running as root: file permissions are not enforced");
    QTemporaryDir dir;
    const QString path = writeTemp(dir, "locked.png", cvEncode(".png", makePattern(4, 4, 3, 8)));
    QVERIFY(::chmod(path.toLocal8Bit().constData(), 0) == 0);
    const DecodeResult r = decodeImageFile(path.toStdString());
    QVERIFY(!r.ok);
    QCOMPARE(r.error, std::string("permission denied"));
}

void TestDecodeErrors::pixelLimitRefusesBeforeDecoding()
{
    QTemporaryDir dir;
    const QString path = writeTemp(dir, "huge.png", pngHeaderOnly(100000, 100000));
    ImageHeader h;
    std::string error;
    QVERIFY2(probeImageHeader(path.toStdString(), h, error), error.c_str());
    QCOMPARE(h.width, 100000);
    QCOMPARE(h.height, 100000);
    const DecodeResult r = decodeImageFile(path.toStdString());
    QVERIFY(!r.ok);
    QCOMPARE(r.error, std::string("image is 100000x100000 (10000000000 pixels), over the limit of 4294967296 pixels"));

    // A custom limit applies to real images too.
    const std::vector<uint8_t> png = cvEncode(".png", makePattern(20, 10, 3, 8));
    DecodeOptions opt;
    opt.maxPixels = 199;
    const DecodeResult small = decodeImageBuffer(png.data(), png.size(), opt);
    QVERIFY(!small.ok);
    QCOMPARE(small.error, std::string("image is 20x10 (200 pixels), over the limit of 199 pixels"));
    opt.maxPixels = 200;
    QVERIFY(decodeImageBuffer(png.data(), png.size(), opt).ok);
}

void TestDecodeErrors::defaultLimitAllows65536Square()
{
    // The default limit is 4 gigapixels (65536 x 65536). The header passes the limit;
    // decoding then stops at the missing image data, before any pixel memory.
    const std::vector<uint8_t> header = pngHeaderOnly(65536, 65536);
    const DecodeResult r = decodeImageBuffer(header.data(), header.size());
    QVERIFY(!r.ok);
    QCOMPARE(r.error, std::string("truncated or corrupt PNG data"));
    const std::vector<uint8_t> bigger = pngHeaderOnly(65536, 65537);
    QVERIFY(decodeImageBuffer(bigger.data(), bigger.size()).error.find("over the limit") != std::string::npos);
}

void TestDecodeErrors::probeReadsHeadersOnly_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("channels");
    auto qb = [](const std::vector<uint8_t> &v) {
        return QByteArray(reinterpret_cast<const char *>(v.data()), qsizetype(v.size()));
    };
    const Image rgb = makePattern(33, 17, 3, 8), rgba = makePattern(33, 17, 4, 8), grey = makePattern(33, 17, 1, 16);
    QTest::newRow("png") << qb(cvEncode(".png", rgba)) << "png" << 33 << 17 << 4;
    QTest::newRow("jpeg") << qb(cvEncode(".jpg", rgb)) << "jpeg" << 33 << 17 << 3;
    QTest::newRow("webp lossy") << qb(cvEncode(".webp", rgb, {cv::IMWRITE_WEBP_QUALITY, 80})) << "webp" << 33 << 17 << 3;
    QTest::newRow("webp lossless alpha") << qb(cvEncode(".webp", rgba, {cv::IMWRITE_WEBP_QUALITY, 101})) << "webp" << 33 << 17 << 4;
    QTest::newRow("tiff") << qb(cvEncode(".tiff", grey)) << "tiff" << 33 << 17 << 1;
    QTest::newRow("bmp") << qb(cvEncode(".bmp", rgb)) << "bmp" << 33 << 17 << 3;
    // Header-only files: probing never needs the pixel data.
    QTest::newRow("png header only") << qb(pngHeaderOnly(5000, 7000)) << "png" << 5000 << 7000 << 4;
}

void TestDecodeErrors::probeReadsHeadersOnly()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, format);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, channels);
    ImageHeader h;
    std::string error;
    QVERIFY2(probeImageBuffer(reinterpret_cast<const uint8_t *>(content.constData()), size_t(content.size()), h, error),
             error.c_str());
    QCOMPARE(QString::fromStdString(h.format), format);
    QCOMPARE(h.width, width);
    QCOMPARE(h.height, height);
    QCOMPARE(h.channels, channels);
}

void TestDecodeErrors::inputFileUnchanged()
{
    QTemporaryDir dir;
    const QString path = writeTemp(dir, "input.jpg", withExifOrientation(cvEncode(".jpg", makePattern(40, 30, 3, 8)), 6, true));
    const QByteArray before = fileHash(path);
    const QDateTime modified = QFileInfo(path).lastModified();
    const DecodeResult r = decodeImageFile(path.toStdString());
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.image.width(), 30); // rotated by the EXIF orientation
    ImageHeader h;
    std::string error;
    QVERIFY(probeImageHeader(path.toStdString(), h, error));
    QCOMPARE(fileHash(path), before);
    QCOMPARE(QFileInfo(path).lastModified(), modified);
}

void TestDecodeErrors::damagedFilesNeverCrash_data()
{
    QTest::addColumn<QString>("ext");
    for (const char *ext : {".png", ".jpg", ".webp", ".tiff", ".bmp"})
        QTest::newRow(ext) << QString(ext);
}

void TestDecodeErrors::damagedFilesNeverCrash()
{
    QFETCH(QString, ext);
    const std::vector<uint8_t> good = cvEncode(ext.toStdString(), makePattern(45, 31, 3, 8));
    QVERIFY(decodeImageBuffer(good.data(), good.size()).ok);
    auto check = [](const std::vector<uint8_t> &bytes, size_t n) {
        const DecodeResult r = decodeImageBuffer(bytes.data(), n);
        return r.ok ? !r.image.isNull() : (!r.error.empty() && r.image.isNull());
    };
    for (size_t n = 1; n < good.size(); n += 1 + good.size() / 40)
        QVERIFY2(check(good, n), qPrintable(QString("truncated to %1 bytes").arg(n)));
    uint32_t s = 12345;
    for (int k = 0; k < 60; ++k) {
        std::vector<uint8_t> bad = good;
        for (int j = 0; j < 3; ++j) {
            s = s * 1664525u + 1013904223u;
            bad[(s >> 8) % bad.size()] ^= uint8_t(1 + (s >> 3) % 255);
        }
        QVERIFY(check(bad, bad.size()));
    }
}

QTEST_GUILESS_MAIN(TestDecodeErrors)
#include "tst_decode_errors.moc"

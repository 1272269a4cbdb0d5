// Streaming decode (openImageRows): rows identical to decodeImageFile's for every format
// and layout, read in any chunk size; failures name the row; memory bounded by rows, not
// the frame. The PNG row sink is tested in tst_stream_sink.cpp.
#include "difflens/imaging/decode.h"
#include "difflens/imaging/stream.h"

#include "bmp_builder.h"
#include "imaging_test_util.h"
#include "stream_test_files.h"
#include "stream_test_read.h"
#include "tiff_builder.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <webp/encode.h>

using namespace difflens;
using namespace streamtest;

class TestStreamDecode : public QObject {
    Q_OBJECT

private:
    streamtest::TempFiles m_tmp;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.dir.isValid()); }

    void memoryBoundedNonInterlaced()
    {
        int64_t growth = 0;
        streamBigPng(m_tmp.newPath("png"), 4096, 16384, false, "rows", growth);
        QVERIFY2(growth < 40 * 1024, qPrintable(QString("grew %1 KiB").arg(growth)));
    }

    void memoryBoundedInterlaced()
    {
        int64_t growth = 0;
        streamBigPng(m_tmp.newPath("png"), 2048, 8192, true, "temp-file", growth); // frame: 64 MiB
        QVERIFY2(growth < 16 * 1024, qPrintable(QString("grew %1 KiB").arg(growth)));
    }

    void png_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("route");
        struct Kind {
            const char *name;
            int type;
            std::vector<int> bits;
            bool trns;
        };
        const Kind kinds[] = {
            {"grey", PNG_COLOR_TYPE_GRAY, {1, 2, 4, 8, 16}, false},
            {"grey-trns", PNG_COLOR_TYPE_GRAY, {1, 4, 8, 16}, true},
            {"grey-alpha", PNG_COLOR_TYPE_GRAY_ALPHA, {8, 16}, false},
            {"rgb", PNG_COLOR_TYPE_RGB, {8, 16}, false},
            {"rgb-trns", PNG_COLOR_TYPE_RGB, {8, 16}, true},
            {"rgba", PNG_COLOR_TYPE_RGB_ALPHA, {8, 16}, false},
            {"palette", PNG_COLOR_TYPE_PALETTE, {1, 2, 4, 8}, false},
            {"palette-trns", PNG_COLOR_TYPE_PALETTE, {1, 2, 4, 8}, true},
        };
        const int sizes[][2] = {{37, 29}, {1, 1}, {3, 10}, {9, 2}};
        unsigned seed = 1;
        for (const Kind &k : kinds)
            for (int bits : k.bits)
                for (bool interlace : {false, true})
                    for (const auto &size : sizes) {
                        PngSpec s;
                        s.width = size[0];
                        s.height = size[1];
                        s.colorType = k.type;
                        s.bits = bits;
                        s.interlace = interlace;
                        s.trns = k.trns;
                        s.seed = seed++;
                        const QString path = m_tmp.newPath("png");
                        QVERIFY(writeTestPng(path, s));
                        QTest::addRow("%s-%d-%s-%dx%d", k.name, bits, interlace ? "adam7" : "plain", size[0], size[1])
                            << path << QString(interlace ? "temp-file" : "rows");
                    }
    }

    void png()
    {
        QFETCH(QString, path);
        QFETCH(QString, route);
        checkSame(path, route);
    }

    void truncatedPng_data()
    {
        QTest::addColumn<bool>("interlace");
        QTest::addColumn<QString>("cut"); // "idat" half the data, "start" its first bytes, "tail" no IEND
        for (const char *cut : {"idat", "start", "tail"}) {
            QTest::addRow("plain-%s", cut) << false << QString(cut);
            QTest::addRow("adam7-%s", cut) << true << QString(cut);
        }
    }

    void truncatedPng()
    {
        QFETCH(bool, interlace);
        QFETCH(QString, cut);
        const QString full = m_tmp.newPath("png");
        PngSpec s;
        s.width = 64;
        s.height = 200;
        s.interlace = interlace;
        s.level = 0; // one large IDAT stream: cutting it leaves many rows intact
        QVERIFY(writeTestPng(full, s));
        QFile f(full);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray bytes = f.readAll();
        const int idat = bytes.indexOf("IDAT");
        QVERIFY(idat > 0);
        bytes.truncate(cut == "tail" ? bytes.size() - 12 : cut == "start" ? idat + 12 : idat + (bytes.size() - idat) / 2);
        const QString path = m_tmp.newPath("png");
        QVERIFY(testutil::writeBytes(path, std::vector<uint8_t>(bytes.begin(), bytes.end())));
        OpenedImage img;
        std::string error;
        QVERIFY2(openImageRows(path.toStdString(), DecodeOptions{}, img, error), error.c_str());
        std::vector<uint8_t> rows;
        QVERIFY(!readAll(*img.rows, 7, rows, error));
        // " at row N" names the first row not delivered; before the first row the reason is
        // decodeImageFile's as it is.
        const int row = img.rows->rowsRead();
        const std::string plain = decodeImageFile(path.toStdString()).error;
        QCOMPARE(plain, std::string("truncated or corrupt PNG data"));
        QCOMPARE(error, row > 0 ? plain + " at row " + std::to_string(row) : plain);
        if (cut == "tail")
            QCOMPARE(row, s.height - 1);
        else if (cut == "start")
            QCOMPARE(row, 0);
        else if (!interlace)
            QVERIFY(row > 0 && row < s.height - 1);
        std::string again;
        uint8_t buf[64 * 4];
        QVERIFY(!img.rows->readRows(buf, sizeof buf, 1, again));
        QCOMPARE(again, error);
    }

    void bmp_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("route");
        using testutil::BmpSpec;
        auto add = [this](const char *name, BmpSpec s, const char *route = "rows") {
            const QString path = m_tmp.newPath("bmp");
            QVERIFY(testutil::writeBytes(path, testutil::buildBmp(s)));
            QTest::newRow(name) << path << QString(route);
        };
        auto rgb = [](int x, int y) { return uint32_t(x * 50 % 256) << 16 | uint32_t(y * 80 % 256) << 8 | 7u; };
        BmpSpec s;
        s.width = 13;
        s.height = 7;
        s.bpp = 24;
        s.pixel = rgb;
        add("24-bottom-up", s);
        s.topDown = true;
        add("24-top-down", s);
        s.headerSize = 12;
        s.topDown = false;
        add("24-core-header", s);
        s.headerSize = 40;
        s.bpp = 32;
        s.pixel = [](int x, int y) { return 0x80000000u | uint32_t(x * 19) << 16 | uint32_t(y * 33) << 8 | 5u; };
        add("32-bottom-up-no-alpha", s);
        s.headerSize = 56;
        s.compression = 6;
        s.masks = {0xFF0000, 0xFF00, 0xFF, 0xFF000000};
        add("32-alpha-bottom-up", s);
        s.topDown = true;
        add("32-alpha-top-down", s);
        s.pixel = [](int x, int y) { return uint32_t(x * 19) << 16 | uint32_t(y * 33) << 8 | 5u; };
        add("32-alpha-all-zero", s);
        s = BmpSpec{};
        s.width = 7;
        s.height = 5;
        s.bpp = 16;
        s.compression = 3;
        s.masks = {0xF800, 0x07E0, 0x001F};
        s.pixel = [](int x, int y) { return uint32_t((x * 5) << 11 | (y * 9) << 5 | (x + y)); };
        add("16-565", s);
        s = BmpSpec{};
        s.width = 11;
        s.height = 6;
        for (int bpp : {1, 2, 4, 8}) {
            s.bpp = bpp;
            s.palette.clear();
            for (int i = 0; i < (1 << bpp); ++i)
                s.palette.push_back(bpp == 4 ? uint32_t(i * 17) * 0x010101u : uint32_t(i * 977) & 0xFFFFFFu);
            s.pixel = [bpp](int x, int y) { return uint32_t(x * 3 + y) % (1u << bpp); };
            add(qPrintable(QString("palette-%1%2").arg(bpp).arg(bpp == 4 ? "-grey" : "")), s);
        }
        s.topDown = true;
        add("palette-8-top-down", s);
        s = BmpSpec{};
        s.width = 4;
        s.height = 2;
        s.bpp = 8;
        s.compression = 1;
        s.palette = {0x000000, 0xFF0000, 0x00FF00};
        s.rle = {4, 1, 0, 0, 2, 2, 0, 1};
        add("rle8", s, "whole-frame");
    }

    void bmp()
    {
        QFETCH(QString, path);
        QFETCH(QString, route);
        checkSame(path, route);
    }

    void jpeg_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("route");
        QTest::addColumn<bool>("orient");
        auto add = [this](const char *name, const std::vector<uint8_t> &bytes, const char *route, bool orient = true) {
            QVERIFY(!bytes.empty());
            const QString path = m_tmp.newPath("jpg");
            QVERIFY(testutil::writeBytes(path, bytes));
            QTest::newRow(name) << path << QString(route) << orient;
        };
        const Image rgb = testutil::makePattern(45, 37, 3, 8, 3);
        const Image grey = testutil::makePattern(33, 20, 1, 8, 4);
        const Image cmyk = testutil::makePattern(17, 9, 4, 8, 5);
        add("baseline-rgb", encodeTestJpeg(rgb, false), "rows");
        add("baseline-grey", encodeTestJpeg(grey, false), "rows");
        add("progressive-rgb", encodeTestJpeg(rgb, true), "rows");
        add("progressive-grey", encodeTestJpeg(grey, true), "rows");
        add("cmyk", encodeTestJpeg(cmyk, false), "rows");
        const std::vector<uint8_t> rotated = withOrientation(encodeTestJpeg(rgb, false), 6);
        add("exif-6", rotated, "whole-frame");
        add("exif-6-not-applied", rotated, "rows", false);
    }

    void jpeg()
    {
        QFETCH(QString, path);
        QFETCH(QString, route);
        QFETCH(bool, orient);
        DecodeOptions opt;
        opt.applyExifOrientation = orient;
        checkSame(path, route, opt);
    }

    void progressiveWorkingBytes()
    {
        const Image rgb = testutil::makePattern(160, 96, 3, 8, 9);
        const QString base = m_tmp.newPath("jpg"), prog = m_tmp.newPath("jpg");
        QVERIFY(testutil::writeBytes(base, encodeTestJpeg(rgb, false)));
        QVERIFY(testutil::writeBytes(prog, encodeTestJpeg(rgb, true)));
        OpenedImage a, b;
        std::string error;
        QVERIFY(openImageRows(base.toStdString(), {}, a, error));
        QVERIFY(openImageRows(prog.toStdString(), {}, b, error));
        // 4:2:0 coefficients: 160x96 luma + 2 x 80x48 chroma, 2 bytes each.
        QVERIFY(b.rows->workingBytes() - a.rows->workingBytes() >= (160 * 96 + 2 * 80 * 48) * 2);
    }

    void truncatedJpegRefusedWhenOpened()
    {
        std::vector<uint8_t> bytes = encodeTestJpeg(testutil::makePattern(64, 64, 3, 8, 2), false);
        bytes.resize(bytes.size() / 2);
        const QString path = m_tmp.newPath("jpg");
        QVERIFY(testutil::writeBytes(path, bytes));
        OpenedImage img;
        std::string error;
        QVERIFY(!openImageRows(path.toStdString(), {}, img, error));
        QCOMPARE(error, std::string("truncated or corrupt JPEG data"));
        QCOMPARE(error, decodeImageFile(path.toStdString()).error);
    }

    void wholeFrameWorkingBytes()
    {
        const Image img = testutil::makePattern(31, 17, 4, 8, 6);
        uint8_t *out = nullptr;
        const size_t n = WebPEncodeLosslessRGBA(img.data(), img.width(), img.height(), int(img.stride()), &out);
        const QString path = m_tmp.newPath("webp");
        QVERIFY(testutil::writeBytes(path, std::vector<uint8_t>(out, out + n)));
        WebPFree(out);
        OpenedImage opened;
        std::string error;
        QVERIFY(openImageRows(path.toStdString(), {}, opened, error));
        QCOMPARE(opened.route, std::string("whole-frame"));
        QCOMPARE(opened.rows->workingBytes(), int64_t(31 * 17 * 4));
    }

    void tiffAndWebp_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("route");
        QTemporaryDir scratch;
        testutil::TiffSpec t;
        t.width = 40;
        t.height = 24;
        t.spp = 3;
        t.photometric = PHOTOMETRIC_RGB;
        t.value = [](int x, int y, int s) { return double((x * 7 + y * 3 + s * 40) % 256); };
        auto addTiff = [this, &scratch](const char *name, const testutil::TiffSpec &spec, const char *route) {
            const std::vector<uint8_t> bytes = testutil::buildTiffWithLibtiff(spec, scratch);
            QVERIFY(!bytes.empty());
            const QString path = m_tmp.newPath("tif");
            QVERIFY(testutil::writeBytes(path, bytes));
            QTest::newRow(name) << path << QString(route);
        };
        addTiff("tiff-strips-rgb8", t, "rows");
        t.compression = COMPRESSION_LZW;
        addTiff("tiff-strips-rgb8-lzw", t, "rows");
        t.orientation = ORIENTATION_BOTRIGHT;
        addTiff("tiff-strips-rotated", t, "whole-frame");
        t.orientation = ORIENTATION_TOPLEFT;
        t.compression = COMPRESSION_NONE;
        t.planar = PLANARCONFIG_SEPARATE;
        addTiff("tiff-strips-planar", t, "whole-frame");
        t.planar = PLANARCONFIG_CONTIG;
        t.tile = 16;
        t.spp = 4;
        t.bits = 16;
        t.extra = {EXTRASAMPLE_UNASSALPHA};
        t.value = [](int x, int y, int s) { return double((x * 1700 + y * 300 + s * 9000) % 65536); };
        addTiff("tiff-tiles-rgba16", t, "rows");
        t.compression = COMPRESSION_ADOBE_DEFLATE;
        addTiff("tiff-tiles-rgba16-deflate", t, "rows");
        t.tile = 0;
        t.spp = 2;
        t.photometric = PHOTOMETRIC_MINISWHITE;
        t.extra = {EXTRASAMPLE_ASSOCALPHA};
        addTiff("tiff-strips-grey-assoc-alpha16", t, "rows");
        t.spp = 1;
        t.bits = 8;
        t.extra.clear();
        t.photometric = PHOTOMETRIC_MINISBLACK;
        t.sampleFormat = SAMPLEFORMAT_INT;
        t.value = [](int x, int y, int) { return double((x * 7 + y * 3) % 256 - 128); };
        addTiff("tiff-strips-signed8", t, "whole-frame");
        const Image img = testutil::makePattern(31, 17, 4, 8, 6);
        for (bool lossless : {false, true}) {
            uint8_t *out = nullptr;
            const size_t n = lossless ? WebPEncodeLosslessRGBA(img.data(), img.width(), img.height(), int(img.stride()), &out)
                                      : WebPEncodeRGBA(img.data(), img.width(), img.height(), int(img.stride()), 80, &out);
            QVERIFY(n > 0);
            const QString path = m_tmp.newPath("webp");
            QVERIFY(testutil::writeBytes(path, std::vector<uint8_t>(out, out + n)));
            WebPFree(out);
            QTest::newRow(lossless ? "webp-lossless" : "webp-lossy") << path << QString("whole-frame");
        }
    }

    void tiffAndWebp()
    {
        QFETCH(QString, path);
        QFETCH(QString, route);
        checkSame(path, route);
    }

    void pixelLimitBeforeDecoding()
    {
        // A PNG header declaring 100000 x 100000 pixels followed by garbage: the limit is
        // reported, not the damage (nothing was decoded).
        std::vector<uint8_t> b = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                  0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0, 8, 6, 0, 0, 0, 0, 0, 0, 0};
        b.resize(200, 0x5A);
        const QString path = m_tmp.newPath("png");
        QVERIFY(testutil::writeBytes(path, b));
        OpenedImage img;
        std::string error;
        QVERIFY(!openImageRows(path.toStdString(), DecodeOptions{}, img, error));
        QVERIFY(!img.rows);
        QCOMPARE(error, decodeImageFile(path.toStdString()).error);
        QVERIFY2(error.find("over the limit") != std::string::npos, error.c_str());
        // And on a valid file, with a limit one pixel short.
        const QString ok = m_tmp.newPath("bmp");
        testutil::BmpSpec s;
        s.width = 10;
        s.height = 10;
        QVERIFY(testutil::writeBytes(ok, testutil::buildBmp(s)));
        DecodeOptions opt;
        opt.maxPixels = 99;
        QVERIFY(!openImageRows(ok.toStdString(), opt, img, error));
        QCOMPARE(error, decodeImageFile(ok.toStdString(), opt).error);
    }

    void fileErrors()
    {
        OpenedImage img;
        std::string error;
        QVERIFY(!openImageRows(m_tmp.dir.filePath("missing.png").toStdString(), {}, img, error));
        QCOMPARE(error, std::string("file not found"));
        QVERIFY(!openImageRows(m_tmp.dir.path().toStdString(), {}, img, error));
        QCOMPARE(error, std::string("is a directory, not a file"));
        const QString empty = m_tmp.newPath("png");
        QVERIFY(testutil::writeBytes(empty, {}));
        QVERIFY(!openImageRows(empty.toStdString(), {}, img, error));
        QCOMPARE(error, std::string("file is empty"));
        testutil::BmpSpec s;
        s.width = 10;
        s.height = 10;
        std::vector<uint8_t> bmp = testutil::buildBmp(s);
        bmp.resize(bmp.size() - 5);
        const QString cut = m_tmp.newPath("bmp");
        QVERIFY(testutil::writeBytes(cut, bmp));
        QVERIFY(!openImageRows(cut.toStdString(), {}, img, error));
        QCOMPARE(error, decodeImageFile(cut.toStdString()).error);
    }
};

QTEST_GUILESS_MAIN(TestStreamDecode)
#include "tst_stream_decode.moc"

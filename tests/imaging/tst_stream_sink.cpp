// The PNG row sink (createPngRowSink): rows written in chunks read back by decodeImageFile
// as written, for every layout and for indexed colour; nothing visible before finish();
// unfinished, unwritable and failing outputs leave no file behind.
#include "difflens/imaging/decode.h"
#include "difflens/imaging/stream.h"

#include "imaging_test_util.h"
#include "stream_test_files.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <array>
#include <csignal>
#include <cstring>

#include <sys/resource.h>
#include <unistd.h>

using namespace difflens;

class TestStreamSink : public QObject {
    Q_OBJECT

private:
    streamtest::TempFiles m_tmp;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.dir.isValid()); }

    void pngSink_data()
    {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("depth");
        for (int c = 1; c <= 4; ++c)
            for (int d : {8, 16})
                QTest::addRow("%dch-%dbit", c, d) << c << d;
    }

    void pngSink()
    {
        QFETCH(int, channels);
        QFETCH(int, depth);
        const Image src = testutil::makePattern(29, 23, channels, depth, unsigned(channels * depth));
        const QString path = m_tmp.newPath("png");
        std::string error;
        PngSinkOptions o;
        o.width = src.width();
        o.height = src.height();
        o.channels = channels;
        o.depth = depth;
        auto sink = createPngRowSink(path.toStdString(), o, error);
        QVERIFY2(sink, error.c_str());
        QVERIFY(sink->workingBytes() > 0);
        const size_t stride = src.stride() + 6;
        std::vector<uint8_t> band;
        for (int y = 0; y < src.height();) {
            const int n = std::min(5, src.height() - y);
            band.assign(stride * size_t(n), 0xCD);
            for (int i = 0; i < n; ++i)
                std::memcpy(band.data() + size_t(i) * stride, src.row(y + i), src.stride());
            QVERIFY2(sink->writeRows(band.data(), stride, n, error), error.c_str());
            y += n;
        }
        QVERIFY(!QFile::exists(path)); // nothing visible before finish()
        QVERIFY2(sink->finish(error), error.c_str());
        QCOMPARE(QDir(m_tmp.dir.path()).entryList({"." + QFileInfo(path).fileName() + "*"}, QDir::Hidden | QDir::Files).size(), 0);
        const DecodeResult r = decodeImageFile(path.toStdString());
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(r.image.depth(), depth);
        QCOMPARE(r.sourceChannels, channels);
        for (int y = 0; y < src.height(); ++y)
            for (int x = 0; x < src.width(); ++x)
                for (int c = 0; c < 4; ++c) {
                    const int from = channels >= 3 ? (c < 3 ? c : 3) : (c < 3 ? 0 : 1);
                    const bool alpha = c == 3;
                    const bool has = alpha ? (channels == 2 || channels == 4) : true;
                    const int want = has ? testutil::sample(src, x, y, from) : testutil::maxValue(depth);
                    if (testutil::sample(r.image, x, y, c) != want)
                        QFAIL(qPrintable(QString("pixel %1,%2 channel %3").arg(x).arg(y).arg(c)));
                }
    }

    // Indexed colour: one byte per pixel in, palette[index] out, for every pixel; PLTE as
    // given and tRNS ending at the last translucent entry (none when all are opaque).
    void pngSinkPalette_data()
    {
        QTest::addColumn<int>("entries");
        QTest::addColumn<int>("translucentEvery"); // entry i is translucent when i % n == 1; 0: none
        QTest::newRow("2-translucent") << 2 << 1;
        QTest::newRow("5-opaque") << 5 << 0;
        QTest::newRow("17-some-translucent") << 17 << 4;
        QTest::newRow("256-some-translucent") << 256 << 7;
    }

    void pngSinkPalette()
    {
        QFETCH(int, entries);
        QFETCH(int, translucentEvery);
        std::vector<std::array<uint8_t, 4>> palette;
        int lastTranslucent = -1;
        for (int i = 0; i < entries; ++i) {
            const bool translucent = translucentEvery > 0 && (translucentEvery == 1 || i % translucentEvery == 1);
            palette.push_back({uint8_t(i * 37), uint8_t(255 - i), uint8_t(i * 11), uint8_t(translucent ? i * 5 % 255 : 255)});
            if (translucent)
                lastTranslucent = i;
        }
        if (translucentEvery == 1) { // the last entry opaque: tRNS ends before it
            palette.back()[3] = 255;
            lastTranslucent = entries - 2;
        }
        const int width = 37, height = 23;
        auto index = [entries](int x, int y) { return uint8_t((x * 7 + y * 3 + x * y) % entries); };
        const QString path = m_tmp.newPath("png");
        std::string error;
        PngSinkOptions o;
        o.width = width;
        o.height = height;
        o.channels = 3; // ignored with a palette
        o.depth = 16;
        o.palette = palette;
        auto sink = createPngRowSink(path.toStdString(), o, error);
        QVERIFY2(sink, error.c_str());
        const size_t stride = size_t(width) + 3;
        std::vector<uint8_t> band;
        for (int y = 0; y < height;) {
            const int n = std::min(4, height - y);
            band.assign(stride * size_t(n), 0xCD);
            for (int i = 0; i < n; ++i)
                for (int x = 0; x < width; ++x)
                    band[size_t(i) * stride + size_t(x)] = index(x, y + i);
            QVERIFY2(sink->writeRows(band.data(), stride, n, error), error.c_str());
            y += n;
        }
        QVERIFY2(sink->finish(error), error.c_str());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QCOMPARE(int(uint8_t(bytes[25])), 3); // IHDR colour type: indexed
        QCOMPARE(int(uint8_t(bytes[24])), 8); // bit depth
        auto chunkLength = [&bytes](const char *type) {
            const int at = bytes.indexOf(type);
            if (at < 4)
                return -1;
            return int(uint8_t(bytes[at - 4])) << 24 | int(uint8_t(bytes[at - 3])) << 16 |
                   int(uint8_t(bytes[at - 2])) << 8 | int(uint8_t(bytes[at - 1]));
        };
        QCOMPARE(chunkLength("PLTE"), 3 * entries);
        QCOMPARE(chunkLength("tRNS"), lastTranslucent >= 0 ? lastTranslucent + 1 : -1); // -1: no tRNS
        const DecodeResult r = decodeImageFile(path.toStdString());
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(r.image.depth(), 8);
        QCOMPARE(r.image.width(), width);
        QCOMPARE(r.image.height(), height);
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) {
                const auto &want = palette[index(x, y)];
                if (std::memcmp(r.image.row(y) + 4 * size_t(x), want.data(), 4) != 0)
                    QFAIL(qPrintable(QString("pixel %1,%2 (index %3)").arg(x).arg(y).arg(index(x, y))));
            }
    }

    void pngSinkPaletteTooLarge()
    {
        QTemporaryDir dir;
        PngSinkOptions o;
        o.width = o.height = 4;
        o.palette.assign(257, {1, 2, 3, 255});
        std::string error;
        QVERIFY(!createPngRowSink(dir.filePath("out.png").toStdString(), o, error));
        QCOMPARE(error, std::string("a PNG palette holds at most 256 entries (257 given)"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Hidden | QDir::Files).size(), 0);
    }

    void pngSinkUnfinished()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("out.png");
        std::string error;
        PngSinkOptions o;
        o.width = 10;
        o.height = 10;
        {
            auto sink = createPngRowSink(path.toStdString(), o, error);
            QVERIFY(sink);
            std::vector<uint8_t> rows(40 * 4, 1);
            QVERIFY(sink->writeRows(rows.data(), 40, 4, error));
            QVERIFY(!sink->finish(error)); // rows missing
            QVERIFY2(error.find("rows") != std::string::npos, error.c_str());
            QCOMPARE(QDir(dir.path()).entryList(QDir::Hidden | QDir::Files).size(), 1);
        }
        QCOMPARE(QDir(dir.path()).entryList(QDir::Hidden | QDir::Files).size(), 0);
    }

    void pngSinkUnwritable()
    {
        std::string error;
        PngSinkOptions o;
        o.width = o.height = 4;
        QVERIFY(!createPngRowSink(m_tmp.dir.filePath("no/such/folder/out.png").toStdString(), o, error));
        QCOMPARE(error, std::string("cannot create the output file: folder does not exist"));
        QVERIFY(!createPngRowSink(m_tmp.dir.path().toStdString(), o, error));
        QCOMPARE(error, std::string("a directory with that name exists"));
        if (::geteuid() != 0) {
            QTemporaryDir dir;
            QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
            QVERIFY(!createPngRowSink(dir.filePath("out.png").toStdString(), o, error));
            QCOMPARE(error, std::string("cannot create the output file: folder is not writable (permission denied)"));
            QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        }
    }

    void pngSinkWriteFailure()
    {
        // A file size limit makes write() fail (EFBIG) like a full disk would.
        QTemporaryDir dir;
        const QString path = dir.filePath("big.png");
        std::string error;
        PngSinkOptions o;
        o.width = 2048;
        o.height = 512;
        o.level = 0;
        auto sink = createPngRowSink(path.toStdString(), o, error);
        QVERIFY(sink);
        rlimit old{};
        QVERIFY(::getrlimit(RLIMIT_FSIZE, &old) == 0);
        auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit small = old;
        small.rlim_cur = 64 * 1024;
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &small) == 0);
        std::vector<uint8_t> rows(size_t(o.width) * 4 * 64, 0x77);
        bool ok = true;
        for (int y = 0; y < o.height && ok; y += 64)
            ok = sink->writeRows(rows.data(), size_t(o.width) * 4, 64, error);
        if (ok)
            ok = sink->finish(error);
        ::setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, oldHandler);
        QVERIFY(!ok);
        QVERIFY2(QString::fromStdString(error).startsWith("cannot write the output file: "), error.c_str());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Hidden | QDir::Files).size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestStreamSink)
#include "tst_stream_sink.moc"

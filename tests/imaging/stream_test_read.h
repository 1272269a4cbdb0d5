#pragma once
// Reading helpers of the streaming decode tests: every row of a RowSource in various
// chunkings, the comparison with decodeImageFile, the process's peak RSS, and a large PNG
// streamed while the peak RSS is watched.
#include "difflens/imaging/decode.h"
#include "difflens/imaging/stream.h"

#include "stream_test_files.h"

#include <QElapsedTimer>
#include <QFile>
#include <QString>
#include <QtTest>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace streamtest {

using namespace difflens;

// ---- reading ----

// Reads every row: chunk > 0 fixed chunk rows, 0 the whole image at once, -1 random chunks
// into a padded buffer.
inline bool readAll(RowSource &src, int chunk, std::vector<uint8_t> &out, std::string &error)
{
    const size_t rowBytes = size_t(src.width()) * 4 * size_t(src.depth() / 8);
    out.assign(rowBytes * size_t(src.height()), 0);
    std::mt19937 rng(1234);
    const size_t stride = chunk < 0 ? rowBytes + 24 : rowBytes;
    std::vector<uint8_t> band;
    while (src.rowsRead() < src.height()) {
        const int left = src.height() - src.rowsRead();
        int n = chunk == 0 ? left : chunk > 0 ? std::min(chunk, left) : std::min(int(rng() % 19) + 1, left);
        band.assign(stride * size_t(n), 0xEE);
        const int y0 = src.rowsRead();
        if (!src.readRows(band.data(), stride, n, error))
            return false;
        if (src.rowsRead() != y0 + n) {
            error = "rowsRead did not advance";
            return false;
        }
        for (int i = 0; i < n; ++i)
            std::memcpy(out.data() + size_t(y0 + i) * rowBytes, band.data() + size_t(i) * stride, rowBytes);
    }
    return true;
}

// decodeImageFile and openImageRows agree on everything, in every chunking.
inline void checkSame(const QString &path, const QString &route, const DecodeOptions &opt = {})
{
    const std::string p = path.toStdString();
    const DecodeResult ref = decodeImageFile(p, opt);
    QVERIFY2(ref.ok, ref.error.c_str());
    for (int chunk : {1, 7, 0, -1}) {
        OpenedImage img;
        std::string error;
        QVERIFY2(openImageRows(p, opt, img, error), error.c_str());
        QVERIFY(img.rows);
        QCOMPARE(QString::fromStdString(img.route), route);
        QCOMPARE(img.rows->width(), ref.image.width());
        QCOMPARE(img.rows->height(), ref.image.height());
        QCOMPARE(img.rows->depth(), ref.image.depth());
        QCOMPARE(img.sourceChannels, ref.sourceChannels);
        QCOMPARE(img.sourceDepth, ref.sourceDepth);
        QCOMPARE(img.header.width, ref.header.width);
        QCOMPARE(img.header.orientation, ref.header.orientation);
        QVERIFY(img.rows->workingBytes() > 0);
        std::vector<uint8_t> rows;
        QVERIFY2(readAll(*img.rows, chunk, rows, error), error.c_str());
        QCOMPARE(rows.size(), ref.image.byteSize());
        for (int y = 0; y < ref.image.height(); ++y)
            if (std::memcmp(rows.data() + size_t(y) * ref.image.stride(), ref.image.row(y), ref.image.stride()) != 0)
                QFAIL(qPrintable(QString("row %1 differs (chunk %2)").arg(y).arg(chunk)));
        uint8_t dummy[8];
        QVERIFY(!img.rows->readRows(dummy, sizeof dummy, 1, error)); // past the end
    }
}

inline int64_t procStatusKiB(const char *key)
{
    QFile f("/proc/self/status");
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(int(std::strlen(key))).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

// Resets the peak RSS to the current RSS (Linux 4.0+); false where not allowed.
inline bool resetPeakRss()
{
    QFile f("/proc/self/clear_refs");
    return f.open(QIODevice::WriteOnly) && f.write("5") == 1;
}

// Writes a width x height RGBA8 PNG of bigRow rows to `path` and streams it 16 rows at a
// time; returns the growth
// of the peak RSS in KiB.
inline void streamBigPng(const QString &path, int width, int height, bool interlace, const char *route,
                         int64_t &growthKiB)
{
    PngSpec s;
    s.width = width;
    s.height = height;
    s.colorType = PNG_COLOR_TYPE_RGB_ALPHA;
    s.interlace = interlace;
    s.level = 1;
    s.row = bigRow;
    QVERIFY(writeTestPng(path, s));
    const bool reset = resetPeakRss();
    const int64_t before = reset ? procStatusKiB("VmRSS:") : procStatusKiB("VmHWM:");
    QElapsedTimer timer;
    timer.start();
    OpenedImage img;
    std::string error;
    QVERIFY2(openImageRows(path.toStdString(), DecodeOptions{}, img, error), error.c_str());
    QCOMPARE(QString(img.route.c_str()), QString(route));
    const size_t rowBytes = size_t(width) * 4;
    std::vector<uint8_t> band(rowBytes * 16), expect(rowBytes);
    bool same = true;
    while (img.rows->rowsRead() < height) {
        const int y0 = img.rows->rowsRead();
        const int n = std::min(16, height - y0);
        QVERIFY2(img.rows->readRows(band.data(), rowBytes, n, error), error.c_str());
        for (int i = 0; i < n && same; ++i) {
            bigRow(y0 + i, expect.data(), rowBytes);
            same = std::memcmp(band.data() + size_t(i) * rowBytes, expect.data(), rowBytes) == 0;
        }
    }
    QVERIFY(same);
    const int64_t after = procStatusKiB("VmHWM:");
    growthKiB = after - before;
    qInfo("%dx%d RGBA8 %s PNG (%s, frame %lld MiB): peak RSS grew %lld KiB while streaming "
          "(peak reset: %s), workingBytes %lld, %lld ms",
          width, height, interlace ? "interlaced" : "non-interlaced", route,
          (long long)(rowBytes * size_t(height) >> 20), (long long)growthKiB, reset ? "yes" : "no",
          (long long)img.rows->workingBytes(), (long long)timer.elapsed());
}

} // namespace streamtest

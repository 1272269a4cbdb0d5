// The fast PNG path streamed (stream_png.cpp): the rows a worker thread inflates and
// unfilters behind the open equal libpng's, within the budget's limit, when the data is
// damaged (the same rows and reason as libpng's), and when the rows are closed early.
#include "difflens/imaging/stream.h"
#include "png_builder.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace difflens;
using namespace pngtest;

class TestPngFastStream : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void streamedRowsMatch();
    void streamedWithinBudget();
    void streamedClosedEarly();
    void streamedDamagedData_data();
    void streamedDamagedData();
};

void TestPngFastStream::streamedRowsMatch()
{
    const Bytes file = simplePng(50, 20, 8, 2, -1, 3);
    std::unique_ptr<pngfast::Rows> rows;
    QVERIFY(pngfast::prepare(file.data(), file.size(), 0, rows));
    QVERIFY(!pngfast::prepare(file.data(), file.size(), 100, rows)); // over the limit
    QVERIFY(pngfast::prepare(file.data(), file.size(), 20 * 151, rows));
    QCOMPARE(pngfast::inflatedSizeOf(file.data(), file.size()), size_t(20 * 151));
    const Outcome ref = viaLibpng(file);
    QVERIFY(ref.ok);
    std::vector<uint8_t> row(50 * 4);
    for (int y = 0; y < 20; ++y) {
        QVERIFY(rows->next(row.data()));
        QVERIFY(std::equal(row.begin(), row.end(), ref.image.row(y)));
    }
    QVERIFY(!rows->next(row.data()));
}

// A budget that leaves less than four times the file and its inflated data for the file
// streams it through libpng (a few rows held), with the same rows; a damaged file gives
// libpng's rows and reason.
void TestPngFastStream::streamedWithinBudget()
{
    const uint32_t w = 300, h = 200;
    const Bytes file = simplePng(w, h, 8, 6, -1, 5);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("b.png"));
    QVERIFY(writeFile(path.toStdString(), file));
    const Outcome ref = viaLibpng(file);
    QVERIFY(ref.ok);
    const int64_t inflated = int64_t(h) * (1 + w * 4);
    DecodeOptions roomy, tight;
    roomy.wholeFrameByteLimit = 4 * (inflated + int64_t(file.size()));
    tight.wholeFrameByteLimit = roomy.wholeFrameByteLimit - 4;
    int64_t workingRoomy = 0, workingTight = 0;
    QVERIFY(samePixels(streamAll(path.toStdString(), roomy, &workingRoomy), ref.image));
    QVERIFY(samePixels(streamAll(path.toStdString(), tight, &workingTight), ref.image));
    // The fast rows hold the inflated data, and the file until the worker has inflated it.
    QVERIFY2(workingRoomy >= inflated && workingRoomy < inflated + int64_t(file.size()) + 16 * 1024,
             qPrintable(QString::number(workingRoomy)));
    QVERIFY2(workingTight < inflated, qPrintable(QString::number(workingTight)));

    // Cut in the image data: the fast path declines, libpng delivers what it can.
    const QString cut = dir.filePath(QStringLiteral("cut.png"));
    QVERIFY(writeFile(cut.toStdString(), Bytes(file.begin(), file.begin() + long(file.size() * 3 / 4))));
    for (const DecodeOptions &opt : {roomy, tight}) {
        OpenedImage o;
        std::string error;
        QVERIFY2(openImageRows(cut.toStdString(), opt, o, error), error.c_str());
        std::vector<uint8_t> row(size_t(w) * 4);
        int good = 0;
        while (good < int(h) && o.rows->readRows(row.data(), row.size(), 1, error))
            ++good;
        QVERIFY(good < int(h));
        QCOMPARE(error, std::string("truncated or corrupt PNG data at row ") + std::to_string(good));
    }
}

namespace {

struct StreamOutcome {
    bool opened = false;
    int rows = 0;          // rows delivered before the first failure
    std::string error;     // of the open or of the failing read
    std::vector<uint8_t> pixels;
};

// Reads `path` through openImageRows in bands of `band` rows until the end or a failure.
StreamOutcome streamOutcome(const QString &path, const DecodeOptions &opt, int band)
{
    StreamOutcome r;
    OpenedImage o;
    r.opened = openImageRows(path.toStdString(), opt, o, r.error);
    if (!r.opened)
        return r;
    const size_t stride = size_t(o.rows->width()) * 4 * size_t(o.rows->depth() / 8);
    std::vector<uint8_t> rows(stride * size_t(band));
    while (r.rows < o.rows->height()) {
        const int n = std::min(band, o.rows->height() - r.rows);
        const bool ok = o.rows->readRows(rows.data(), stride, n, r.error);
        const int done = o.rows->rowsRead() - r.rows; // rows of this band delivered
        r.pixels.insert(r.pixels.end(), rows.begin(), rows.begin() + long(stride * size_t(done)));
        r.rows += done;
        if (!ok)
            break;
    }
    return r;
}

} // namespace

// Rows closed before the worker is done (no row read, or a few): the worker stops and
// hands its buffer back; the next file, which may get that buffer, reads libpng's rows.
void TestPngFastStream::streamedClosedEarly()
{
    const Bytes file = simplePng(400, 300, 8, 2, 4, 11);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("e.png"));
    QVERIFY(writeFile(path.toStdString(), file));
    const Outcome ref = viaLibpng(file);
    QVERIFY(ref.ok);
    for (int readFirst : {0, 1, 40}) {
        OpenedImage o;
        std::string error;
        QVERIFY2(openImageRows(path.toStdString(), DecodeOptions(), o, error), error.c_str());
        std::vector<uint8_t> rows(size_t(400) * 4 * 40);
        if (readFirst > 0)
            QVERIFY2(o.rows->readRows(rows.data(), 400 * 4, readFirst, error), error.c_str());
        QVERIFY(std::equal(rows.begin(), rows.begin() + long(readFirst) * 400 * 4, ref.image.row(0)));
        o.rows.reset();
        QVERIFY(samePixels(streamAll(path.toStdString(), DecodeOptions()), ref.image));
    }
}

void TestPngFastStream::streamedDamagedData_data()
{
    QTest::addColumn<Bytes>("file");
    QTest::addColumn<int>("band");
    QTest::addColumn<bool>("othersOpen");
    // Damage inside the image data with the chunk's CRC made right: the chunks parse, so
    // the fast rows open, and the worker finds the damage (or zlib-valid garbage) later.
    const std::vector<std::pair<const char *, Bytes>> bases = {
        {"rgba", simplePng(90, 60, 8, 6, -1, 7)},
        {"rgb", simplePng(64, 40, 8, 2, 4, 8)},
        {"grey16", simplePng(33, 21, 16, 0, -1, 9)},
    };
    for (const auto &[name, base] : bases) {
        // The one IDAT chunk of png_builder's files follows IHDR (8 + 25 bytes).
        const size_t idat = 8 + 25;
        const uint32_t len = uint32_t(base[idat]) << 24 | uint32_t(base[idat + 1]) << 16 |
                             uint32_t(base[idat + 2]) << 8 | base[idat + 3];
        QVERIFY(std::equal(base.begin() + long(idat + 4), base.begin() + long(idat + 8), "IDAT"));
        uint32_t s = 4242;
        for (int k = 0; k < 40; ++k) {
            s = s * 1664525u + 1013904223u;
            Bytes m = base;
            const size_t at = idat + 8 + (s >> 8) % len;
            m[at] ^= uint8_t(1u << (s & 7));
            const uint32_t crc = uint32_t(crc32(0, m.data() + idat + 4, len + 4));
            for (int i = 0; i < 4; ++i)
                m[idat + 8 + len + size_t(i)] = uint8_t(crc >> (24 - 8 * i));
            QTest::addRow("%s-flip-%zu-band%d", name, at, 1 + k % 3 * 7) << m << 1 + k % 3 * 7 << false;
            if (k % 4 == 0)
                QTest::addRow("%s-flip-%zu-band%d-others-open", name, at, 1 + k % 3 * 7) << m << 1 + k % 3 * 7 << true;
        }
        QTest::addRow("%s-intact", name) << base << 5 << false;
        QTest::addRow("%s-intact-others-open", name) << base << 5 << true;
    }
}

// The fast rows (worker inflating behind the open) give what libpng's streamed rows give:
// the same rows before a failure, and the same reason at the same row. With another pair's
// fast rows open (another comparison at the same time), the rows are inflated on the caller
// while it opens them, with the same outcome.
void TestPngFastStream::streamedDamagedData()
{
    QFETCH(Bytes, file);
    QFETCH(int, band);
    QFETCH(bool, othersOpen);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("d.png"));
    QVERIFY(writeFile(path.toStdString(), file));
    const QString other = dir.filePath(QStringLiteral("other.png"));
    QVERIFY(writeFile(other.toStdString(), simplePng(40, 30, 8, 6, -1, 3)));
    OpenedImage others[2];
    for (OpenedImage &o : others) {
        std::string error;
        if (othersOpen)
            QVERIFY2(openImageRows(other.toStdString(), DecodeOptions(), o, error) && o.route == "rows", error.c_str());
    }
    DecodeOptions fast, libpngOnly;
    libpngOnly.wholeFrameByteLimit = 4; // leaves the fast path no room
    const StreamOutcome a = streamOutcome(path, fast, band);
    const StreamOutcome b = streamOutcome(path, libpngOnly, band);
    QCOMPARE(a.opened, b.opened);
    QCOMPARE(a.error, b.error);
    QCOMPARE(a.rows, b.rows);
    QVERIFY(a.pixels == b.pixels);
}

QTEST_GUILESS_MAIN(TestPngFastStream)
#include "tst_png_fast_stream.moc"

// compareFiles on generated images: identical, sizes, layout, ignore, depth, alpha, errors.
#include "test_images.h"

#include "difflens/compare/compare.h"
#include "difflens/imaging/decode.h"

#include <QTemporaryDir>
#include <QTest>

using namespace difflens;

class TestCompare : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)).toStdString(); }
    std::string saved(const QImage &img, const char *name) const
    {
        const std::string p = path(name);
        if (!testimg::save(img, QString::fromStdString(p)))
            qFatal("cannot write %s", p.c_str());
        return p;
    }
    static CompareOptions cpuOptions()
    {
        CompareOptions o;
        o.job.device = Device::Cpu;
        return o;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void identical()
    {
        const QImage img = testimg::screen(160, 100);
        const CompareResult r = compareFiles(saved(img, "same-a.png"), saved(img, "same-b.png"), cpuOptions());
        QVERIFY2(r.ok, r.errorMessage().c_str());
        QVERIFY(r.identical);
        QVERIFY(!r.layoutDiffers);
        QVERIFY(!r.isDifferent());
        QCOMPARE(r.job.counts.mismatched, int64_t(0));
        QCOMPARE(r.exactDiffering, int64_t(0));
        QCOMPARE(r.job.totalPixels, int64_t(160 * 100));
        QCOMPARE(r.a.width, 160);
        QCOMPARE(r.b.height, 100);
        QCOMPARE(r.a.depth, 8);
        QVERIFY(r.timings.decodeMs >= 0);
    }

    void differentPixels()
    {
        const QImage a = testimg::screen(160, 100);
        const QImage b = testimg::withBlock(a, QRect(10, 60, 12, 8), Qt::red);
        CompareOptions opt = cpuOptions();
        opt.diffImagePath = path("diff.png");
        const CompareResult r = compareFiles(saved(a, "px-a.png"), saved(b, "px-b.png"), opt);
        QVERIFY2(r.ok, r.errorMessage().c_str());
        QVERIFY(!r.identical);
        QVERIFY(r.isDifferent());
        QCOMPARE(r.job.counts.mismatched, int64_t(12 * 8));
        QCOMPARE(r.exactDiffering, int64_t(12 * 8));
        QCOMPARE(r.job.regions.size(), size_t(1));
        QCOMPARE(r.job.regions[0].box, (Rect{10, 60, 12, 8}));
        // The diff image is written as a PNG of the compared size.
        ImageHeader h;
        std::string err;
        QVERIFY2(probeImageHeader(opt.diffImagePath, h, err), err.c_str());
        QCOMPARE(h.width, 160);
        QCOMPARE(h.height, 100);
    }

    void differentSizesCompareCommonArea()
    {
        const QImage a = testimg::screen(120, 90);
        QImage b(150, 80, QImage::Format_RGB32);
        b.fill(Qt::white);
        {
            QPainter p(&b);
            p.drawImage(0, 0, a.copy(0, 0, 120, 80));
            p.fillRect(QRect(5, 5, 4, 3), Qt::green);
        }
        const CompareResult r = compareFiles(saved(a, "size-a.png"), saved(b, "size-b.png"), cpuOptions());
        QVERIFY2(r.ok, r.errorMessage().c_str());
        QVERIFY(r.layoutDiffers);
        QVERIFY(!r.identical);
        QVERIFY(r.isDifferent());
        QCOMPARE(r.a.width, 120);
        QCOMPARE(r.a.height, 90);
        QCOMPARE(r.b.width, 150);
        QCOMPARE(r.b.height, 80);
        QCOMPARE(r.job.totalPixels, int64_t(120 * 80));
        QCOMPARE(r.job.counts.mismatched, int64_t(4 * 3));
        QCOMPARE(r.exactDiffering, int64_t(4 * 3));
    }

    void failOnLayoutStopsEarly()
    {
        const QImage a = testimg::screen(64, 64);
        const QImage b = testimg::screen(64, 65);
        CompareOptions opt = cpuOptions();
        opt.failOnLayout = true;
        opt.diffImagePath = path("layout-diff.png");
        const CompareResult r = compareFiles(saved(a, "layout-a.png"), saved(b, "layout-b.png"), opt);
        QVERIFY2(r.ok, r.errorMessage().c_str());
        QVERIFY(r.layoutDiffers);
        QVERIFY(r.isDifferent());
        QVERIFY(!r.identical);
        QCOMPARE(r.job.totalPixels, int64_t(0));
        QCOMPARE(r.b.height, 65);
        QVERIFY(!QFile::exists(QString::fromStdString(opt.diffImagePath)));
    }

    void ignoreRegions()
    {
        const QImage a = testimg::screen(100, 100);
        const QImage b = testimg::withBlock(a, QRect(20, 30, 10, 10), Qt::magenta);
        CompareOptions opt = cpuOptions();
        opt.job.ignore = {Rect{15, 25, 20, 20}};
        const CompareResult r = compareFiles(saved(a, "ign-a.png"), saved(b, "ign-b.png"), opt);
        QVERIFY2(r.ok, r.errorMessage().c_str());
        QCOMPARE(r.job.counts.mismatched, int64_t(0));
        QCOMPARE(r.exactDiffering, int64_t(0));
        QCOMPARE(r.job.totalPixels, int64_t(100 * 100 - 20 * 20));
        QVERIFY(r.identical);
        QVERIFY(!r.isDifferent());
        // Partly covered: only the uncovered part counts.
        opt.job.ignore = {Rect{20, 30, 5, 10}};
        const CompareResult partial = compareFiles(path("ign-a.png"), path("ign-b.png"), opt);
        QVERIFY(partial.ok);
        QCOMPARE(partial.job.counts.mismatched, int64_t(5 * 10));
    }

    void sixteenBit()
    {
        QImage a16(40, 30, QImage::Format_RGBA64);
        QImage b16(40, 30, QImage::Format_RGBA64);
        for (int y = 0; y < 30; ++y) {
            for (int x = 0; x < 40; ++x) {
                const QRgba64 c = QRgba64::fromRgba64(quint16(x * 1500), quint16(y * 2000), 40000, 65535);
                a16.setPixelColor(x, y, QColor(c));
                // One 16-bit step apart: exact statistics see it, the pixelmatch threshold does not.
                b16.setPixelColor(x, y, QColor(QRgba64::fromRgba64(quint16(x * 1500 + 1), quint16(y * 2000), 40000, 65535)));
            }
        }
        const CompareResult r = compareFiles(saved(a16, "a16.png"), saved(b16, "b16.png"), cpuOptions());
        QVERIFY2(r.ok, r.errorMessage().c_str());
        QCOMPARE(r.a.depth, 16);
        QCOMPARE(r.b.depth, 16);
        QCOMPARE(r.job.counts.mismatched, int64_t(0));
        QCOMPARE(r.exactDiffering, int64_t(40 * 30));
        QCOMPARE(r.job.stats.maxDelta, 1);
        QVERIFY(!r.identical);
        QVERIFY(!r.isDifferent());
    }

    void mixedDepthComparesAtEightBits()
    {
        QImage a8(32, 32, QImage::Format_RGB32);
        QImage b16(32, 32, QImage::Format_RGBA64);
        for (int y = 0; y < 32; ++y) {
            for (int x = 0; x < 32; ++x) {
                const int r = x * 8, g = y * 8, b = 100;
                a8.setPixel(x, y, qRgb(r, g, b));
                b16.setPixelColor(x, y, QColor(QRgba64::fromRgba64(quint16(r * 257), quint16(g * 257), quint16(b * 257), 65535)));
            }
        }
        const CompareResult r = compareFiles(saved(a8, "mix-a8.png"), saved(b16, "mix-b16.png"), cpuOptions());
        QVERIFY2(r.ok, r.errorMessage().c_str());
        QCOMPARE(r.a.depth, 8);
        QCOMPARE(r.b.depth, 16);
        QVERIFY(r.identical);
        QCOMPARE(r.job.stats.peak, 255);
    }

    void alphaCounts()
    {
        QImage a(20, 20, QImage::Format_ARGB32);
        a.fill(QColor(0, 0, 0, 255));
        QImage b = a;
        for (int x = 0; x < 20; ++x)
            b.setPixelColor(x, 0, QColor(0, 0, 0, 0)); // transparent over white: visibly different
        const CompareResult r = compareFiles(saved(a, "alpha-a.png"), saved(b, "alpha-b.png"), cpuOptions());
        QVERIFY2(r.ok, r.errorMessage().c_str());
        QCOMPARE(r.b.channels, 4);
        QCOMPARE(r.job.counts.mismatched, int64_t(20));
        QCOMPARE(r.exactDiffering, int64_t(20));
    }

    void badInputs_data()
    {
        QTest::addColumn<QString>("which");
        QTest::newRow("missing A") << "missing-a";
        QTest::newRow("missing B") << "missing-b";
        QTest::newRow("corrupt B") << "corrupt-b";
        QTest::newRow("empty A") << "empty-a";
    }
    void badInputs()
    {
        QFETCH(QString, which);
        const std::string good = saved(testimg::screen(16, 16), "good.png");
        const std::string corrupt = path("corrupt.png");
        QVERIFY(testimg::writeBytes(QString::fromStdString(corrupt), QByteArray("\x89PNG\r\n\x1a\nnot really", 18)));
        const std::string empty = path("empty.png");
        QVERIFY(testimg::writeBytes(QString::fromStdString(empty), QByteArray()));
        const std::string missing = path("does-not-exist.png");

        std::string a = good, b = good, expected;
        if (which == "missing-a")
            a = expected = missing;
        else if (which == "missing-b")
            b = expected = missing;
        else if (which == "corrupt-b")
            b = expected = corrupt;
        else
            a = expected = empty;
        const CompareResult r = compareFiles(a, b, cpuOptions());
        QVERIFY(!r.ok);
        QCOMPARE(QString::fromStdString(r.errorFile), QString::fromStdString(expected));
        QVERIFY(!r.errorReason.empty());
        QVERIFY(r.errorMessage().rfind(expected + ": ", 0) == 0);
        QVERIFY(r.errorReason.find('\n') == std::string::npos);
    }

    void pixelLimit()
    {
        const std::string a = saved(testimg::screen(30, 30), "limit-a.png");
        CompareOptions opt = cpuOptions();
        opt.maxPixels = 500;
        const CompareResult r = compareFiles(a, a, opt);
        QVERIFY(!r.ok);
        QCOMPARE(QString::fromStdString(r.errorFile), QString::fromStdString(a));
    }

    void keepImages()
    {
        const std::string a = saved(testimg::screen(24, 12), "keep.png");
        CompareOptions opt = cpuOptions();
        opt.keepImages = true;
        const CompareResult r = compareFiles(a, a, opt);
        QVERIFY(r.ok);
        QVERIFY(r.imageA && r.imageB);
        QCOMPARE(r.imageA->width(), 24);
        QCOMPARE(r.imageB->height(), 12);
    }
};

QTEST_GUILESS_MAIN(TestCompare)
#include "tst_compare.moc"

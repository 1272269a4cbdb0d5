// Single-pair PDF reports checked with poppler's tools: text, page count and size, pixels of
// the drawn images at their known places, JPEG/lossless embedding, internal links, and that a
// failed write leaves nothing behind.
#include "report_test_util.h"

#include "difflens/compare/heatmap.h"
#include "difflens/report/report.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace difflens;
using namespace reporttest;

class TestReport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

    // A: blue 400x200; B: the right half yellow.
    static CompareResult halfYellow(bool ssim = false, CompareOptions *used = nullptr)
    {
        const Image a = solid(400, 200, 0, 0, 255);
        Image b = a;
        fillRect(b, Rect{200, 0, 200, 200}, 255, 255, 0);
        return compare(a, b, ssim, used);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (!havePoppler())
            QSKIP("poppler-utils (pdftotext, pdfinfo, pdftoppm) not installed");
    }

    void textAndPages_data()
    {
        QTest::addColumn<int>("pageSize");
        QTest::addColumn<QString>("expectedSize");
        QTest::newRow("a4") << int(report::PageSize::A4) << QStringLiteral("595 x 842 pts (A4)");
        QTest::newRow("letter") << int(report::PageSize::Letter) << QStringLiteral("612 x 792 pts (letter)");
    }

    void textAndPages()
    {
        QFETCH(int, pageSize);
        QFETCH(QString, expectedSize);
        CompareOptions used;
        const CompareResult r = halfYellow(true, &used);
        QVERIFY(r.ok);
        QCOMPARE(r.job.counts.mismatched, int64_t(200 * 200));
        report::ReportOptions opt;
        opt.pageSize = report::PageSize(pageSize);
        const QString pdf = path(QStringLiteral("single-%1.pdf").arg(pageSize));
        const report::ReportResult res = report::writeSingleReport(r, used, opt, pdf.toStdString());
        QVERIFY2(res.ok, res.error.c_str());
        QCOMPARE(res.pages, 2);

        QString size;
        QByteArray err;
        QCOMPARE(pdfPages(pdf, &size, &err), 2);
        QVERIFY2(err.isEmpty(), err.constData()); // the rewritten file parses cleanly
        QCOMPARE(size, expectedSize);

        const QString text = pdfText(pdf);
        QVERIFY(text.contains(QLatin1String("DiffLens report")));
        QVERIFY(text.contains(QLatin1String("a.png vs b.png")));
        QVERIFY(text.contains(QLatin1String("/data/a.png")));
        QVERIFY(text.contains(QLatin1String("different")));
        QVERIFY(text.contains(QLatin1String("50.00 %")));                // mismatch in the table and metrics
        QVERIFY(text.contains(QStringLiteral("40000 px")));     // mismatched pixels
        QVERIFY(text.contains(QString::number(r.job.ssim->mean, 'f', 4))); // SSIM
        QVERIFY(text.contains(QLatin1String("x 200, y 0")));             // the region's coordinates
        QVERIFY(text.contains(QLatin1String("Page 2 of 2")));
        QVERIFY(text.contains(QLatin1String("high tier")));
    }

    // The images appear in the right colours at the places the layout puts them (A4, page 2).
    void pixelsAtKnownPlaces()
    {
        CompareOptions used;
        const CompareResult r = halfYellow(false, &used);
        const QString pdf = path(QStringLiteral("pixels.pdf"));
        const report::ReportResult res = report::writeSingleReport(r, used, {}, pdf.toStdString());
        QVERIFY2(res.ok, res.error.c_str());
        const int dpi = 144;
        const QImage page = renderPage(pdf, 2, dpi, path(QStringLiteral("pixels-page")));
        QCOMPARE(page.size(), QSize(595 * 2, 842 * 2));
        const auto at = [&page, dpi](double xPt, double yPt) {
            return meanAround(page, int(xPt * dpi / 72), int(yPt * dpi / 72));
        };
        // Layout (points): content from x 40; image boxes 251.5 x 188, the 2:1 images fill the
        // width (125.75 high) and are centred; A row centre y 192, diff row centre y 397.
        const double rowA = 192, rowDiff = 397, left = 40, right = 40 + 251.5 + 12;
        QVERIFY2(near(at(left + 125.75, rowA), QColor(0, 0, 255), 12), "A is blue");
        QVERIFY2(near(at(right + 251.5 * 0.25, rowA), QColor(0, 0, 255), 12), "B's left half is blue");
        QVERIFY2(near(at(right + 251.5 * 0.75, rowA), QColor(255, 255, 0), 12), "B's right half is yellow");
        QVERIFY2(near(at(left + 251.5 * 0.75, rowDiff), QColor(255, 0, 0), 2), "diff is exact red (lossless)");
        // Heatmap (205.5 wide): the changed half at full scale is the ramp's darkest colour.
        QVERIFY2(near(at(right + 205.5 * 0.75, rowDiff), QColor(110, 0, 40), 3), "heatmap maximum");
        QVERIFY2(near(at(right + 205.5 * 0.25, rowDiff), QColor(252, 252, 250), 3), "heatmap zero");
    }

    // FLIP computed: its mean in the table, the caption and the metrics, and its error map
    // (magma) beside the heatmap: black where nothing changed, bright over the changed half.
    void flipMeanAndMap()
    {
        const Image a = solid(400, 200, 0, 0, 255);
        Image b = a;
        fillRect(b, Rect{200, 0, 200, 200}, 255, 255, 0);
        CompareOptions used;
        used.keepImages = true;
        used.job.computeFlip = true;
        used.job.flip.wantMap = true;
        CompareResult r = compareImages(a, b, ImageInfo{"/data/a.png", 400, 200, 4, 8},
                                        ImageInfo{"/data/b.png", 400, 200, 4, 8}, used);
        QVERIFY(r.ok && r.job.flip && !r.job.flip->map.data.empty());
        r.imageA = std::make_shared<const Image>(a);
        r.imageB = std::make_shared<const Image>(b);
        const QString pdf = path(QStringLiteral("flip.pdf"));
        const report::ReportResult res = report::writeSingleReport(r, used, {}, pdf.toStdString());
        QVERIFY2(res.ok, res.error.c_str());
        const QString text = pdfText(pdf);
        const double mean = r.job.flip->mean;
        QVERIFY(mean > 0.05);
        QVERIFY(text.contains(QLatin1String("FLIP")));
        QVERIFY2(text.contains(QStringLiteral("FLIP error \u00b7 mean %1").arg(mean, 0, 'f', 4)), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("mean %1").arg(mean, 0, 'f', 5)));       // metrics
        QVERIFY(text.contains(QLatin1String("pixel, FLIP (LDR-FLIP 1.6, 67.0 pixels per degree)")));
        QVERIFY(text.count(QString::number(mean, 'f', 4)) >= 2);                       // table and caption

        const int dpi = 144;
        const QImage page = renderPage(pdf, 2, dpi, path(QStringLiteral("flip-page")));
        const auto at = [&page, dpi](double xPt, double yPt) {
            return meanAround(page, int(xPt * dpi / 72), int(yPt * dpi / 72));
        };
        // The right half of the row (from x 303.5, 251.5 wide) holds the heatmap and the FLIP
        // map, each (251.5 - 8) / 2 wide with a 34-point legend: the map from x 433.25, 87.75 wide.
        const double rowDiff = 397, mapLeft = 303.5 + 121.75 + 8, mapW = 87.75;
        const QColor zero = at(mapLeft + mapW * 0.2, rowDiff), changed = at(mapLeft + mapW * 0.8, rowDiff);
        const QRgb magma0 = magmaRampTable()[0];
        QVERIFY2(near(zero, QColor(qRed(magma0), qGreen(magma0), qBlue(magma0)), 6), qPrintable(zero.name()));
        QVERIFY2(changed.red() + changed.green() + changed.blue() > 300, qPrintable(changed.name()));
    }

    void imagesEmbedding()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("pdfimages")).isEmpty())
            QSKIP("pdfimages not installed");
        CompareOptions used;
        const CompareResult r = halfYellow(false, &used);
        const QString pdf = path(QStringLiteral("embed.pdf"));
        const report::ReportResult res = report::writeSingleReport(r, used, {}, pdf.toStdString());
        QVERIFY2(res.ok, res.error.c_str());
        QVERIFY(res.jpegQualityApplied);
        const QString list = QString::fromUtf8(run(QStringLiteral("pdfimages"), {QStringLiteral("-list"), pdf}));
        int jpeg = 0, flate = 0;
        for (const QString &line : list.split(QLatin1Char('\n'))) {
            const QStringList f = line.simplified().split(QLatin1Char(' '));
            if (f.size() > 8 && f[2] == QLatin1String("image"))
                (f[8] == QLatin1String("jpeg") ? jpeg : flate) += 1;
        }
        QCOMPARE(jpeg, res.jpegImages);          // A, B and their region crops
        QCOMPARE(flate, res.losslessImages);     // diff, heatmap, legend, diff crops
        QCOMPARE(jpeg, 2 + 2);                   // one region
        QVERIFY(flate >= 3);
    }

    // The quality setting reaches the file: a photo-like image is much smaller at quality 30.
    void jpegQuality()
    {
        Image a(800, 500, 4, 8);
        uint32_t seed = 12345;
        for (int y = 0; y < a.height(); ++y)
            for (int x = 0; x < a.width(); ++x) {
                seed = seed * 1664525u + 1013904223u;
                uint8_t *p = a.row(y) + size_t(x) * 4;
                p[0] = uint8_t((x + (seed >> 24)) & 255);
                p[1] = uint8_t((y * 2 + (seed >> 16)) & 255);
                p[2] = uint8_t((x ^ y) & 255);
                p[3] = 255;
            }
        Image b = a;
        fillRect(b, Rect{10, 10, 40, 40}, 0, 0, 0);
        CompareOptions used;
        const CompareResult r = compare(a, b, false, &used);
        qint64 sizes[2] = {};
        const int qualities[2] = {30, 95};
        for (int i = 0; i < 2; ++i) {
            report::ReportOptions opt;
            opt.jpegQuality = qualities[i];
            const QString pdf = path(QStringLiteral("q%1.pdf").arg(qualities[i]));
            const report::ReportResult res = report::writeSingleReport(r, used, opt, pdf.toStdString());
            QVERIFY2(res.ok, res.error.c_str());
            QVERIFY(res.jpegQualityApplied);
            sizes[i] = QFileInfo(pdf).size();
            QCOMPARE(res.bytes, sizes[i]);
        }
        QVERIFY2(sizes[0] * 10 < sizes[1] * 8, qPrintable(QStringLiteral("%1 vs %2").arg(sizes[0]).arg(sizes[1])));
    }

    void internalLinks()
    {
        CompareOptions used;
        const CompareResult r = halfYellow(false, &used);
        const QString pdf = path(QStringLiteral("links.pdf"));
        const report::ReportResult res = report::writeSingleReport(r, used, {}, pdf.toStdString());
        QVERIFY2(res.ok, res.error.c_str());
        QCOMPARE(res.internalLinks, 2); // the pair's name and its page number
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.contains("/Dest ["));
        QVERIFY(!bytes.contains("/URI (#page-"));
    }

    // Many regions continue on further pages; the page count is the planned one.
    void regionPages()
    {
        Image a = solid(600, 400, 255, 255, 255);
        Image b = a;
        for (int i = 0; i < 20; ++i)
            fillRect(b, Rect{20 + (i % 5) * 110, 20 + (i / 5) * 95, 30, 20}, 0, 0, 0);
        CompareOptions used;
        const CompareResult r = compare(a, b, false, &used);
        QCOMPARE(int(r.job.regions.size()), 20);
        const QString pdf = path(QStringLiteral("regions.pdf"));
        const report::ReportResult res = report::writeSingleReport(r, used, {}, pdf.toStdString());
        QVERIFY2(res.ok, res.error.c_str());
        // Summary 1 + pair: 2 regions on its first page, 12 per further page -> 1 + 2.
        QCOMPARE(res.pages, 4);
        QCOMPARE(pdfPages(pdf), 4);
        const QString text = pdfText(pdf);
        QVERIFY(text.contains(QLatin1String("Regions 15\u201320 of 20")) || text.contains(QLatin1String("Regions 15")));
        QVERIFY(text.contains(QLatin1String("Page 4 of 4")));
    }

    void failedWriteLeavesNothing()
    {
        CompareOptions used;
        const CompareResult r = halfYellow(false, &used);
        QTemporaryDir dir;
        const QString pdf = dir.filePath(QStringLiteral("out.pdf"));
        report::ReportOptions opt;
        opt.faultHook = [](const std::string &stage) { return stage == "painted"; };
        report::ReportResult res = report::writeSingleReport(r, used, opt, pdf.toStdString());
        QVERIFY(!res.ok);
        QVERIFY(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::Hidden).isEmpty());

        // An existing report stays as it was.
        {
            QFile old(pdf);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("previous report");
        }
        res = report::writeSingleReport(r, used, opt, pdf.toStdString());
        QVERIFY(!res.ok);
        QFile old(pdf);
        QVERIFY(old.open(QIODevice::ReadOnly));
        QCOMPARE(old.readAll(), QByteArray("previous report"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::Hidden).size(), 1);

        // Missing folder: a clear error naming the file.
        res = report::writeSingleReport(r, used, {}, dir.filePath(QStringLiteral("no/such/out.pdf")).toStdString());
        QVERIFY(!res.ok);
        QVERIFY2(QString::fromStdString(res.error).contains(QLatin1String("does not exist")), res.error.c_str());
    }

    void readOnlyFolder()
    {
        if (::geteuid() == 0)
            QSKIP("running as root: permissions are not enforced");
        CompareOptions used;
        const CompareResult r = halfYellow(false, &used);
        QTemporaryDir dir;
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner);
        const QString pdf = dir.filePath(QStringLiteral("out.pdf"));
        const report::ReportResult res = report::writeSingleReport(r, used, {}, pdf.toStdString());
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY(!res.ok);
        QVERIFY2(QString::fromStdString(res.error).startsWith(pdf), res.error.c_str());
        QVERIFY(!QFile::exists(pdf));
    }
};

QTEST_MAIN(TestReport)
#include "tst_report.moc"

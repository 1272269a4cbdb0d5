// Session and folder reports of pairs too large to decode whole (difflens/report/pair_layers.h):
// a pair over the memory budget is compared again in one streamed pass and drawn from its layer
// store with the numbers of the whole-frame route; an added file over the budget is shown as a
// reduced copy read row by row; the command line's peak stays below the whole-frame route's.
#include "report_test_util.h"

#include "difflens/compare/load.h"
#include "difflens/report/pair_layers.h"
#include "difflens/report/report.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace difflens;
using namespace reporttest;

namespace {

// A w x h gradient with a checker, so reductions and crops are all different; `changed` adds
// two boxes.
QImage picture(int w, int h, bool changed)
{
    QImage img(w, h, QImage::Format_RGBA8888);
    for (int y = 0; y < h; ++y) {
        uchar *row = img.scanLine(y);
        for (int x = 0; x < w; ++x) {
            row[4 * x] = uchar((x * 255) / w);
            row[4 * x + 1] = uchar((y * 255) / h);
            row[4 * x + 2] = ((x / 16 + y / 16) % 2) ? 200 : 60;
            row[4 * x + 3] = 255;
        }
    }
    if (changed) {
        for (const QRect &r : {QRect(w / 5, h / 4, 40, 30), QRect(w - 70, h / 2, 60, 50)})
            for (int y = r.top(); y <= r.bottom(); ++y)
                for (int x = r.left(); x <= r.right(); ++x)
                    img.setPixel(x, y, qRgba(10, 90, 220, 255));
    }
    return img;
}

} // namespace

class TestReportSessionStreamed : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_base, m_cur, m_session;

    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_base = path(QStringLiteral("baseline"));
        m_cur = path(QStringLiteral("current"));
        QVERIFY(QDir().mkpath(m_base) && QDir().mkpath(m_cur));
        QVERIFY(savePng(m_base + QStringLiteral("/page.png"), picture(1400, 1000, false)));
        QVERIFY(savePng(m_cur + QStringLiteral("/page.png"), picture(1400, 1000, true)));
        QVERIFY(savePng(m_cur + QStringLiteral("/wide.png"), picture(3000, 1500, false)));
        m_session = path(QStringLiteral("session.json"));
        std::string error;
        QVERIFY2(saveFlaggedSession(m_base, m_cur, "page.png", "Two boxes", m_session, error), error.c_str());
    }

    // Which route a report takes, by the pair's pixels and the budget.
    void routeByBudget_data()
    {
        QTest::addColumn<qint64>("budget");
        QTest::addColumn<bool>("pairStreams");
        QTest::addColumn<bool>("imageStreams");
        // page.png: 1400 x 1000 (16 bytes a pixel for a pair: 22.4 MB); wide.png 3000 x 1500
        // (4 bytes a pixel alone: 18 MB).
        QTest::newRow("no budget") << qint64(0) << false << false;
        QTest::newRow("1 GiB") << (qint64(1) << 30) << false << false;
        QTest::newRow("20 MiB") << (qint64(20) << 20) << true << false;
        QTest::newRow("16 MiB") << (qint64(16) << 20) << true << true;
    }

    void routeByBudget()
    {
        QFETCH(qint64, budget);
        QFETCH(bool, pairStreams);
        QFETCH(bool, imageStreams);
        const std::string a = (m_base + QStringLiteral("/page.png")).toStdString();
        const std::string b = (m_cur + QStringLiteral("/page.png")).toStdString();
        QCOMPARE(report::wantsStreamedReport(a, b, budget), pairStreams);
        QCOMPARE(report::wantsStreamedImage((m_cur + QStringLiteral("/wide.png")).toStdString(), budget),
                 imageStreams);
        QVERIFY(!report::wantsStreamedReport(a, path(QStringLiteral("missing.png")).toStdString(), 1));
    }

    // The reduced copy is the block average of the decoded image.
    void previewIsTheBlockAverage_data()
    {
        QTest::addColumn<int>("maxEdge");
        QTest::addColumn<int>("factor");
        QTest::newRow("fits: no reduction") << 3000 << 1;
        QTest::newRow("halved") << 2048 << 2;
        QTest::newRow("odd edges, 1/16") << 190 << 16;
    }

    void previewIsTheBlockAverage()
    {
        QFETCH(int, maxEdge);
        QFETCH(int, factor);
        const std::string file = (m_cur + QStringLiteral("/wide.png")).toStdString();
        const LoadedImage whole = loadImageFile(file, CompareOptions().maxPixels);
        const LoadedImage preview = loadImagePreview(file, maxEdge, CompareOptions().maxPixels);
        QVERIFY2(whole.ok && preview.ok, preview.error.c_str());
        QCOMPARE(preview.info.width, 3000);
        QCOMPARE(preview.info.height, 1500);
        QCOMPARE(preview.image.width(), (3000 + factor - 1) / factor);
        QCOMPARE(preview.image.height(), (1500 + factor - 1) / factor);
        for (const QPoint p : {QPoint(0, 0), QPoint(preview.image.width() / 2, preview.image.height() / 3),
                               QPoint(preview.image.width() - 1, preview.image.height() - 1)}) {
            const int x0 = p.x() * factor, y0 = p.y() * factor;
            const int x1 = std::min(x0 + factor, 3000), y1 = std::min(y0 + factor, 1500);
            for (int c = 0; c < 4; ++c) {
                uint64_t sum = 0;
                for (int y = y0; y < y1; ++y)
                    for (int x = x0; x < x1; ++x)
                        sum += whole.image.row(y)[size_t(x) * 4 + c];
                const uint64_t n = uint64_t(x1 - x0) * uint64_t(y1 - y0);
                QCOMPARE(int(preview.image.row(p.y())[size_t(p.x()) * 4 + c]), int((sum + n / 2) / n));
            }
        }
        const LoadedImage missing = loadImagePreview(path(QStringLiteral("missing.png")).toStdString(), 100, 1 << 30);
        QVERIFY(!missing.ok && !missing.error.empty());
    }

    // The session report says the same by either route; the streamed one says where it
    // shows a reduced copy.
    void sameNumbersBothRoutes()
    {
        report::SessionReportInput in;
        std::string error;
        QVERIFY2(report::loadSessionInput(m_session.toStdString(), in, error), error.c_str());
        report::ReportOptions whole, streamed;
        whole.jpegQuality = streamed.jpegQuality = 90;
        streamed.compare.job.memoryBudget = qint64(16) << 20;
        const QString dirW = path(QStringLiteral("html-whole")), dirS = path(QStringLiteral("html-streamed"));
        const report::ReportResult w = report::writeSessionHtmlReport(in, whole, dirW.toStdString());
        const report::ReportResult s = report::writeSessionHtmlReport(in, streamed, dirS.toStdString());
        QVERIFY2(w.ok, w.error.c_str());
        QVERIFY2(s.ok, s.error.c_str());
        const QString htmlW = readText(dirW + QStringLiteral("/index.html"));
        const QString htmlS = readText(dirS + QStringLiteral("/index.html"));
        static const QRegularExpression remark(QStringLiteral("<p class=\"remark\">([^<]*)</p>"));
        QStringList remarks;
        for (auto it = remark.globalMatch(htmlS); it.hasNext();)
            remarks << it.next().captured(1);
        QCOMPARE(s.pairPages, w.pairPages);
        QVERIFY2(s.jpegImages + s.losslessImages == w.jpegImages + w.losslessImages,
                 qPrintable(remarks.join(QLatin1Char('\n'))));
        const QString metrics = htmlMetrics(htmlS);
        QVERIFY(metrics.contains(QLatin1String("Mismatched: ")));
        QVERIFY(metrics.contains(QLatin1String("<li>x ")));
        QCOMPARE(metrics, htmlMetrics(htmlW));
        QVERIFY(htmlS.contains(QStringLiteral("shown reduced to 1500\u00d7750")));
        QVERIFY(!htmlW.contains(QLatin1String("shown reduced")));
        if (!havePoppler())
            QSKIP("pdftotext not installed (scripts/install-deps.sh installs poppler-utils)");
        const QString pdf = path(QStringLiteral("streamed.pdf"));
        const report::ReportResult p = report::writeSessionReport(in, streamed, pdf.toStdString());
        QVERIFY2(p.ok, p.error.c_str());
        QVERIFY(pdfText(pdf).simplified().contains(QStringLiteral("shown reduced to 1500\u00d7750")));
    }

    // `compare A B --html` of a pair over the budget: one layered pass (the compare itself), or
    // two when a diff image is written too; the same report as the whole-frame route.
    void singlePairRoutes_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<int>("passes"); // over the files: the engine's "done" lines under -v
        QTest::newRow("one pass") << QStringList{QStringLiteral("--memory-budget"), QStringLiteral("20M")} << 1;
        QTest::newRow("two passes (diff image)")
            << QStringList{QStringLiteral("--memory-budget"), QStringLiteral("20M"), QStringLiteral("--diff-image"),
                           path(QStringLiteral("diff.png"))}
            << 2;
        QTest::newRow("one pass, no crops")
            << QStringList{QStringLiteral("--memory-budget"), QStringLiteral("20M"), QStringLiteral("--max-regions"),
                           QStringLiteral("0")}
            << 1;
    }

    void singlePairRoutes()
    {
        QFETCH(QStringList, extra);
        QFETCH(int, passes);
        const QString cli = QStringLiteral(DIFFLENS_CLI_PATH);
        const QString a = m_base + QStringLiteral("/page.png"), b = m_cur + QStringLiteral("/page.png");
        const bool crops = !extra.contains(QStringLiteral("--max-regions"));
        QStringList wholeArgs{QStringLiteral("compare"), a, b, QStringLiteral("-q"), QStringLiteral("--html"),
                              path(QStringLiteral("single-whole"))};
        if (!crops)
            wholeArgs << QStringLiteral("--max-regions") << QStringLiteral("0");
        int exitCode = -1;
        QByteArray output;
        QVERIFY(peakKiB(cli, wholeArgs, path(QStringLiteral("time-w.txt")), &output, &exitCode) > 0);
        QVERIFY2(exitCode == 1, output.constData());
        const QString dir = path(QStringLiteral("single-") + QString::fromLatin1(QTest::currentDataTag()));
        const QStringList args{QStringLiteral("compare"), a, b, QStringLiteral("-q"), QStringLiteral("-v"),
                               QStringLiteral("--html"), dir};
        QVERIFY(peakKiB(cli, args + extra, path(QStringLiteral("time-s.txt")), &output, &exitCode) > 0);
        QVERIFY2(exitCode == 1, output.constData());
        QVERIFY2(output.count("difflens job: done streamed") == passes, output.constData());
        const QString metrics = htmlMetrics(readText(dir + QStringLiteral("/index.html")));
        QVERIFY(metrics.contains(QLatin1String("Mismatched: ")));
        QCOMPARE(metrics, htmlMetrics(readText(path(QStringLiteral("single-whole/index.html")))));
        QCOMPARE(metrics.contains(QLatin1String("<li>x ")), crops);
    }

    // A folder compare with a report under --memory-budget streams the pairs whose frames do
    // not fit: its peak stays below the whole-frame route's, with the same counts.
    void commandLinePeak()
    {
        if (!QFileInfo(QStringLiteral("/usr/bin/time")).isExecutable())
            QSKIP("GNU time (/usr/bin/time) not installed: the peak RSS of the child cannot be read");
        const QString base = path(QStringLiteral("big-base")), cur = path(QStringLiteral("big-cur"));
        QVERIFY(QDir().mkpath(base) && QDir().mkpath(cur));
        QVERIFY(savePng(base + QStringLiteral("/big.png"), picture(4000, 3000, false)));
        QVERIFY(savePng(cur + QStringLiteral("/big.png"), picture(4000, 3000, true)));
        QVERIFY(savePng(cur + QStringLiteral("/added.png"), picture(4000, 3000, false)));
        const QString cli = QStringLiteral(DIFFLENS_CLI_PATH);
        qint64 peaks[2] = {-1, -1};
        for (int streamed = 0; streamed < 2; ++streamed) {
            QStringList args{QStringLiteral("compare"), base, cur, QStringLiteral("--html"),
                             path(streamed ? QStringLiteral("big-html-s") : QStringLiteral("big-html-w"))};
            if (streamed)
                args << QStringLiteral("--memory-budget") << QStringLiteral("32M");
            QByteArray output;
            int exitCode = -1;
            peaks[streamed] = peakKiB(cli, args, path(QStringLiteral("time-%1.txt").arg(streamed)), &output, &exitCode);
            QVERIFY2(peaks[streamed] > 0 && exitCode == 1, output.constData()); // 1: the pairs differ
        }
        qInfo("peak RSS: --memory-budget 32M %lld KiB, whole frame %lld KiB", qlonglong(peaks[1]),
              qlonglong(peaks[0]));
        const QString htmlW = readText(path(QStringLiteral("big-html-w/index.html")));
        const QString htmlS = readText(path(QStringLiteral("big-html-s/index.html")));
        QVERIFY(htmlMetrics(htmlS).contains(QLatin1String("Mismatched: ")));
        QCOMPARE(htmlMetrics(htmlS), htmlMetrics(htmlW));
        QVERIFY(htmlS.contains(QStringLiteral("shown reduced to 2000\u00d71500")));
#if defined(__SANITIZE_ADDRESS__)
        QSKIP("AddressSanitizer inflates the resident set; the bound is checked in the normal build");
#endif
        constexpr qint64 boundKiB = 160 * 1024;
        QVERIFY2(peaks[1] < boundKiB, qPrintable(QStringLiteral("streamed peak %1 KiB").arg(peaks[1])));
        QVERIFY2(peaks[0] > boundKiB, qPrintable(QStringLiteral("whole-frame peak %1 KiB").arg(peaks[0])));
    }
};

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv); // the PDF writer needs a GUI application
    TestReportSessionStreamed t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_report_session_streamed.moc"

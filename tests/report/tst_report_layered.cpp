// Reports of streamed pairs (report.h: writeSingleReport / writeSingleHtmlReport with a layer
// store): the same numbers and text as the whole-frame report, region crops from the
// full-resolution tiles equal to the crops of the decoded images, and the command line's peak
// memory with --memory-budget below the whole-frame route's.
#include "report_test_util.h"

#include "pair_images.h"
#include "print_images.h"

#include "difflens/compare/layered.h"
#include "difflens/report/report.h"

#include <QGuiApplication>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

using namespace difflens;
using namespace reporttest;

namespace {

// A w x h test picture: a gradient with a grid, so crops across tiles are all different; in
// B a few rectangles change (one across a tile corner, one at the right edge).
QImage picture(int w, int h, bool changed, bool deep)
{
    QImage img(w, h, deep ? QImage::Format_RGBA64 : QImage::Format_RGBA8888);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int r = (x * 255) / w, g = (y * 255) / h, b = ((x / 16 + y / 16) % 2) ? 200 : 60;
            if (deep)
                img.setPixelColor(x, y,
                                  QColor::fromRgba64(quint16(r * 257 + (x % 7)), quint16(g * 257 + (y % 5)),
                                                     quint16(b * 257), 65535));
            else
                img.setPixel(x, y, qRgba(r, g, b, 255));
        }
    if (changed) {
        const QRect boxes[] = {QRect(250, 240, 20, 30), QRect(w - 12, h / 2, 12, 40), QRect(40, 30, 90, 6)};
        for (const QRect &box : boxes)
            for (int y = box.top(); y <= box.bottom(); ++y)
                for (int x = box.left(); x <= box.right(); ++x)
                    img.setPixelColor(x, y, QColor(255, 0, 255));
    }
    return img;
}

struct Layered {
    CompareResult result;
    std::shared_ptr<LayerStore> store;
};

// The pair streamed with `used` into a store with small in-memory levels, so level 0 and
// level 1 are tiles; then, when `full`, its full-resolution pass.
Layered streamed(const QString &a, const QString &b, const QString &cacheDir, const CompareOptions &used,
                 bool full)
{
    LayerStore::Options lo;
    lo.cacheDir = cacheDir.toStdString();
    lo.tileSize = 128;
    lo.memoryEdge = 256;
    Layered out;
    out.result = compareFilesLayered(a.toStdString(), b.toStdString(), used, lo,
                                     [&out](const ImageInfo &, const ImageInfo &,
                                            const std::shared_ptr<LayerStore> &s) { out.store = s; });
    std::string error;
    if (full && out.result.ok && out.store &&
        !fillFullResolution(a.toStdString(), b.toStdString(), used, out.store, error))
        out.result.ok = false;
    return out;
}

Layered layered(const QString &a, const QString &b, const QString &cacheDir, CompareOptions &used)
{
    used = CompareOptions();
    return streamed(a, b, cacheDir, used, true);
}

CompareResult whole(const QString &a, const QString &b, CompareOptions &used)
{
    used = CompareOptions();
    used.keepImages = true;
    used.job.wantDiffImage = true;
    return compareFiles(a.toStdString(), b.toStdString(), used);
}

// The report's text without what differs between two runs of the same pair by different
// routes (date, timings, the plan of the job).
QStringList stableLines(const QString &text)
{
    QStringList out;
    static const QRegularExpression varying(QStringLiteral(
        "Date|Plan|Time|Device and tier|\\d+(\\.\\d+)? ms|\\d+(\\.\\d+)? s\\b|tiles?\\b|streamed|whole"));
    for (QString line : text.split(QLatin1Char('\n'))) {
        line = line.simplified();
        if (!line.isEmpty() && !varying.match(line).hasMatch())
            out << line;
    }
    return out;
}

} // namespace

class TestReportLayered : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("DIFFLENS_KEEP_TEST_FILES"));
        QVERIFY(picture(700, 520, false, false).save(path("a8.png")));
        QVERIFY(picture(700, 520, true, false).save(path("b8.png")));
        QVERIFY(picture(700, 520, false, true).save(path("a16.png")));
        QVERIFY(picture(700, 520, true, true).save(path("b16.png")));
    }

    // Rectangles of A, B and the diff assembled from the tiles equal the decoded images'.
    void cropsFromTiles_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<int>("depth");
        QTest::addColumn<QRect>("rect");
        const struct {
            const char *tag;
            QRect r;
        } rects[] = {
            {"inside one tile", QRect(10, 10, 50, 40)},   {"across a tile corner", QRect(240, 230, 40, 50)},
            {"right edge tile", QRect(640, 250, 60, 60)}, {"bottom-right corner", QRect(600, 470, 100, 50)},
            {"whole frame", QRect(0, 0, 700, 520)},
        };
        for (int depth : {8, 16})
            for (const auto &r : rects)
                QTest::addRow("%d-bit, %s", depth, r.tag)
                    << path(depth == 8 ? "a8.png" : "a16.png") << path(depth == 8 ? "b8.png" : "b16.png")
                    << depth << r.r;
    }

    void cropsFromTiles()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(int, depth);
        QFETCH(QRect, rect);
        CompareOptions usedL, usedW;
        const Layered l = layered(a, b, m_dir.path(), usedL);
        QVERIFY2(l.result.ok && l.store, l.result.errorMessage().c_str());
        QVERIFY(!l.store->levelInMemory(0) && !l.store->levelInMemory(1)); // tiles, as for a huge pair
        QVERIFY(l.store->fullResolutionReady());
        const CompareResult w = whole(a, b, usedW);
        QVERIFY2(w.ok, w.errorMessage().c_str());
        QCOMPARE(w.imageA->depth(), depth);

        const Rect r{rect.x(), rect.y(), rect.width(), rect.height()};
        const struct {
            LayerKind kind;
            const Image *image;
        } layers[] = {
            {LayerKind::A, w.imageA.get()}, {LayerKind::B, w.imageB.get()}, {LayerKind::Diff, &w.job.diff}};
        for (const auto &layer : layers) {
            std::string error;
            const Image tiles = report::detail::storeRegion(*l.store, layer.kind, 0, r, error);
            QVERIFY2(!tiles.isNull(), error.c_str());
            const ImageView want = layer.image->view().sub(r);
            QCOMPARE(tiles.width(), want.width);
            QCOMPARE(tiles.height(), want.height);
            QCOMPARE(tiles.depth(), want.depth);
            QCOMPARE(tiles.channels(), want.channels);
            for (int y = 0; y < want.height; ++y)
                QVERIFY2(std::memcmp(tiles.view().row(y), want.row(y), want.width * want.bytesPerPixel()) ==
                             0,
                         qPrintable(QStringLiteral("layer %1, row %2").arg(int(layer.kind)).arg(y)));
        }

        // The report's crop (enlarged for print) is the same picture by either route.
        report::detail::PairContent fromStore, fromImages;
        fromStore.result = &l.result;
        fromStore.store = l.store;
        fromImages.result = &w;
        fromImages.imageA = w.imageA;
        fromImages.imageB = w.imageB;
        for (auto layer :
             {report::detail::PairLayer::A, report::detail::PairLayer::B, report::detail::PairLayer::Diff}) {
            const QImage s = report::detail::layerCrop(fromStore, layer, r, 200, 160);
            QVERIFY(!s.isNull());
            if (rect.width() * 2 <= 200) // printed at one pixel a pixel or enlarged: exact
                QCOMPARE(s, report::detail::layerCrop(fromImages, layer, r, 200, 160));
            else
                QCOMPARE(s.size(), report::detail::layerCrop(fromImages, layer, r, 200, 160).size());
        }
    }

    // The PDF and HTML reports of a streamed pair say what the whole-frame report says.
    void sameNumbersAndText_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::newRow("8-bit") << path("a8.png") << path("b8.png");
        QTest::newRow("16-bit") << path("a16.png") << path("b16.png");
    }

    void sameNumbersAndText()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        CompareOptions usedL, usedW;
        const Layered l = layered(a, b, m_dir.path(), usedL);
        QVERIFY2(l.result.ok, l.result.errorMessage().c_str());
        const CompareResult w = whole(a, b, usedW);
        QVERIFY2(w.ok, w.errorMessage().c_str());
        QCOMPARE(l.result.job.counts.mismatched, w.job.counts.mismatched);
        QVERIFY(w.job.counts.mismatched > 0);

        // Photos at one quality (by default it follows the plan's tier, which the routes choose
        // differently; the numbers do not depend on it).
        report::ReportOptions ropt;
        ropt.jpegQuality = 90;
        const QString tag = QString::fromLatin1(QTest::currentDataTag());
        const QString htmlL = m_dir.filePath(QStringLiteral("html-layered-") + tag);
        const QString htmlW = m_dir.filePath(QStringLiteral("html-whole-") + tag);
        const report::ReportResult hl =
            report::writeSingleHtmlReport(l.result, l.store, usedL, ropt, htmlL.toStdString());
        const report::ReportResult hw = report::writeSingleHtmlReport(w, usedW, ropt, htmlW.toStdString());
        QVERIFY2(hl.ok, hl.error.c_str());
        QVERIFY2(hw.ok, hw.error.c_str());
        QCOMPARE(hl.jpegImages, hw.jpegImages);
        QCOMPARE(hl.losslessImages, hw.losslessImages);
        const QString metricsL = htmlMetrics(readText(htmlL + QStringLiteral("/index.html")));
        QVERIFY(metricsL.contains(QLatin1String("Mismatched: ")));
        QCOMPARE(metricsL, htmlMetrics(readText(htmlW + QStringLiteral("/index.html"))));

        if (!havePoppler())
            QSKIP("pdftotext, pdfinfo or pdftoppm not installed (scripts/install-deps.sh installs "
                  "poppler-utils)");
        const QString pdfL = m_dir.filePath(QStringLiteral("layered-") + tag + QStringLiteral(".pdf"));
        const QString pdfW = m_dir.filePath(QStringLiteral("whole-") + tag + QStringLiteral(".pdf"));
        const report::ReportResult pl =
            report::writeSingleReport(l.result, l.store, usedL, ropt, pdfL.toStdString());
        const report::ReportResult pw = report::writeSingleReport(w, usedW, ropt, pdfW.toStdString());
        QVERIFY2(pl.ok, pl.error.c_str());
        QVERIFY2(pw.ok, pw.error.c_str());
        QCOMPARE(pl.pages, pw.pages);
        QCOMPARE(pl.jpegImages, pw.jpegImages);
        QCOMPARE(pl.losslessImages, pw.losslessImages);
        const QStringList textL = stableLines(pdfText(pdfL)), textW = stableLines(pdfText(pdfW));
        QVERIFY(textL.join(QLatin1Char('\n')).contains(QLatin1String("px differ")));
        QCOMPARE(textL, textW);
    }

    // A streamed pair keeps the FLIP mean, not its map: both forms say so where the map would be.
    void flipMapNotAvailable()
    {
        CompareOptions used;
        used.job.computeFlip = true;
        const Layered l = streamed(path("a8.png"), path("b8.png"), m_dir.path(), used, false);
        const CompareResult &r = l.result;
        const std::shared_ptr<LayerStore> &store = l.store;
        QVERIFY2(r.ok && store, r.errorMessage().c_str());
        QVERIFY(r.job.flip.has_value() && r.job.flip->map.data.empty());
        const QString dir = m_dir.filePath(QStringLiteral("flip-html"));
        const report::ReportResult h = report::writeSingleHtmlReport(r, store, used, {}, dir.toStdString());
        QVERIFY2(h.ok, h.error.c_str());
        const QString html = readText(dir + QStringLiteral("/index.html"));
        QVERIFY(html.contains(QLatin1String("FLIP map not available for streamed pairs")));
        QVERIFY(!QFile::exists(dir + QStringLiteral("/p1-flip.png")));
        if (!havePoppler())
            QSKIP("pdftotext not installed (scripts/install-deps.sh installs poppler-utils)");
        const QString pdf = m_dir.filePath(QStringLiteral("flip.pdf"));
        const report::ReportResult p = report::writeSingleReport(r, store, used, {}, pdf.toStdString());
        QVERIFY2(p.ok, p.error.c_str());
        QVERIFY(pdfText(pdf).simplified().contains(QLatin1String("FLIP map not available")));
    }

    // A streamed pair whose sizes differ: the store holds the compared area only, so the side
    // of another size is not drawn (and says why) and there is no diff.
    void sizesDiffer()
    {
        QVERIFY(picture(660, 520, true, false).save(path("narrow.png")));
        const CompareOptions used;
        const Layered l = streamed(path("a8.png"), path("narrow.png"), m_dir.path(), used, false);
        const CompareResult &r = l.result;
        const std::shared_ptr<LayerStore> &store = l.store;
        QVERIFY2(r.ok && store, r.errorMessage().c_str());
        QVERIFY(r.layoutDiffers);
        const QString dir = m_dir.filePath(QStringLiteral("sizes-html"));
        const report::ReportResult h = report::writeSingleHtmlReport(r, store, used, {}, dir.toStdString());
        QVERIFY2(h.ok, h.error.c_str());
        const QString html = readText(dir + QStringLiteral("/index.html"));
        QVERIFY(html.contains(QLatin1String("keeps the compared area only")));
        QVERIFY(html.contains(QLatin1String("The image sizes differ")));
        QCOMPARE(h.losslessImages, 0); // no diff, no heatmap
        QVERIFY(!QFile::exists(dir + QStringLiteral("/p1-a.jpg")));
    }

    // The command line with --memory-budget streams a pair whose decoded frames would not fit,
    // and its peak stays below the whole-frame route's.
    void commandLinePeak()
    {
        if (!QFileInfo(QStringLiteral("/usr/bin/time")).isExecutable())
            QSKIP("GNU time (/usr/bin/time) not installed: the peak RSS of the child cannot be read");
        const QString a = path("big-a.png"), b = path("big-b.png");
        QVERIFY(picture(4000, 3000, false, false).save(a));
        QVERIFY(picture(4000, 3000, true, false).save(b));
        const QString cli = QStringLiteral(DIFFLENS_CLI_PATH);
        QByteArray outL, outW;
        const qint64 streamed = peakKiB(cli,
                                        {QStringLiteral("compare"), a, b, QStringLiteral("--memory-budget"),
                                         QStringLiteral("64M"), QStringLiteral("--pdf"), path("big-l.pdf")},
                                        path("time-l.txt"), &outL);
        const qint64 wholeFrame =
            peakKiB(cli, {QStringLiteral("compare"), a, b, QStringLiteral("--pdf"), path("big-w.pdf")},
                    path("time-w.txt"), &outW);
        qInfo("peak RSS: --memory-budget 64M %lld KiB, whole frame %lld KiB", qlonglong(streamed),
              qlonglong(wholeFrame));
        QVERIFY2(streamed > 0, outL.constData());
        QVERIFY2(wholeFrame > 0, outW.constData());
        QVERIFY(QFileInfo(path("big-l.pdf")).size() > 0);
        // The same counts printed by both routes.
        static const QRegularExpression counts(QStringLiteral("[0-9,]+ (of|px)[^\\n]*"));
        QCOMPARE(counts.match(QString::fromUtf8(outL)).captured(0),
                 counts.match(QString::fromUtf8(outW)).captured(0));
#if defined(__SANITIZE_ADDRESS__)
        // Shadow memory, red zones and quarantine inflate every resident set: the bound is
        // checked in the normal build (the runs and their outputs are checked above).
        QSKIP("AddressSanitizer inflates the resident set; the bound is checked in the normal build");
#endif
        constexpr qint64 boundKiB = 160 * 1024;
        QVERIFY2(streamed < boundKiB, qPrintable(QStringLiteral("streamed peak %1 KiB").arg(streamed)));
        QVERIFY2(wholeFrame > boundKiB,
                 qPrintable(QStringLiteral("whole-frame peak %1 KiB").arg(wholeFrame)));
    }
};

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    TestReportLayered t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_report_layered.moc"

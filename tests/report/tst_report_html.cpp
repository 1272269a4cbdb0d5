// HTML reports: the folder (index.html and the images beside it) for a single pair and for a
// review session, the filter counts, metrics (FLIP, shift-tolerated), the image quality by
// memory status, and the page as headless Chromium loads it (the script runs, J/K, the filter
// and the swipe slider work, a screenshot). The Chromium tests skip, visibly, without it.
#include "cli_run.h"
#include "report_test_util.h"

#include "difflens/report/report.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

using namespace difflens;
using namespace reporttest;

namespace {

// Every src="..." of an <img>.
QStringList imageSources(const QString &html)
{
    QStringList out;
    static const QRegularExpression re(QStringLiteral("<img src=\"([^\"]+)\""));
    for (auto it = re.globalMatch(html); it.hasNext();)
        out << it.next().captured(1);
    return out;
}

QString chromium()
{
    for (const char *name : {"chromium", "chromium-browser", "google-chrome"}) {
        const QString p = QStandardPaths::findExecutable(QString::fromLatin1(name));
        if (!p.isEmpty())
            return p;
    }
    return {};
}

// Headless Chromium on a file; extra: --dump-dom or --screenshot=... Returns stdout.
QByteArray runChromium(const QString &file, const QStringList &extra, const QString &profileDir)
{
    QStringList args = {QStringLiteral("--headless"), QStringLiteral("--disable-gpu"), QStringLiteral("--no-sandbox"),
                        QStringLiteral("--user-data-dir=") + profileDir, QStringLiteral("--allow-file-access-from-files"),
                        QStringLiteral("--virtual-time-budget=10000"), QStringLiteral("--hide-scrollbars")};
    args << extra << QUrl::fromLocalFile(file).toString(QUrl::FullyEncoded);
    return run(chromium(), args);
}

} // namespace

class TestReportHtml : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_sessionPath;

    QString samples(const char *name) const
    {
        return QStringLiteral(DIFFLENS_SOURCE_DIR "/resources/samples/") + QLatin1String(name);
    }

    CompareResult compareFilesKept(const QString &a, const QString &b, CompareOptions &used, bool flip = false,
                                   int shift = 0)
    {
        used = CompareOptions();
        used.keepImages = true;
        used.job.wantDiffImage = true;
        used.job.computeSsim = true;
        used.job.computeFlip = flip;
        used.job.flip.wantMap = flip;
        used.job.pixelmatch.shift = shift;
        return compareFiles(a.toStdString(), b.toStdString(), used);
    }

    report::SessionReportInput sessionInput()
    {
        report::SessionReportInput in;
        std::string error;
        if (!report::loadSessionInput(m_sessionPath.toStdString(), in, error))
            qWarning("%s", error.c_str());
        return in;
    }

    // The session report the Chromium tests load (written on first use: each of those tests
    // also runs alone, as its own ctest test).
    QString sessionHtml()
    {
        const QString dir = m_dir.filePath(QStringLiteral("html-chromium"));
        if (!QFile::exists(dir + QStringLiteral("/index.html"))) {
            const report::ReportResult res = report::writeSessionHtmlReport(sessionInput(), {}, dir.toStdString());
            if (!res.ok)
                qWarning("%s", res.error.c_str());
        }
        return dir;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("DIFFLENS_KEEP_TEST_FILES"));
        const QString base = m_dir.filePath(QStringLiteral("baseline")), cur = m_dir.filePath(QStringLiteral("current"));
        QVERIFY(savePng(base + QStringLiteral("/same.png"), filled(320, 200, QColor(240, 240, 240))));
        QVERIFY(savePng(cur + QStringLiteral("/same.png"), filled(320, 200, QColor(240, 240, 240))));
        QVERIFY(savePng(base + QStringLiteral("/app/settings.png"), QImage(samples("settings-a.png"))));
        QVERIFY(savePng(cur + QStringLiteral("/app/settings.png"), QImage(samples("settings-b.png"))));
        QVERIFY(savePng(cur + QStringLiteral("/new.png"), filled(320, 200, QColor(30, 120, 200))));
        QVERIFY(savePng(base + QStringLiteral("/gone.png"), filled(320, 200, QColor(200, 120, 30))));
        QVERIFY(savePng(base + QStringLiteral("/wide.png"), filled(320, 200, QColor(240, 240, 240))));
        QVERIFY(savePng(cur + QStringLiteral("/wide.png"), filled(360, 200, QColor(240, 240, 240))));

        m_sessionPath = m_dir.filePath(QStringLiteral("session.json"));
        std::string error;
        QVERIFY2(saveFlaggedSession(base, cur, "app/settings.png", "Toggle <moved> & relabelled", m_sessionPath, error),
                 error.c_str());
        report::SessionReportInput in;
        QVERIFY2(report::loadSessionInput(m_sessionPath.toStdString(), in, error), error.c_str());
        QCOMPARE(int(in.session.entries.size()), 5);
    }

    void singlePair_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<QString>("status");
        QTest::addColumn<bool>("swipe");   // swipe and onion skin offered (same size)
        QTest::addColumn<bool>("diff");    // diff and heatmap images written
        QTest::newRow("samples") << samples("settings-a.png") << samples("settings-b.png") << "different" << true << true;
        QTest::newRow("identical") << m_dir.filePath(QStringLiteral("baseline/same.png"))
                                   << m_dir.filePath(QStringLiteral("current/same.png")) << "identical" << true << true;
        QTest::newRow("sizes differ") << m_dir.filePath(QStringLiteral("baseline/wide.png"))
                                      << m_dir.filePath(QStringLiteral("current/wide.png")) << "layout-changed" << false
                                      << false;
    }

    void singlePair()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(QString, status);
        QFETCH(bool, swipe);
        QFETCH(bool, diff);
        CompareOptions used;
        const CompareResult r = compareFilesKept(a, b, used);
        QVERIFY2(r.ok, r.errorMessage().c_str());
        const QString dir = m_dir.filePath(QStringLiteral("single-") + QString::fromLatin1(QTest::currentDataTag()));
        const report::ReportResult res = report::writeSingleHtmlReport(r, used, {}, dir.toStdString());
        QVERIFY2(res.ok, res.error.c_str());
        QCOMPARE(res.pairPages, 1);
        QCOMPARE(res.pairsListed, 1);
        QCOMPARE(res.jpegImages, 2);
        QCOMPARE(res.losslessImages, diff ? 2 : 0);

        const QString html = readText(dir + QStringLiteral("/index.html"));
        QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
        QVERIFY(!html.contains(QLatin1String("http://")) && !html.contains(QLatin1String("https://")));
        for (const char *external : {"<link", "<script src", "url(", "@import", "@font-face", "<iframe"})
            QVERIFY2(!html.contains(QLatin1String(external)), external);
        QCOMPARE(html.count(QLatin1String("<section class=\"pair\"")), 1);
        QVERIFY(html.contains(QStringLiteral("data-status=\"%1\"").arg(status)));
        QVERIFY(html.contains(QRegularExpression(QStringLiteral("<th>SSIM</th><td>[01]\\.\\d{5}</td>"))) ||
                status == QLatin1String("layout-changed"));
        QCOMPARE(html.contains(QLatin1String("data-view=\"swipe\" disabled")), !swipe);
        QCOMPARE(html.contains(QLatin1String("p1-diff.png")), diff);
        QCOMPARE(html.contains(QLatin1String("p1-heat.png")), diff);
        QVERIFY(html.contains(QLatin1String("k === 'j'")) && html.contains(QLatin1String("k === 'k'")));
        const QStringList srcs = imageSources(html);
        QVERIFY(!srcs.isEmpty());
        for (const QString &src : srcs) {
            QVERIFY2(!src.contains(QLatin1Char('/')), qPrintable(src)); // beside index.html
            QVERIFY2(!QImage(dir + QLatin1Char('/') + src).isNull(), qPrintable(src));
        }
        // Region boxes over A, B and the diff (in the frame's percentages).
        if (status == QLatin1String("different")) {
            QVERIFY(!r.job.regions.empty());
            QVERIFY(html.contains(QLatin1String("<div class=\"box\" style=\"left:")));
        }
    }

    void sessionReport_data()
    {
        QTest::addColumn<bool>("failuresOnly");
        QTest::addColumn<int>("sections");
        QTest::newRow("every pair") << false << 5;
        QTest::newRow("failures only") << true << 4;
    }

    void sessionReport()
    {
        QFETCH(bool, failuresOnly);
        QFETCH(int, sections);
        report::ReportOptions opt;
        opt.failuresOnly = failuresOnly;
        int progress = 0;
        opt.progress = [&progress](int, int, const std::string &) { ++progress; };
        const QString dir = m_dir.filePath(failuresOnly ? QStringLiteral("html-fail") : QStringLiteral("html-all"));
        const report::ReportResult res = report::writeSessionHtmlReport(sessionInput(), opt, dir.toStdString());
        QVERIFY2(res.ok, res.error.c_str());
        QCOMPARE(res.pairsListed, 5);
        QCOMPARE(res.pairPages, sections);
        QCOMPARE(progress, sections);

        const QString html = readText(dir + QStringLiteral("/index.html"));
        QCOMPARE(html.count(QLatin1String("<section class=\"pair\"")), sections);
        QCOMPARE(html.count(QLatin1String("<tr data-status=")), 5);
        // The filter's counts per status.
        for (const char *chip : {"<b>1</b> identical", "<b>1</b> different", "<b>1</b> layout-changed",
                                 "<b>1</b> removed", "<b>1</b> new", "<b>0</b> error"})
            QVERIFY2(html.contains(QLatin1String(chip)), chip);
        QVERIFY(html.contains(QLatin1String("Toggle &lt;moved&gt; &amp; relabelled"))); // the note, escaped
        QVERIFY(html.contains(QLatin1String("flagged")));
        QVERIFY(html.contains(QLatin1String("Not in the baseline.")));
        QVERIFY(html.contains(QLatin1String("The image sizes differ")));
        QVERIFY(!html.contains(QLatin1String("http://")) && !html.contains(QLatin1String("https://")));
        for (const QString &src : imageSources(html))
            QVERIFY2(QFile::exists(dir + QLatin1Char('/') + src), qPrintable(src));
    }

    void flipAndShiftMetrics()
    {
        // B is A with its dark bar moved right by one pixel: shift 1 tolerates that change.
        const QString a = m_dir.filePath(QStringLiteral("shift/a.png")), b = m_dir.filePath(QStringLiteral("shift/b.png"));
        QVERIFY(savePng(a, filled(200, 120, Qt::white, QRect(40, 30, 60, 12), QColor(20, 20, 20))));
        QVERIFY(savePng(b, filled(200, 120, Qt::white, QRect(41, 30, 60, 12), QColor(20, 20, 20))));
        CompareOptions used;
        const CompareResult r = compareFilesKept(a, b, used, true, 1);
        QVERIFY2(r.ok, r.errorMessage().c_str());
        QVERIFY(r.job.flip.has_value());
        QVERIFY(r.job.counts.shiftTolerated > 0);
        const QString dir = m_dir.filePath(QStringLiteral("html-flip"));
        const report::ReportResult res = report::writeSingleHtmlReport(r, used, {}, dir.toStdString());
        QVERIFY2(res.ok, res.error.c_str());
        const QString html = readText(dir + QStringLiteral("/index.html"));
        QVERIFY(html.contains(QStringLiteral("<th>FLIP</th><td>mean %1").arg(r.job.flip->mean, 0, 'f', 5)));
        QVERIFY(html.contains(QStringLiteral("%1 px shift-tolerated").arg(r.job.counts.shiftTolerated)));
        QVERIFY(html.contains(QStringLiteral("<td class=\"num\">%1</td>").arg(r.job.flip->mean, 0, 'f', 4)));
    }

    // A session whose stored summary has a FLIP mean: the table shows it, and the pair is
    // compared again with FLIP, so its section has the map.
    void storedFlipMean()
    {
        report::SessionReportInput in = sessionInput();
        review::ReviewEntry *e = in.session.find("app/settings.png");
        QVERIFY(e);
        e->summary.flipMean = 0.1234;
        const QString dir = m_dir.filePath(QStringLiteral("html-stored-flip"));
        const report::ReportResult res = report::writeSessionHtmlReport(in, {}, dir.toStdString());
        QVERIFY2(res.ok, res.error.c_str());
        const QString html = readText(dir + QStringLiteral("/index.html"));
        QVERIFY(html.contains(QLatin1String("<td class=\"num\">0.1234</td>")));
        QVERIFY(QFile::exists(dir + QStringLiteral("/p1-flip.png")));
        QVERIFY(!QFile::exists(dir + QStringLiteral("/p2-flip.png")));
    }

    void imageQuality_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("quality");
        QTest::addColumn<int>("maxEdge");
        QTest::newRow("unknown") << int(MemoryStatus::Unknown) << 0 << 0;
        QTest::newRow("normal") << int(MemoryStatus::Normal) << 0 << 0;
        QTest::newRow("warning") << int(MemoryStatus::Warning) << 85 << 0;
        QTest::newRow("critical") << int(MemoryStatus::Critical) << 75 << 512;
    }

    void imageQuality()
    {
        QFETCH(int, status);
        QFETCH(int, quality);
        QFETCH(int, maxEdge);
        report::ReportOptions opt;
        report::applyMemoryStatus(opt, MemoryStatus(status));
        QCOMPARE(opt.jpegQuality, quality);
        QCOMPARE(opt.maxImageEdge, maxEdge);
        CompareOptions used;
        const CompareResult r = compareFilesKept(samples("settings-a.png"), samples("settings-b.png"), used);
        QVERIFY(r.ok);
        const QString dir = m_dir.filePath(QStringLiteral("quality-") + QString::fromLatin1(QTest::currentDataTag()));
        const report::ReportResult res = report::writeSingleHtmlReport(r, used, opt, dir.toStdString());
        QVERIFY2(res.ok, res.error.c_str());
        for (const char *name : {"p1-a.jpg", "p1-b.jpg", "p1-diff.png"}) {
            const QImage img(dir + QLatin1Char('/') + QLatin1String(name));
            QVERIFY2(!img.isNull(), name);
            QCOMPARE(std::max(img.width(), img.height()), maxEdge > 0 ? maxEdge : 1280); // 1280x800 samples
        }
        const QString html = readText(dir + QStringLiteral("/index.html"));
        // Unset, the photos take the quality of the pair's tier (a kept-images compare: High, 95).
        const int expected = quality > 0 ? quality : report::jpegQualityForTier(r.job.plan.tier);
        QVERIFY(html.contains(QStringLiteral("photos as JPEG, quality %1").arg(expected)));
    }

    void notAFolder()
    {
        const QString file = m_dir.filePath(QStringLiteral("plain-file"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        CompareOptions used;
        const CompareResult r = compareFilesKept(samples("settings-a.png"), samples("settings-b.png"), used);
        const report::ReportResult res = report::writeSingleHtmlReport(r, used, {}, file.toStdString());
        QVERIFY(!res.ok);
        QVERIFY2(QString::fromStdString(res.error).contains(QLatin1String("is a file")), res.error.c_str());
    }

    // The command line: --html on a single and a folder compare (handed by the fast path to
    // the full command set), report --html, and the report options without an output.
    void commandLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<int>("sections"); // -1: no report expected
        const QString base = m_dir.filePath(QStringLiteral("baseline")), cur = m_dir.filePath(QStringLiteral("current"));
        QTest::newRow("compare A B --html")
            << QStringList{QStringLiteral("compare"), samples("settings-a.png"), samples("settings-b.png"),
                           QStringLiteral("--metrics"), QStringLiteral("pixel,ssim,flip")}
            << 1 << 1;
        QTest::newRow("compare DIR DIR --html") << QStringList{QStringLiteral("compare"), base, cur} << 1 << 5;
        QTest::newRow("report --html") << QStringList{QStringLiteral("report"), m_sessionPath} << 0 << 5;
        QTest::newRow("report --flip --html") << QStringList{QStringLiteral("report"), m_sessionPath, QStringLiteral("--flip")}
                                              << 0 << 5;
        QTest::newRow("report options alone")
            << QStringList{QStringLiteral("compare"), samples("settings-a.png"), samples("settings-b.png"),
                           QStringLiteral("--report-title"), QStringLiteral("x")}
            << 2 << -1;
    }

    void commandLine()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(int, sections);
        const QString dir = m_dir.filePath(QStringLiteral("cli-") + QString::fromLatin1(QTest::currentDataTag()));
        if (sections >= 0)
            args << QStringLiteral("--html") << dir;
        const clitest::Run run = clitest::runCli(args);
        QVERIFY2(run.exitCode == exitCode, run.err.constData());
        if (sections < 0) {
            QVERIFY2(run.err.contains("report options need --pdf REPORT.pdf or --html DIR"), run.err.constData());
            return;
        }
        const QString html = readText(dir + QStringLiteral("/index.html"));
        QCOMPARE(html.count(QLatin1String("<section class=\"pair\"")), sections);
        for (const QString &src : imageSources(html))
            QVERIFY2(QFile::exists(dir + QLatin1Char('/') + src), qPrintable(src));
        // FLIP asked for: the map of the different pair (the first section) beside its heatmap.
        const bool flip = args.contains(QStringLiteral("pixel,ssim,flip")) || args.contains(QStringLiteral("--flip"));
        QCOMPARE(QFile::exists(dir + QStringLiteral("/p1-flip.png")), flip);
        QCOMPARE(html.contains(QLatin1String("<th>FLIP</th><td>mean ")), flip);
    }

    // The page as Chromium builds it: the script ran (the "shown" line), every section and image.
    void chromiumDom()
    {
        if (chromium().isEmpty())
            QSKIP("chromium not installed (scripts/install-deps.sh installs it)");
        const QString reportDir = sessionHtml();
        QTemporaryDir profile;
        const QString dom = QString::fromUtf8(
            runChromium(reportDir + QStringLiteral("/index.html"), {QStringLiteral("--dump-dom")}, profile.path()));
        QVERIFY2(dom.contains(QLatin1String("5 of 5 pairs shown")), qPrintable(dom.left(400)));
        QCOMPARE(dom.count(QLatin1String("<section class=\"pair")), 5);
        for (const QString &src : imageSources(dom))
            QVERIFY2(QFile::exists(reportDir + QLatin1Char('/') + src), qPrintable(src));
    }

    // J/K, the status filter and the swipe slider, driven from a page that loads the report in
    // a frame and writes what it saw into its own DOM.
    void chromiumKeysAndFilter()
    {
        if (chromium().isEmpty())
            QSKIP("chromium not installed (scripts/install-deps.sh installs it)");
        const QString reportDir = sessionHtml();
        const QString harness = reportDir + QStringLiteral("/harness.html");
        QFile f(harness);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"HTML(<!DOCTYPE html><html><body><iframe id="f" src="index.html" width="1000" height="600"></iframe>
<pre id="out">pending</pre><script>
var f = document.getElementById('f');
f.onload = function () {
  var d = f.contentDocument, w = f.contentWindow, log = [];
  function cur() { var c = d.querySelector('section.current'); return c ? c.id : 'none'; }
  function key(k) { d.dispatchEvent(new w.KeyboardEvent('keydown', {key: k, bubbles: true})); log.push(k + ':' + cur()); }
  var imgs = d.querySelectorAll('#p1 .v-side img');
  log.push('loaded:' + Array.prototype.filter.call(imgs, function (i) { return i.complete && i.naturalWidth > 0; }).length);
  key('j'); key('j'); key('k'); key('4');
  log.push('view:' + d.querySelector('#p1 .stage').className);
  var chip = d.querySelector('.chip input[value="identical"]');
  chip.checked = false; chip.dispatchEvent(new w.Event('change'));
  log.push('shown:' + d.querySelectorAll('section.pair:not([hidden])').length);
  log.push('line:' + d.getElementById('shown').textContent);
  var sec = d.querySelector('section[data-status="different"]'), s = sec.querySelector('.v-swipe input');
  s.value = 30; s.dispatchEvent(new w.Event('input'));
  log.push('clip:' + sec.querySelector('.v-swipe img.top').style.clipPath);
  document.getElementById('out').textContent = log.join('|');
};
</script></body></html>)HTML");
        f.close();
        QTemporaryDir profile;
        const QString dom = QString::fromUtf8(runChromium(harness, {QStringLiteral("--dump-dom")}, profile.path()));
        const QRegularExpression out(QStringLiteral("<pre id=\"out\">([^<]*)</pre>"));
        const QString log = out.match(dom).captured(1);
        QVERIFY2(!log.isEmpty() && log != QLatin1String("pending"), qPrintable(dom.right(600)));
        const QStringList parts = log.split(QLatin1Char('|'));
        QCOMPARE(parts.value(0), QStringLiteral("loaded:2")); // A and B of the first pair, from the folder
        QCOMPARE(parts.value(1), QStringLiteral("j:p1"));
        QCOMPARE(parts.value(2), QStringLiteral("j:p2"));
        QCOMPARE(parts.value(3), QStringLiteral("k:p1"));
        QCOMPARE(parts.value(5), QStringLiteral("view:stage diff"));
        QCOMPARE(parts.value(6), QStringLiteral("shown:4"));
        QCOMPARE(parts.value(7), QStringLiteral("line:4 of 5 pairs shown"));
        QCOMPARE(parts.value(8), QStringLiteral("clip:inset(0px 70% 0px 0px)"));
        QFile::remove(harness);
    }

    // A screenshot of the page; DIFFLENS_SCREENSHOT=path keeps a copy (docs/screenshots).
    void chromiumScreenshot()
    {
        if (chromium().isEmpty())
            QSKIP("chromium not installed (scripts/install-deps.sh installs it)");
        const QString reportDir = sessionHtml();
        QTemporaryDir profile;
        const QString shot = m_dir.filePath(QStringLiteral("shot.png"));
        runChromium(reportDir + QStringLiteral("/index.html"),
                    {QStringLiteral("--screenshot=") + shot, QStringLiteral("--window-size=1280,1600")}, profile.path());
        const QImage img(shot);
        QVERIFY2(!img.isNull(), "no screenshot written");
        QCOMPARE(img.size(), QSize(1280, 1600));
        // Not blank: the page drew text, badges and images (many distinct colours).
        QSet<QRgb> colours;
        for (int y = 0; y < img.height(); y += 7)
            for (int x = 0; x < img.width(); x += 7)
                colours.insert(img.pixel(x, y));
        QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
        const QString keep = qEnvironmentVariable("DIFFLENS_SCREENSHOT");
        if (!keep.isEmpty()) {
            QFile::remove(keep);
            QVERIFY(QFile::copy(shot, keep));
        }
    }
};

QTEST_MAIN(TestReportHtml)
#include "tst_report_html.moc"

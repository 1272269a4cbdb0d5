// The app's File > Export report (ui/reportexport.h) of a layered pair: written from the
// pair's layer store (no decoded frame), with the exact numbers; refused while it still streams.
#include "report_test_util.h"

#include "reportexport.h"

#include "difflens/compare/comparison.h"

#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

using namespace difflens;
using namespace difflens::ui;
using namespace reporttest;

class TestReportExportLayered : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    ComparisonPtr m_comparison;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString a = m_dir.filePath(QStringLiteral("a.png")),
                      b = m_dir.filePath(QStringLiteral("b.png"));
        QVERIFY(filled(900, 700, QColor(240, 240, 240)).save(a));
        QVERIFY(
            filled(900, 700, QColor(240, 240, 240), QRect(300, 200, 40, 30), QColor(20, 90, 200)).save(b));
        LayerStore::Options lo;
        lo.cacheDir = m_dir.path().toStdString();
        lo.memoryEdge = 256; // level 0 in tiles, as for a huge pair
        ComparisonRequest req; // the app's layered route
        req.a.path = a.toStdString();
        req.b.path = b.toStdString();
        req.layered = true;
        req.layerOptions = lo;
        m_comparison = runComparison(req, nullptr);
        QVERIFY2(m_comparison && m_comparison->compared() && m_comparison->store, m_comparison->error.c_str());
        QVERIFY(m_comparison->fullResolutionPending);
    }

    void exportsFromTheStore_data()
    {
        QTest::addColumn<bool>("fullResolution"); // the tiles written (else crops from memory)
        QTest::newRow("tiles pending") << false;
        QTest::newRow("tiles written") << true;
    }

    void exportsFromTheStore()
    {
        QFETCH(bool, fullResolution);
        if (fullResolution) {
            std::string error;
            QVERIFY2(fillComparisonFullResolution(*m_comparison, nullptr, error), error.c_str());
        } else {
            QVERIFY(!m_comparison->store->fullResolutionReady()); // the first row runs first
        }
        ReportExportRequest req;
        req.comparison = m_comparison;
        req.path = m_dir.filePath(QStringLiteral("report-%1.pdf").arg(fullResolution));
        const ReportExportOutcome out = runReportExport(req);
        QVERIFY2(out.ok, qPrintable(out.error));
        QVERIFY(out.pages >= 2);
        QVERIFY(QFileInfo(req.path).size() > 1000);
        if (!havePoppler())
            QSKIP("pdftotext not installed (scripts/install-deps.sh installs poppler-utils)");
        const QString text = pdfText(req.path);
        QVERIFY2(text.contains(QStringLiteral("%1 px").arg(m_comparison->result->job.counts.mismatched)),
                 qPrintable(text));
        QVERIFY(m_comparison->result->job.counts.mismatched > 0);
        QVERIFY2(text.contains(QLatin1String("x 300, y 200")), qPrintable(text)); // region #1's crop caption
    }

    // report.h's Comparison overloads: the same snapshot the app holds, whole-frame (images,
    // diff, SSIM map) or layered (its store), written as HTML with its region and metrics.
    void htmlFromComparison_data()
    {
        QTest::addColumn<bool>("layered");
        QTest::addColumn<bool>("ssim");
        QTest::newRow("whole frame") << false << false;
        QTest::newRow("whole frame, SSIM") << false << true;
        QTest::newRow("layered") << true << false;
    }

    void htmlFromComparison()
    {
        QFETCH(bool, layered);
        QFETCH(bool, ssim);
        ComparisonRequest req;
        req.a.path = m_comparison->a.path;
        req.b.path = m_comparison->b.path;
        req.layered = layered;
        req.options.job.computeSsim = ssim;
        const ComparisonPtr c = runComparison(req, nullptr);
        QVERIFY(c && c->compared());
        QCOMPARE(bool(c->store), layered);
        const QString dir = m_dir.filePath(QStringLiteral("html-%1-%2").arg(layered).arg(ssim));
        const report::ReportResult r = report::writeSingleHtmlReport(*c, report::ReportOptions(), dir.toStdString());
        QVERIFY2(r.ok, r.error.c_str());
        QFile index(dir + QStringLiteral("/index.html"));
        QVERIFY(index.open(QIODevice::ReadOnly));
        const QString html = QString::fromUtf8(index.readAll());
        QVERIFY2(html.contains(QLatin1String("x 300, y 200")), "region #1 missing");
        // The SSIM metric line: its mean when computed (the snapshot's stage 4), else "not computed".
        QCOMPARE(html.contains(QLatin1String("<th>SSIM</th><td>not computed</td>")), !ssim);
        if (ssim)
            QVERIFY(html.contains(QStringLiteral("<th>SSIM</th><td>%1</td>").arg(c->ssim->mean, 0, 'f', 5)));
        // Not compared yet: refused, nothing written.
        auto opened = std::make_shared<Comparison>(*c);
        opened->stage = ComparisonStage::Opened;
        opened->finished = false;
        const QString none = m_dir.filePath(QStringLiteral("none-%1-%2").arg(layered).arg(ssim));
        QVERIFY(!report::writeSingleHtmlReport(*opened, report::ReportOptions(), none.toStdString()).ok);
        QVERIFY(!QFile::exists(none + QStringLiteral("/index.html")));
    }

    void refusedWhileStreaming()
    {
        auto o = std::make_shared<Comparison>(*m_comparison); // as stage 1 still streaming
        o->stage = ComparisonStage::Opened;
        o->finished = false;
        QVERIFY(o->preview());
        ReportExportRequest req;
        req.comparison = o;
        req.path = m_dir.filePath(QStringLiteral("preview.pdf"));
        const ReportExportOutcome out = runReportExport(req);
        QVERIFY(!out.ok);
        QVERIFY2(out.error.contains(QLatin1String("still running")), qPrintable(out.error));
        QVERIFY(!QFile::exists(req.path));
    }
};

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    TestReportExportLayered t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_report_export_layered.moc"

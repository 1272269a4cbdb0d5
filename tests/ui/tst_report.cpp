// File > Export report: the PDF or HTML export runs on the controller's pool and reports back
// to the status bar; driven through the API here (no file dialog).
#include "uitestutil.h"

#include "comparecontroller.h"
#include "comparisonsession.h"
#include "mainwindow.h"
#include "reportexport.h"

#include <QFile>
#include <QStatusBar>
#include <QtTest>

#include <optional>

using namespace difflens;
using namespace difflens::ui;

class TestReportExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void exportWritesPdf();
    void exportWithSsim();
    void mainWindowReportsInStatusBar();
    void exportWritesHtml();
    void unwritablePathReportsError();
    void nothingToExport();
    void defaultPath();

private:
    QTemporaryDir m_dir;
    QString m_a, m_b;
};

namespace {
// Collects the outcome of the next export finished by `controller`.
struct ExportCatcher {
    explicit ExportCatcher(CompareController *controller)
    {
        QObject::connect(controller, &CompareController::reportFinished, &context,
                         [this](const ReportExportOutcome &o) { outcome = o; });
    }
    QObject context;   // disconnects when the catcher goes away
    std::optional<ReportExportOutcome> outcome;
};

// The export of the session's current comparison, as the window starts it.
quint64 exportOf(ComparisonSession &s, const QString &path, report::PageSize pageSize)
{
    ReportExportRequest request;
    request.comparison = s.comparison();
    request.path = path;
    request.pageSize = pageSize;
    return s.controller()->exportReport(std::move(request));
}

QByteArray head(const QString &path, int n)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(n) : QByteArray();
}
} // namespace

void TestReportExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_a = m_dir.filePath(QStringLiteral("a.png"));
    m_b = m_dir.filePath(QStringLiteral("b.png"));
    uitest::writePair(m_a, m_b);
}

void TestReportExport::exportWritesPdf()
{
    ComparisonSession s;
    QSignalSpy results(&s, &ComparisonSession::resultChanged);
    s.openPair(m_a, m_b);
    QVERIFY(results.wait(10000));
    ExportCatcher catcher(s.controller());
    QSignalSpy started(s.controller(), &CompareController::reportStarted);
    const QString pdf = m_dir.filePath(QStringLiteral("report.pdf"));
    const quint64 id = exportOf(s, pdf, report::PageSize::A4);
    QVERIFY(id > 0);
    QCOMPARE(started.count(), 1);
    QVERIFY(s.controller()->isExporting());   // runs in the background, the call returned at once
    QTRY_VERIFY_WITH_TIMEOUT(catcher.outcome.has_value(), 60000);
    QVERIFY2(catcher.outcome->ok, qPrintable(catcher.outcome->error));
    QCOMPARE(catcher.outcome->id, id);
    QVERIFY(catcher.outcome->pages >= 1);
    QVERIFY(!s.controller()->isExporting());
    QVERIFY(QFile::exists(pdf));
    QCOMPARE(head(pdf, 4), QByteArray("%PDF"));
    QVERIFY(QFileInfo(pdf).size() > 1000);
}

void TestReportExport::exportWithSsim()
{
    ComparisonSession s;
    s.setComputeSsim(true);
    QSignalSpy layers(&s, &ComparisonSession::layersChanged);
    s.openPair(m_a, m_b);
    QVERIFY(layers.wait(20000));
    QVERIFY(s.comparison()->ssim.has_value());
    ExportCatcher catcher(s.controller());
    const QString pdf = m_dir.filePath(QStringLiteral("ssim-report.pdf"));
    QVERIFY(exportOf(s, pdf, report::PageSize::Letter) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(catcher.outcome.has_value(), 60000);
    QVERIFY2(catcher.outcome->ok, qPrintable(catcher.outcome->error));
    QCOMPARE(head(pdf, 4), QByteArray("%PDF"));
}

void TestReportExport::mainWindowReportsInStatusBar()
{
    MainWindow w(uitest::steadyMonitor());
    w.show();
    QSignalSpy results(w.session(), &ComparisonSession::resultChanged);
    w.openPair(m_a, m_b);
    QVERIFY(results.wait(10000));
    ExportCatcher catcher(w.session()->controller());
    const QString pdf = m_dir.filePath(QStringLiteral("window-report.pdf"));
    QVERIFY(w.exportReportTo(pdf) > 0);
    QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("Exporting report")));
    QTRY_VERIFY_WITH_TIMEOUT(catcher.outcome.has_value(), 60000);
    QVERIFY(catcher.outcome->ok);
    QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("Report saved")));
    QCOMPARE(head(pdf, 4), QByteArray("%PDF"));
}

// The HTML form: a folder with index.html (no network references) and its images beside it,
// the pair's numbers in the page, the status bar naming index.html.
void TestReportExport::exportWritesHtml()
{
    MainWindow w(uitest::steadyMonitor());
    QSignalSpy results(w.session(), &ComparisonSession::resultChanged);
    w.openPair(m_a, m_b);
    QVERIFY(results.wait(10000));
    ExportCatcher catcher(w.session()->controller());
    const QString dir = m_dir.filePath(QStringLiteral("html-report"));
    QVERIFY(w.exportReportTo(dir, ReportFormat::Html) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(catcher.outcome.has_value(), 60000);
    QVERIFY2(catcher.outcome->ok, qPrintable(catcher.outcome->error));
    QCOMPARE(catcher.outcome->format, ReportFormat::Html);
    QCOMPARE(catcher.outcome->pages, 1);
    const QString index = QDir(dir).filePath(QStringLiteral("index.html"));
    QCOMPARE(reportEntryFile(*catcher.outcome), index);
    QFile f(index);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString page = QString::fromUtf8(f.readAll());
    QVERIFY(page.startsWith(QStringLiteral("<!DOCTYPE html>"), Qt::CaseInsensitive));
    QVERIFY(!page.contains(QStringLiteral("http://")) && !page.contains(QStringLiteral("https://")));
    const qint64 mismatched = w.session()->comparison()->result->job.counts.mismatched;
    QVERIFY(mismatched > 0);
    QVERIFY2(page.contains(QLocale::c().toString(mismatched)) || page.contains(QString::number(mismatched)),
             qPrintable(QString::number(mismatched)));
    const QStringList images = QDir(dir).entryList({QStringLiteral("*.png"), QStringLiteral("*.jpg")}, QDir::Files);
    QVERIFY2(images.size() >= 3, qPrintable(images.join(QLatin1Char(' '))));
    for (const QString &image : images)
        QVERIFY2(page.contains(image), qPrintable(image));
    QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("HTML report saved")));
    QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("index.html")));
}

void TestReportExport::unwritablePathReportsError()
{
    MainWindow w(uitest::steadyMonitor());
    QSignalSpy results(w.session(), &ComparisonSession::resultChanged);
    w.openPair(m_a, m_b);
    QVERIFY(results.wait(10000));
    ExportCatcher catcher(w.session()->controller());
    const QString pdf = m_dir.filePath(QStringLiteral("no-such-folder/report.pdf"));
    QVERIFY(w.exportReportTo(pdf) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(catcher.outcome.has_value(), 60000);
    QVERIFY(!catcher.outcome->ok);
    QVERIFY(!catcher.outcome->error.isEmpty());
    QVERIFY(!QFile::exists(pdf));
    QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("Report export failed")));
    QVERIFY(w.statusBar()->currentMessage().contains(catcher.outcome->error));
}

void TestReportExport::nothingToExport()
{
    MainWindow w(uitest::steadyMonitor());
    const QString pdf = m_dir.filePath(QStringLiteral("none.pdf"));
    QCOMPARE(w.exportReportTo(pdf), quint64(0));
    QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("Nothing to export")));
    QVERIFY(!w.session()->controller()->isExporting());
    QVERIFY(!QFile::exists(pdf));
}

void TestReportExport::defaultPath()
{
    QCOMPARE(defaultReportPath(QStringLiteral("/x/a.png"), QStringLiteral("/y/shot.v2.png"), QStringLiteral("/h")),
             QStringLiteral("/y/shot.v2-report.pdf"));
    QCOMPARE(defaultReportPath(QStringLiteral("/x/a.png"), QString(), QStringLiteral("/h")),
             QStringLiteral("/x/a-report.pdf"));
    QCOMPARE(defaultReportPath(QString(), QString(), QStringLiteral("/h")), QStringLiteral("/h/difflens-report.pdf"));
}

QTEST_MAIN(TestReportExport)
#include "tst_report.moc"

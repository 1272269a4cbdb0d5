// The window's report export: closing while it runs asks (injected answer here) whether to
// wait or abandon it, and without a running export the window closes without asking (the
// export is held in the queue by occupying every thread of the controller's background
// pool); the report images follow the display tier (Medium JPEG 85, Low JPEG 75 <= 512 px).
#include "uitestutil.h"

#include "comparecontroller.h"
#include "comparisonsession.h"
#include "mainwindow.h"
#include "reportexport.h"
#include "status/displayquality.h"
#include "status/statuspanel.h"

#include <QDir>
#include <QFile>
#include <QRunnable>
#include <QSemaphore>
#include <QStatusBar>
#include <QtTest>

#include <map>
#include <memory>
#include <optional>

using namespace difflens;
using namespace difflens::ui;

Q_DECLARE_METATYPE(difflens::ui::ExportAtClose)

class TestCloseExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void closesWithoutAskingWhenIdle();
    void closeWhileExporting_data();
    void closeWhileExporting();
    void reportImagesFollowTheDisplayTier_data();
    void reportImagesFollowTheDisplayTier();

private:
    // Occupies every background thread until release(); the export queues behind them.
    void holdBackgroundPool(QThreadPool *pool);
    void release() { m_gate->release(m_held); m_held = 0; }

    QTemporaryDir m_dir;
    QString m_a, m_b;
    std::shared_ptr<QSemaphore> m_gate = std::make_shared<QSemaphore>(0);
    int m_held = 0;
    int m_asked = 0;
    std::map<int, qint64> m_reportBytes; // by tier, across the data rows
};

void TestCloseExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_a = m_dir.filePath(QStringLiteral("a.png"));
    m_b = m_dir.filePath(QStringLiteral("b.png"));
    uitest::writePair(m_a, m_b);
}

void TestCloseExport::cleanup()
{
    release();
    setExportAtClosePrompt(nullptr);
}

void TestCloseExport::holdBackgroundPool(QThreadPool *pool)
{
    pool->waitForDone(); // buffers of a replaced result still being released, if any
    const auto gate = m_gate;
    m_held = pool->maxThreadCount();
    for (int i = 0; i < m_held; ++i)
        pool->start([gate] { gate->acquire(); });
}

void TestCloseExport::closesWithoutAskingWhenIdle()
{
    setExportAtClosePrompt([this](QWidget *) {
        ++m_asked;
        return ExportAtClose::KeepOpen;
    });
    m_asked = 0;
    MainWindow w(uitest::steadyMonitor());
    w.show();
    QSignalSpy results(w.session(), &ComparisonSession::resultChanged);
    w.openPair(m_a, m_b);
    QVERIFY(results.wait(10000));
    QVERIFY(w.close());
    QVERIFY(!w.isVisible());
    QCOMPARE(m_asked, 0);
}

void TestCloseExport::closeWhileExporting_data()
{
    QTest::addColumn<ExportAtClose>("answer");
    QTest::newRow("keep open") << ExportAtClose::KeepOpen;
    QTest::newRow("wait") << ExportAtClose::Wait;
    QTest::newRow("abandon") << ExportAtClose::Abandon;
}

void TestCloseExport::closeWhileExporting()
{
    QFETCH(ExportAtClose, answer);
    m_asked = 0;
    setExportAtClosePrompt([this, answer](QWidget *) {
        ++m_asked;
        if (answer == ExportAtClose::Abandon)
            release(); // the held threads end; shutdown() cancels the export and waits
        return answer;
    });
    MainWindow w(uitest::steadyMonitor());
    w.show();
    QSignalSpy results(w.session(), &ComparisonSession::resultChanged);
    w.openPair(m_a, m_b);
    QVERIFY(results.wait(10000));
    CompareController *controller = w.session()->controller();
    holdBackgroundPool(controller->backgroundPool());
    const QString pdf = m_dir.filePath(QStringLiteral("close-%1.pdf").arg(QTest::currentDataTag()).replace(' ', '-'));
    std::optional<ReportExportOutcome> outcome;
    QObject context;
    connect(controller, &CompareController::reportFinished, &context,
            [&outcome](const ReportExportOutcome &o) { outcome = o; });
    QVERIFY(w.exportReportTo(pdf) > 0);
    QVERIFY(controller->isExporting());

    const bool closed = w.close();
    QCOMPARE(m_asked, 1);
    switch (answer) {
    case ExportAtClose::KeepOpen:
        QVERIFY(!closed);
        QVERIFY(w.isVisible());
        QVERIFY(controller->isExporting()); // untouched
        release();
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 60000);
        QVERIFY2(outcome->ok, qPrintable(outcome->error));
        QVERIFY(QFile::exists(pdf));
        QVERIFY(w.isVisible()); // nobody asked to close after it
        break;
    case ExportAtClose::Wait:
        QVERIFY(!closed);
        QVERIFY(w.isVisible());
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("closes when the report is written")));
        release();
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 60000);
        QVERIFY2(outcome->ok, qPrintable(outcome->error));
        QTRY_VERIFY_WITH_TIMEOUT(!w.isVisible(), 10000); // closed by itself, once written
        QCOMPARE(m_asked, 1);
        QVERIFY(QFile::exists(pdf));
        break;
    case ExportAtClose::Abandon:
        QVERIFY(closed);
        QVERIFY(!w.isVisible());
        QVERIFY(!controller->isExporting());
        // No temporary file of the abandoned export is left behind.
        for (const QString &name : QDir(m_dir.path()).entryList(QDir::Files))
            QVERIFY2(name == "a.png" || name == "b.png" || name.endsWith(".pdf"), qPrintable(name));
        break;
    }
}

void TestCloseExport::reportImagesFollowTheDisplayTier_data()
{
    QTest::addColumn<double>("ratio"); // memory ratio observed just before the export
    QTest::addColumn<int>("tier");
    QTest::addColumn<int>("jpegQuality");
    QTest::addColumn<int>("maxEdge");
    QTest::newRow("high (normal)") << 0.5 << int(DisplayQuality::Tier::High) << 0 << 0;
    QTest::newRow("medium (warning)") << 0.85 << int(DisplayQuality::Tier::Medium) << 85 << 0;
    QTest::newRow("low (critical)") << 0.95 << int(DisplayQuality::Tier::Low) << 75 << 512;
}

void TestCloseExport::reportImagesFollowTheDisplayTier()
{
    QFETCH(double, ratio);
    QFETCH(int, tier);
    QFETCH(int, jpegQuality);
    QFETCH(int, maxEdge);
    const QString a = m_dir.filePath("big-a.png"), b = m_dir.filePath("big-b.png");
    if (!QFile::exists(a))
        uitest::writePair(a, b, 1600, 1200);
    MainWindow w(uitest::steadyMonitor());
    QSignalSpy results(w.session(), &ComparisonSession::resultChanged);
    w.openPair(a, b);
    QVERIFY(results.wait(20000));
    std::optional<ReportExportOutcome> outcome;
    QObject context;
    connect(w.session()->controller(), &CompareController::reportFinished, &context,
            [&outcome](const ReportExportOutcome &o) { outcome = o; });
    DisplayQualityController *quality = w.statusPanel()->displayQuality();
    quality->observe(ratio, MemoryThresholds{0.8, 0.9}); // a worse tier takes effect at once
    QCOMPARE(int(quality->quality().tier), tier);
    const QString pdf = m_dir.filePath(QStringLiteral("tier-%1.pdf").arg(tier));
    QVERIFY(w.exportReportTo(pdf) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 60000);
    QVERIFY2(outcome->ok, qPrintable(outcome->error));
    QCOMPARE(outcome->jpegQuality, jpegQuality);
    QCOMPARE(outcome->maxImageEdge, maxEdge);
    m_reportBytes[tier] = outcome->bytes;
    qInfo("tier %d: report of a 1600x1200 pair, %lld bytes", tier, qlonglong(outcome->bytes));
    if (tier == int(DisplayQuality::Tier::Low) && m_reportBytes.count(int(DisplayQuality::Tier::High)))
        QVERIFY2(outcome->bytes < m_reportBytes[int(DisplayQuality::Tier::High)],
                 qPrintable(QStringLiteral("low %1 bytes, high %2").arg(outcome->bytes).arg(m_reportBytes[0])));
}

QTEST_MAIN(TestCloseExport)
#include "tst_close_export.moc"

// The app writes the adaptive processor's per-job plan lines (memory ratio, status, plan
// parameters) to its log, the Qt category "difflens.pipeline", for every comparison job;
// programs that do not turn the category on (the CLI without -v) stay quiet.
#include "uitestutil.h"

#include "comparisonsession.h"
#include "imagebridge.h"
#include "mainwindow.h"

#include <QMutex>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

#include "difflens/compare/compare.h"

#include <utility>

using namespace difflens;
using namespace difflens::ui;

namespace {

QMutex g_mutex;
QStringList g_lines;   // messages of the "difflens.pipeline" category, from any thread

void capture(QtMsgType, const QMessageLogContext &ctx, const QString &msg)
{
    if (ctx.category && QByteArray(ctx.category) == "difflens.pipeline") {
        QMutexLocker lock(&g_mutex);
        g_lines << msg;
    }
}

QStringList takeLines()
{
    QMutexLocker lock(&g_mutex);
    return std::exchange(g_lines, {});
}

// Lines that plan a job: "difflens job: device=cpu ratio=0.026 status=normal budget=… tier=…".
int countPlanned()
{
    QMutexLocker lock(&g_mutex);
    int n = 0;
    for (const QString &l : std::as_const(g_lines))
        n += l.startsWith(QStringLiteral("difflens job: ")) && l.contains(QStringLiteral(" ratio=")) &&
                     l.contains(QStringLiteral(" status=")) && l.contains(QStringLiteral(" estimate="))
                 ? 1
                 : 0;
    return n;
}

} // namespace

class TestMemoryLog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void offUntilTheAppTurnsItOn();
    void appLogsEachJob();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    QString m_a, m_b;
};

void TestMemoryLog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DiffLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_memory_log"));
    m_a = m_dir.filePath(QStringLiteral("a.png"));
    m_b = m_dir.filePath(QStringLiteral("b.png"));
    uitest::writePair(m_a, m_b);
    qInstallMessageHandler(capture);
}

void TestMemoryLog::cleanupTestCase() { qInstallMessageHandler(nullptr); }

void TestMemoryLog::offUntilTheAppTurnsItOn()
{
    if (qEnvironmentVariableIsSet("QT_LOGGING_RULES"))
        QSKIP("QT_LOGGING_RULES is set: the category's default cannot be checked");
    // Before any MainWindow, a comparison through core/compare writes nothing: the category's
    // debug level is off, as in the CLI without -v.
    const Image a = imageFromQImage(uitest::solid(64, 48, Qt::white));
    const Image b = imageFromQImage(uitest::solid(64, 48, Qt::black));
    const CompareResult r = compareImages(a, b, ImageInfo{}, ImageInfo{}, CompareOptions{});
    QVERIFY(r.job.ok);
    QCOMPARE(takeLines(), QStringList{});
}

void TestMemoryLog::appLogsEachJob()
{
    takeLines();
    MainWindow w(uitest::steadyMonitor());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy results(w.session(), &ComparisonSession::resultChanged);
    w.openPair(m_a, m_b);
    QVERIFY(results.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(countPlanned() >= 1, 5000);
    const QStringList first = takeLines();
    bool done = false;
    for (const QString &l : first)
        done = done || l.startsWith(QStringLiteral("difflens job: done"));
    QVERIFY2(done, qPrintable(first.join(QLatin1Char('\n'))));
    // A second job (another threshold) writes its own lines.
    w.session()->setThreshold(0.3);
    QVERIFY(results.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(countPlanned() >= 1, 5000);
}

QTEST_MAIN(TestMemoryLog)
#include "tst_memory_log.moc"

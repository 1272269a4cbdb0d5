// The app's review runner on a Playwright layout opened as two folders (project and
// test-results): layout auto finds it, pairs arrive by their names, and pairFiles() gives
// the runner's files for each name.
#include "review_test_util.h"

#include "review/reviewrunner.h"

#include <QTemporaryDir>
#include <QTest>

using namespace difflens;
using namespace reviewtest;

class TestReviewRunnerLayouts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void playwrightFolders_data();
    void playwrightFolders();
};

void TestReviewRunnerLayouts::playwrightFolders_data()
{
    QTest::addColumn<QString>("baseline"); // relative to the project ("" = the project)
    QTest::addColumn<QString>("current");
    QTest::newRow("project + test-results") << "" << "test-results";
    QTest::newRow("project twice") << "" << "";
    QTest::newRow("test-results twice") << "test-results" << "test-results";
}

void TestReviewRunnerLayouts::playwrightFolders()
{
    QFETCH(QString, baseline);
    QFETCH(QString, current);
    QTemporaryDir tmp;
    const QString p = tmp.filePath("project");
    const QImage shot = screen(80, 60);
    QVERIFY(writeFile(p + "/playwright.config.ts", "export default {};\n"));
    QVERIFY(writePng(p + "/tests/a.spec.ts-snapshots/home-chromium-linux.png", shot));
    QVERIFY(writeFile(p + "/test-results/a-home-chromium/home-expected.png", // Playwright's copy of the snapshot
                      readFile(p + "/tests/a.spec.ts-snapshots/home-chromium-linux.png")));
    QVERIFY(writePng(p + "/test-results/a-home-chromium/home-actual.png", withBlock(shot, QRect(5, 5, 20, 10), Qt::red)));
    QVERIFY(writePng(p + "/test-results/a-home-chromium/home-diff.png", shot));

    ui::ReviewRunner runner;
    std::vector<review::PairSummary> got;
    auto *sink = &got;
    connect(&runner, &ui::ReviewRunner::pairsFinished, this,
            [sink](const std::vector<review::PairSummary> &batch) { sink->insert(sink->end(), batch.begin(), batch.end()); });
    runner.start(baseline.isEmpty() ? p : p + "/" + baseline, current.isEmpty() ? p : p + "/" + current,
                 review::ReviewConfig(), {});
    runner.waitForFinished();
    QCOMPARE(runner.layout().layout, review::Layout::Playwright);
    QCOMPARE(int(got.size()), 1);
    QCOMPARE(QString::fromStdString(got[0].relPath), QString("a-home-chromium/home.png"));
    QCOMPARE(got[0].status, review::PairStatus::Different);
    QString a, b;
    runner.pairFiles(got[0].relPath, a, b);
    QCOMPARE(QDir::cleanPath(a), p + "/test-results/a-home-chromium/home-expected.png");
    QCOMPARE(QDir::cleanPath(b), p + "/test-results/a-home-chromium/home-actual.png");
}

QTEST_MAIN(TestReviewRunnerLayouts)
#include "tst_review_runner_layouts.moc"

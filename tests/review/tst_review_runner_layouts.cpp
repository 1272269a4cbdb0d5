// The app on test-runner layouts: the review runner on a Playwright layout opened as two
// folders (project and test-results) finds it (layout auto), pairs arrive by their names and
// pairFiles() gives the runner's files; the review controller approves into the runner's
// own snapshot (with undo), refuses a pair without a unique snapshot, and opens the pair.
#include "review_test_util.h"

#include "review/reviewcontroller.h"
#include "review/reviewfilterproxy.h"
#include "review/reviewpanel.h"
#include "review/reviewrunner.h"
#include "review/reviewtablemodel.h"
#include "review/reviewtableview.h"

#include <QSignalSpy>

#include <QTemporaryDir>
#include <QTest>

using namespace difflens;
using namespace reviewtest;

namespace {
// A Playwright project whose one test failed: its snapshot, and the expected/actual/diff files.
QString makeProject(const QTemporaryDir &tmp, QImage *changed = nullptr)
{
    const QString p = tmp.filePath("project");
    const QImage shot = screen(80, 60);
    writeFile(p + "/playwright.config.ts", "export default {};\n");
    writePng(p + "/tests/a.spec.ts-snapshots/home-chromium-linux.png", shot);
    writeFile(p + "/test-results/a-home-chromium/home-expected.png", // Playwright's copy of the snapshot
              readFile(p + "/tests/a.spec.ts-snapshots/home-chromium-linux.png"));
    const QImage actual = withBlock(shot, QRect(5, 5, 20, 10), Qt::red);
    writePng(p + "/test-results/a-home-chromium/home-actual.png", actual);
    writePng(p + "/test-results/a-home-chromium/home-diff.png", shot);
    if (changed)
        *changed = actual;
    return p;
}
} // namespace

class TestReviewRunnerLayouts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void playwrightFolders_data();
    void playwrightFolders();
    void controllerApprovesIntoTheSnapshot_data();
    void controllerApprovesIntoTheSnapshot();
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
    const QString p = makeProject(tmp);

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

void TestReviewRunnerLayouts::controllerApprovesIntoTheSnapshot_data()
{
    QTest::addColumn<bool>("snapshotKnown"); // false: no snapshot has the expected content
    QTest::newRow("snapshot found by content") << true;
    QTest::newRow("no snapshot with that content") << false;
}

void TestReviewRunnerLayouts::controllerApprovesIntoTheSnapshot()
{
    QFETCH(bool, snapshotKnown);
    QTemporaryDir tmp;
    const QString p = makeProject(tmp);
    const QString snapshot = p + "/tests/a.spec.ts-snapshots/home-chromium-linux.png";
    const QString actual = p + "/test-results/a-home-chromium/home-actual.png";
    if (!snapshotKnown)
        QVERIFY(writePng(snapshot, screen(80, 60, 7))); // edited since the run: no longer the expected bytes
    const QByteArray before = readFile(snapshot);

    ui::ReviewPanel panel;
    auto *c = new ui::ReviewController(&panel, &panel);
    c->setConfirmBulkApproval(false);
    c->setRestorePrompt([](const QString &, int) { return false; });
    QStringList opened;
    c->setPairOpener([&opened](const QString &a, const QString &b) { opened = QStringList{a, b}; });
    QVERIFY(c->openFolders(p, p + "/test-results"));
    c->waitForRun();
    QCOMPARE(c->model()->rowCount(), 1);

    // Selecting the pair opens the runner's two files in the compare views.
    panel.table()->setCurrentIndex(c->proxy()->index(0, 0));
    QCOMPARE(opened, (QStringList{p + "/test-results/a-home-chromium/home-expected.png", actual}));

    QSignalSpy done(c, &ui::ReviewController::approvalsFinished);
    c->approveAllFiltered();
    c->waitForApprovals();
    QVERIFY(done.count() > 0 || done.wait(30000));
    if (!snapshotKnown) {
        QCOMPARE(done.last().at(0).toInt(), 0);
        QCOMPARE(done.last().at(1).toInt(), 1);
        QVERIFY2(c->lastError().contains("no snapshot under"), qPrintable(c->lastError()));
        QCOMPARE(readFile(snapshot), before);
        return;
    }
    QCOMPARE(done.last().at(0).toInt(), 1);
    QCOMPARE(readFile(snapshot), readFile(actual));
    QVERIFY(c->undoLastApproval());
    c->waitForApprovals();
    QCOMPARE(readFile(snapshot), before);
}

QTEST_MAIN(TestReviewRunnerLayouts)
#include "tst_review_runner_layouts.moc"

// Approvals run in the background: the approve call returns before the copies are done,
// the panel shows progress, the table stays usable, and the result arrives afterwards
// (atomic copy, backup and undo as in tst_review_approve).
#include "review_test_util.h"

#include "review/reviewapprovals.h"
#include "review/reviewautosave.h"
#include "review/reviewcontroller.h"
#include "review/reviewfilterproxy.h"
#include "review/reviewpanel.h"
#include "review/reviewtablemodel.h"
#include "review/reviewtableview.h"

#include <QAction>
#include <QLineEdit>
#include <QProgressBar>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QTest>

#include <atomic>
#include <memory>

using namespace difflens::review;
using namespace difflens::ui;
using namespace reviewtest;

class TestReviewApproveAsync : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void approveReturnsBeforeTheCopy();
    void progressCountsEachPair_data();
    void progressCountsEachPair();
    void failedCopyLeavesTheBaseline();
    void closingWaitsAndRecords();
    void undoRunsInTheBackground_data();
    void undoRunsInTheBackground();

private:
    int row(const char *rel) const { return m_c->model()->rowOf(rel); }
    Decision decision(const char *rel) const { return m_c->model()->entry(row(rel)).decision; }
    void select(const char *rel)
    {
        m_panel->table()->setCurrentIndex(m_c->proxy()->mapFromSource(m_c->model()->index(row(rel), 0)));
    }
    // Every approval waits at its backup (before the baseline is touched) for a release.
    void holdApprovals()
    {
        auto gate = m_gate;
        m_c->setApprovalHook([gate](const std::string &stage) {
            if (stage == "backup-written")
                gate->acquire();
            return false;
        });
    }

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_a, m_b;
    std::unique_ptr<ReviewPanel> m_panel;
    ReviewController *m_c = nullptr;
    std::shared_ptr<QSemaphore> m_gate;
};

void TestReviewApproveAsync::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    m_a = m_tmp->filePath("base");
    m_b = m_tmp->filePath("cur");
    const QImage img = screen(64, 48);
    for (const char *n : {"a-same.png", "b-diff.png", "c-diff.png", "d-diff.png"})
        QVERIFY(writePng(m_a + "/" + n, img));
    QVERIFY(writePng(m_b + "/a-same.png", img));
    QVERIFY(writePng(m_b + "/b-diff.png", withBlock(img, QRect(1, 1, 5, 5), Qt::red)));
    QVERIFY(writePng(m_b + "/c-diff.png", withBlock(img, QRect(1, 1, 9, 9), Qt::green)));
    QVERIFY(writePng(m_b + "/d-diff.png", withBlock(img, QRect(1, 1, 20, 20), Qt::red)));
    m_gate = std::make_shared<QSemaphore>(0);
    m_panel = std::make_unique<ReviewPanel>();
    m_c = new ReviewController(m_panel.get(), m_panel.get());
    m_c->setConfirmBulkApproval(false);
    m_c->setRestorePrompt([](const QString &, int) { return false; });
    QVERIFY(m_c->openFolders(m_a, m_b));
    m_c->waitForRun();
}

void TestReviewApproveAsync::cleanup()
{
    m_gate->release(100); // never leave a worker waiting (the controller waits for it)
    m_panel.reset();
}

void TestReviewApproveAsync::approveReturnsBeforeTheCopy()
{
    holdApprovals();
    const QByteArray oldBase = readFile(m_a + "/b-diff.png"), cur = readFile(m_b + "/b-diff.png");
    QSignalSpy done(m_c, &ReviewController::approvalsFinished);
    select("b-diff.png");
    QCOMPARE(m_c->approveSelected(), 1);
    // Returned while the copy waits at its backup: nothing is decided or replaced yet.
    QVERIFY(m_c->isApproving());
    QCOMPARE(readFile(m_a + "/b-diff.png"), oldBase);
    QCOMPARE(decision("b-diff.png"), Decision::None);
    QVERIFY(!m_panel->approvalProgress()->isHidden());
    QCOMPARE(m_panel->approvalProgress()->maximum(), 1);
    QVERIFY(!m_panel->approveAction()->isEnabled());
    QCOMPARE(m_c->approveSelected(), 0); // one batch at a time
    QVERIFY(!m_c->undoLastApproval());

    // The table keeps working meanwhile.
    select("d-diff.png");
    QTest::keyClick(m_panel->table(), Qt::Key_F);
    QCOMPARE(decision("d-diff.png"), Decision::Flagged);

    m_gate->release();
    QVERIFY(done.wait(30000));
    QCOMPARE(done.first().at(0).toInt(), 1);
    QCOMPARE(done.first().at(1).toInt(), 0);
    QCOMPARE(decision("b-diff.png"), Decision::Approved);
    QCOMPARE(readFile(m_a + "/b-diff.png"), cur);
    QVERIFY(m_panel->approvalProgress()->isHidden());
    QVERIFY(m_panel->approveAction()->isEnabled());
    QVERIFY(m_c->undoLastApproval());
    m_c->waitForApprovals(); // the undo copies in the background too (undoRunsInTheBackground)
    QCOMPARE(readFile(m_a + "/b-diff.png"), oldBase);
    QCOMPARE(decision("b-diff.png"), Decision::None);
}

void TestReviewApproveAsync::progressCountsEachPair_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<int>("pairs");
    QTest::newRow("one") << "d-" << 1;
    QTest::newRow("all failures") << "diff" << 3;
}

void TestReviewApproveAsync::progressCountsEachPair()
{
    QFETCH(QString, filter);
    QFETCH(int, pairs);
    holdApprovals();
    m_panel->searchEdit()->setText(filter);
    QSignalSpy done(m_c, &ReviewController::approvalsFinished);
    QCOMPARE(m_c->approveAllFiltered(), pairs);
    QProgressBar *bar = m_panel->approvalProgress();
    QCOMPARE(bar->maximum(), pairs);
    for (int i = 0; i < pairs; ++i) {
        QCOMPARE(bar->value(), i);
        m_gate->release();
        if (i + 1 < pairs)
            QTRY_COMPARE_WITH_TIMEOUT(bar->value(), i + 1, 30000);
    }
    QVERIFY(done.wait(30000));
    QCOMPARE(done.first().at(0).toInt(), pairs);
    QVERIFY(bar->isHidden());
    int approved = 0;
    for (const char *rel : {"b-diff.png", "c-diff.png", "d-diff.png"})
        approved += decision(rel) == Decision::Approved ? 1 : 0;
    QCOMPARE(approved, pairs);
}

void TestReviewApproveAsync::failedCopyLeavesTheBaseline()
{
    m_c->setApprovalHook([](const std::string &stage) { return stage == "temp-written"; });
    const QByteArray oldBase = readFile(m_a + "/c-diff.png");
    QSignalSpy done(m_c, &ReviewController::approvalsFinished);
    select("c-diff.png");
    QCOMPARE(m_c->approveSelected(), 1);
    QVERIFY(done.wait(30000));
    QCOMPARE(done.first().at(0).toInt(), 0);
    QCOMPARE(done.first().at(1).toInt(), 1);
    QCOMPARE(decision("c-diff.png"), Decision::None);
    QCOMPARE(readFile(m_a + "/c-diff.png"), oldBase);
    QVERIFY2(m_c->lastError().contains("c-diff.png"), qPrintable(m_c->lastError()));
    QVERIFY(!m_c->undoLastApproval());
}

void TestReviewApproveAsync::closingWaitsAndRecords()
{
    holdApprovals();
    const QByteArray cur = readFile(m_b + "/d-diff.png");
    select("d-diff.png");
    QCOMPARE(m_c->approveSelected(), 1);
    m_gate->release();
    m_panel.reset(); // the panel and its controller go while the copy may still run
    QCOMPARE(readFile(m_a + "/d-diff.png"), cur);
    ReviewSession saved;
    std::string error;
    QVERIFY2(saved.load(ReviewAutosave::pathFor(m_a).toStdString(), error), error.c_str());
    QCOMPARE(saved.find("d-diff.png")->decision, Decision::Approved);
}

void TestReviewApproveAsync::undoRunsInTheBackground_data()
{
    QTest::addColumn<QString>("rel");
    QTest::newRow("small change") << "b-diff.png";
    QTest::newRow("large change") << "d-diff.png";
}

void TestReviewApproveAsync::undoRunsInTheBackground()
{
    QFETCH(QString, rel);
    const QByteArray rel8 = rel.toUtf8();
    const QByteArray oldBase = readFile(m_a + "/" + rel), cur = readFile(m_b + "/" + rel);
    QVERIFY(oldBase != cur);
    QSignalSpy done(m_c, &ReviewController::approvalsFinished);
    select(rel8.constData());
    QCOMPARE(m_c->approveSelected(), 1);
    QVERIFY(done.wait(30000));
    QCOMPARE(readFile(m_a + "/" + rel), cur);
    QCOMPARE(decision(rel8.constData()), Decision::Approved);

    // The undo's copy waits on the approvals' worker until released.
    auto *approvals = m_c->findChild<ReviewApprovals *>();
    QVERIFY(approvals);
    auto gate = m_gate;
    auto workerThread = std::make_shared<std::atomic<QThread *>>(nullptr);
    approvals->setWorkerHook([gate, workerThread] {
        workerThread->store(QThread::currentThread());
        gate->acquire();
    });
    QSignalSpy undone(approvals, &ReviewApprovals::undone);
    QVERIFY(m_c->undoLastApproval());
    // Returned before the copy: the baseline is still the approved one, the decision stands,
    // and no other approval or undo can start meanwhile.
    QVERIFY(m_c->isApproving());
    QCOMPARE(readFile(m_a + "/" + rel), cur);
    QCOMPARE(decision(rel8.constData()), Decision::Approved);
    QVERIFY(!m_panel->undoAction()->isEnabled());
    QVERIFY(!m_c->undoLastApproval());
    QCOMPARE(m_c->approveSelected(), 0);

    gate->release();
    QVERIFY(undone.wait(30000));
    QCOMPARE(undone.size(), 1);
    QVERIFY(workerThread->load() != nullptr);
    QVERIFY(workerThread->load() != QThread::currentThread()); // copied off the GUI thread
    QVERIFY(!m_c->isApproving());
    QCOMPARE(readFile(m_a + "/" + rel), oldBase); // the backup's bytes are back
    QCOMPARE(decision(rel8.constData()), Decision::None);
    QVERIFY(!m_panel->undoAction()->isEnabled()); // nothing left to undo
    QVERIFY(!m_c->undoLastApproval());
}

QTEST_MAIN(TestReviewApproveAsync)
#include "tst_review_ui_approve.moc"

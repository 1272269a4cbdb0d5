// Review autosave: decisions and notes are written as they are made (beside the baseline, or
// to the session file once there is one), restored when the same folders are opened again,
// and never dropped by opening other folders or closing.
#include "review_test_util.h"

#include "review/reviewautosave.h"
#include "review/reviewcontroller.h"
#include "review/reviewfilterproxy.h"
#include "review/reviewpanel.h"
#include "review/reviewtablemodel.h"
#include "review/reviewtableview.h"

#include "difflens/compare/review/session.h"

#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace difflens::review;
using namespace difflens::ui;
using namespace reviewtest;

namespace {

// A panel and its controller, as the app's review dock holds them.
struct Review {
    std::unique_ptr<ReviewPanel> panel = std::make_unique<ReviewPanel>();
    ReviewController *c = new ReviewController(panel.get(), panel.get());
    QStringList prompts;   // autosave paths the restore question was asked for
    bool answer = true;

    Review()
    {
        c->setConfirmBulkApproval(false);
        c->setRestorePrompt([this](const QString &path, int decided) {
            prompts << QStringLiteral("%1:%2").arg(path).arg(decided);
            return answer;
        });
    }
    bool open(const QString &a, const QString &b)
    {
        const bool ok = c->openFolders(a, b);
        c->waitForRun();
        return ok;
    }
    int row(const char *rel) const { return c->model()->rowOf(rel); }
    Decision decision(const char *rel) const { return c->model()->entry(row(rel)).decision; }
    QString note(const char *rel) const { return QString::fromStdString(c->model()->entry(row(rel)).note); }
    void select(const char *rel)
    {
        const QModelIndex src = c->model()->index(row(rel), 0);
        panel->table()->setCurrentIndex(c->proxy()->mapFromSource(src));
    }
};

Decision savedDecision(const QString &file, const char *rel)
{
    ReviewSession s;
    std::string error;
    if (!s.load(file.toStdString(), error) || !s.find(rel))
        return Decision::None;
    return s.find(rel)->decision;
}

} // namespace

class TestReviewAutosave : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void reopenRestoresOrStartsOver_data();
    void reopenRestoresOrStartsOver();
    void otherFoldersKeepTheAutosave();
    void sessionFileTakesOver();
    void nothingDecidedAsksNothing();
    void changesDuringAWriteAreWritten();

private:
    QString makeTree(const QString &name);
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_a, m_b;
};

QString TestReviewAutosave::makeTree(const QString &name)
{
    const QString base = m_tmp->filePath(name + "-base"), cur = m_tmp->filePath(name + "-cur");
    const QImage img = screen(64, 48);
    for (const char *n : {"a-same.png", "b-diff.png", "d-diff.png"})
        writePng(base + "/" + n, img);
    writePng(cur + "/a-same.png", img);
    writePng(cur + "/b-diff.png", withBlock(img, QRect(1, 1, 5, 5), Qt::red));
    writePng(cur + "/d-diff.png", withBlock(img, QRect(1, 1, 20, 20), Qt::red));
    return base;
}

void TestReviewAutosave::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    m_a = makeTree("one");
    m_b = m_tmp->filePath("one-cur");
}

void TestReviewAutosave::reopenRestoresOrStartsOver_data()
{
    QTest::addColumn<bool>("restore");
    QTest::newRow("restore") << true;
    QTest::newRow("start over") << false;
}

void TestReviewAutosave::reopenRestoresOrStartsOver()
{
    QFETCH(bool, restore);
    const QString autosave = ReviewAutosave::pathFor(m_a);
    {
        Review r;
        QVERIFY(r.open(m_a, m_b));
        QCOMPARE(r.c->autosaveTarget(), autosave);
        QVERIFY(!QFile::exists(autosave)); // nothing decided yet
        r.select("b-diff.png");
        r.c->toggleFlagSelected();
        // Written at once, on a background thread.
        QTRY_COMPARE_WITH_TIMEOUT(savedDecision(autosave, "b-diff.png"), Decision::Flagged, 30000);
        r.panel->noteEdit()->setPlainText("shadow moved");
        r.select("d-diff.png");
        QCOMPARE(r.c->approveSelected(), 1);
        r.c->waitForApprovals();
        QCOMPARE(r.decision("d-diff.png"), Decision::Approved);
    } // the window closes: the note written after a pause is flushed now

    Review again;
    again.answer = restore;
    QVERIFY(again.open(m_a, m_b));
    QCOMPARE(again.prompts, QStringList{autosave + ":2"});
    if (restore) {
        QCOMPARE(again.decision("b-diff.png"), Decision::Flagged);
        QCOMPARE(again.note("b-diff.png"), QString("shadow moved"));
        // d-diff was approved: its baseline now holds the current bytes, so the pair is
        // identical now, and a decision is only kept while the content is unchanged.
        QCOMPARE(again.c->model()->entry(again.row("d-diff.png")).summary.status, PairStatus::Identical);
        const QModelIndex cell = again.c->model()->index(again.row("b-diff.png"), ReviewTableModel::DecisionColumn);
        QVERIFY(cell.data().toString().contains("flagged"));
    } else {
        QCOMPARE(again.decision("b-diff.png"), Decision::None);
        QVERIFY(again.note("b-diff.png").isEmpty());
        QVERIFY(!QFile::exists(autosave));
        QCOMPARE(savedDecision(autosave + ".previous", "b-diff.png"), Decision::Flagged); // kept aside
    }
}

void TestReviewAutosave::otherFoldersKeepTheAutosave()
{
    const QString other = makeTree("two");
    Review r;
    QVERIFY(r.open(m_a, m_b));
    r.select("b-diff.png");
    r.panel->noteEdit()->setPlainText("only a note");  // written after a pause...
    QVERIFY(r.open(other, m_tmp->filePath("two-cur"))); // ...or when other folders open
    QVERIFY(r.prompts.isEmpty());
    QVERIFY(r.note("b-diff.png").isEmpty());            // the other review
    ReviewSession saved;
    std::string error;
    QVERIFY2(saved.load(ReviewAutosave::pathFor(m_a).toStdString(), error), error.c_str());
    QCOMPARE(QString::fromStdString(saved.find("b-diff.png")->note), QString("only a note"));

    QVERIFY(r.open(m_a, m_b));
    QCOMPARE(r.prompts.size(), 1);
    QCOMPARE(r.note("b-diff.png"), QString("only a note"));
}

void TestReviewAutosave::sessionFileTakesOver()
{
    Review r;
    QVERIFY(r.open(m_a, m_b));
    r.select("b-diff.png");
    r.c->toggleFlagSelected();
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ReviewAutosave::pathFor(m_a)), 30000);
    const QString file = m_tmp->filePath("review.json");
    QVERIFY(r.c->saveSession(file));
    QCOMPARE(r.c->autosaveTarget(), file);
    QVERIFY(!QFile::exists(ReviewAutosave::pathFor(m_a))); // the session file holds it now
    r.select("d-diff.png");
    r.c->toggleFlagSelected();
    QTRY_COMPARE_WITH_TIMEOUT(savedDecision(file, "d-diff.png"), Decision::Flagged, 30000);
    QVERIFY(!QFile::exists(ReviewAutosave::pathFor(m_a)));

    Review opened; // an opened session keeps saving to its file
    QVERIFY(opened.c->openSession(file));
    opened.c->waitForRun();
    QCOMPARE(opened.c->autosaveTarget(), file);
    opened.select("d-diff.png");
    opened.c->toggleFlagSelected();
    QTRY_COMPARE_WITH_TIMEOUT(savedDecision(file, "d-diff.png"), Decision::None, 30000);
    QVERIFY(opened.prompts.isEmpty());
}

void TestReviewAutosave::nothingDecidedAsksNothing()
{
    {
        Review r;
        QVERIFY(r.open(m_a, m_b));
        r.select("b-diff.png");
        r.c->toggleFlagSelected();
        r.c->toggleFlagSelected(); // back to none: the autosave holds no decision
    }
    QVERIFY(QFile::exists(ReviewAutosave::pathFor(m_a)));
    Review again;
    QVERIFY(again.open(m_a, m_b));
    QVERIFY(again.prompts.isEmpty());
    QCOMPARE(again.decision("b-diff.png"), Decision::None);
}

void TestReviewAutosave::changesDuringAWriteAreWritten()
{
    ReviewSession session;
    session.baselineRoot = m_a.toStdString();
    for (int i = 0; i < 2000; ++i) { // a write takes a while
        PairSummary p;
        p.relPath = "p" + std::to_string(i) + ".png";
        p.status = PairStatus::Different;
        session.setResult(p);
    }
    ReviewAutosave autosave;
    autosave.setSession(&session, QString());
    const QString path = ReviewAutosave::pathFor(m_a);
    for (int i = 0; i < 5; ++i) { // each one while the previous may still be written
        session.find("p" + std::to_string(i) + ".png")->decision = Decision::Flagged;
        autosave.saveNow();
    }
    QTRY_VERIFY_WITH_TIMEOUT(!autosave.isWriting(), 60000); // written() chained the rest
    for (int i = 0; i < 5; ++i)
        QCOMPARE(savedDecision(path, ("p" + std::to_string(i) + ".png").c_str()), Decision::Flagged);
    session.find("p9.png")->note = "typed";
    autosave.saveSoon();
    QVERIFY(autosave.flush()); // at once, not after the pause
    ReviewSession saved;
    std::string error;
    QVERIFY(saved.load(path.toStdString(), error));
    QCOMPARE(QString::fromStdString(saved.find("p9.png")->note), QString("typed"));
}

QTEST_MAIN(TestReviewAutosave)
#include "tst_review_ui_autosave.moc"

// Review table and controller: filters, sorting, J/K navigation, approve/flag/undo,
// notes, approve all filtered, session save/open.
#include "review_test_util.h"

#include "review/reviewcontroller.h"
#include "review/reviewfilterproxy.h"
#include "review/reviewpanel.h"
#include "review/reviewsummarybar.h"
#include "review/reviewtablemodel.h"
#include "review/reviewtableview.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace difflens::review;
using namespace difflens::ui;
using namespace reviewtest;

class TestReviewUi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void tableShowsResults();
    void filtersAndSorting();
    void keyboardNavigationOpensPairs();
    void approveFlagUndoAndNote();
    void approveAllFiltered();
    void sessionSaveAndOpen();
    void modelIsAViewOfTheSession();
    void flipAndShiftColumns_data();
    void flipAndShiftColumns();

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_a, m_b;
    std::unique_ptr<ReviewPanel> m_panel;
    ReviewController *m_c = nullptr;
    QStringList m_opened;
};

void TestReviewUi::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    m_a = m_tmp->filePath("base");
    m_b = m_tmp->filePath("cur");
    const QImage img = screen(80, 60);
    for (const char *n : {"a-same.png", "b-diff.png", "c-same.png", "d-diff.png", "e-gone.png"})
        QVERIFY(writePng(m_a + "/" + n, img));
    QVERIFY(writePng(m_b + "/a-same.png", img));
    QVERIFY(writePng(m_b + "/b-diff.png", withBlock(img, QRect(1, 1, 5, 5), Qt::red)));
    QVERIFY(writePng(m_b + "/c-same.png", img));
    QVERIFY(writePng(m_b + "/d-diff.png", withBlock(img, QRect(1, 1, 30, 30), Qt::red)));
    QVERIFY(writePng(m_b + "/f-new.png", img));
    m_panel = std::make_unique<ReviewPanel>();
    m_panel->resize(900, 400);
    m_c = new ReviewController(m_panel.get(), m_panel.get());
    m_c->setConfirmBulkApproval(false);
    m_opened.clear();
    m_c->setPairOpener([this](const QString &a, const QString &b) { m_opened << a + "|" + b; });
    QVERIFY(m_c->openFolders(m_a, m_b));
    m_c->waitForRun();
}

void TestReviewUi::tableShowsResults()
{
    QCOMPARE(m_c->model()->rowCount(), 6);
    QCOMPARE(m_c->model()->counts().of(PairStatus::Different), int64_t(2));
    QCOMPARE(m_c->model()->counts().of(PairStatus::Removed), int64_t(1));
    QCOMPARE(m_c->model()->counts().of(PairStatus::Added), int64_t(1));
    const QString summary = m_panel->summaryBar()->text();
    QVERIFY2(summary.contains("2 different") && summary.contains("2 identical"), qPrintable(summary));
    const int row = m_c->model()->rowOf("b-diff.png");
    const QModelIndex mm = m_c->model()->index(row, ReviewTableModel::MismatchColumn);
    QVERIFY(mm.data().toString().endsWith(" %"));
    QVERIFY(!m_c->model()->index(row, ReviewTableModel::SsimColumn).data().toString().isEmpty());
    QCOMPARE(m_c->model()->index(row, ReviewTableModel::SizeColumn).data().toString(), QString("80×60"));
    QCOMPARE(m_c->model()->index(row, ReviewTableModel::RegionsColumn).data().toInt(), 1);
    QVERIFY(!m_c->model()->index(row, ReviewTableModel::StatusColumn).data(Qt::DecorationRole).isNull());
}

void TestReviewUi::filtersAndSorting()
{
    m_panel->failuresOnlyBox()->setChecked(true);
    QCOMPARE(m_c->proxy()->rowCount(), 4);
    m_panel->searchEdit()->setText("DIFF");
    QCOMPARE(m_c->proxy()->rowCount(), 2);
    m_panel->searchEdit()->clear();
    m_panel->failuresOnlyBox()->setChecked(false);
    QCOMPARE(m_c->proxy()->rowCount(), 6);
    m_c->proxy()->sort(ReviewTableModel::MismatchColumn, Qt::DescendingOrder);
    QCOMPARE(m_c->proxy()->index(0, ReviewTableModel::NameColumn).data().toString(), QString("d-diff.png"));
    QCOMPARE(m_c->proxy()->index(1, ReviewTableModel::NameColumn).data().toString(), QString("b-diff.png"));
}

void TestReviewUi::keyboardNavigationOpensPairs()
{
    ReviewTableView *t = m_panel->table();
    t->setFocus();
    QTest::keyClick(t, Qt::Key_J);
    QCOMPARE(t->currentIndex().data(ReviewTableModel::RelPathRole).toString(), QString("b-diff.png"));
    QCOMPARE(m_opened.last(), m_a + "/b-diff.png|" + m_b + "/b-diff.png");
    QTest::keyClick(t, Qt::Key_J);
    QCOMPARE(t->currentIndex().data(ReviewTableModel::RelPathRole).toString(), QString("d-diff.png"));
    QTest::keyClick(t, Qt::Key_J);
    QCOMPARE(t->currentIndex().data(ReviewTableModel::RelPathRole).toString(), QString("e-gone.png"));
    QCOMPARE(m_opened.last(), m_a + "/e-gone.png|"); // current side absent
    QTest::keyClick(t, Qt::Key_K);
    QCOMPARE(t->currentIndex().data(ReviewTableModel::RelPathRole).toString(), QString("d-diff.png"));
    QTest::keyClick(t, Qt::Key_K);
    QTest::keyClick(t, Qt::Key_K); // wraps to the last failure
    QCOMPARE(t->currentIndex().data(ReviewTableModel::RelPathRole).toString(), QString("f-new.png"));
}

void TestReviewUi::approveFlagUndoAndNote()
{
    ReviewTableView *t = m_panel->table();
    const QByteArray oldBase = readFile(m_a + "/b-diff.png"), cur = readFile(m_b + "/b-diff.png");
    QTest::keyClick(t, Qt::Key_J); // b-diff
    QTest::keyClick(t, Qt::Key_A);
    m_c->waitForApprovals(); // the copy runs in the background (tst_review_ui_approve)
    const int row = m_c->model()->rowOf("b-diff.png");
    QCOMPARE(m_c->model()->entry(row).decision, Decision::Approved);
    QCOMPARE(readFile(m_a + "/b-diff.png"), cur);
    QVERIFY(m_panel->summaryBar()->text().contains("1 approved"));
    QTest::keyClick(t, Qt::Key_U);
    m_c->waitForApprovals(); // the undo copies in the background too
    QCOMPARE(readFile(m_a + "/b-diff.png"), oldBase);
    QCOMPARE(m_c->model()->entry(row).decision, Decision::None);

    QTest::keyClick(t, Qt::Key_F);
    QCOMPARE(m_c->model()->entry(row).decision, Decision::Flagged);
    m_panel->noteEdit()->setPlainText("shadow looks off");
    QCOMPARE(QString::fromStdString(m_c->model()->entry(row).note), QString("shadow looks off"));
    QCOMPARE(QString::fromStdString(m_c->session().find("b-diff.png")->note), QString("shadow looks off"));
    QTest::keyClick(t, Qt::Key_J); // d-diff: the editor shows its (empty) note
    QVERIFY(m_panel->noteEdit()->toPlainText().isEmpty());
}

void TestReviewUi::approveAllFiltered()
{
    m_panel->searchEdit()->setText("diff");
    QCOMPARE(m_c->approveAllFiltered(), 2); // queued
    m_c->waitForApprovals();
    QCOMPARE(readFile(m_a + "/d-diff.png"), readFile(m_b + "/d-diff.png"));
    QVERIFY(QFile::exists(m_a + "/e-gone.png")); // not in the filter
    m_panel->searchEdit()->clear();
    QCOMPARE(m_c->approveAllFiltered(), 2); // the removed and the new pair
    m_c->waitForApprovals();
    QVERIFY(!QFile::exists(m_a + "/e-gone.png"));
    QVERIFY(QFile::exists(m_a + "/f-new.png"));
    QCOMPARE(m_c->approveAllFiltered(), 0);
    while (m_c->undoLastApproval()) // each undo copies in the background
        m_c->waitForApprovals();
    QVERIFY(QFile::exists(m_a + "/e-gone.png"));
    QVERIFY(!QFile::exists(m_a + "/f-new.png"));
}

void TestReviewUi::sessionSaveAndOpen()
{
    QTest::keyClick(m_panel->table(), Qt::Key_J);
    QTest::keyClick(m_panel->table(), Qt::Key_F);
    m_panel->noteEdit()->setPlainText("check");
    const QString path = m_tmp->filePath("s.json");
    QVERIFY(m_c->saveSession(path));

    ReviewPanel panel2;
    ReviewController c2(&panel2);
    QVERIFY(c2.openSession(path));
    QCOMPARE(c2.model()->rowCount(), 6); // shown at once from the file
    c2.waitForRun();
    QCOMPARE(c2.model()->rowCount(), 6);
    const int row = c2.model()->rowOf("b-diff.png");
    QCOMPARE(c2.model()->entry(row).decision, Decision::Flagged);
    QCOMPARE(QString::fromStdString(c2.model()->entry(row).note), QString("check"));
}

void TestReviewUi::modelIsAViewOfTheSession()
{
    ReviewSession session;
    PairSummary s;
    s.relPath = "x.png";
    s.status = PairStatus::Different;
    session.setResult(s);
    ReviewTableModel model;
    model.setSession(&session);
    QCOMPARE(model.rowCount(), 1);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    session.find("x.png")->note = "seen";
    session.find("x.png")->decision = Decision::Flagged;
    model.entryChanged("x.png");
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.index(0, ReviewTableModel::NameColumn).data(ReviewTableModel::NoteRole).toString(), QString("seen"));
    QCOMPARE(model.decisionCount(Decision::Flagged), int64_t(1));
    s.relPath = "y.png";
    session.setResult(s);
    model.entriesChanged({"y.png", "y.png"});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.counts().of(PairStatus::Different), int64_t(2));
    model.setSession(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void TestReviewUi::flipAndShiftColumns_data()
{
    QTest::addColumn<double>("flipMean");
    QTest::addColumn<qlonglong>("shifted");
    QTest::addColumn<QString>("flipText");
    QTest::addColumn<QString>("shiftText");
    QTest::newRow("neither computed") << -1.0 << 0LL << QString("—") << QString("—");
    QTest::newRow("flip") << 0.01234 << 0LL << QString("0.0123") << QString("—");
    QTest::newRow("flip zero") << 0.0 << 0LL << QString("0.0000") << QString("—");
    QTest::newRow("shift") << -1.0 << 42LL << QString("—") << QString("42");
}

void TestReviewUi::flipAndShiftColumns()
{
    QFETCH(double, flipMean);
    QFETCH(qlonglong, shifted);
    QFETCH(QString, flipText);
    QFETCH(QString, shiftText);
    ReviewSession session;
    PairSummary s;
    s.relPath = "p.png";
    s.status = PairStatus::Different;
    s.totalPixels = 100;
    s.flipMean = flipMean;
    s.shiftTolerated = shifted;
    session.setResult(s);
    ReviewTableModel model;
    model.setSession(&session);
    QCOMPARE(model.headerData(ReviewTableModel::FlipColumn, Qt::Horizontal).toString(), QString("FLIP"));
    QCOMPARE(model.index(0, ReviewTableModel::FlipColumn).data().toString(), flipText);
    QCOMPARE(model.index(0, ReviewTableModel::ShiftColumn).data().toString(), shiftText);
    QCOMPARE(model.index(0, ReviewTableModel::FlipColumn).data(ReviewTableModel::SortRole).toDouble(), flipMean);
}

QTEST_MAIN(TestReviewUi)
#include "tst_review_ui.moc"

// Approval safety: backup before replace, atomic rename, interrupted writes leave the
// baseline intact, undo restores, added/removed pairs.
#include "review_test_util.h"

#include "difflens/compare/review/approve.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>

using namespace difflens::review;
using namespace reviewtest;

namespace {
QStringList strayTemps(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString f = it.next();
        if (f.contains(".difflens-tmp-"))
            out << f;
    }
    return out;
}
} // namespace

class TestReviewApprove : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void approveReplacesWithBackupAndUndo();
    void interruptedWriteKeepsBaseline_data();
    void interruptedWriteKeepsBaseline();
    void backupFailureBlocksApproval();
    void approveNewAndUndo();
    void approveRemovalAndUndo();
    void approveTwiceKeepsBothBackups();
    void rejectsEscapingPaths();

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_a, m_b;
};

void TestReviewApprove::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    m_a = m_tmp->filePath("baseline");
    m_b = m_tmp->filePath("current");
    QVERIFY(writeFile(m_a + "/dir/shot.png", "OLD-BASELINE"));
    QVERIFY(writeFile(m_b + "/dir/shot.png", "NEW-CURRENT"));
}

void TestReviewApprove::approveReplacesWithBackupAndUndo()
{
    Approver ap(m_a.toStdString(), m_b.toStdString());
    ApprovalRecord rec;
    std::string err;
    QVERIFY2(ap.approve("dir/shot.png", rec, err), err.c_str());
    QCOMPARE(readFile(m_a + "/dir/shot.png"), QByteArray("NEW-CURRENT"));
    const QString backup = QString::fromStdString(rec.backupPath);
    QVERIFY(backup.startsWith(m_a + "/.difflens-backup/"));
    QVERIFY(backup.endsWith("/dir/shot.png"));
    QCOMPARE(readFile(backup), QByteArray("OLD-BASELINE"));
    QVERIFY(strayTemps(m_a).isEmpty());

    QVERIFY2(ap.undo(rec, err), err.c_str());
    QCOMPARE(readFile(m_a + "/dir/shot.png"), QByteArray("OLD-BASELINE"));
    QVERIFY(strayTemps(m_a).isEmpty());
}

void TestReviewApprove::interruptedWriteKeepsBaseline_data()
{
    QTest::addColumn<QString>("stage");
    QTest::newRow("after backup") << "backup-written";
    QTest::newRow("between temp write and rename") << "temp-written";
}

void TestReviewApprove::interruptedWriteKeepsBaseline()
{
    QFETCH(QString, stage);
    Approver ap(m_a.toStdString(), m_b.toStdString());
    ap.setFaultHook([stage](const std::string &s) { return QString::fromStdString(s) == stage; });
    ApprovalRecord rec;
    std::string err;
    QVERIFY(!ap.approve("dir/shot.png", rec, err));
    QVERIFY2(QString::fromStdString(err).contains("simulated failure"), err.c_str());
    QCOMPARE(readFile(m_a + "/dir/shot.png"), QByteArray("OLD-BASELINE"));
    QCOMPARE(readFile(QString::fromStdString(rec.backupPath)), QByteArray("OLD-BASELINE")); // backup exists
    QVERIFY(strayTemps(m_a).isEmpty());
}

void TestReviewApprove::backupFailureBlocksApproval()
{
    // A plain file where the backup folder should go makes the backup impossible.
    QVERIFY(writeFile(m_a + "/.difflens-backup", "not a folder"));
    Approver ap(m_a.toStdString(), m_b.toStdString());
    ApprovalRecord rec;
    std::string err;
    QVERIFY(!ap.approve("dir/shot.png", rec, err));
    QCOMPARE(readFile(m_a + "/dir/shot.png"), QByteArray("OLD-BASELINE"));
}

void TestReviewApprove::approveNewAndUndo()
{
    QVERIFY(writeFile(m_b + "/added/new.png", "BRAND-NEW"));
    Approver ap(m_a.toStdString(), m_b.toStdString());
    ApprovalRecord rec;
    std::string err;
    QVERIFY2(ap.approve("added/new.png", rec, err), err.c_str());
    QVERIFY(!rec.baselineExisted);
    QVERIFY(rec.backupPath.empty());
    QCOMPARE(readFile(m_a + "/added/new.png"), QByteArray("BRAND-NEW"));
    QVERIFY2(ap.undo(rec, err), err.c_str());
    QVERIFY(!QFile::exists(m_a + "/added/new.png"));
}

void TestReviewApprove::approveRemovalAndUndo()
{
    QVERIFY(writeFile(m_a + "/old/gone.png", "WAS-HERE"));
    Approver ap(m_a.toStdString(), m_b.toStdString());
    ApprovalRecord rec;
    std::string err;
    QVERIFY2(ap.approve("old/gone.png", rec, err), err.c_str());
    QVERIFY(rec.removed);
    QVERIFY(!QFile::exists(m_a + "/old/gone.png"));
    QCOMPARE(readFile(QString::fromStdString(rec.backupPath)), QByteArray("WAS-HERE"));
    QVERIFY2(ap.undo(rec, err), err.c_str());
    QCOMPARE(readFile(m_a + "/old/gone.png"), QByteArray("WAS-HERE"));
}

void TestReviewApprove::approveTwiceKeepsBothBackups()
{
    Approver ap(m_a.toStdString(), m_b.toStdString());
    ApprovalRecord first, second;
    std::string err;
    QVERIFY(ap.approve("dir/shot.png", first, err));
    QVERIFY(writeFile(m_b + "/dir/shot.png", "NEWER"));
    QVERIFY(ap.approve("dir/shot.png", second, err));
    QVERIFY(first.backupPath != second.backupPath);
    QCOMPARE(readFile(QString::fromStdString(first.backupPath)), QByteArray("OLD-BASELINE"));
    QCOMPARE(readFile(QString::fromStdString(second.backupPath)), QByteArray("NEW-CURRENT"));
    QVERIFY(ap.undo(second, err));
    QCOMPARE(readFile(m_a + "/dir/shot.png"), QByteArray("NEW-CURRENT"));
    QVERIFY(ap.undo(first, err));
    QCOMPARE(readFile(m_a + "/dir/shot.png"), QByteArray("OLD-BASELINE"));
}

void TestReviewApprove::rejectsEscapingPaths()
{
    Approver ap(m_a.toStdString(), m_b.toStdString());
    ApprovalRecord rec;
    std::string err;
    QVERIFY(!ap.approve("../current/dir/shot.png", rec, err));
    QVERIFY(!ap.approve("/etc/passwd", rec, err));
    QVERIFY(!ap.approve("missing.png", rec, err));
}

QTEST_GUILESS_MAIN(TestReviewApprove)
#include "tst_review_approve.moc"

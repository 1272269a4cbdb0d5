// `difflens-cli merge` prints GitHub annotations for the failing pairs of all shards, as a
// folder compare does: under GITHUB_ACTIONS=true or with --annotations github, never with
// --annotations none, after its summary line, naming files in the shards' current folder.
#include "../compare/test_images.h"
#include "cli_run.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

// The built CLI with GITHUB_ACTIONS set to githubActions (empty: unset), as CI runs it.
clitest::Run runCli(const QStringList &args, const QString &githubActions)
{
    const QByteArray saved = qgetenv("GITHUB_ACTIONS");
    const bool wasSet = qEnvironmentVariableIsSet("GITHUB_ACTIONS");
    if (githubActions.isEmpty())
        qunsetenv("GITHUB_ACTIONS");
    else
        qputenv("GITHUB_ACTIONS", githubActions.toUtf8());
    const clitest::Run r = clitest::runCli(args);
    if (wasSet)
        qputenv("GITHUB_ACTIONS", saved);
    else
        qunsetenv("GITHUB_ACTIONS");
    return r;
}

} // namespace

class TestCliMergeAnnotations : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_cur;
    QStringList m_shards;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString base = m_dir.filePath("base");
        m_cur = m_dir.filePath("cur");
        QVERIFY(QDir().mkpath(base + "/sub") && QDir().mkpath(m_cur + "/sub"));
        const QImage a = testimg::screen(80, 60);
        for (const char *name : {"a.png", "b.png", "c.png"})
            QVERIFY(testimg::save(a, base + "/" + name) && testimg::save(a, m_cur + "/" + name));
        QVERIFY(testimg::save(a, base + "/sub/changed.png"));
        QVERIFY(
            testimg::save(testimg::withBlock(a, QRect(10, 10, 5, 4), Qt::red), m_cur + "/sub/changed.png"));
        QVERIFY(testimg::save(a, base + "/gone.png"));
        // Two shards; neither prints annotations here (GITHUB_ACTIONS unset).
        for (int i = 1; i <= 2; ++i) {
            const QString json = m_dir.filePath(QString("shard-%1.json").arg(i));
            const clitest::Run r =
                runCli({"compare", base, m_cur, "--shard", QString("%1/2").arg(i), "--json", json}, "");
            QVERIFY2(r.exitCode == 0 || r.exitCode == 1, r.err.constData());
            QVERIFY(!r.out.contains("::error"));
            m_shards << json;
        }
    }

    void annotations_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("githubActions");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<int>("count");
        QTest::newRow("GITHUB_ACTIONS=true") << QStringList{} << "true" << 1 << 2;
        QTest::newRow("unset") << QStringList{} << "" << 1 << 0;
        QTest::newRow("GITHUB_ACTIONS=false") << QStringList{} << "false" << 1 << 0;
        QTest::newRow("--annotations none wins") << QStringList{"--annotations", "none"} << "true" << 1 << 0;
        QTest::newRow("--annotations=github") << QStringList{"--annotations=github"} << "" << 1 << 2;
        QTest::newRow("--annotations gitlab") << QStringList{"--annotations", "gitlab"} << "true" << 2 << 0;
    }

    void annotations()
    {
        QFETCH(QStringList, extra);
        QFETCH(QString, githubActions);
        QFETCH(int, exitCode);
        QFETCH(int, count);
        const QString all = m_dir.filePath("all.json");
        const clitest::Run r =
            runCli(QStringList{"merge"} + m_shards + QStringList{"-o", all} + extra, githubActions);
        QCOMPARE(r.exitCode, exitCode);
        const QStringList lines = QString::fromUtf8(r.out).split('\n', Qt::SkipEmptyParts);
        const QStringList found = lines.filter(QRegularExpression("^::error "));
        QCOMPARE(found.size(), count);
        if (exitCode == 2) {
            QVERIFY2(r.err.contains("gitlab"), r.err.constData());
            return;
        }
        QVERIFY(lines.first().startsWith(all + ": ")); // the summary line comes first
        if (count == 0)
            return;
        // Sorted by name, as the merged document: gone.png (removed, named in the baseline), then
        // sub/changed.png (named in the current folder).
        QCOMPARE(found[0],
                 QString("::error file=%1,title=gone.png was removed::image removed, only in the baseline")
                     .arg(m_dir.filePath("base/gone.png")));
        QCOMPARE(found[1],
                 QString("::error file=%1,title=sub/changed.png changed::20 pixels differ (0.4167%25)")
                     .arg(m_cur + "/sub/changed.png"));
        QVERIFY(lines.last().startsWith("::error "));
    }
};

QTEST_GUILESS_MAIN(TestCliMergeAnnotations)
#include "tst_cli_merge_annotations.moc"

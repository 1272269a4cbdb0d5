// git integration (docs/git.md) in a temporary repository: `difflens-cli git-diff` as a
// diff driver (`diff.png.command`) and as GIT_EXTERNAL_DIFF, with the exact `git config`
// lines of docs/git.md; `git difftool --tool=difflens` through a stub `difflens` that records
// its arguments (the app's window cannot open in a test) and compares them with difflens-cli.
#include "../compare/test_images.h"

#include <algorithm>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out, err;
};

// The value of the first `git config --global KEY '...'` line in docs/git.md.
QString documentedConfig(const QString &key)
{
    QFile f(QStringLiteral(DIFFLENS_SOURCE_DIR "/docs/git.md"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QRegularExpression re("^git config --global " + QRegularExpression::escape(key) + " '([^']*)'$",
                                QRegularExpression::MultilineOption);
    return re.match(QString::fromUtf8(f.readAll())).captured(1);
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestGitDiff : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_repo, m_bin;
    QImage m_base;

    QString repoFile(const QString &name) const { return m_repo + "/" + name; }

    Run git(const QStringList &args, const QMap<QString, QString> &extraEnv = {}) const
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("PATH", m_bin + ":" + env.value("PATH"));
        env.remove("GIT_EXTERNAL_DIFF");
        env.insert("GIT_CONFIG_NOSYSTEM", "1");
        env.insert("HOME", m_dir.path()); // no user configuration
        for (auto it = extraEnv.begin(); it != extraEnv.end(); ++it)
            env.insert(it.key(), it.value());
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(m_repo);
        p.start("git", args);
        Run r;
        if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit)
            return r;
        r.exitCode = p.exitCode();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    bool gitOk(const QStringList &args) const
    {
        const Run r = git(args);
        if (r.exitCode != 0)
            qWarning("git %s: %s", qPrintable(args.join(' ')), qPrintable(r.err));
        return r.exitCode == 0;
    }

    // difflens-cli compare --json's mismatched count for two files.
    static int mismatched(const QString &a, const QString &b)
    {
        QProcess p;
        p.start(QStringLiteral(DIFFLENS_CLI_PATH), {"compare", a, b, "--json", "-", "--quiet"});
        if (!p.waitForFinished(120000))
            return -1;
        const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        return o.value("pixels").toObject().value("mismatched").toInt(-1);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable("git").isEmpty())
            QSKIP("git is not installed");
        QVERIFY(m_dir.isValid());
        m_repo = m_dir.filePath("repo");
        m_bin = m_dir.filePath("bin");
        QVERIFY(QDir().mkpath(m_repo) && QDir().mkpath(m_bin));
        // `difflens-cli` as the documented commands name it.
        QVERIFY(QFile::link(QStringLiteral(DIFFLENS_CLI_PATH), m_bin + "/difflens-cli"));
        // The app's stand-in for difftool: records its arguments and a copy of each file,
        // then compares them as the app would show them.
        QFile stub(m_bin + "/difflens");
        QVERIFY(stub.open(QIODevice::WriteOnly));
        stub.write("#!/bin/sh\n"
                   "rec=\"$DIFFTOOL_RECORD\"\n"
                   "printf '%s\\n' \"$#\" \"$@\" > \"$rec.args\"\n"
                   "cp \"$1\" \"$rec.local\"; cp \"$2\" \"$rec.remote\"\n"
                   "difflens-cli compare \"$1\" \"$2\" --quiet\n"
                   "echo $? > \"$rec.exit\"\n");
        stub.close();
        QVERIFY(stub.setPermissions(stub.permissions() | QFileDevice::ExeOwner));

        m_base = testimg::screen(80, 60);
        QVERIFY(gitOk({"init", "-q", "-b", "main"}));
        QVERIFY(gitOk({"config", "user.email", "test@example.com"}));
        QVERIFY(gitOk({"config", "user.name", "Test"}));
        for (const char *name :
             {"changed.png", "mode.png", "removed.png", "moved.png", "corrupt.png", "same.png"})
            QVERIFY(testimg::save(m_base, repoFile(name)));
        QVERIFY(testimg::writeBytes(repoFile("notes.txt"), "first\n"));
        QVERIFY(testimg::writeBytes(repoFile(".gitattributes"), "*.png diff=png\n"));
        QVERIFY(gitOk({"add", "."}));
        QVERIFY(gitOk({"commit", "-q", "-m", "baseline"}));
        // The same picture re-encoded: different bytes, same pixels.
        const QByteArray committedSame = readAll(repoFile("same.png"));
        QVERIFY(m_base.save(repoFile("same.png"), "PNG", 0));
        QVERIFY(readAll(repoFile("same.png")) != committedSame);

        // Work-tree changes; staged ones are seen by `git diff --cached`.
        QVERIFY(
            testimg::save(testimg::withBlock(m_base, QRect(10, 10, 6, 5), Qt::red), repoFile("changed.png")));
        QVERIFY(QFile::setPermissions(repoFile("mode.png"),
                                      QFile::permissions(repoFile("mode.png")) | QFileDevice::ExeOwner));
        QVERIFY(testimg::writeBytes(repoFile("corrupt.png"), "\x89PNG\r\n\x1a\n this is not a PNG"));
        QVERIFY(testimg::writeBytes(repoFile("notes.txt"), "second\n"));
        QVERIFY(
            testimg::save(testimg::withBlock(m_base, QRect(0, 0, 4, 4), Qt::blue), repoFile("added.png")));
        QVERIFY(gitOk({"add", "added.png"}));
        QVERIFY(gitOk({"rm", "-q", "removed.png"}));
        QVERIFY(gitOk({"mv", "moved.png", "renamed.png"}));
    }

    // Each row: how git is told about difflens-cli, the git arguments, and the lines that
    // must (and must not) appear in what `git diff` prints.
    void gitDiff_data()
    {
        QTest::addColumn<QString>("how"); // driver | external
        QTest::addColumn<QString>("options");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<QStringList>("absent");

        const QStringList changed{
            "diff --difflens a/changed.png b/changed.png", "A:        a/changed.png (80x60, RGB, 8-bit)",
            "B:        b/changed.png (80x60, RGB, 8-bit)", "Regions:  1",
            "Pixels:   %MISMATCHED% of 4800 mismatched",   "Result:   DIFFERENT"};
        const QStringList runLines{"Plan:", "Timings:"};
        QTest::newRow("driver, changed")
            << "driver"
            << "" << QStringList{"diff", "--", "changed.png"} << changed << runLines;
        QTest::newRow("external, changed")
            << "external"
            << "" << QStringList{"diff", "--", "changed.png"} << changed << runLines;
        QTest::newRow("driver, options before git's arguments")
            << "driver"
            << " --ignore 0:0-79:59" << QStringList{"diff", "--", "changed.png"}
            << QStringList{"Ignored:  1 region", "Pixels:   0 of ", "Result:   IDENTICAL"}
            << QStringList{"DIFFERENT"};
        QTest::newRow("same pixels, other bytes") << "driver"
                                                  << "" << QStringList{"diff", "--", "same.png"}
                                                  << QStringList{"diff --difflens a/same.png b/same.png",
                                                                 "Pixels:   0 of 4800", "Result:   IDENTICAL"}
                                                  << QStringList{"IDENTICAL bytes"};
        QTest::newRow("mode change only")
            << "driver"
            << "" << QStringList{"diff", "--", "mode.png"}
            << QStringList{"old mode 100644", "new mode 100755", "Result:   IDENTICAL bytes"}
            << QStringList{"Pixels:"};
        QTest::newRow("added") << "driver"
                               << "" << QStringList{"diff", "--cached", "--", "added.png"}
                               << QStringList{"diff --difflens a/added.png b/added.png",
                                              "new file mode 100644", "B:        b/added.png (80x60, png)",
                                              "Result:   ADDED"}
                               << QStringList{"Pixels:"};
        QTest::newRow("deleted") << "driver"
                                 << "" << QStringList{"diff", "--cached", "--", "removed.png"}
                                 << QStringList{"deleted file mode 100644",
                                                "A:        a/removed.png (80x60, png)", "Result:   DELETED"}
                                 << QStringList{"Pixels:"};
        QTest::newRow("renamed (nine arguments)")
            << "external"
            << "" << QStringList{"diff", "--cached", "-M", "--", "moved.png", "renamed.png"}
            << QStringList{"diff --difflens a/moved.png b/renamed.png", "similarity index 100%",
                           "Result:   IDENTICAL bytes"}
            << QStringList{"Error:"};
        // A file that cannot be decoded is one line; git goes on to the next file.
        QTest::newRow("corrupt, then the next file")
            << "driver"
            << "" << QStringList{"diff", "--", "corrupt.png", "mode.png"}
            << QStringList{"diff --difflens a/corrupt.png b/corrupt.png",
                           "Error:    b/corrupt.png: ", "diff --difflens a/mode.png b/mode.png"}
            << QStringList{};
        // GIT_EXTERNAL_DIFF sees every file: a text file is not an image.
        QTest::newRow("external, not an image")
            << "external"
            << "" << QStringList{"diff", "--", "notes.txt"}
            << QStringList{"diff --difflens a/notes.txt b/notes.txt", "Error:    a/notes.txt: "}
            << QStringList{};
        // The driver is for *.png only: git's own diff for the text file.
        QTest::newRow("driver, text file") << "driver"
                                           << "" << QStringList{"diff", "--", "notes.txt"}
                                           << QStringList{"-first", "+second"} << QStringList{"difflens"};
    }

    void gitDiff()
    {
        QFETCH(QString, how);
        QFETCH(QString, options);
        QFETCH(QStringList, args);
        QFETCH(QStringList, expected);
        QFETCH(QStringList, absent);
        const QString command = documentedConfig("diff.png.command");
        QCOMPARE(command, QString("difflens-cli git-diff"));
        Run r;
        if (how == "driver")
            r = git(QStringList{"-c", "diff.png.command=" + command + options} + args);
        else
            r = git(args, {{"GIT_EXTERNAL_DIFF", command + options}});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));

        // The count git-diff prints is compare --json's for the committed and current file.
        const QString committed = m_dir.filePath("committed.png");
        QFile::remove(committed);
        QProcess show;
        show.setWorkingDirectory(m_repo);
        show.setStandardOutputFile(committed);
        show.start("git", {"show", "HEAD:changed.png"});
        QVERIFY(show.waitForFinished(60000) && show.exitCode() == 0);
        const int count = mismatched(committed, repoFile("changed.png"));
        QVERIFY(count > 0);

        const QStringList lines = r.out.split('\n');
        for (QString want : expected) {
            want.replace("%MISMATCHED%", QString::number(count));
            const bool found = std::any_of(lines.begin(), lines.end(),
                                           [&want](const QString &l) { return l.startsWith(want); });
            QVERIFY2(found, qPrintable("missing '" + want + "' in:\n" + r.out));
        }
        for (const QString &unwanted : absent)
            QVERIFY2(!r.out.contains(unwanted), qPrintable("unexpected '" + unwanted + "' in:\n" + r.out));
    }

    // git's arguments are checked: anything else is a usage error (exit 2), and git stops.
    void badArguments()
    {
        Run r =
            git({"-c", "diff.png.command=difflens-cli git-diff --threshold 7", "diff", "--", "changed.png"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("--threshold"), qPrintable(r.err));
        QProcess p;
        p.start(QStringLiteral(DIFFLENS_CLI_PATH), {"git-diff", "a.png", "b.png"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("PATH OLD-FILE OLD-HEX"));
    }

    // git-diff runs in the Qt-free fast path: the loader (LD_DEBUG=files) loads neither Qt
    // nor the full command library, for a changed and an added file.
    void loadsNoQt_data()
    {
        QTest::addColumn<bool>("added");
        QTest::newRow("changed") << false;
        QTest::newRow("added") << true;
    }
    void loadsNoQt()
    {
        QFETCH(bool, added);
        QVERIFY(testimg::save(m_base, m_dir.filePath("old.png")));
        const QString zero(40, '0'), id = "1234567890abcdef1234567890abcdef12345678";
        const QStringList args =
            added ? QStringList{"git-diff", "x.png", "/dev/null", ".", ".", repoFile("changed.png"),
                                zero,       "100644"}
                  : QStringList{"git-diff", "x.png",  m_dir.filePath("old.png"),
                                id,         "100644", repoFile("changed.png"),
                                zero,       "100644"};
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("LD_DEBUG", "files");
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(DIFFLENS_CLI_PATH), args);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QByteArray out = p.readAllStandardOutput(), loaderLog = p.readAllStandardError();
        QVERIFY(out.contains(added ? "Result:   ADDED" : "Result:   DIFFERENT"));
        QVERIFY(loaderLog.contains("libpng")); // the log is there
        for (const char *heavy : {"libQt6", "opencv", "difflens_cli_full"})
            QVERIFY2(!loaderLog.contains(heavy), heavy);
    }

    // During a merge conflict `git diff --cached` calls the command with the path alone.
    void unmergedPath()
    {
        const QString command = documentedConfig("diff.png.command");
        QVERIFY(gitOk({"checkout", "-q", "-b", "other"}));
        QVERIFY(testimg::save(testimg::withBlock(m_base, QRect(40, 30, 8, 8), Qt::green),
                              repoFile("conflict.png")));
        QVERIFY(gitOk({"add", "conflict.png"}));
        QVERIFY(gitOk({"commit", "-q", "-m", "other"}));
        QVERIFY(gitOk({"checkout", "-q", "main"}));
        QVERIFY(testimg::save(testimg::withBlock(m_base, QRect(40, 30, 8, 8), Qt::blue),
                              repoFile("conflict.png")));
        QVERIFY(gitOk({"add", "conflict.png"}));
        QVERIFY(gitOk({"commit", "-q", "-m", "main"}));
        QVERIFY(git({"merge", "-q", "other"}).exitCode != 0); // the conflict
        const Run r = git({"-c", "diff.png.command=" + command + " --threshold=0.2", "diff", "--cached", "--",
                           "conflict.png"});
        QVERIFY(gitOk({"merge", "--abort"}));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out,
                 QString("diff --difflens a/conflict.png b/conflict.png\n* Unmerged path conflict.png\n"));
    }

    // difftool with the documented cmd: the stub gets the committed file ($LOCAL, a
    // temporary copy) and the work-tree file ($REMOTE), in that order.
    void difftool()
    {
        const QString cmd = documentedConfig("difftool.difflens.cmd");
        QCOMPARE(cmd, QString("difflens \"$LOCAL\" \"$REMOTE\""));
        const QString record = m_dir.filePath("difftool");
        const Run r = git({"-c", "difftool.difflens.cmd=" + cmd, "difftool", "--tool=difflens", "--no-prompt",
                           "--", "changed.png"},
                          {{"DIFFTOOL_RECORD", record}});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile argsFile(record + ".args");
        QVERIFY(argsFile.open(QIODevice::ReadOnly));
        const QStringList args = QString::fromUtf8(argsFile.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(args.size(), 3);
        QCOMPARE(args[0], QString("2"));
        QCOMPARE(QFileInfo(args[2]).fileName(), QString("changed.png"));
        QVERIFY(testimg::save(m_base, m_dir.filePath("base.png")));
        QVERIFY(QImage(record + ".local") == QImage(m_dir.filePath("base.png")));
        QVERIFY(QImage(record + ".remote") == QImage(repoFile("changed.png")));
        QFile exitFile(record + ".exit");
        QVERIFY(exitFile.open(QIODevice::ReadOnly));
        QCOMPARE(exitFile.readAll().trimmed(), QByteArray("1")); // the pair differs
    }
};

QTEST_GUILESS_MAIN(TestGitDiff)
#include "tst_git_diff.moc"

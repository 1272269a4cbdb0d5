// difflens-cli's fast path: a plain compare loads no Qt, no OpenCV and no BLAS; folders,
// sidecars and reports go to libdifflens_cli_full.so; a library that cannot be loaded gives
// one error line and exit code 2.
#include "../compare/test_images.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out, err;
};

// With LD_DEBUG=files the loader lists every library it loads on stderr.
Run runCli(const QStringList &args, const QString &fullLibrary = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("files"));
    if (!fullLibrary.isEmpty())
        env.insert(QStringLiteral("DIFFLENS_CLI_FULL"), fullLibrary);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(DIFFLENS_CLI_PATH), args);
    Run r;
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit)
        return r;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QByteArray heavyLibraryIn(const QByteArray &loaderLog)
{
    for (const char *name : {"libQt6", "opencv", "blas", "lapack", "gfortran", "libtbb", "difflens_cli_full"})
        if (loaderLog.contains(name))
            return name;
    return {};
}

bool loadedFull(const QByteArray &loaderLog)
{
    return loaderLog.contains("libdifflens_cli_full.so") && loaderLog.contains("libQt6Core");
}

} // namespace

class TestCliFastPath : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_a, m_b;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir(m_dir.path()).mkpath("pair"));
        m_a = m_dir.filePath("pair/a.png");
        m_b = m_dir.filePath("pair/b.png");
        const QImage a = testimg::screen(64, 48);
        QVERIFY(testimg::save(a, m_a));
        QVERIFY(testimg::save(testimg::withBlock(a, QRect(2, 2, 5, 4), Qt::red), m_b));
    }

    void plainCommandsLoadNoQt_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addRow("version") << QStringList{"--version"} << 0;
        QTest::addRow("help") << QStringList{"--help"} << 0;
        QTest::addRow("compare help") << QStringList{"compare", "--help"} << 0;
        QTest::addRow("bad option") << QStringList{"compare", "x.png", "y.png", "--threshold", "2"} << 2;
        QTest::addRow("compare") << QStringList{"compare", "A", "B"} << 1;
        QTest::addRow("compare, json, diff") << QStringList{"compare", "A", "B", "--json", "J", "--diff-image", "D"}
                                             << 1;
        QTest::addRow("compare, no sidecar") << QStringList{"compare", "A", "A", "--no-sidecar", "-q"} << 0;
        QTest::addRow("missing file") << QStringList{"compare", "A", "missing.png"} << 2;
    }

    void plainCommandsLoadNoQt()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        for (QString &a : args) {
            if (a == "A")
                a = m_a;
            else if (a == "B")
                a = m_b;
            else if (a == "J" || a == "D")
                a = m_dir.filePath(a == "J" ? "r.json" : "d.png");
        }
        const Run r = runCli(args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(heavyLibraryIn(r.err).isEmpty(), heavyLibraryIn(r.err).constData());
        if (args.contains("--json")) {
            QFile json(m_dir.filePath("r.json"));
            QVERIFY(json.open(QIODevice::ReadOnly));
            const QByteArray text = json.readAll();
            QVERIFY(text.contains("\"mismatched\": ") && !text.contains("\"mismatched\": 0,"));
            QVERIFY(QFile::exists(m_dir.filePath("d.png")));
        }
    }

    void sidecarFoldersAndReportsLoadTheFullLibrary()
    {
        const QString sidecar = m_b + ".difflens.json";
        QVERIFY(testimg::writeBytes(sidecar, R"({"ignore": [{"x": 0, "y": 0, "width": 16, "height": 16}]})"));
        Run r = runCli({"compare", m_a, m_b});
        QFile::remove(sidecar);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(loadedFull(r.err));
        QVERIFY(r.out.contains("(sidecar "));

        r = runCli({"compare", m_dir.filePath("pair"), m_dir.filePath("pair"), "-q", "--no-progress"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(loadedFull(r.err));

        r = runCli({"report", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(loadedFull(r.err));
        QVERIFY(r.out.startsWith("Usage: difflens-cli report"));
    }

    void unloadableLibraryIsOneError()
    {
        const QString bad = m_dir.filePath("libbroken.so");
        QVERIFY(testimg::writeBytes(bad, "not a library"));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DIFFLENS_CLI_FULL"), bad);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(DIFFLENS_CLI_PATH), {"merge"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(err.startsWith("difflens-cli: error: cannot load " + QFile::encodeName(bad) + ": "), err.constData());
        QCOMPARE(err.count('\n'), 1);
    }
};

QTEST_GUILESS_MAIN(TestCliFastPath)
#include "tst_cli_fast_path.moc"

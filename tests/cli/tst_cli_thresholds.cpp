// Runs the built difflens-cli: --warning-threshold / --critical-threshold (single and folder
// compare) and difflens.json "memory": bad values exit 2 with a reason, valid ones reach the
// job (the -v plan line's status and the JSON plan's memory_status).
#include "cli_run.h"
#include "../compare/test_images.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

using clitest::Run;
using clitest::runCli;

// Exactly one line "difflens-cli: error: ..." on stderr.
bool isOneLineError(const QByteArray &err, const QString &expectedPart)
{
    const QString text = QString::fromUtf8(err);
    return text.endsWith('\n') && text.count('\n') == 1 &&
           text.startsWith(QStringLiteral("difflens-cli: error: ")) && text.contains(expectedPart);
}

// The status of the first "difflens job: ratio=... status=..." line on stderr, or "" when none.
QString planStatus(const QByteArray &err)
{
    static const QRegularExpression line(QStringLiteral("^difflens job: .*\\bratio=\\S+ status=(\\S+)"),
                                         QRegularExpression::MultilineOption);
    const QRegularExpressionMatch m = line.match(QString::fromUtf8(err));
    return m.hasMatch() ? m.captured(1) : QString();
}

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

class TestCliThresholds : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_a, m_b, m_base, m_cur;
    QString file(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

    bool writeConfig(const QByteArray &json)
    {
        return testimg::writeBytes(m_base + QStringLiteral("/difflens.json"), json);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_a = file("a.png");
        m_b = file("b.png");
        m_base = file("baseline");
        m_cur = file("current");
        QVERIFY(QDir().mkpath(m_base));
        QVERIFY(QDir().mkpath(m_cur));
        const QImage a = testimg::screen(160, 100);
        const QImage b = testimg::withBlock(a, QRect(30, 20, 10, 10), Qt::red);
        QVERIFY(testimg::save(a, m_a));
        QVERIFY(testimg::save(b, m_b));
        QVERIFY(testimg::save(a, m_base + QStringLiteral("/page.png")));
        QVERIFY(testimg::save(b, m_cur + QStringLiteral("/page.png")));
    }

    void cleanup() { QFile::remove(m_base + QStringLiteral("/difflens.json")); }

    void badValues_data()
    {
        QTest::addColumn<bool>("folder");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("message");
        const QString range = QStringLiteral("expected a memory ratio greater than 0 and at most 1");
        const QString order =
            QStringLiteral("the warning threshold (0.9) must be below the critical threshold (0.5)");
        for (const bool folder : {false, true}) {
            const char *form = folder ? "folder: " : "files: ";
            const auto row = [form](const char *name) -> QTestData & {
                return QTest::newRow(qPrintable(QString(form) + name));
            };
            row("warning 0") << folder << QStringList{"--warning-threshold", "0"}
                             << "--warning-threshold: " + range + ", got '0'";
            row("warning negative") << folder << QStringList{"--warning-threshold=-0.1"}
                                    << "--warning-threshold: " + range + ", got '-0.1'";
            row("warning above 1") << folder << QStringList{"--warning-threshold", "1.5"}
                                   << "--warning-threshold: " + range + ", got '1.5'";
            row("warning text") << folder << QStringList{"--warning-threshold", "high"}
                                << "--warning-threshold: " + range + ", got 'high'";
            row("critical 0") << folder << QStringList{"--critical-threshold", "0"}
                              << "--critical-threshold: " + range + ", got '0'";
            row("critical nan") << folder << QStringList{"--critical-threshold", "nan"}
                                << "--critical-threshold: " + range + ", got 'nan'";
            row("critical missing value")
                << folder << QStringList{"--critical-threshold"} << "--critical-threshold";
            row("warning above critical")
                << folder << QStringList{"--warning-threshold", "0.9", "--critical-threshold", "0.5"}
                << order;
            row("equal") << folder << QStringList{"--warning-threshold", "0.5", "--critical-threshold", "0.5"}
                         << "the warning threshold (0.5) must be below the critical threshold (0.5)";
        }
        // One alone is checked against the other's default (0.8 / 0.9).
        QTest::newRow("files: warning above the default critical")
            << false << QStringList{"--warning-threshold", "0.95"}
            << "the warning threshold (0.95) must be below the critical threshold (0.9)";
        QTest::newRow("files: critical below the default warning")
            << false << QStringList{"--critical-threshold", "0.7"}
            << "the warning threshold (0.8) must be below the critical threshold (0.7)";
        QTest::newRow("folder: warning above the default critical")
            << true << QStringList{"--warning-threshold", "0.95"}
            << "memory.warning (0.95) must be below memory.critical (0.9, the default)";
    }
    void badValues()
    {
        QFETCH(bool, folder);
        QFETCH(QStringList, extra);
        QFETCH(QString, message);
        const QStringList args = QStringList{"compare", folder ? m_base : m_a, folder ? m_cur : m_b} + extra;
        const Run r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(isOneLineError(r.err, message), r.err.constData());
        QCOMPARE(r.out, QByteArray());
    }

    void planLogShowsWarning()
    {
        // Any machine uses more than 0.01 % of its memory.
        const QString json = file("warning.json");
        const Run r =
            runCli({"compare", m_a, m_b, "-v", "-q", "--warning-threshold", "0.0001", "--json", json});
        QCOMPARE(r.exitCode, 1);
        const QString status = planStatus(r.err);
        QVERIFY2(!status.isEmpty(), r.err.constData());
        QVERIFY2(status != QLatin1String("normal"), r.err.constData());
        const QString recorded = readJson(json).value("plan").toObject().value("memory_status").toString();
        QVERIFY2(!recorded.isEmpty() && recorded != QLatin1String("normal"), qPrintable(recorded));
    }

    void planLogShowsCritical_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::newRow("streamed") << QStringList();
        QTest::newRow("whole frame") << QStringList{"--tier", "high", "--device", "cpu"};
    }
    void planLogShowsCritical()
    {
        QFETCH(QStringList, extra);
        const Run r = runCli(QStringList{"compare", m_a, m_b, "-v", "-q", "--warning-threshold", "0.0001",
                                         "--critical-threshold=0.0002"} +
                             extra);
        QCOMPARE(r.exitCode, 1);
        const QString status = planStatus(r.err);
        QVERIFY2(!status.isEmpty(), r.err.constData());
        QVERIFY2(status != QLatin1String("normal") && status != QLatin1String("warning"), r.err.constData());
    }

    void planLogHighThresholds()
    {
        // used/total never exceeds 1: with critical at 1 the status is never critical.
        const Run r = runCli(
            {"compare", m_a, m_b, "-v", "-q", "--warning-threshold", "0.99999", "--critical-threshold", "1"});
        QCOMPARE(r.exitCode, 1);
        const QString status = planStatus(r.err);
        QVERIFY2(!status.isEmpty(), r.err.constData());
        QVERIFY2(status != QLatin1String("critical"), r.err.constData());
    }

    void folderOptionsReachEveryPair()
    {
        const QString json = file("folder.json");
        const Run r = runCli({"compare", m_base, m_cur, "-q", "--no-progress", "--warning-threshold",
                              "0.0001", "--json", json});
        QCOMPARE(r.exitCode, 1);
        const QJsonArray pairs = readJson(json).value("pairs").toArray();
        QCOMPARE(pairs.size(), 1);
        const QString status = pairs[0].toObject().value("plan").toObject().value("memory_status").toString();
        QVERIFY2(!status.isEmpty() && status != QLatin1String("normal"), qPrintable(status));
    }

    void configMemoryReachesEveryPair()
    {
        QVERIFY(writeConfig(R"({"memory": {"warning": 0.0001, "critical": 0.0002}})"));
        const QString json = file("config.json");
        const Run r = runCli({"compare", m_base, m_cur, "-q", "--no-progress", "--json", json});
        QCOMPARE(r.exitCode, 1);
        const QJsonArray pairs = readJson(json).value("pairs").toArray();
        QCOMPARE(pairs.size(), 1);
        const QString status = pairs[0].toObject().value("plan").toObject().value("memory_status").toString();
        QVERIFY2(!status.isEmpty() && status != QLatin1String("normal") && status != QLatin1String("warning"),
                 qPrintable(status));

        // The command line replaces the config's values.
        const QString over = file("override.json");
        const Run o = runCli({"compare", m_base, m_cur, "-q", "--no-progress", "--warning-threshold",
                              "0.99998", "--critical-threshold", "1", "--json", over});
        QCOMPARE(o.exitCode, 1);
        const QJsonArray overPairs = readJson(over).value("pairs").toArray();
        QCOMPARE(overPairs.size(), 1);
        const QString overStatus =
            overPairs[0].toObject().value("plan").toObject().value("memory_status").toString();
        QVERIFY2(overStatus != QLatin1String("critical"), qPrintable(overStatus));
    }

    void configMemoryInvalid_data()
    {
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("message");
        QTest::newRow("out of range") << QByteArray(R"({"memory": {"warning": 2}})") << QStringList()
                                      << "memory.warning must be a number greater than 0 and at most 1";
        QTest::newRow("inverted") << QByteArray(R"({"memory": {"warning": 0.9, "critical": 0.5}})")
                                  << QStringList()
                                  << "memory.warning (0.9) must be below memory.critical (0.5)";
        QTest::newRow("command line against config")
            << QByteArray(R"({"memory": {"warning": 0.3, "critical": 0.5}})")
            << QStringList{"--warning-threshold", "0.6"}
            << "--warning-threshold/--critical-threshold with difflens.json: memory.warning (0.6) must be "
               "below "
               "memory.critical (0.5)";
    }
    void configMemoryInvalid()
    {
        QFETCH(QByteArray, config);
        QFETCH(QStringList, extra);
        QFETCH(QString, message);
        QVERIFY(writeConfig(config));
        const Run r = runCli(QStringList{"compare", m_base, m_cur, "-q", "--no-progress"} + extra);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(isOneLineError(r.err, message), r.err.constData());
    }

    void helpMentionsOptions()
    {
        const Run single = runCli({"compare", "--help"});
        QCOMPARE(single.exitCode, 0);
        QVERIFY(single.out.contains("--warning-threshold R"));
        QVERIFY(single.out.contains("--critical-threshold R"));
        const Run folder = runCli({"compare", m_base, m_cur, "--help"});
        QCOMPARE(folder.exitCode, 0);
        QVERIFY(folder.out.contains("--warning-threshold R"));
        QVERIFY(folder.out.contains("--critical-threshold R"));
    }
};

QTEST_GUILESS_MAIN(TestCliThresholds)
#include "tst_cli_thresholds.moc"

// Runs the built difflens-cli: exit codes, one-line errors, JSON, diff image, help/version.
#include "cli_run.h"
#include "../compare/test_images.h"

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
bool isOneLineError(const QByteArray &err, const QString &expectedPrefix)
{
    const QString text = QString::fromUtf8(err);
    return text.endsWith('\n') && text.count('\n') == 1 &&
           text.startsWith(QStringLiteral("difflens-cli: error: ") + expectedPrefix);
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_a, m_same, m_b, m_corrupt, m_bigger;
    QString file(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_a = file("a.png");
        m_same = file("same.png");
        m_b = file("b.png");
        m_corrupt = file("corrupt.png");
        m_bigger = file("bigger.png");
        const QImage a = testimg::screen(120, 80);
        QVERIFY(testimg::save(a, m_a));
        QVERIFY(testimg::save(a, m_same));
        QVERIFY(testimg::save(testimg::withBlock(a, QRect(30, 20, 10, 10), Qt::red), m_b));
        QVERIFY(testimg::save(testimg::screen(130, 80), m_bigger));
        QVERIFY(testimg::writeBytes(m_corrupt, QByteArray("\x89PNG\r\n\x1a\ngarbage", 15)));
    }

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("which");
        QTest::addColumn<int>("code");
        QTest::newRow("same") << QStringList() << "same" << 0;
        QTest::newRow("different") << QStringList() << "b" << 1;
        QTest::newRow("layout") << QStringList() << "bigger" << 1;
        QTest::newRow("layout, fail fast") << QStringList{"--fail-on-layout"} << "bigger" << 1;
        QTest::newRow("ignored difference") << QStringList{"--ignore", "30:20-39:29"} << "b" << 0;
        QTest::newRow("threshold 1") << QStringList{"--threshold=1"} << "b" << 0;
    }
    void exitCodes()
    {
        QFETCH(QStringList, extra);
        QFETCH(QString, which);
        QFETCH(int, code);
        const QString other = which == "same" ? m_same : which == "b" ? m_b : m_bigger;
        const Run r = runCli(QStringList{"compare", m_a, other, "--device", "cpu"} + extra);
        QVERIFY2(r.exitCode == code, r.err.constData());
        QVERIFY(r.err.isEmpty());
        QVERIFY(r.out.contains("Result:"));
    }

    void summaryMentionsCounts()
    {
        const Run r = runCli({"compare", m_a, m_b});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains("100 of 9600 mismatched"));
        QVERIFY(r.out.contains("Regions:  1"));
        QVERIFY(r.out.contains("Plan:"));
        QVERIFY(r.out.contains("streamed in 2 bands of 64 rows, process peak "));
        const Run whole = runCli({"compare", m_a, m_b, "--tier", "high"});
        QVERIFY2(whole.out.contains("whole frame, tier high"), whole.out.constData());
    }

    void fileErrors_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<QString>("culprit");
        const QString missing = QDir::tempPath() + "/difflens-no-such-file.png";
        QTest::newRow("missing A") << missing << "" << missing;
        QTest::newRow("missing B") << "" << missing << missing;
        QTest::newRow("corrupt B") << "" << "corrupt" << "corrupt";
    }
    void fileErrors()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(QString, culprit);
        if (a.isEmpty())
            a = m_a;
        if (b.isEmpty())
            b = m_a;
        if (b == "corrupt")
            b = culprit = m_corrupt;
        const Run r = runCli({"compare", a, b});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(isOneLineError(r.err, culprit + ": "), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void argumentErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no command") << QStringList();
        QTest::newRow("unknown command") << QStringList{"frobnicate"};
        QTest::newRow("unknown option") << QStringList{"compare", "x.png", "y.png", "--bogus"};
        QTest::newRow("one image") << QStringList{"compare", "x.png"};
        QTest::newRow("three images") << QStringList{"compare", "x.png", "y.png", "z.png"};
        QTest::newRow("bad threshold") << QStringList{"compare", "x.png", "y.png", "--threshold", "2"};
        QTest::newRow("missing value") << QStringList{"compare", "x.png", "y.png", "--threshold"};
        QTest::newRow("bad colour") << QStringList{"compare", "x.png", "y.png", "--diff-color", "1,2"};
        QTest::newRow("bad ignore") << QStringList{"compare", "x.png", "y.png", "--ignore", "5:5-1:1"};
        QTest::newRow("bad device") << QStringList{"compare", "x.png", "y.png", "--device", "gpu"};
        QTest::newRow("bad budget") << QStringList{"compare", "x.png", "y.png", "--memory-budget", "lots"};
        QTest::newRow("bad metrics") << QStringList{"compare", "x.png", "y.png", "--metrics", "pixel,psnr"};
        QTest::newRow("flag with value") << QStringList{"compare", "x.png", "y.png", "--quiet=yes"};
    }
    void argumentErrors()
    {
        QFETCH(QStringList, args);
        const Run r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(isOneLineError(r.err, QString()), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void jsonToStdout()
    {
        const Run r = runCli({"compare", m_a, m_b, "--json", "-", "--metrics", "pixel,ssim"});
        QCOMPARE(r.exitCode, 1);
        QJsonParseError perr;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &perr);
        QVERIFY2(perr.error == QJsonParseError::NoError, qPrintable(perr.errorString()));
        const QJsonObject o = doc.object();
        for (const char *key : {"a", "b", "identical", "layout_differs", "pixels", "metrics", "regions", "timings_ms",
                                "plan", "version"})
            QVERIFY2(o.contains(key), key);
        QVERIFY(!o.contains("error"));
        QCOMPARE(o.value("pixels").toObject().value("mismatched").toInteger(), qint64(100));
        QVERIFY(o.value("metrics").toObject().contains("ssim"));
        QCOMPARE(o.value("a").toObject().value("path").toString(), m_a);
    }

    void jsonFileOnError()
    {
        const QString json = file("error.json");
        const Run r = runCli({"compare", m_a, m_corrupt, "--json", json});
        QCOMPARE(r.exitCode, 2);
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(o.value("error").toObject().value("file").toString(), m_corrupt);
    }

    void diffImageWritten()
    {
        const QString diff = file("diff.png");
        const Run r = runCli({"compare", m_a, m_b, "--diff-image", diff, "--quiet"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QImage img(diff);
        QVERIFY(!img.isNull());
        QCOMPARE(img.size(), QSize(120, 80));
        QCOMPARE(QColor(img.pixel(35, 25)), QColor(255, 0, 0)); // default diff colour
    }

    void sidecarApplied()
    {
        QFile side(m_dir.filePath("b.png.difflens.json"));
        QVERIFY(side.open(QIODevice::WriteOnly));
        side.write(R"({"format":"difflens-sidecar","version":1,"ignore":[{"x":25,"y":15,"width":20,"height":20}]})");
        side.close();
        const Run r = runCli({"compare", m_a, m_b});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("sidecar"));
        QCOMPARE(runCli({"compare", m_a, m_b, "--no-sidecar"}).exitCode, 1);
        QVERIFY(side.open(QIODevice::WriteOnly | QIODevice::Truncate));
        side.write("{broken");
        side.close();
        const Run bad = runCli({"compare", m_a, m_b, "--quiet"});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(isOneLineError(bad.err, side.fileName() + ": "), bad.err.constData());
        QVERIFY(side.remove());
    }

    void quiet()
    {
        const Run r = runCli({"compare", m_a, m_b, "-q"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY(r.err.isEmpty());
    }

    void versionAndHelp()
    {
        const Run v = runCli({"--version"});
        QCOMPARE(v.exitCode, 0);
        QVERIFY(QRegularExpression(R"(^difflens-cli \d+\.\d+\.\d+\n$)").match(QString::fromUtf8(v.out)).hasMatch());
        const Run h = runCli({"--help"});
        QCOMPARE(h.exitCode, 0);
        QVERIFY(h.out.contains("compare"));
        const Run ch = runCli({"compare", "--help"});
        QCOMPARE(ch.exitCode, 0);
        for (const char *opt : {"--threshold", "--include-aa", "--diff-image", "--diff-mask", "--alpha", "--aa-color",
                                "--diff-color", "--diff-color-alt", "--ignore", "--json", "--fail-on-layout", "--quiet",
                                "--device", "--memory-budget", "--tier", "--metrics", "--region-dilation",
                                "--max-pixels"})
            QVERIFY2(ch.out.contains(opt), opt);
        // Results are always exact: no reduced-resolution options or tier in the help.
        QVERIFY(!ch.out.contains("--allow-approximate"));
        QVERIFY(!ch.out.contains("approximate"));
        QVERIFY(!ch.out.contains("|low"));
        QVERIFY(ch.out.contains("default 4294967296"));
    }

    // Removed options and the Low tier: exit 2 with one line naming why, before any image is read.
    void removedApproximate_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("message");
        const QString removed = QStringLiteral("--allow-approximate was removed: results are always exact; large "
                                               "images are streamed within --memory-budget");
        QTest::newRow("allow-approximate") << QStringList{"--allow-approximate"} << removed;
        QTest::newRow("allow-approximate with tier") << QStringList{"--tier", "auto", "--allow-approximate"} << removed;
        QTest::newRow("tier low") << QStringList{"--tier", "low"}
                                  << QStringLiteral("--tier: the Low tier is display quality only; analysis is always "
                                                    "exact");
        QTest::newRow("tier=low") << QStringList{"--tier=low"}
                                  << QStringLiteral("--tier: the Low tier is display quality only; analysis is always "
                                                    "exact");
    }
    void removedApproximate()
    {
        QFETCH(QStringList, extra);
        QFETCH(QString, message);
        const Run r = runCli(QStringList{"compare", m_a, m_b, "--json", file("removed.json")} + extra);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(QString::fromUtf8(r.err), QStringLiteral("difflens-cli: error: ") + message + QLatin1Char('\n'));
        QVERIFY(r.out.isEmpty());
        QVERIFY(!QFile::exists(file("removed.json"))); // argument errors write no JSON
    }

    // The JSON plan and the summary carry no "approximate" marking.
    void noApproximateInOutputs()
    {
        const Run j = runCli({"compare", m_a, m_b, "--json", "-"});
        QCOMPARE(j.exitCode, 1);
        const QJsonObject plan = QJsonDocument::fromJson(j.out).object().value("plan").toObject();
        QVERIFY(!plan.isEmpty());
        QVERIFY(!plan.contains("approximate"));
        QVERIFY(plan.value("tier").toString() == "high" || plan.value("tier").toString() == "medium");
        const Run s = runCli({"compare", m_a, m_b});
        QCOMPARE(s.exitCode, 1);
        QVERIFY(s.out.contains("Plan:"));
        QVERIFY(!s.out.contains("approximate"));
    }

    // Over --max-pixels: refused from the header, and the message names the option.
    void pixelLimitNamesOption()
    {
        const Run r = runCli({"compare", m_a, m_b, "--max-pixels", "9599"}); // 120x80 = 9600
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(isOneLineError(r.err, QString()), r.err.constData());
        QVERIFY2(r.err.contains("limit of 9599"), r.err.constData());
        QVERIFY2(r.err.trimmed().endsWith("raise the limit with --max-pixels"), r.err.constData());
        QCOMPARE(runCli({"compare", m_a, m_b, "--max-pixels", "9600", "-q"}).exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

// CI integration of folder compares: `--shard auto` (each CI's variables, via a fake
// environment) and GitHub annotations (unit and through the built difflens-cli).
#include "../compare/test_images.h"

#include "annotations.h"
#include "shard_env.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace difflens;
using namespace difflens::cli;

using Env = std::map<std::string, std::string>;
Q_DECLARE_METATYPE(Env)

class TestCliCi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shardAuto_data()
    {
        QTest::addColumn<Env>("env");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("source");
        QTest::newRow("difflens") << Env{{"DIFFLENS_SHARD", "2/3"}} << true << 2 << 3 << "DIFFLENS_SHARD";
        QTest::newRow("gitlab 1-based") << Env{{"CI_NODE_INDEX", "1"}, {"CI_NODE_TOTAL", "4"}} << true << 1 << 4
                                        << "CI_NODE_INDEX/CI_NODE_TOTAL";
        QTest::newRow("gitlab last") << Env{{"CI_NODE_INDEX", "4"}, {"CI_NODE_TOTAL", "4"}} << true << 4 << 4
                                     << "CI_NODE_INDEX/CI_NODE_TOTAL";
        QTest::newRow("circleci 0-based")
            << Env{{"CIRCLE_NODE_INDEX", "0"}, {"CIRCLE_NODE_TOTAL", "3"}} << true << 1 << 3
            << "CIRCLE_NODE_INDEX/CIRCLE_NODE_TOTAL";
        QTest::newRow("circleci last") << Env{{"CIRCLE_NODE_INDEX", "2"}, {"CIRCLE_NODE_TOTAL", "3"}} << true << 3
                                       << 3 << "CIRCLE_NODE_INDEX/CIRCLE_NODE_TOTAL";
        QTest::newRow("buildkite 0-based")
            << Env{{"BUILDKITE_PARALLEL_JOB", "1"}, {"BUILDKITE_PARALLEL_JOB_COUNT", "2"}} << true << 2 << 2
            << "BUILDKITE_PARALLEL_JOB/BUILDKITE_PARALLEL_JOB_COUNT";
        QTest::newRow("difflens first") << Env{{"DIFFLENS_SHARD", "1/2"}, {"CI_NODE_INDEX", "3"}, {"CI_NODE_TOTAL", "3"}}
                                        << true << 1 << 2 << "DIFFLENS_SHARD";
        QTest::newRow("gitlab before circleci")
            << Env{{"CIRCLE_NODE_INDEX", "0"}, {"CIRCLE_NODE_TOTAL", "5"}, {"CI_NODE_INDEX", "2"}, {"CI_NODE_TOTAL", "3"}}
            << true << 2 << 3 << "CI_NODE_INDEX/CI_NODE_TOTAL";
        QTest::newRow("empty is unset") << Env{{"DIFFLENS_SHARD", ""}, {"CIRCLE_NODE_INDEX", "1"}, {"CIRCLE_NODE_TOTAL", "2"}}
                                        << true << 2 << 2 << "CIRCLE_NODE_INDEX/CIRCLE_NODE_TOTAL";
        QTest::newRow("none") << Env{{"PATH", "/bin"}} << false << 0 << 0 << "";
        QTest::newRow("bad difflens") << Env{{"DIFFLENS_SHARD", "3/2"}} << false << 0 << 0 << "DIFFLENS_SHARD";
        QTest::newRow("gitlab index 0") << Env{{"CI_NODE_INDEX", "0"}, {"CI_NODE_TOTAL", "2"}} << false << 0 << 0
                                        << "CI_NODE_INDEX/CI_NODE_TOTAL";
        QTest::newRow("circleci index = total") << Env{{"CIRCLE_NODE_INDEX", "2"}, {"CIRCLE_NODE_TOTAL", "2"}} << false
                                                << 0 << 0 << "CIRCLE_NODE_INDEX/CIRCLE_NODE_TOTAL";
        QTest::newRow("only one of the pair") << Env{{"BUILDKITE_PARALLEL_JOB", "0"}} << false << 0 << 0
                                              << "BUILDKITE_PARALLEL_JOB/BUILDKITE_PARALLEL_JOB_COUNT";
        QTest::newRow("not a number") << Env{{"CI_NODE_INDEX", "x"}, {"CI_NODE_TOTAL", "2"}} << false << 0 << 0
                                      << "CI_NODE_INDEX/CI_NODE_TOTAL";
    }
    void shardAuto()
    {
        QFETCH(Env, env);
        QFETCH(bool, ok);
        QFETCH(int, index);
        QFETCH(int, count);
        QFETCH(QString, source);
        review::Shard shard;
        std::string src, error;
        QCOMPARE(shardFromEnvironment(env, shard, src, error), ok);
        QCOMPARE(QString::fromStdString(src), source);
        if (ok) {
            QCOMPARE(shard.index, index);
            QCOMPARE(shard.count, count);
        } else if (source.isEmpty()) {
            for (const char *name : {"DIFFLENS_SHARD", "CI_NODE_INDEX", "CIRCLE_NODE_INDEX", "BUILDKITE_PARALLEL_JOB"})
                QVERIFY2(error.find(name) != std::string::npos, error.c_str());
        } else {
            QVERIFY2(error.find(source.toStdString()) != std::string::npos, error.c_str());
        }
    }

    void annotationLines()
    {
        std::vector<review::PairSummary> pairs(4);
        pairs[0].relPath = "ok.png";
        pairs[0].status = review::PairStatus::Identical;
        pairs[1].relPath = "ui/a,b.png";
        pairs[1].status = review::PairStatus::Different;
        pairs[1].mismatched = 25;
        pairs[1].totalPixels = 1000;
        pairs[2].relPath = "bad.png";
        pairs[2].status = review::PairStatus::Error;
        pairs[2].error = "corrupt\nfile";
        pairs[3].relPath = "gone.png";
        pairs[3].status = review::PairStatus::Removed;
        const std::string text = githubAnnotations(pairs, "base/", "cur");
        QCOMPARE(QString::fromStdString(text),
                 QStringLiteral("::error file=cur/ui/a%2Cb.png,title=ui/a%2Cb.png changed::25 pixels differ (2.5%25)\n"
                                "::error file=cur/bad.png,title=bad.png could not be compared::corrupt%0Afile\n"
                                "::error file=base/gone.png,title=gone.png was removed::image removed, only in the "
                                "baseline\n"));
        QVERIFY(annotationsEnabled("", Env{{"GITHUB_ACTIONS", "true"}}));
        QVERIFY(!annotationsEnabled("", Env{}));
        QVERIFY(!annotationsEnabled("none", Env{{"GITHUB_ACTIONS", "true"}}));
        QVERIFY(annotationsEnabled("github", Env{}));
    }

    // The built CLI on a small folder pair: annotations after the summary, only under
    // GITHUB_ACTIONS=true (or --annotations github), none with --annotations none.
    void annotationsFromCli()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString base = dir.filePath("base"), cur = dir.filePath("cur");
        QVERIFY(QDir().mkpath(base + "/sub") && QDir().mkpath(cur + "/sub"));
        const QImage a = testimg::screen(80, 60);
        QVERIFY(testimg::save(a, base + "/same.png") && testimg::save(a, cur + "/same.png"));
        QVERIFY(testimg::save(a, base + "/sub/changed.png"));
        QVERIFY(testimg::save(testimg::withBlock(a, QRect(10, 10, 5, 4), Qt::red), cur + "/sub/changed.png"));
        QVERIFY(testimg::writeBytes(base + "/broken.png", QByteArray("not a png")));
        QVERIFY(testimg::save(a, cur + "/broken.png"));

        const auto run = [&base, &cur](const QStringList &extra, const QString &githubActions) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove("GITHUB_ACTIONS");
            if (!githubActions.isEmpty())
                env.insert("GITHUB_ACTIONS", githubActions);
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(DIFFLENS_CLI_PATH), QStringList{"compare", base, cur} + extra);
            p.waitForFinished(120000);
            return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()));
        };
        const auto [code, out] = run({}, "true");
        QCOMPARE(code, 2); // an error pair
        const QStringList lines = out.split('\n', Qt::SkipEmptyParts);
        const QStringList annotations = lines.filter(QRegularExpression("^::error "));
        QCOMPARE(annotations.size(), 2);
        QCOMPARE(annotations[0].left(annotations[0].indexOf("::", 2)),
                 QString("::error file=%1,title=broken.png could not be compared").arg(cur + "/broken.png"));
        QCOMPARE(annotations[1], QString("::error file=%1,title=sub/changed.png changed::20 pixels differ (0.4167%25)")
                                     .arg(cur + "/sub/changed.png"));
        QVERIFY(lines.last().startsWith("::error ")); // after the normal output
        QVERIFY(!run({}, "").second.contains("::error"));
        QVERIFY(!run({}, "false").second.contains("::error"));
        QVERIFY(!run({"--annotations", "none"}, "true").second.contains("::error"));
        QCOMPARE(run({"--annotations=github"}, "").second.count("::error "), 2);
        QCOMPARE(run({"--annotations", "gitlab"}, "").first, 2);
        // --shard auto without variables: exit 2 naming them.
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DIFFLENS_SHARD", "CI_NODE_INDEX", "CI_NODE_TOTAL", "CIRCLE_NODE_INDEX",
                                 "CIRCLE_NODE_TOTAL", "BUILDKITE_PARALLEL_JOB", "BUILDKITE_PARALLEL_JOB_COUNT"})
            env.remove(name);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(DIFFLENS_CLI_PATH), QStringList{"compare", base, cur, "--shard", "auto"});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("CI_NODE_INDEX"));
    }
};

QTEST_GUILESS_MAIN(TestCliCi)
#include "tst_cli_ci.moc"

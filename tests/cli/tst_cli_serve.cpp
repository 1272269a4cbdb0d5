// `difflens-cli serve`: one JSON answer line per request, in order, with the request's id;
// bad requests are answered and the server keeps going; counts equal `compare --json`,
// with or without the image cache (--cache) and with requests run side by side (--jobs).
#include "../compare/test_images.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out, err;
};

Run runCli(const QStringList &args, const QByteArray &input = {})
{
    QProcess p;
    p.start(QStringLiteral(DIFFLENS_CLI_PATH), args);
    Run r;
    if (!p.waitForStarted(30000))
        return r;
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit)
        return r;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QByteArray request(const QJsonValue &id, const QString &a, const QString &b, const QJsonObject &options = {})
{
    QJsonObject o{{"id", id}, {"a", a}, {"b", b}};
    if (!options.isEmpty())
        o.insert("options", options);
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace

class TestCliServe : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_a, m_b;
    QString file(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

    QJsonObject compareJson(const QStringList &extra)
    {
        const Run r = runCli(QStringList{"compare", m_a, m_b, "--json", "-"} + extra);
        return QJsonDocument::fromJson(r.out).object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_a = file("a.png");
        m_b = file("b.png");
        const QImage a = testimg::screen(120, 80);
        QVERIFY(testimg::save(a, m_a));
        QVERIFY(testimg::save(testimg::withBlock(a, QRect(30, 20, 10, 10), Qt::red), m_b));
    }

    void session()
    {
        const QString diff = file("diff.png");
        QByteArray in;
        in += request(1, m_a, m_b);
        in += "this is not JSON\n";
        in += request("two", m_a, file("missing.png"));
        in += "\n"; // blank lines are skipped
        in += request(3, m_a, m_b, QJsonObject{{"frobnicate", true}});
        in += request(4, m_a, m_b,
                      QJsonObject{{"threshold", 0.05}, {"ignore", QJsonArray{"30:20-34:29"}}, {"diff_image", diff},
                                  {"metrics", "pixel,ssim"}, {"memory_budget", "64M"}, {"include_aa", true},
                                  {"diff_color", QJsonArray{0, 0, 255}}, {"alpha", 0.2}});
        in += QJsonDocument(QJsonObject{{"id", 5}, {"a", m_a}}).toJson(QJsonDocument::Compact) + '\n'; // no b
        in += request(QJsonValue(), m_a, m_a);
        in += request(7, m_a, m_b, QJsonObject{{"threshold", 2}});
        in += request(8, m_a, m_b, QJsonObject{{"json", "-"}});

        const Run r = runCli({"serve"}, in);
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.split('\n');
        QCOMPARE(lines.size(), 10); // 9 answers and the empty text after the last newline
        QVERIFY(lines.last().isEmpty());
        std::vector<QJsonObject> answers;
        for (int i = 0; i < 9; ++i) {
            QJsonParseError pe;
            const QJsonDocument doc = QJsonDocument::fromJson(lines[i], &pe);
            QVERIFY2(pe.error == QJsonParseError::NoError && doc.isObject(), lines[i].constData());
            answers.push_back(doc.object());
        }

        // 1: a plain compare, the same counts as compare --json.
        const QJsonObject plain = compareJson({});
        QCOMPARE(answers[0].value("id").toInt(), 1);
        QVERIFY(answers[0].value("id").isDouble());
        QCOMPARE(answers[0].value("pixels").toObject(), plain.value("pixels").toObject());
        QCOMPARE(answers[0].value("regions").toArray(), plain.value("regions").toArray());
        QCOMPARE(answers[0].value("identical"), plain.value("identical"));
        QVERIFY(answers[0].value("pixels").toObject().value("mismatched").toInt() > 0);

        // Invalid JSON: id null, a reason, no file.
        QVERIFY(answers[1].value("id").isNull());
        QVERIFY(answers[1].value("error").toObject().value("reason").toString().contains("invalid JSON"));
        QCOMPARE(answers[1].value("error").toObject().value("file").toString(), QString());

        // Missing file: compare --json's error document with the string id.
        QCOMPARE(answers[2].value("id").toString(), QString("two"));
        QCOMPARE(answers[2].value("error").toObject().value("file").toString(), file("missing.png"));
        QVERIFY(!answers[2].value("error").toObject().value("reason").toString().isEmpty());

        // Unknown option.
        QCOMPARE(answers[3].value("id").toInt(), 3);
        QVERIFY(answers[3].value("error").toObject().value("reason").toString().contains("--frobnicate"));

        // Options: the same result as the equivalent command line.
        const QJsonObject withOptions = compareJson({"--threshold", "0.05", "--ignore", "30:20-34:29", "--metrics",
                                                     "pixel,ssim", "--memory-budget", "64M", "--include-aa",
                                                     "--diff-color", "0,0,255", "--alpha", "0.2"});
        QCOMPARE(answers[4].value("id").toInt(), 4);
        QVERIFY(!answers[4].contains("error"));
        QCOMPARE(answers[4].value("pixels").toObject(), withOptions.value("pixels").toObject());
        QCOMPARE(answers[4].value("metrics").toObject().value("ssim").toObject().value("mean"),
                 withOptions.value("metrics").toObject().value("ssim").toObject().value("mean"));
        QVERIFY(answers[4].value("pixels").toObject().value("mismatched").toInt() <
                answers[0].value("pixels").toObject().value("mismatched").toInt());
        QVERIFY(QFileInfo::exists(diff));
        const QImage diffImage(diff);
        QCOMPARE(diffImage.pixelColor(37, 25), QColor(0, 0, 255)); // --diff-color, outside the ignored part

        // Missing b: the id is still echoed.
        QCOMPARE(answers[5].value("id").toInt(), 5);
        QVERIFY(answers[5].value("error").toObject().value("reason").toString().contains("\"b\""));

        // No id: null. Identical images.
        QVERIFY(answers[6].value("id").isNull());
        QCOMPARE(answers[6].value("identical").toBool(), true);

        // Bad option value; an option a server refuses.
        QCOMPARE(answers[7].value("id").toInt(), 7);
        QVERIFY(answers[7].value("error").toObject().value("reason").toString().contains("--threshold"));
        QCOMPARE(answers[8].value("id").toInt(), 8);
        QVERIFY(answers[8].value("error").toObject().value("reason").toString().contains("serve mode"));
    }

    // Repeated requests (decoded images from the cache) answer as compare --json does, and
    // the diff image has the same pixels; --cache 0 and --jobs 1 change nothing either.
    void cacheAndJobsKeepAnswers_data()
    {
        QTest::addColumn<QStringList>("serveArgs");
        QTest::newRow("default") << QStringList{};
        QTest::newRow("no cache") << QStringList{"--cache", "0"};
        QTest::newRow("one job") << QStringList{"--jobs", "1"};
        QTest::newRow("four jobs, small cache") << QStringList{"--jobs=4", "--cache=64K"};
    }
    void cacheAndJobsKeepAnswers()
    {
        QFETCH(QStringList, serveArgs);
        const QString expectedDiff = file("expected-diff.png");
        const QJsonObject plain = compareJson({"--metrics", "pixel,ssim", "--diff-image", expectedDiff});
        QByteArray in;
        const auto diffPath = [this](int i) { return file(qPrintable(QString("cached-diff-%1.png").arg(i))); };
        for (int i = 0; i < 6; ++i)
            in += request(i, m_a, m_b, QJsonObject{{"metrics", "pixel,ssim"}, {"diff_image", diffPath(i)}});
        const Run r = runCli(QStringList{"serve"} + serveArgs, in);
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 6);
        for (int i = 0; i < 6; ++i) {
            const QJsonObject answer = QJsonDocument::fromJson(lines[i]).object();
            QCOMPARE(answer.value("id").toInt(), i);
            for (const char *key : {"pixels", "regions", "identical", "a", "b", "layout_differs"})
                QVERIFY2(answer.value(key) == plain.value(key), key);
            const QJsonObject metrics = answer.value("metrics").toObject();
            const QJsonObject want = plain.value("metrics").toObject();
            for (const char *key : {"mae", "mse", "max_delta", "psnr"})
                QVERIFY2(metrics.value(key) == want.value(key), key);
            QCOMPARE(metrics.value("ssim").toObject().value("mean").toDouble(),
                     want.value("ssim").toObject().value("mean").toDouble());
            const QImage diff(diffPath(i));
            QVERIFY(!diff.isNull());
            QCOMPARE(diff.convertToFormat(QImage::Format_RGB32),
                     QImage(expectedDiff).convertToFormat(QImage::Format_RGB32));
        }
    }

    // A request that reads what an earlier one writes sees it, with any number of jobs; a
    // file changed between two requests is read again (not answered from the cache).
    void laterRequestsSeeEarlierFiles()
    {
        const QString diff = file("chained-diff.png"), copy = file("changing.png");
        QFile::remove(diff);
        QFile::remove(copy);
        QVERIFY(QFile::copy(m_a, copy));
        QByteArray in;
        in += request(1, m_a, m_b, QJsonObject{{"diff_image", diff}});
        in += request(2, diff, diff);
        in += request(3, m_a, copy);
        const Run first = runCli({"serve", "--jobs", "4"}, in);
        QCOMPARE(first.exitCode, 0);
        const QList<QByteArray> lines = first.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        const QJsonObject chained = QJsonDocument::fromJson(lines[1]).object();
        QVERIFY2(!chained.contains("error"), lines[1].constData());
        QCOMPARE(chained.value("identical").toBool(), true);
        QCOMPARE(QJsonDocument::fromJson(lines[2]).object().value("identical").toBool(), true);

        // One server: the same request before and after the file changes.
        QProcess p;
        p.start(QStringLiteral(DIFFLENS_CLI_PATH), {"serve"});
        QVERIFY(p.waitForStarted(30000));
        p.write(request(1, m_a, copy));
        QVERIFY(p.waitForReadyRead(60000));
        QVERIFY(p.canReadLine() || p.waitForReadyRead(60000));
        QCOMPARE(QJsonDocument::fromJson(p.readLine()).object().value("identical").toBool(), true);
        QVERIFY(QFile::remove(copy) && QFile::copy(m_b, copy));
        p.write(request(2, m_a, copy));
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(60000));
        const QJsonObject changed = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(changed.value("id").toInt(), 2);
        QCOMPARE(changed.value("identical").toBool(), false);
    }

    void emptyInput()
    {
        const Run r = runCli({"serve"}, QByteArray());
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.isEmpty());
    }

    void arguments()
    {
        QCOMPARE(runCli({"serve", "--bogus"}).exitCode, 2);
        QCOMPARE(runCli({"serve", "--jobs", "0"}).exitCode, 2);
        QCOMPARE(runCli({"serve", "--cache", "lots"}).exitCode, 2);
        QCOMPARE(runCli({"serve", "--jobs", "2", "--cache", "64M"}).exitCode, 0);
        const Run help = runCli({"serve", "--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("serve"));
        QVERIFY(help.out.contains("--cache") && help.out.contains("--jobs"));
    }
};

QTEST_GUILESS_MAIN(TestCliServe)
#include "tst_cli_serve.moc"

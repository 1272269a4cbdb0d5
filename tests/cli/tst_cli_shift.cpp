// Runs the built difflens-cli with --shift: a 1-pixel move is tolerated (exit 0,
// pixels.shift_tolerated in --json, the summary and the diff image), out-of-range values
// are refused (exit 2), and difflens.json's "shift" drives a folder compare.
#include "cli_run.h"
#include "../compare/test_images.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

using clitest::Run;
using clitest::runCli;

// Flat background with solid boxes; `dx` moves every box right.
QImage page(int dx)
{
    QImage img(160, 100, QImage::Format_RGB32);
    img.fill(qRgb(245, 246, 248));
    QPainter p(&img);
    p.fillRect(QRect(20 + dx, 15, 40, 12), QColor(40, 90, 200));
    p.fillRect(QRect(90 + dx, 40, 30, 30), QColor(30, 30, 30));
    p.fillRect(QRect(30 + dx, 70, 8, 8), QColor(200, 40, 40));
    return img;
}

QJsonObject pixelsOf(const Run &r)
{
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &e);
    return e.error == QJsonParseError::NoError ? doc.object().value("pixels").toObject() : QJsonObject();
}

} // namespace

class TestCliShift : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_a, m_b;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_a = m_dir.filePath("a.png");
        m_b = m_dir.filePath("b.png");
        QVERIFY(testimg::save(page(0), m_a));
        QVERIFY(testimg::save(page(1), m_b));
    }

    void shiftOneToleratesAOnePixelMove_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::newRow("streamed") << QStringList();
        QTest::newRow("whole frame") << QStringList{"--tier", "high"};
        QTest::newRow("cuda asked") << QStringList{"--device", "cuda", "--tier", "high"};
    }
    void shiftOneToleratesAOnePixelMove()
    {
        QFETCH(QStringList, extra);
        const Run without = runCli(QStringList{"compare", m_a, m_b, "--json", "-", "--device", "cpu"});
        QCOMPARE(without.exitCode, 1);
        const QJsonObject p0 = pixelsOf(without);
        QVERIFY(p0.contains("shift_tolerated"));
        QCOMPARE(p0.value("shift_tolerated").toInt(-1), 0);
        const int moved = p0.value("mismatched").toInt();
        QVERIFY(moved > 0);

        const Run r = runCli(QStringList{"compare", m_a, m_b, "--shift", "1", "--json", "-"} + extra);
        if (extra.contains("cuda") && r.exitCode == 2 && r.err.contains("CUDA"))
            return; // no CUDA device here: refused as without --shift (the GPU run checks the CPU fallback)
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject p = pixelsOf(r);
        QCOMPARE(p.value("mismatched").toInt(-1), 0);
        QCOMPARE(p.value("shift_tolerated").toInt(), moved);
        QVERIFY(QJsonDocument::fromJson(r.out).object().value("regions").toArray().isEmpty());
        QCOMPARE(QJsonDocument::fromJson(r.out).object().value("plan").toObject().value("device").toString(),
                 QStringLiteral("cpu"));
    }

    void summaryAndDiffImage()
    {
        const QString diff = m_dir.filePath("diff.png");
        const Run r = runCli({"compare", m_a, m_b, "--shift=2", "--diff-image", diff, "--shift-color", "1,2,3"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains(" shift-tolerated, "), r.out.constData());
        QVERIFY(r.out.contains("Result:   SAME"));
        const QImage img(diff);
        QVERIFY(!img.isNull());
        // Column 20 of the first box: blue in A, background in B.
        QCOMPARE(img.pixelColor(20, 20).rgb(), qRgb(1, 2, 3));
        // Without --shift the summary does not mention it.
        const Run plain = runCli({"compare", m_a, m_b});
        QCOMPARE(plain.exitCode, 1);
        QVERIFY(!plain.out.contains("shift-tolerated"));
    }

    void outOfRangeIsRefused_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("9") << "9";
        QTest::newRow("-1") << "-1";
        QTest::newRow("text") << "two";
    }
    void outOfRangeIsRefused()
    {
        QFETCH(QString, value);
        const Run r = runCli({"compare", m_a, m_b, "--shift", value});
        QCOMPARE(r.exitCode, 2);
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.startsWith("difflens-cli: error: --shift: expected an integer from 0 to 8, got '" + value + "'"),
                 r.err.constData());
        QCOMPARE(err.count('\n'), 1);
        QVERIFY(r.out.isEmpty());
    }

    void reviewConfigShift_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<int>("code");
        QTest::newRow("no config") << QString() << 1;
        QTest::newRow("shift 1") << R"({"defaults": {"shift": 1}})" << 0;
        QTest::newRow("shift 0") << R"({"defaults": {"shift": 0}})" << 1;
        QTest::newRow("file shift 1") << R"({"files": {"p.png": {"shift": 1}}})" << 0;
        QTest::newRow("shift 9") << R"({"defaults": {"shift": 9}})" << 2;
        QTest::newRow("shift 1.5") << R"({"defaults": {"shift": 1.5}})" << 2;
    }
    void reviewConfigShift()
    {
        QFETCH(QString, config);
        QFETCH(int, code);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString base = dir.filePath("base"), cur = dir.filePath("cur");
        QVERIFY(QDir().mkpath(base) && QDir().mkpath(cur));
        QVERIFY(testimg::save(page(0), base + "/p.png"));
        QVERIFY(testimg::save(page(1), cur + "/p.png"));
        if (!config.isEmpty())
            QVERIFY(testimg::writeBytes(base + "/difflens.json", config.toUtf8()));
        const Run r = runCli({"compare", base, cur, "--quiet"});
        QVERIFY2(r.exitCode == code, qPrintable(QString::number(r.exitCode) + ": " + r.err + r.out));
        if (code == 2)
            QVERIFY2(r.err.contains("shift must be an integer from 0 to 8"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliShift)
#include "tst_cli_shift.moc"

// Runs the built difflens-cli with --align and --flip-map: the JSON alignment object
// (offset, confidence, applied, overlap), pixels.total as the overlap, layout_differs for
// different sizes, exit codes, nothing new without --align, a refusal under a budget too
// small for the greyscale copies, and the FLIP map files (grey and magma, streamed and
// whole-frame) with their argument checks.
#include "../compare/test_images.h"
#include "cli_run.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

using clitest::Run;
using clitest::runCli;

QJsonObject jsonOf(const Run &r)
{
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &e);
    return e.error == QJsonParseError::NoError ? doc.object() : QJsonObject();
}

} // namespace

class TestCliAlign : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QImage m_canvas;

    QString save(const QImage &img, const QString &name)
    {
        const QString p = m_dir.filePath(name);
        return img.save(p, "PNG") ? p : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_canvas = testimg::textured(600, 450, 7);
    }

    void alignment_data()
    {
        QTest::addColumn<QRect>("rectA"); // windows of one canvas: B(x, y) = A(x + dx, y + dy)
        QTest::addColumn<QRect>("rectB");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<bool>("layoutDiffers");
        const QRect a(100, 100, 320, 200);
        QTest::newRow("shifted, streamed") << a << a.translated(9, -6) << QStringList() << 0 << false;
        QTest::newRow("shifted, whole frame")
            << a << a.translated(-13, 4) << QStringList{"--tier", "high"} << 0 << false;
        QTest::newRow("quarter, budget")
            << a << a.translated(50, -50) << QStringList{"--memory-budget", "64M"} << 0 << false;
        QTest::newRow("B a crop of A") << a << QRect(130, 120, 250, 150) << QStringList() << 1 << true;
        QTest::newRow("not shifted") << a << a << QStringList() << 0 << false;
    }

    void alignment()
    {
        QFETCH(QRect, rectA);
        QFETCH(QRect, rectB);
        QFETCH(QStringList, extra);
        QFETCH(int, exitCode);
        QFETCH(bool, layoutDiffers);
        const QString a = save(m_canvas.copy(rectA), "a.png"), b = save(m_canvas.copy(rectB), "b.png");
        QVERIFY(!a.isEmpty() && !b.isEmpty());
        const int dx = rectB.x() - rectA.x(), dy = rectB.y() - rectA.y();
        const Run r = runCli(QStringList{"compare", a, b, "--align", "--json", "-", "-q"} + extra);
        QCOMPARE(r.exitCode, exitCode);
        const QJsonObject o = jsonOf(r);
        const QJsonObject al = o.value("alignment").toObject();
        QVERIFY2(!al.isEmpty(), r.out.constData());
        QCOMPARE(al.value("applied").toBool(), true);
        QCOMPARE(al.value("dx").toInt(), dx);
        QCOMPARE(al.value("dy").toInt(), dy);
        QCOMPARE(al.value("confidence").toDouble(), 1.0);
        const QRect overlapInB = QRect(rectA.topLeft() - rectB.topLeft(), rectA.size())
                                     .intersected(QRect(QPoint(0, 0), rectB.size()));
        const QJsonObject ov = al.value("overlap").toObject();
        QCOMPARE(QRect(ov.value("x").toInt(), ov.value("y").toInt(), ov.value("width").toInt(),
                       ov.value("height").toInt()),
                 overlapInB);
        const QJsonObject px = o.value("pixels").toObject();
        QCOMPARE(px.value("total").toInteger(), qint64(overlapInB.width()) * overlapInB.height());
        QCOMPARE(px.value("mismatched").toInteger(), qint64(0));
        QCOMPARE(o.value("layout_differs").toBool(), layoutDiffers);
        QCOMPARE(o.value("identical").toBool(), dx == 0 && dy == 0 && !layoutDiffers);

        // Without --align: no alignment key, the top-left overlap, the shift shows.
        const Run plain = runCli(QStringList{"compare", a, b, "--json", "-", "-q"} + extra);
        const QJsonObject p = jsonOf(plain);
        QVERIFY(!p.contains("alignment"));
        QCOMPARE(p.value("pixels").toObject().value("total").toInteger(),
                 qint64(std::min(rectA.width(), rectB.width())) * std::min(rectA.height(), rectB.height()));
        if (dx != 0 || dy != 0) {
            QCOMPARE(plain.exitCode, 1);
            QVERIFY(p.value("pixels").toObject().value("mismatched").toInteger() > 0);
        }
    }

    void unrelatedImagesAreNotAligned()
    {
        const QString a = save(testimg::textured(300, 200, 1), "u1.png"),
                      b = save(testimg::textured(300, 200, 2), "u2.png");
        const Run r = runCli({"compare", a, b, "--align", "--json", "-", "-q"});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject al = jsonOf(r).value("alignment").toObject();
        QCOMPARE(al.value("applied").toBool(true), false);
        QVERIFY2(al.value("reason").toString().contains("below"), r.out.constData());
        QVERIFY(al.value("confidence").toDouble() < 0.5);
        QCOMPARE(jsonOf(r).value("pixels").toObject().value("total").toInteger(), qint64(300) * 200);
    }

    void budgetTooSmallForAlignIsRefused()
    {
        const QImage big = testimg::textured(1400, 1200, 3);
        const QString a = save(big.copy(0, 0, 1300, 1100), "ba.png"),
                      b = save(big.copy(4, 4, 1300, 1100), "bb.png");
        const Run r = runCli({"compare", a, b, "--align", "--memory-budget", "2M", "-q"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--align needs"), r.err.constData());
        QVERIFY(r.err.contains("--memory-budget"));
    }

    void flipMap_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<bool>("grey");
        QTest::newRow("magma, streamed") << QStringList() << false;
        QTest::newRow("grey, streamed") << QStringList{"--flip-map-grey"} << true;
        QTest::newRow("grey, budget") << QStringList{"--flip-map-grey", "--memory-budget", "32M"} << true;
        QTest::newRow("magma, whole frame") << QStringList{"--tier", "high"} << false;
        QTest::newRow("grey, whole frame") << QStringList{"--flip-map-grey", "--tier", "high"} << true;
    }

    void flipMap()
    {
        QFETCH(QStringList, extra);
        QFETCH(bool, grey);
        const QString a = save(m_canvas.copy(0, 0, 200, 120), "fa.png");
        QImage changed = m_canvas.copy(0, 0, 200, 120);
        {
            QPainter p(&changed);
            p.fillRect(QRect(50, 40, 30, 20), QColor(255, 255, 0));
        }
        const QString b = save(changed, "fb.png"), map = m_dir.filePath("map.png");
        QFile::remove(map);
        const Run r = runCli(QStringList{"compare", a, b, "--flip-map", map, "--json", "-", "-q"} + extra);
        QCOMPARE(r.exitCode, 1);
        // The map is FLIP's: --flip-map computes FLIP without --metrics flip.
        const QJsonObject flip = jsonOf(r).value("metrics").toObject().value("flip").toObject();
        QVERIFY2(flip.value("max").toDouble() > 0.3, r.out.constData());
        const QImage img(map);
        QCOMPARE(img.size(), QSize(200, 120));
        QCOMPARE(img.isGrayscale(), grey);
        // Unchanged areas far from the box are dark (no error), the box is not.
        const QRgb inside = img.pixel(65, 50), far = img.pixel(180, 110);
        QVERIFY(qGray(inside) > qGray(far));
        if (grey)
            QCOMPARE(qGray(far), 0);
        else
            QCOMPARE(far | 0xff000000u, 0xff000004u); // magma at 0
    }

    void flipMapArguments()
    {
        const QString a = save(m_canvas.copy(0, 0, 40, 30), "xa.png");
        Run r = runCli({"compare", a, a, "--flip-map-grey"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--flip-map-grey needs --flip-map"), r.err.constData());
        r = runCli({"compare", a, a, "--flip-map", "/nonexistent-dir/map.png", "-q"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("/nonexistent-dir/map.png"), r.err.constData());
        r = runCli({"compare", "--help"});
        QVERIFY(r.out.contains("--align") && r.out.contains("--flip-map PATH") &&
                r.out.contains("--flip-map-grey"));
    }
};

QTEST_GUILESS_MAIN(TestCliAlign)
#include "tst_cli_align.moc"

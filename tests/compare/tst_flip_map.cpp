// --flip-map through compareFiles: the grey map against the reference tool's maps (FLIP 1.6
// fixtures, data-driven from expected.tsv) within one level, whole-frame, streamed in small
// bands and streamed under a memory budget; the magma map is the grey level's magma colour.
#include "difflens/compare/compare.h"
#include "difflens/compare/heatmap.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>

#include <cstdlib>

using namespace difflens;

namespace {

QString fixturesDir()
{
    return QStringLiteral(DIFFLENS_FIXTURES_DIR "/flip-1.6");
}

enum class Route { Whole, Bands, Budget };

CompareOptions optionsFor(Route route, const QString &mapPath, bool grey)
{
    CompareOptions o;
    o.flipMapPath = mapPath.toStdString();
    o.flipMapGrey = grey;
    o.job.wantDiffImage = false;
    switch (route) {
    case Route::Whole:
        o.wholeFrame = true;
        break;
    case Route::Bands:
        o.bandHeight = 7; // many bands, each with FLIP's halo
        break;
    case Route::Budget:
        o.job.memoryBudget = int64_t(24) << 20;
        break;
    }
    return o;
}

} // namespace

class TstFlipMap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void greyMapMatchesReference_data();
    void greyMapMatchesReference();
    void magmaIsTheGreyLevelsColour();
    void magmaRampEnds();
    void unwritableMapIsAnError();
};

void TstFlipMap::greyMapMatchesReference_data()
{
    QTest::addColumn<QString>("ref");
    QTest::addColumn<QString>("test");
    QTest::addColumn<QString>("map");
    QTest::addColumn<int>("route");
    QFile f(fixturesDir() + QStringLiteral("/expected.tsv"));
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        // A missing fixture folder is a failure, never a skip.
        QTest::newRow("fixtures missing") << QString() << QString() << QString() << 0;
        return;
    }
    QTextStream in(&f);
    const QStringList header = in.readLine().split('\t');
    const int iPair = header.indexOf("pair"), iRef = header.indexOf("reference"),
              iTest = header.indexOf("test"), iMap = header.indexOf("error_map");
    while (!in.atEnd()) {
        const QStringList c = in.readLine().split('\t');
        if (c.size() < header.size())
            continue;
        const char *routes[] = {"whole", "bands", "budget"};
        for (int r = 0; r < 3; ++r)
            QTest::addRow("%s/%s", qPrintable(c[iPair]), routes[r]) << c[iRef] << c[iTest] << c[iMap] << r;
    }
}

void TstFlipMap::greyMapMatchesReference()
{
    QFETCH(QString, ref);
    QFETCH(QString, test);
    QFETCH(QString, map);
    QFETCH(int, route);
    QVERIFY2(!ref.isEmpty(), "FLIP fixtures missing: " DIFFLENS_FIXTURES_DIR "/flip-1.6/expected.tsv");
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString out = tmp.filePath("flip.png");
    const QDir dir(fixturesDir());
    const CompareResult r = compareFiles(dir.filePath(ref).toStdString(), dir.filePath(test).toStdString(),
                                         optionsFor(Route(route), out, true));
    QVERIFY2(r.ok, r.errorMessage().c_str());
    QVERIFY(r.job.flip.has_value());
    QCOMPARE(r.job.plan.streamed, Route(route) != Route::Whole);
    const QImage mine(out), theirs(dir.filePath(map));
    QVERIFY(!theirs.isNull());
    QCOMPARE(mine.format(), QImage::Format_Grayscale8);
    QCOMPARE(mine.size(), theirs.size());
    int worst = 0;
    for (int y = 0; y < mine.height(); ++y)
        for (int x = 0; x < mine.width(); ++x)
            worst = std::max(worst, std::abs(qGray(mine.pixel(x, y)) - qRed(theirs.pixel(x, y))));
    QVERIFY2(worst <= 1, qPrintable(QString("largest difference %1 levels").arg(worst)));
}

void TstFlipMap::magmaIsTheGreyLevelsColour()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QDir dir(fixturesDir());
    const std::string a = dir.filePath("text_ref.png").toStdString(),
                      b = dir.filePath("text_test.png").toStdString();
    for (const Route route : {Route::Whole, Route::Bands}) {
        const QString grey = tmp.filePath("grey.png"), magma = tmp.filePath("magma.png");
        QVERIFY(compareFiles(a, b, optionsFor(route, grey, true)).ok);
        QVERIFY(compareFiles(a, b, optionsFor(route, magma, false)).ok);
        const QImage g(grey), m(magma);
        QVERIFY(!g.isNull() && !m.isNull());
        QCOMPARE(m.size(), g.size());
        const auto &ramp = magmaRampTable();
        int levels = 0;
        std::vector<bool> seen(256, false);
        for (int y = 0; y < g.height(); ++y)
            for (int x = 0; x < g.width(); ++x) {
                const int level = qGray(g.pixel(x, y));
                QCOMPARE(m.pixel(x, y) | 0xff000000u, ramp[size_t(level)]);
                if (!seen[size_t(level)])
                    ++levels, seen[size_t(level)] = true;
            }
        QVERIFY2(levels > 50, "the map should span many levels"); // not a flat image
    }
}

void TstFlipMap::magmaRampEnds()
{
    // matplotlib's magma: (0.001462, 0.000466, 0.013866) ... (0.987053, 0.991438, 0.749504).
    QCOMPARE(magmaRampTable()[0], 0xff000004u);
    QCOMPARE(magmaRampTable()[255], 0xfffcfdbfu);
    QCOMPARE(int(flipErrorLevel(0.0f)), 0);
    QCOMPARE(int(flipErrorLevel(0.5f / 255.0f)), 1);
    QCOMPARE(int(flipErrorLevel(0.49f / 255.0f)), 0);
    QCOMPARE(int(flipErrorLevel(1.0f)), 255);
    QCOMPARE(int(flipErrorLevel(2.0f)), 255);
    QCOMPARE(int(flipErrorLevel(-1.0f)), 0);
}

void TstFlipMap::unwritableMapIsAnError()
{
    const QDir dir(fixturesDir());
    const std::string a = dir.filePath("blur_ref.png").toStdString(),
                      b = dir.filePath("blur_test.png").toStdString();
    for (const Route route : {Route::Whole, Route::Bands}) {
        const CompareResult r = compareFiles(a, b, optionsFor(route, "/nonexistent-dir/flip.png", true));
        QVERIFY(!r.ok);
        QCOMPARE(r.errorFile, std::string("/nonexistent-dir/flip.png"));
    }
}

QTEST_GUILESS_MAIN(TstFlipMap)
#include "tst_flip_map.moc"

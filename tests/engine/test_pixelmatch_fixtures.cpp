// Byte-exact reproduction of pixelmatch 7.2.0 on its published fixtures: one data row per
// line of expected.tsv (mismatch count and every pixel of the reference diff image).
#include "difflens/engine/pixelmatch.h"
#include "engine_test_util.h"
#include "golden.h"

#include <QFile>
#include <QTest>
#include <QTextStream>

using namespace difflens;
using namespace difflens::test;

Q_DECLARE_METATYPE(difflens::PixelmatchOptions)

namespace {

bool parseRgb(const QString &text, Rgb &out)
{
    const QStringList parts = text.split(QLatin1Char(','));
    if (parts.size() != 3)
        return false;
    int v[3];
    for (int i = 0; i < 3; ++i) {
        bool ok = false;
        v[i] = parts[i].trimmed().toInt(&ok);
        if (!ok || v[i] < 0 || v[i] > 255)
            return false;
    }
    out = {uint8_t(v[0]), uint8_t(v[1]), uint8_t(v[2])};
    return true;
}

bool parseOptions(const QString &text, PixelmatchOptions &opt)
{
    for (const QString &item : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const int eq = item.indexOf(QLatin1Char('='));
        if (eq < 0)
            return false;
        const QString key = item.left(eq).trimmed(), value = item.mid(eq + 1).trimmed();
        const bool flag = value == QLatin1String("true");
        bool ok = true;
        if (key == QLatin1String("threshold"))
            opt.threshold = value.toDouble(&ok);
        else if (key == QLatin1String("alpha"))
            opt.alpha = value.toDouble(&ok);
        else if (key == QLatin1String("includeAA"))
            opt.includeAA = flag;
        else if (key == QLatin1String("diffMask"))
            opt.diffMask = flag;
        else if (key == QLatin1String("aaColor"))
            ok = parseRgb(value, opt.aaColor);
        else if (key == QLatin1String("diffColor"))
            ok = parseRgb(value, opt.diffColor);
        else if (key == QLatin1String("diffColorAlt")) {
            Rgb c;
            ok = parseRgb(value, c);
            opt.diffColorAlt = c;
        } else
            return false;
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

class PixelmatchFixtures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixtures_data();
    void fixtures();
};

void PixelmatchFixtures::fixtures_data()
{
    QTest::addColumn<QString>("imageA");
    QTest::addColumn<QString>("imageB");
    QTest::addColumn<QString>("expectedDiff");
    QTest::addColumn<PixelmatchOptions>("options");
    QTest::addColumn<qint64>("expectedMismatch");

    QFile tsv(pixelmatchFixturesDir() + QStringLiteral("/expected.tsv"));
    // ../shared/fixtures is part of every checkout (and CI): missing fixtures are a failure.
    QVERIFY2(tsv.open(QIODevice::ReadOnly | QIODevice::Text),
             qPrintable(QStringLiteral("pixelmatch 7.2.0 fixtures missing: %1").arg(tsv.fileName())));
    QTextStream in(&tsv);
    int line = 0;
    while (!in.atEnd()) {
        const QString text = in.readLine();
        ++line;
        if (text.trimmed().isEmpty() || text.startsWith(QLatin1Char('#')))
            continue;
        const QStringList f = text.split(QLatin1Char('\t'));
        QVERIFY2(f.size() == 5, qPrintable(QStringLiteral("expected.tsv line %1: 5 columns expected").arg(line)));
        PixelmatchOptions opt;
        QVERIFY2(parseOptions(f[3], opt), qPrintable(QStringLiteral("expected.tsv line %1: bad options").arg(line)));
        bool ok = false;
        const qint64 expected = f[4].trimmed().toLongLong(&ok);
        QVERIFY(ok);
        const QString name = QStringLiteral("%1 vs %2 [%3]").arg(f[0], f[1], f[3]);
        QTest::newRow(qPrintable(name)) << f[0] << f[1] << f[2] << opt << expected;
    }
}

void PixelmatchFixtures::fixtures()
{
    QFETCH(QString, imageA);
    QFETCH(QString, imageB);
    QFETCH(QString, expectedDiff);
    QFETCH(PixelmatchOptions, options);
    QFETCH(qint64, expectedMismatch);

    const QString dir = pixelmatchFixturesDir() + QLatin1Char('/');
    const QImage a = loadRgba8888(dir + imageA);
    const QImage b = loadRgba8888(dir + imageB);
    const QImage expected = loadRgba8888(dir + expectedDiff);
    QVERIFY2(!a.isNull() && !b.isNull() && !expected.isNull(), "fixture images unreadable");

    for (int threads : {1, 3}) {
        Image diff;
        const PixelmatchCounts counts = pixelmatch(viewOf(a), viewOf(b), options, &diff, nullptr, {}, threads);
        QCOMPARE(counts.mismatched, expectedMismatch);

        const QString name = QFileInfo(expectedDiff).completeBaseName() + QStringLiteral("-t%1").arg(threads);
        const QString failure = compareGolden(name, qimageOf(diff), expected);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }
}

QTEST_GUILESS_MAIN(PixelmatchFixtures)
#include "test_pixelmatch_fixtures.moc"

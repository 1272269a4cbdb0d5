// Replays every input the fuzzers ever crashed on (tests/data/bad/fuzz/, named
// decode-*.bin / compare-*.bin by target) and the committed fuzz seeds through the fuzz
// targets' bodies, so each fixed crash stays fixed in the normal and sanitizer builds.
#include "fuzz_targets.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QtTest>

class TestFuzzRegressions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void replay_data();
    void replay();
};

void TestFuzzRegressions::replay_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("compare");
    const QString roots[] = {QStringLiteral(DIFFLENS_TEST_DATA_DIR "/bad/fuzz"),
                             QStringLiteral(DIFFLENS_SOURCE_DIR "/fuzz/seeds")};
    int rows = 0;
    for (const QString &root : roots) {
        QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
        QStringList files;
        while (it.hasNext())
            files << it.next();
        files.sort();
        for (const QString &f : files) {
            const QString rel = QDir(root).relativeFilePath(f);
            const bool compare = rel.startsWith(QLatin1String("compare"));
            if (!compare && !rel.startsWith(QLatin1String("decode")))
                continue;
            QTest::newRow(qPrintable(rel)) << f << compare;
            ++rows;
        }
    }
    if (rows == 0)
        QTest::newRow("none") << QString() << false;
}

void TestFuzzRegressions::replay()
{
    QFETCH(QString, path);
    QFETCH(bool, compare);
    // tests/data/bad/fuzz and fuzz/seeds are in the repository: no inputs is a failure.
    QVERIFY2(!path.isEmpty(), "no inputs found under tests/data/bad/fuzz or fuzz/seeds");
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    const auto *data = reinterpret_cast<const uint8_t *>(bytes.constData());
    // Aborts (a test failure) with a message when an invariant breaks; sanitizers catch the rest.
    const int rc = compare ? difflens::fuzz::fuzzCompareOne(data, size_t(bytes.size()))
                           : difflens::fuzz::fuzzDecodeOne(data, size_t(bytes.size()));
    QCOMPARE(rc, 0);
}

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzz_regressions.moc"

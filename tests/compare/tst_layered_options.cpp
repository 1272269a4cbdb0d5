// The app's layered-route store options (comparison.h layeredStoreOptions: memory levels from
// the budget, the tile cache's limit from the disk) and the removal of stale tile files.
#include "difflens/compare/comparison.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace difflens;

class TestLayeredOptions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void memoryLimit_data()
    {
        QTest::addColumn<qint64>("budget");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("automatic") << qint64(0) << (qint64(256) << 20);
        QTest::newRow("1 GiB: a quarter") << (qint64(1) << 30) << (qint64(256) << 20);
        QTest::newRow("600 MiB: a quarter") << (qint64(600) << 20) << (qint64(150) << 20);
        QTest::newRow("8 GiB: capped") << (qint64(8) << 30) << (qint64(512) << 20);
    }
    void memoryLimit()
    {
        QFETCH(qint64, budget);
        QFETCH(qint64, expected);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const LayerStore::Options o = layeredStoreOptions(budget, dir.path().toStdString());
        QCOMPARE(qint64(o.memoryByteLimit), expected);
        QCOMPARE(QString::fromStdString(o.cacheDir), dir.path());
        QVERIFY(o.cacheByteLimit > 0 && o.cacheByteLimit <= (qint64(16) << 30));
    }

    void cacheLimitWithoutDisk()
    {
        const LayerStore::Options o = layeredStoreOptions(0, "/nonexistent/difflens-tiles-dir");
        QCOMPARE(qint64(o.cacheByteLimit), qint64(1) << 30);
    }

    // Only tile files older than the age go; other names and fresh files stay.
    void staleFiles_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("ageHours");
        QTest::addColumn<bool>("removed");
        QTest::newRow("old tile file") << "difflens-tiles-abc123" << 48 << true;
        QTest::newRow("fresh tile file") << "difflens-tiles-def456" << 1 << false;
        QTest::newRow("old other file") << "notes.txt" << 48 << false;
    }
    void staleFiles()
    {
        QFETCH(QString, name);
        QFETCH(int, ageHours);
        QFETCH(bool, removed);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(name);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
        QVERIFY(f.flush()); // before the time is set: a later write would set it again
        QVERIFY(f.setFileTime(QDateTime::currentDateTime().addSecs(-3600 * ageHours), QFileDevice::FileModificationTime));
        f.close();
        removeStaleTileFiles(dir.path().toStdString(), 24 * 3600);
        QCOMPARE(QFileInfo::exists(path), !removed);
    }
};

QTEST_GUILESS_MAIN(TestLayeredOptions)
#include "tst_layered_options.moc"

// runComparison choosing its route itself (comparison.h routedComparison, asked for by
// ComparisonRequest::layeredPixels, as the app does): layered only for two readable files over
// the threshold, the tile folder made (prepareTileDir) only then, and the run on that route;
// the layered route's full-resolution pass as a snapshot (fullResolutionPass).
#include "difflens/compare/comparison.h"

#include "test_images.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace difflens;

namespace {
// A stale tile file (two days old) in `dir`; its path.
QString staleTileFile(const QString &dir)
{
    const QString path = dir + QStringLiteral("/difflens-tiles-stale");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write("x") != 1 || !f.flush())
        return {};
    return f.setFileTime(QDateTime::currentDateTime().addDays(-2), QFileDevice::FileModificationTime) ? path : QString();
}
} // namespace

class TestComparisonRoute : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString file(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QImage b = testimg::screen(60, 40);
        QVERIFY(testimg::screen(60, 40).save(file(QStringLiteral("a.png"))));
        for (int y = 30; y < 36; ++y) // a dark 6x6 square: at least its inner 4x4 differ
            for (int x = 46; x < 52; ++x)
                b.setPixel(x, y, qRgb(0, 0, 0));
        QVERIFY(b.save(file(QStringLiteral("b.png"))));
        QVERIFY(testimg::screen(20, 10).save(file(QStringLiteral("tiny.png"))));
    }

    void route_data()
    {
        QTest::addColumn<QString>("b");          // beside a.png (60x40)
        QTest::addColumn<bool>("bDecoded");      // B given decoded (no path)
        QTest::addColumn<qint64>("layeredPixels"); // -1: not set
        QTest::addColumn<bool>("layered");
        QTest::newRow("not asked") << "b.png" << false << qint64(-1) << false;
        QTest::newRow("every pair of files") << "b.png" << false << qint64(0) << true;
        QTest::newRow("under the threshold") << "b.png" << false << qint64(2400) << false;
        QTest::newRow("over the threshold") << "b.png" << false << qint64(2399) << true;
        QTest::newRow("the larger side over") << "tiny.png" << false << qint64(1000) << true;
        QTest::newRow("a side missing") << "missing.png" << false << qint64(1000) << false;
        QTest::newRow("a side given decoded") << "b.png" << true << qint64(1000) << false;
    }
    void route()
    {
        QFETCH(QString, b);
        QFETCH(bool, bDecoded);
        QFETCH(qint64, layeredPixels);
        QFETCH(bool, layered);
        QTemporaryDir cache;
        QVERIFY(cache.isValid());
        const QString tiles = cache.filePath(QStringLiteral("app/tiles"));
        ComparisonRequest req;
        req.a.path = file(QStringLiteral("a.png")).toStdString();
        if (bDecoded)
            req.b.image = std::make_shared<const Image>(60, 40, 4, 8);
        else
            req.b.path = file(b).toStdString();
        req.options.job.memoryBudget = int64_t(600) << 20;
        if (layeredPixels >= 0)
            req.layeredPixels = layeredPixels;
        req.layerOptions.cacheDir = tiles.toStdString();
        const ComparisonRequest routed = routedComparison(req);
        QCOMPARE(routed.layered, layered);
        QVERIFY(!routed.layeredPixels);
        QCOMPARE(QFileInfo(tiles).isDir(), layered); // the folder only for the layered route
        if (layered) {
            QCOMPARE(QString::fromStdString(routed.layerOptions.cacheDir), tiles);
            QCOMPARE(qint64(routed.layerOptions.memoryByteLimit), qint64(150) << 20); // a quarter
        }
    }

    // The folder is made and cleared of stale tile files once per process; one that cannot
    // be made gives the temporary folder.
    void tileDir()
    {
        QTemporaryDir cache;
        QVERIFY(cache.isValid());
        const QString dir = cache.filePath(QStringLiteral("x/tiles"));
        QVERIFY(QDir().mkpath(dir));
        const QString first = staleTileFile(dir);
        QVERIFY(!first.isEmpty());
        QCOMPARE(QString::fromStdString(prepareTileDir(dir.toStdString())), dir);
        QVERIFY(!QFileInfo::exists(first));
        const QString second = staleTileFile(dir);
        QVERIFY(!second.isEmpty());
        QCOMPARE(QString::fromStdString(prepareTileDir(dir.toStdString())), dir);
        QVERIFY(QFileInfo::exists(second));
        const QString underFile = file(QStringLiteral("a.png")) + QStringLiteral("/tiles");
        QCOMPARE(QString::fromStdString(prepareTileDir(underFile.toStdString())), QDir::tempPath());
        QCOMPARE(QString::fromStdString(prepareTileDir("")), QDir::tempPath());
    }

    // runComparison goes the way it chose, with the same counts either way.
    void runTakesTheRoute()
    {
        QTemporaryDir cache;
        QVERIFY(cache.isValid());
        ComparisonRequest req;
        req.a.path = file(QStringLiteral("a.png")).toStdString();
        req.b.path = file(QStringLiteral("b.png")).toStdString();
        req.layerOptions.cacheDir = cache.path().toStdString();
        req.layeredPixels = 1000;
        const ComparisonPtr layered = runComparison(req, nullptr);
        req.layeredPixels = 10000;
        const ComparisonPtr whole = runComparison(req, nullptr);
        QVERIFY(layered && whole && layered->compared() && whole->compared());
        QVERIFY(layered->layered && layered->store && !layered->a.image);
        QVERIFY(!whole->layered && !whole->store && whole->a.image);
        QCOMPARE(layered->result->job.counts.mismatched, whole->result->job.counts.mismatched);
        QVERIFY(whole->result->job.counts.mismatched >= 16);
    }

    // The layered route's full-resolution pass as a snapshot: pending no more, a failure named
    // (a file gone), the same snapshot when canceled.
    void fullResolutionPass_data()
    {
        QTest::addColumn<bool>("removeB");
        QTest::addColumn<bool>("cancel");
        QTest::newRow("written") << false << false;
        QTest::newRow("a file gone") << true << false;
        QTest::newRow("canceled") << false << true;
    }
    void fullResolutionPass()
    {
        QFETCH(bool, removeB);
        QFETCH(bool, cancel);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString a = dir.filePath(QStringLiteral("a.png")), b = dir.filePath(QStringLiteral("b.png"));
        QImage imageB = testimg::screen(600, 400);
        QVERIFY(testimg::screen(600, 400).save(a));
        for (int x = 100; x < 140; ++x)
            imageB.setPixel(x, 100, qRgb(0, 0, 0));
        QVERIFY(imageB.save(b));
        ComparisonRequest req;
        req.a.path = a.toStdString();
        req.b.path = b.toStdString();
        req.layered = true;
        req.layerOptions.cacheDir = dir.path().toStdString();
        req.layerOptions.memoryEdge = 128; // level 0 in tiles, as for a huge pair
        const ComparisonPtr exact = runComparison(req, nullptr);
        QVERIFY2(exact && exact->compared() && exact->fullResolutionPending, exact ? exact->error.c_str() : "");
        if (removeB)
            QVERIFY(QFile::remove(b));
        const auto flag = std::make_shared<std::atomic_bool>(cancel);
        const ComparisonPtr done = difflens::fullResolutionPass(exact, flag);
        if (cancel) {
            QCOMPARE(done.get(), exact.get());
            return;
        }
        QVERIFY(done && done != exact && !done->fullResolutionPending && exact->fullResolutionPending);
        QCOMPARE(done->result, exact->result); // the same exact result
        const ComparisonPartFailure *failed = done->failed(ComparisonPart::FullResolution);
        QCOMPARE(failed != nullptr, removeB);
        QCOMPARE(done->store->fullResolutionReady(), !removeB);
        if (failed)
            QVERIFY(!failed->reason.empty());
        QCOMPARE(difflens::fullResolutionPass(done, flag).get(), done.get()); // nothing pending
    }
};

QTEST_GUILESS_MAIN(TestComparisonRoute)
#include "tst_comparison_route.moc"

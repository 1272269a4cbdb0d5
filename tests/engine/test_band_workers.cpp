// The helper threads of the streamed comparison (bands/band_workers.h): every task of a
// batch runs exactly once whatever the helper count, batch after batch, and a task's
// exception reaches the caller after the other tasks have run.
#include "bands/band_workers.h"

#include <QtTest>

#include <atomic>
#include <stdexcept>
#include <vector>

using difflens::detail::BandWorkers;

class TestBandWorkers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyTaskOnce_data();
    void everyTaskOnce();
    void exceptionReachesCaller();
};

void TestBandWorkers::everyTaskOnce_data()
{
    QTest::addColumn<int>("helpers");
    QTest::addColumn<int>("count");
    for (int helpers : {0, 1, 3})
        for (int count : {0, 1, 2, 5, 64})
            QTest::addRow("helpers%d-tasks%d", helpers, count) << helpers << count;
}

void TestBandWorkers::everyTaskOnce()
{
    QFETCH(int, helpers);
    QFETCH(int, count);
    BandWorkers workers(helpers);
    QVERIFY(workers.helpers() <= helpers);
    for (int batch = 0; batch < 200; ++batch) {
        std::vector<std::atomic<int>> runs(static_cast<size_t>(count));
        workers.run(count, [&runs](int i) { runs[size_t(i)].fetch_add(1); });
        for (int i = 0; i < count; ++i)
            QCOMPARE(runs[size_t(i)].load(), 1);
    }
}

void TestBandWorkers::exceptionReachesCaller()
{
    BandWorkers workers(2);
    std::vector<std::atomic<int>> runs(16);
    bool thrown = false;
    try {
        workers.run(16, [&runs](int i) {
            runs[size_t(i)].fetch_add(1);
            if (i == 5)
                throw std::runtime_error("task 5");
        });
    } catch (const std::runtime_error &e) {
        thrown = QByteArray(e.what()) == "task 5";
    }
    QVERIFY(thrown);
    for (int i = 0; i < 16; ++i)
        QCOMPARE(runs[size_t(i)].load(), 1);
    // The workers stay usable.
    std::atomic<int> sum{0};
    workers.run(10, [&sum](int i) { sum.fetch_add(i); });
    QCOMPARE(sum.load(), 45);
}

QTEST_GUILESS_MAIN(TestBandWorkers)
#include "test_band_workers.moc"

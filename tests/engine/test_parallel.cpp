// parallelFor: every index runs exactly once, also when worker threads fail to start
// (injected std::system_error), and exceptions from the body still reach the caller.
#include "difflens/engine/parallel.h"

#include <QtTest/QtTest>

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace difflens;

namespace {

// Per-index run counts and the threads that ran chunks; shared with the worker threads by
// pointer (they are joined before parallelFor returns).
struct Record {
    explicit Record(int n) : counts(size_t(n)) {}
    std::vector<std::atomic<int>> counts;
    std::mutex mutex;
    std::set<std::thread::id> threads;
    std::atomic<int> chunks{0};
};

std::function<void(int, int)> recorder(Record *rec)
{
    return [rec](int b, int e) {
        for (int i = b; i < e; ++i)
            rec->counts[size_t(i)].fetch_add(1);
        rec->chunks.fetch_add(1);
        const std::lock_guard<std::mutex> lock(rec->mutex);
        rec->threads.insert(std::this_thread::get_id());
    };
}

void verifyEachOnce(const Record &rec)
{
    for (size_t i = 0; i < rec.counts.size(); ++i)
        QVERIFY2(rec.counts[i].load() == 1,
                 qPrintable(QStringLiteral("index %1 ran %2 times").arg(i).arg(rec.counts[i].load())));
}

} // namespace

class TestParallel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup();
    void everyIndexOnce_data();
    void everyIndexOnce();
    void threadStartFailureRunsOnCaller_data();
    void threadStartFailureRunsOnCaller();
    void exceptionsPropagate_data();
    void exceptionsPropagate();
    void emptyRange();
};

void TestParallel::cleanup()
{
    detail::setThreadStartFailureForTesting(-1);
}

void TestParallel::everyIndexOnce_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("threads");
    QTest::newRow("one thread") << 100 << 1;
    QTest::newRow("4 threads") << 1000 << 4;
    QTest::newRow("more threads than items") << 3 << 16;
    QTest::newRow("uneven") << 997 << 7;
    QTest::newRow("default threads") << 5000 << 0;
}

void TestParallel::everyIndexOnce()
{
    QFETCH(int, n);
    QFETCH(int, threads);
    Record rec(n);
    parallelFor(n, recorder(&rec), threads);
    verifyEachOnce(rec);
}

void TestParallel::threadStartFailureRunsOnCaller_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("threads");
    QTest::addColumn<int>("failAfter");
    QTest::newRow("no thread starts") << 1000 << 8 << 0;
    QTest::newRow("first starts") << 1000 << 8 << 1;
    QTest::newRow("three start") << 1001 << 8 << 3;
    QTest::newRow("all but the last start") << 999 << 8 << 6;
    QTest::newRow("limit not reached") << 999 << 8 << 7;
    QTest::newRow("two chunks, none starts") << 2 << 2 << 0;
}

void TestParallel::threadStartFailureRunsOnCaller()
{
    QFETCH(int, n);
    QFETCH(int, threads);
    QFETCH(int, failAfter);
    detail::setThreadStartFailureForTesting(failAfter);
    Record rec(n);
    parallelFor(n, recorder(&rec), threads);
    verifyEachOnce(rec);
    QCOMPARE(rec.chunks.load(), threads); // the split does not change
    // The caller plus at most the threads that started.
    QVERIFY(int(rec.threads.size()) <= 1 + std::min(failAfter, threads - 1));
    if (failAfter == 0) {
        QCOMPARE(int(rec.threads.size()), 1);
        QVERIFY(*rec.threads.begin() == std::this_thread::get_id());
    }
    QVERIFY(rec.threads.count(std::this_thread::get_id()) == 1);

    // The seam can be turned off again.
    detail::setThreadStartFailureForTesting(-1);
    Record again(n);
    parallelFor(n, recorder(&again), threads);
    verifyEachOnce(again);
}

void TestParallel::exceptionsPropagate_data()
{
    QTest::addColumn<int>("failAfter");
    QTest::addColumn<int>("throwingChunk");
    QTest::newRow("threads start, worker chunk throws") << -1 << 5;
    QTest::newRow("threads start, caller chunk throws") << -1 << 0;
    QTest::newRow("no thread starts, moved chunk throws") << 0 << 5;
    QTest::newRow("two start, moved chunk throws") << 2 << 7;
    QTest::newRow("two start, started chunk throws") << 2 << 1;
}

void TestParallel::exceptionsPropagate()
{
    QFETCH(int, failAfter);
    QFETCH(int, throwingChunk);
    detail::setThreadStartFailureForTesting(failAfter);
    const int n = 800, threads = 8; // chunks of 100
    Record rec(n);
    const std::function<void(int, int)> record = recorder(&rec);
    const int throwAt = throwingChunk * (n / threads);
    const std::function<void(int, int)> fn = [record, throwAt](int b, int e) {
        record(b, e);
        if (b == throwAt)
            throw std::runtime_error("chunk at " + std::to_string(b));
    };
    bool caught = false;
    try {
        parallelFor(n, fn, threads);
    } catch (const std::runtime_error &e) {
        caught = true;
        QCOMPARE(std::string(e.what()), "chunk at " + std::to_string(throwAt));
    }
    QVERIFY(caught);
    verifyEachOnce(rec); // the other chunks still ran, each once
}

void TestParallel::emptyRange()
{
    detail::setThreadStartFailureForTesting(0);
    Record rec(1);
    parallelFor(0, recorder(&rec), 4);
    parallelFor(-5, recorder(&rec), 4);
    QCOMPARE(rec.chunks.load(), 0);
}

QTEST_GUILESS_MAIN(TestParallel)
#include "test_parallel.moc"

// Recent pairs: written off the GUI thread (no QSettings sync there), coalesced, flushed,
// and read back by a new process (a restart); opening a pair in the window records it.
#include "uitestutil.h"

#include "comparisonsession.h"
#include "mainwindow.h"
#include "recentpairs.h"

#include <QApplication>
#include <QProcess>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <cstdio>
#include <mutex>

#include <sys/resource.h>
#include <unistd.h>

using namespace difflens;
using namespace difflens::ui;

namespace {
const char *const kChildEnv = "TST_RECENT_PAIRS_PRINT";
const char *const kChildAddEnv = "TST_RECENT_PAIRS_ADD"; // "A|B": add the pair, exit at once
// "A|B": add the pair under an address-space limit that leaves no room for a thread's stack;
// print where it was written and the list read back.
const char *const kChildLimitedEnv = "TST_RECENT_PAIRS_LIMITED";

void useTestSettings()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DiffLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_recent_pairs"));
}

// What the injected writer saw: each list it was given and the thread it ran on.
// record() also writes the list to QSettings, as the default writer does.
struct Calls {
    std::mutex mutex;
    QList<QStringList> lists;
    QList<QThread *> threads;

    int record(const QStringList &flat)
    {
        RecentPairs::writeSettings(flat); // then stored as the app stores it
        std::lock_guard<std::mutex> lock(mutex);
        lists.append(flat);
        threads.append(QThread::currentThread());
        return int(lists.size());
    }
};

QStringList flatten(const QList<RecentPairs::Pair> &pairs)
{
    QStringList flat;
    for (const RecentPairs::Pair &p : pairs)
        flat << p.first << p.second;
    return flat;
}
} // namespace

class TestRecentPairs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void writtenOffGuiThread_data();
    void writtenOffGuiThread();
    void burstIsCoalesced();
    void noRoomForThreadWritesHere();
    void survivesRestart_data();
    void survivesRestart();
    void openingPairRecordsItOffGuiThread();
    void addJustBeforeExitIsKept();
};

namespace {
// Runs this test binary as another process (a restart) with one variable set; its output.
QStringList runChild(const char *variable, const QString &value)
{
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(variable), value);
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(), {});
    if (!child.waitForFinished(60000) || child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0)
        return {QStringLiteral("child failed")};
    QStringList lines = QString::fromUtf8(child.readAllStandardOutput()).split(QLatin1Char('\n'));
    lines.removeLast(); // after the last newline
    return lines;
}
} // namespace

void TestRecentPairs::initTestCase() { useTestSettings(); }

void TestRecentPairs::init()
{
    RecentPairs::setWriter(nullptr);
    RecentPairs::clear();
    RecentPairs::flush();
}

void TestRecentPairs::cleanup()
{
    RecentPairs::flush();
    RecentPairs::setWriter(nullptr);
}

void TestRecentPairs::writtenOffGuiThread_data()
{
    QTest::addColumn<int>("adds");
    QTest::addColumn<bool>("clearAfter");
    QTest::newRow("one pair") << 1 << false;
    QTest::newRow("three pairs") << 3 << false;
    QTest::newRow("more than kept") << RecentPairs::kMax + 3 << false;
    QTest::newRow("added then cleared") << 2 << true;
}

void TestRecentPairs::writtenOffGuiThread()
{
    QFETCH(int, adds);
    QFETCH(bool, clearAfter);
    auto calls = std::make_shared<Calls>();
    RecentPairs::setWriter([calls](const QStringList &flat) { calls->record(flat); });
    QStringList expected;
    for (int i = 0; i < adds; ++i) {
        const QString a = QStringLiteral("/pairs/a%1.png").arg(i), b = QStringLiteral("/pairs/b%1.png").arg(i);
        RecentPairs::add(a, b);
        expected.prepend(b);
        expected.prepend(a);
    }
    expected = expected.mid(0, 2 * RecentPairs::kMax);
    if (clearAfter) {
        RecentPairs::clear();
        expected.clear();
    }
    // The list is there at once, before it is written.
    QCOMPARE(flatten(RecentPairs::load()), expected);
    RecentPairs::flush();
    std::lock_guard<std::mutex> lock(calls->mutex);
    QVERIFY(!calls->lists.isEmpty());
    QCOMPARE(calls->lists.last(), expected);
    for (QThread *t : calls->threads)
        QVERIFY(t != QCoreApplication::instance()->thread());
}

// Under an address-space limit with no room for the writer thread's stack, the list is
// written on the calling thread instead of ending the app (std::system_error). In a child
// process that has not ended a thread yet, with glibc's cache of thread stacks off, so the
// thread needs a new stack.
void TestRecentPairs::noRoomForThreadWritesHere()
{
#if defined(__SANITIZE_ADDRESS__) || (defined(__has_feature) && __has_feature(address_sanitizer))
    QSKIP("AddressSanitizer reserves terabytes of address space; RLIMIT_AS cannot be used");
#endif
    struct rlimit old {};
    QCOMPARE(::getrlimit(RLIMIT_AS, &old), 0);
    if (old.rlim_cur != RLIM_INFINITY)
        QSKIP("this process already runs under an address-space limit");
    qputenv("GLIBC_TUNABLES", "glibc.pthread.stack_cache_size=0");
    const QStringList out = runChild(kChildLimitedEnv, QStringLiteral("/tmp/limit-a.png|/tmp/limit-b.png"));
    qunsetenv("GLIBC_TUNABLES");
    QCOMPARE(out, (QStringList{QStringLiteral("written on the calling thread"), QStringLiteral("/tmp/limit-a.png"),
                               QStringLiteral("/tmp/limit-b.png")}));
}

void TestRecentPairs::burstIsCoalesced()
{
    auto calls = std::make_shared<Calls>();
    auto entered = std::make_shared<QSemaphore>(0);
    auto release = std::make_shared<QSemaphore>(0);
    RecentPairs::setWriter([calls, entered, release](const QStringList &flat) {
        if (calls->record(flat) == 1) { // hold the first write while the GUI thread adds more
            entered->release();
            release->acquire();
        }
    });
    RecentPairs::add(QStringLiteral("/a0"), QStringLiteral("/b0"));
    entered->acquire();
    for (int i = 1; i <= 5; ++i)
        RecentPairs::add(QStringLiteral("/a%1").arg(i), QStringLiteral("/b%1").arg(i));
    const QStringList newest = flatten(RecentPairs::load());
    QCOMPARE(newest.size(), 12);
    QCOMPARE(newest.first(), QStringLiteral("/a5"));
    release->release();
    RecentPairs::flush();
    std::lock_guard<std::mutex> lock(calls->mutex);
    // The first list, then the five adds made while it was written, as one write.
    QCOMPARE(calls->lists.size(), 2);
    QCOMPARE(calls->lists[0], QStringList({QStringLiteral("/a0"), QStringLiteral("/b0")}));
    QCOMPARE(calls->lists[1], newest);
}

void TestRecentPairs::survivesRestart_data()
{
    QTest::addColumn<QStringList>("flat");
    QTest::newRow("two pairs") << QStringList{QStringLiteral("/x/one a.png"), QStringLiteral("/x/one b.png"),
                                              QStringLiteral("/y/two,a.png"), QStringLiteral("/y/two=b.png")};
    QTest::newRow("empty") << QStringList{};
}

void TestRecentPairs::survivesRestart()
{
    QFETCH(QStringList, flat);
    // The real writer (QSettings), pairs added oldest first, then a new process reads them.
    for (int i = flat.size() - 2; i >= 0; i -= 2)
        RecentPairs::add(flat[i], flat[i + 1]);
    RecentPairs::flush();
    QCOMPARE(flatten(RecentPairs::load()), flat);
    QCOMPARE(runChild(kChildEnv, QStringLiteral("1")), flat);
}

void TestRecentPairs::openingPairRecordsItOffGuiThread()
{
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a.png")), b = dir.filePath(QStringLiteral("b.png"));
    uitest::writePair(a, b);
    auto calls = std::make_shared<Calls>();
    RecentPairs::setWriter([calls](const QStringList &flat) { calls->record(flat); });
    MainWindow w;
    QSignalSpy paths(w.session(), &ComparisonSession::pathsChanged);
    w.openPair(a, b);
    QCOMPARE(paths.count(), 1);
    QCOMPARE(RecentPairs::load().value(0), RecentPairs::Pair(a, b));
    RecentPairs::flush();
    std::lock_guard<std::mutex> lock(calls->mutex);
    QVERIFY(!calls->lists.isEmpty());
    QCOMPARE(calls->lists.last().mid(0, 2), QStringList({a, b}));
    for (QThread *t : calls->threads)
        QVERIFY(t != QCoreApplication::instance()->thread());
}

void TestRecentPairs::addJustBeforeExitIsKept()
{
    // A process adds a pair and returns from main without flushing: the exit writes it.
    RecentPairs::add(QStringLiteral("/old/a.png"), QStringLiteral("/old/b.png"));
    RecentPairs::flush();
    QCOMPARE(runChild(kChildAddEnv, QStringLiteral("/new/a.png|/new/b.png")), QStringList());
    QCOMPARE(runChild(kChildEnv, QStringLiteral("1")),
             QStringList({QStringLiteral("/new/a.png"), QStringLiteral("/new/b.png"), QStringLiteral("/old/a.png"),
                          QStringLiteral("/old/b.png")}));
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(kChildEnv)) { // the restarted process: print the list
        useTestSettings();
        for (const QString &s : flatten(RecentPairs::load()))
            std::printf("%s\n", s.toUtf8().constData());
        return 0;
    }
    if (qEnvironmentVariableIsSet(kChildAddEnv)) {
        useTestSettings();
        const QStringList pair = qEnvironmentVariable(kChildAddEnv).split(QLatin1Char('|'));
        RecentPairs::add(pair.value(0), pair.value(1));
        return 0;
    }
    if (qEnvironmentVariableIsSet(kChildLimitedEnv)) {
        useTestSettings();
        const QStringList pair = qEnvironmentVariable(kChildLimitedEnv).split(QLatin1Char('|'));
        std::atomic<bool> here{false}, elsewhere{false};
        QThread *const self = QThread::currentThread();
        RecentPairs::setWriter([&here, &elsewhere, self](const QStringList &flat) {
            RecentPairs::writeSettings(flat);
            (QThread::currentThread() == self ? here : elsewhere) = true;
        });
        QFile statm(QStringLiteral("/proc/self/statm"));
        if (!statm.open(QIODevice::ReadOnly))
            return 1;
        const qint64 mapped = statm.readAll().split(' ').value(0).toLongLong() * qint64(::sysconf(_SC_PAGESIZE));
        struct rlimit old {};
        ::getrlimit(RLIMIT_AS, &old);
        struct rlimit lim {
            rlim_t(mapped + (qint64(4) << 20)), old.rlim_max // a thread's 8 MiB stack does not fit
        };
        if (mapped <= 0 || ::setrlimit(RLIMIT_AS, &lim) != 0)
            return 1;
        RecentPairs::add(pair.value(0), pair.value(1));
        ::setrlimit(RLIMIT_AS, &old);
        RecentPairs::flush();
        std::printf("%s\n", here && !elsewhere ? "written on the calling thread"
                             : elsewhere      ? "written on another thread"
                                              : "not written");
        for (const QString &s : flatten(RecentPairs::load()))
            std::printf("%s\n", s.toUtf8().constData());
        return 0;
    }
    TestRecentPairs t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_recent_pairs.moc"

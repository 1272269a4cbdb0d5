// The desktop app under a real memory limit: the app binary runs as a child process with
// its address space capped (RLIMIT_AS) on large pairs given on the command line, offscreen,
// and must never die from a signal: it shows the comparison or a clear out-of-memory
// message in the pane (DIFFLENS_TEST_EXIT_AFTER_LOAD=1 makes it print which, then quit).
// In process: after an out-of-memory error the session still opens a smaller pair.
#include "comparisonsession.h"

#include "difflens/imaging/encode.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace difflens;
using namespace difflens::ui;

namespace {

constexpr qint64 kMiB = qint64(1) << 20;

// Flat screenshot-like image (fast to write and decode); `changes` adds a few blocks.
Image makeImage(int w, int h, bool changes)
{
    Image img(w, h, 4, 8);
    for (int y = 0; y < h; ++y) {
        uint8_t *row = img.row(y);
        const bool band = (y / 64) % 9 == 4;
        for (int x = 0; x < w; ++x) {
            const bool block = changes && (x / 300) % 7 == 3 && (y / 200) % 5 == 2;
            row[4 * x] = block ? 20 : band ? 90 : 240;
            row[4 * x + 1] = block ? 200 : band ? 110 : 240;
            row[4 * x + 2] = block ? 40 : band ? 160 : 245;
            row[4 * x + 3] = 255;
        }
    }
    return img;
}

struct AppRun {
    bool started = false, crashed = false, timedOut = false;
    int exitCode = -1;
    QByteArray out, err;
    qint64 ms = 0;
    // The hook's line ("difflens: loaded" / "difflens: error: …"), empty when none.
    QByteArray hookLine() const
    {
        for (const QByteArray &line : out.split('\n'))
            if (line.startsWith("difflens: "))
                return line;
        return {};
    }
    QByteArray describe() const
    {
        return QByteArray("started=") + (started ? "1" : "0") + " crashed=" + (crashed ? "1" : "0") +
               " timedOut=" + (timedOut ? "1" : "0") + " exit=" + QByteArray::number(exitCode) + " stdout=[" +
               out.trimmed() + "] stderr tail=[" + err.right(600).trimmed() + "]";
    }
};

} // namespace

class TestMemoryLimits : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sessionKeepsWorkingAfterOutOfMemory();
    void tooLittleToStart();
    void appUnderCap_data();
    void appUnderCap();

private:
    AppRun runApp(const QStringList &args, qint64 capBytes, int timeoutMs) const;
    QTemporaryDir m_tmp;
    QString m_tinyA, m_tinyB, m_smallA, m_smallB, m_bigA, m_bigB, m_midA, m_midB;
    qint64 m_startCap = 0; // smallest cap (bytes) under which the app shows a tiny pair
    QStringList m_probes, m_probeFailures; // the caps under it: how each run ended
};

AppRun TestMemoryLimits::runApp(const QStringList &args, qint64 capBytes, int timeoutMs) const
{
    AppRun r;
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("DIFFLENS_TEST_EXIT_AFTER_LOAD"), QStringLiteral("1"));
    // Own settings (no memory budget or recent pairs from the user's).
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_tmp.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_tmp.path());
    p.setProcessEnvironment(env);
    const rlim_t cap = rlim_t(capBytes);
    p.setChildProcessModifier([cap] {
        struct rlimit lim {
            cap, cap
        };
        ::setrlimit(RLIMIT_AS, &lim);
    });
    QElapsedTimer timer;
    timer.start();
    p.start(QStringLiteral(DIFFLENS_APP_PATH), args);
    r.started = p.waitForStarted(10000);
    if (!r.started)
        return r;
    if (!p.waitForFinished(timeoutMs)) {
        r.timedOut = true;
        p.kill();
        p.waitForFinished(5000);
    }
    r.ms = timer.elapsed();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    r.exitCode = p.exitCode();
    r.crashed = !r.timedOut && p.exitStatus() != QProcess::NormalExit;
    return r;
}

void TestMemoryLimits::initTestCase()
{
#if defined(__SANITIZE_ADDRESS__) || (defined(__has_feature) && __has_feature(address_sanitizer))
    QSKIP("AddressSanitizer reserves terabytes of address space; RLIMIT_AS cannot be used");
#endif
    QVERIFY(m_tmp.isValid());
    QElapsedTimer timer;
    timer.start();
    std::string err;
    const auto write = [&err](const QString &path, int w, int h, bool changes) {
        return writePng(path.toStdString(), makeImage(w, h, changes).view(), err);
    };
    m_tinyA = m_tmp.filePath(QStringLiteral("tiny-a.png"));
    m_tinyB = m_tmp.filePath(QStringLiteral("tiny-b.png"));
    m_smallA = m_tmp.filePath(QStringLiteral("small-a.png"));
    m_smallB = m_tmp.filePath(QStringLiteral("small-b.png"));
    m_midA = m_tmp.filePath(QStringLiteral("mid-a.png"));
    m_midB = m_tmp.filePath(QStringLiteral("mid-b.png"));
    m_bigA = m_tmp.filePath(QStringLiteral("big-a.png"));
    m_bigB = m_tmp.filePath(QStringLiteral("big-b.png"));
    QVERIFY2(write(m_tinyA, 64, 48, false) && write(m_tinyB, 64, 48, true), err.c_str());
    QVERIFY2(write(m_smallA, 1200, 900, false) && write(m_smallB, 1200, 900, true), err.c_str());
    QVERIFY2(write(m_midA, 6000, 6000, false) && write(m_midB, 6000, 6000, true), err.c_str());
    QVERIFY2(write(m_bigA, 12000, 12000, false) && write(m_bigB, 12000, 12000, true), err.c_str());
    qInfo("pairs written in %lld ms", qlonglong(timer.restart()));

    // Smallest cap (32 MiB steps, then 256) under which the app starts and shows a tiny
    // pair: it differs with the libraries of the machine, so every other cap is set from it.
    for (qint64 mb = 96; mb <= 8192; mb += mb < 2048 ? 32 : 256) {
        const AppRun r = runApp({m_tinyA, m_tinyB}, mb * kMiB, 20000);
        if (r.started && !r.crashed && !r.timedOut && r.exitCode == 0 && r.hookLine() == "difflens: loaded") {
            m_startCap = mb * kMiB;
            break;
        }
        m_probes.append(QStringLiteral("%1 MiB: %2").arg(mb).arg(QString::fromUtf8(r.describe())));
        if (r.crashed || r.timedOut)
            m_probeFailures.append(m_probes.last());
    }
    if (m_startCap == 0)
        QSKIP("the app does not start under any address-space cap up to 8 GiB");
    qInfo("the app starts under %lld MiB (found in %lld ms)", qlonglong(m_startCap / kMiB),
          qlonglong(timer.elapsed()));
}

// In this process: a pair that cannot be decoded under the cap gives the pane message and
// releases what it held; the next, smaller pair is compared and shown in full.
void TestMemoryLimits::sessionKeepsWorkingAfterOutOfMemory()
{
    mallopt(M_ARENA_MAX, 2); // as the app does under a limit (addresslimit.h)
    ComparisonSession s;
    struct rlimit old {};
    QCOMPARE(::getrlimit(RLIMIT_AS, &old), 0);
    qint64 vmBytes = 0;
    {
        QFile statm(QStringLiteral("/proc/self/statm"));
        QVERIFY(statm.open(QIODevice::ReadOnly));
        vmBytes = statm.readAll().split(' ').value(0).toLongLong() * qint64(::sysconf(_SC_PAGESIZE));
    }
    QVERIFY(vmBytes > 0);
    // Too little for the layered route's in-memory levels (256 MiB), then room for them
    // but not for one decoded 12000x12000 image (549 MiB).
    const rlim_t tight = rlim_t(vmBytes + 96 * kMiB), cap = rlim_t(vmBytes + 448 * kMiB);
    if (old.rlim_cur != RLIM_INFINITY && old.rlim_cur < cap)
        QSKIP("this process already runs under a tighter limit");
    struct rlimit lim {
        tight, old.rlim_max
    };
    QCOMPARE(::setrlimit(RLIMIT_AS, &lim), 0);
    QSignalSpy results(&s, &ComparisonSession::resultChanged);
    QSignalSpy layers(&s, &ComparisonSession::layersChanged);
    // The outcome once it is final (a layered pair first shows its streaming preview).
    const auto settle = [&s, &results](int ms) {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < ms) {
            if (!results.wait(ms - int(t.elapsed())))
                return false;
            if (auto o = s.comparison(); o && !o->preview())
                return true;
        }
        return false;
    };

    s.openPair(m_bigA, m_bigB);
    const bool gotBig = settle(60000);
    ViewDataPtr big = s.data();
    lim.rlim_cur = cap;
    QCOMPARE(::setrlimit(RLIMIT_AS, &lim), 0);
    s.openPair(m_bigA, m_bigB);
    const bool gotBigAgain = settle(60000);
    ViewDataPtr bigAgain = s.data();
    const qint64 bigMismatched = s.comparison() ? s.comparison()->result->job.counts.mismatched : -1;
    s.openPair(m_smallA, m_smallB);
    const bool gotSmall = settle(30000) && (layers.wait(30000) || s.data()->compared());
    ViewDataPtr small = s.data();
    s.shutdown();
    ::setrlimit(RLIMIT_AS, &old);

    QVERIFY(gotBig);
    QVERIFY(big);
    QVERIFY2(big->error.startsWith(
                 QStringLiteral("Not enough memory to show this 12000×12000 pair (needs about ")),
             qPrintable(big->error));
    // Under an address-space limit only a higher limit helps, and the message says so.
    QVERIFY2(big->error.endsWith(
                 QStringLiteral(". The app runs under an address-space limit (ulimit -v) of %1 MiB: start it with a "
                                "higher limit.")
                     .arg(qint64(tight) >> 20)),
             qPrintable(big->error));
    QVERIFY(!big->compared());
    QVERIFY(big->a.isNull() && big->b.isNull());
    QVERIFY2(big->errorA.isEmpty() && big->errorB.isEmpty(), qPrintable(big->errorA + big->errorB));

    // With room for the layered route's levels the same pair is compared in full: exact
    // counts, drawn from the streamed layers (no decoded frame is held).
    QVERIFY(gotBigAgain);
    QVERIFY2(bigAgain->error.isEmpty(), qPrintable(bigAgain->error));
    QVERIFY(bigAgain->compared());
    QVERIFY(bigAgain->a.isLayered() && bigAgain->diff.isLayered());
    QCOMPARE(bigAgain->a.size(), QSize(12000, 12000));
    QVERIFY(bigMismatched > 0);

    QVERIFY(gotSmall);
    QVERIFY(small);
    QVERIFY2(small->error.isEmpty() && small->layersError.isEmpty(),
             qPrintable(small->error + small->layersError));
    QVERIFY(small->compared());
    QCOMPARE(small->a.size(), QSize(1200, 900));
    QVERIFY(!small->heat.isNull());
    QVERIFY(!small->regions.isEmpty());
}

// Under the caps too small for the window (those below the start cap), the app says so
// ("not enough memory to start", exit 2) or the loader cannot map its libraries (exit 127);
// it is never killed by a signal.
void TestMemoryLimits::tooLittleToStart()
{
    QVERIFY2(m_probeFailures.isEmpty(), qPrintable(m_probeFailures.join(QLatin1Char('\n'))));
    bool said = false;
    for (const QString &probe : m_probes)
        said = said || probe.contains(QLatin1String("difflens: not enough memory to start: the address-space limit"));
    if (m_startCap > 128 * kMiB) // the cap 32 MiB under it reached main()
        QVERIFY2(said, qPrintable(m_probes.join(QLatin1Char('\n'))));
}

void TestMemoryLimits::appUnderCap_data()
{
    QTest::addColumn<QString>("pair");
    QTest::addColumn<qint64>("cap");
    QTest::addColumn<bool>("mustLoad");
    // Fixed caps, and caps just above the start cap (every stage of a large pair fails in
    // turn: decoding, the comparison, the follow-up layers and their previews).
    // From 512 MiB up the large pair streams (the layered route) and is shown in full.
    for (qint64 mb : {512, 768, 1024, 1536})
        QTest::addRow("12000x12000 under %lld MiB", qlonglong(mb))
            << QStringLiteral("big") << mb * kMiB << true;
    for (qint64 margin : {64, 1024})
        QTest::addRow("12000x12000 under start cap + %lld MiB", qlonglong(margin))
            << QStringLiteral("big") << m_startCap + margin * kMiB << false;
    for (qint64 margin : {160, 320, 480, 640, 800})
        QTest::addRow("6000x6000 under start cap + %lld MiB", qlonglong(margin))
            << QStringLiteral("mid") << m_startCap + margin * kMiB << false;
    // Well above what the pair needs (about 700 MiB): the whole comparison is shown.
    QTest::addRow("6000x6000 under start cap + 1536 MiB")
        << QStringLiteral("mid") << m_startCap + 1536 * kMiB << true;
}

void TestMemoryLimits::appUnderCap()
{
    QFETCH(QString, pair);
    QFETCH(qint64, cap);
    QFETCH(bool, mustLoad);
    if (cap < m_startCap)
        QSKIP(qPrintable(
            QStringLiteral("below the start cap of this machine (%1 MiB)").arg(m_startCap / kMiB)));
    const QStringList args =
        pair == QLatin1String("big") ? QStringList{m_bigA, m_bigB} : QStringList{m_midA, m_midB};
    const AppRun r = runApp(args, cap, 45000);
    QVERIFY2(r.started, r.describe().constData());
    QVERIFY2(!r.crashed, r.describe().constData()); // never killed by a signal
    QVERIFY2(!r.timedOut, r.describe().constData());
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    const QByteArray line = r.hookLine();
    const QString size =
        pair == QLatin1String("big") ? QStringLiteral("12000×12000") : QStringLiteral("6000×6000");
    if (mustLoad)
        QVERIFY2(line == "difflens: loaded", r.describe().constData());
    if (line != "difflens: loaded") {
        // The pane's message: what did not fit, how much it needs, what the user can do.
        const QString text = QString::fromUtf8(line);
        QVERIFY2(text.startsWith(QStringLiteral("difflens: error: Not enough memory ")),
                 r.describe().constData());
        QVERIFY2(text.contains(QStringLiteral("this %1 pair (needs about ").arg(size)),
                 r.describe().constData());
        // What it needs is at least what a band of the pair and the reserve for the other
        // threads take (64 MiB), never the little that was left when it stopped.
        const QString needs = text.section(QStringLiteral("(needs about "), 1).section(QLatin1Char(' '), 0, 0);
        QVERIFY2(needs.toLongLong() >= 96, r.describe().constData());
        QVERIFY2(text.endsWith(QStringLiteral(". The app runs under an address-space limit (ulimit -v) of %1 MiB: "
                                              "start it with a higher limit.")
                                   .arg(cap >> 20)),
                 r.describe().constData());
    }
    qInfo("%s under %lld MiB: %s (%lld ms)", qPrintable(size), qlonglong(cap / kMiB), line.constData(),
          qlonglong(r.ms));
}

QTEST_MAIN(TestMemoryLimits)
#include "tst_memory_limits.moc"

// Planning within an address-space limit (ulimit -v): each layer of the layered store checks
// the room for all its buffers before the first, so a store that does not fit fails without
// ever mapping into the reserve under the limit (other threads' allocations would fail
// meanwhile), and the app's route streams a pair whose whole frame would not fit.
#include "difflens/compare/comparison.h"
#include "difflens/compare/layer_store.h"
#include "difflens/engine/address_space.h"
#include "difflens/imaging/encode.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace difflens;

namespace {

constexpr int64_t kMiB = int64_t(1) << 20;

// "VmSize:" or "VmPeak:" of this process, in bytes.
int64_t statusBytes(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(int(qstrlen(field))).trimmed().split(' ').value(0).toLongLong() * 1024;
    return -1;
}

struct ChildOutcome {
    bool created = false;
    int64_t peakRise = -1; // VmPeak after the attempt less VmSize before it
};

// In a forked child (whose VmPeak starts at its VmSize): under a limit of `roomMiB` more than
// is mapped, create a layered store; report whether it was created and how far the mapped
// size rose meanwhile.
ChildOutcome createInChild(int width, int height, int64_t roomMiB, const std::string &dir)
{
    int fds[2];
    if (::pipe(fds) != 0)
        return {};
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        const int64_t before = statusBytes("VmSize:");
        struct rlimit lim {
            rlim_t(before + roomMiB * kMiB), RLIM_INFINITY
        };
        ChildOutcome o;
        if (before > 0 && ::setrlimit(RLIMIT_AS, &lim) == 0) {
            LayerStore::Options opt;
            opt.cacheDir = dir;
            opt.memoryByteLimit = 256 * kMiB;
            std::string error;
            o.created = LayerStore::create(width, height, 8, opt, error) != nullptr;
            o.peakRise = statusBytes("VmPeak:") - before;
        }
        (void)!::write(fds[1], &o, sizeof o);
        ::_exit(0);
    }
    ::close(fds[1]);
    ChildOutcome o;
    const bool got = pid > 0 && ::read(fds[0], &o, sizeof o) == ssize_t(sizeof o);
    ::close(fds[0]);
    if (pid > 0)
        ::waitpid(pid, nullptr, 0);
    return got ? o : ChildOutcome{};
}

} // namespace

class TestAddressSpacePlan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void storeChecksRoomFirst_data();
    void storeChecksRoomFirst();
    void routeStreamsWhatDoesNotFit();

private:
    QTemporaryDir m_tmp;
};

void TestAddressSpacePlan::initTestCase()
{
#if defined(__SANITIZE_ADDRESS__) || (defined(__has_feature) && __has_feature(address_sanitizer))
    QSKIP("AddressSanitizer reserves terabytes of address space; RLIMIT_AS cannot be used");
#endif
    QVERIFY(m_tmp.isValid());
    struct rlimit lim {};
    QCOMPARE(::getrlimit(RLIMIT_AS, &lim), 0);
    if (lim.rlim_cur != RLIM_INFINITY || addressSpaceLimit() >= 0)
        QSKIP("this process already runs under an address-space limit");
}

void TestAddressSpacePlan::storeChecksRoomFirst_data()
{
    QTest::addColumn<int64_t>("roomMiB");
    QTest::addColumn<bool>("fits");
    // 6000x6000 with levels up to 256 MiB in memory: about 190 MiB of buffers (the smaller
    // levels in memory, strips for the tiled ones), plus the 64 MiB reserve.
    QTest::addRow("48 MiB free") << int64_t(48) << false;
    QTest::addRow("160 MiB free") << int64_t(160) << false;
    QTest::addRow("1024 MiB free") << int64_t(1024) << true;
}

void TestAddressSpacePlan::storeChecksRoomFirst()
{
    QFETCH(int64_t, roomMiB);
    QFETCH(bool, fits);
    const ChildOutcome o = createInChild(6000, 6000, roomMiB, m_tmp.path().toStdString());
    QVERIFY(o.peakRise >= 0);
    QCOMPARE(o.created, fits);
    // Whatever was mapped, the reserve stayed free (allocating until a failure would have
    // taken the mapped size up to the limit); 4 MiB of slack for the small allocations.
    const int64_t usable = std::max<int64_t>(0, roomMiB * kMiB - kAddressSpaceReserve);
    QVERIFY2(o.peakRise <= usable + 4 * kMiB,
             qPrintable(QStringLiteral("VmPeak rose %1 MiB of %2 free").arg(o.peakRise / kMiB).arg(roomMiB)));
    if (fits)
        QVERIFY(o.peakRise > 64 * kMiB);
}

void TestAddressSpacePlan::routeStreamsWhatDoesNotFit()
{
    // 3000x3000: under the app's layered threshold (4096x4096), so whole frame without a limit.
    Image img(3000, 3000, 4, 8);
    for (int y = 0; y < img.height(); ++y)
        std::memset(img.row(y), y % 7 == 0 ? 40 : 220, size_t(img.width()) * 4);
    std::string err;
    const QString a = m_tmp.filePath(QStringLiteral("a.png")), b = m_tmp.filePath(QStringLiteral("b.png"));
    QVERIFY2(writePng(a.toStdString(), img.view(), err) && writePng(b.toStdString(), img.view(), err), err.c_str());
    ComparisonRequest req;
    req.a.path = a.toStdString();
    req.b.path = b.toStdString();
    req.layeredPixels = int64_t(4096) * 4096;
    req.layerOptions.cacheDir = m_tmp.path().toStdString();
    QVERIFY(!routedComparison(req).layered);
    // A small pair (800x600) whose bands and tile strips would take more than its whole frame.
    Image small(800, 600, 4, 8);
    for (int y = 0; y < small.height(); ++y)
        std::memset(small.row(y), 200, size_t(small.width()) * 4);
    const QString sa = m_tmp.filePath(QStringLiteral("small-a.png")), sb = m_tmp.filePath(QStringLiteral("small-b.png"));
    QVERIFY2(writePng(sa.toStdString(), small.view(), err) && writePng(sb.toStdString(), small.view(), err), err.c_str());
    ComparisonRequest smallReq = req;
    smallReq.a.path = sa.toStdString();
    smallReq.b.path = sb.toStdString();

    const int64_t mapped = statusBytes("VmSize:");
    QVERIFY(mapped > 0);
    struct rlimit old {};
    QCOMPARE(::getrlimit(RLIMIT_AS, &old), 0);
    struct rlimit lim {
        rlim_t(mapped + 160 * kMiB), old.rlim_max
    };
    QCOMPARE(::setrlimit(RLIMIT_AS, &lim), 0);
    const ComparisonRequest limited = routedComparison(req);
    lim.rlim_cur = rlim_t(mapped + 32 * kMiB); // less than the reserve: no room to plan in at all
    QCOMPARE(::setrlimit(RLIMIT_AS, &lim), 0);
    const ComparisonRequest smallLimited = routedComparison(smallReq);
    QCOMPARE(::setrlimit(RLIMIT_AS, &old), 0);
    QVERIFY(!smallLimited.layered);
    // The whole frame (about 24 bytes a pixel: 206 MiB) does not fit in 160 MiB: it streams,
    // with the layers' in-memory levels within half of the room left after the reserve.
    QVERIFY(limited.layered);
    QVERIFY(limited.layerOptions.memoryByteLimit > 0);
    QVERIFY(limited.layerOptions.memoryByteLimit <= (160 * kMiB - kAddressSpaceReserve) / 2);
}

QTEST_GUILESS_MAIN(TestAddressSpacePlan)
#include "tst_address_space_plan.moc"

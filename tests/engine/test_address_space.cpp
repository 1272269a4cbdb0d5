// The address-space limit and the room under it (difflens/engine/address_space.h): none
// without a limit; under a limit set here, the room follows what is mapped, and a request is
// allowed only when the reserve for other threads stays free.
#include "difflens/engine/address_space.h"

#include <QtTest>

#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace difflens;

namespace {

constexpr int64_t kMiB = int64_t(1) << 20;

int64_t mappedBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    return statm.readAll().split(' ').value(0).toLongLong() * ::sysconf(_SC_PAGESIZE);
}

} // namespace

class TestAddressSpace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void unlimited();
    void underLimit_data();
    void underLimit();

private:
    struct rlimit m_as {}, m_data {};
};

void TestAddressSpace::initTestCase()
{
#if defined(__SANITIZE_ADDRESS__) || (defined(__has_feature) && __has_feature(address_sanitizer))
    QSKIP("AddressSanitizer reserves terabytes of address space; RLIMIT_AS cannot be used");
#endif
    QCOMPARE(::getrlimit(RLIMIT_AS, &m_as), 0);
    QCOMPARE(::getrlimit(RLIMIT_DATA, &m_data), 0);
    if (m_as.rlim_cur != RLIM_INFINITY || m_data.rlim_cur != RLIM_INFINITY)
        QSKIP("this process already runs under an address-space or data limit");
}

void TestAddressSpace::unlimited()
{
    QCOMPARE(addressSpaceLimit(), int64_t(-1));
    QCOMPARE(addressSpaceHeadroom(), int64_t(-1));
    QVERIFY(addressSpaceAllows(int64_t(1) << 50));
}

void TestAddressSpace::underLimit_data()
{
    QTest::addColumn<int>("resource");
    QTest::addColumn<int>("roomMiB");
    for (int room : {0, 40, 256}) {
        QTest::addRow("RLIMIT_AS, %d MiB free", room) << int(RLIMIT_AS) << room;
        QTest::addRow("RLIMIT_DATA, %d MiB free", room) << int(RLIMIT_DATA) << room;
    }
}

void TestAddressSpace::underLimit()
{
    QFETCH(int, resource);
    QFETCH(int, roomMiB);
    const int64_t mapped = mappedBytes();
    QVERIFY(mapped > 0);
    const int64_t limit = mapped + roomMiB * kMiB;
    struct rlimit old {};
    QCOMPARE(::getrlimit(resource, &old), 0);
    struct rlimit lim {
        rlim_t(limit), old.rlim_max
    };
    QCOMPARE(::setrlimit(resource, &lim), 0);
    const int64_t seenLimit = addressSpaceLimit(), room = addressSpaceHeadroom();
    const bool small = addressSpaceAllows(kMiB), fitsReserve = addressSpaceAllows(std::max<int64_t>(0, roomMiB * kMiB - kAddressSpaceReserve - 8 * kMiB)),
               whole = addressSpaceAllows(roomMiB * kMiB);
    // A mapping made under the limit takes its size off the room.
    int64_t roomAfterMap = -1;
    void *p = roomMiB >= 40 ? ::mmap(nullptr, size_t(16 * kMiB), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) : MAP_FAILED;
    if (p != MAP_FAILED) {
        roomAfterMap = addressSpaceHeadroom();
        ::munmap(p, size_t(16 * kMiB));
    }
    QCOMPARE(::setrlimit(resource, &old), 0);

    QCOMPARE(seenLimit, limit);
    // What this process mapped between the two readings (Qt's timers, the test log) is small.
    QVERIFY2(room <= roomMiB * kMiB && room >= std::max<int64_t>(0, roomMiB * kMiB - 4 * kMiB),
             qPrintable(QStringLiteral("room %1 MiB of %2").arg(room / double(kMiB)).arg(roomMiB)));
    QVERIFY(!whole); // the reserve would not stay free
    QCOMPARE(small, roomMiB * kMiB >= kAddressSpaceReserve + 4 * kMiB + kMiB);
    QCOMPARE(fitsReserve, roomMiB == 256);
    if (roomMiB >= 40) {
        QVERIFY(p != MAP_FAILED);
        QVERIFY2(roomAfterMap <= room - 16 * kMiB + kMiB && roomAfterMap >= room - 16 * kMiB - 4 * kMiB,
                 qPrintable(QStringLiteral("%1 → %2").arg(room).arg(roomAfterMap)));
    }
}

QTEST_GUILESS_MAIN(TestAddressSpace)
#include "test_address_space.moc"

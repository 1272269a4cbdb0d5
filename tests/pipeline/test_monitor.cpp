// Memory monitor logic with fake sources (classification, thresholds, unreadable sources)
// and a sanity check of the real CPU source; the NVML device chosen for a CUDA device by
// PCI bus id (fake ids: no GPU needed).
#include "difflens/engine/monitor.h"
#include "nvml_match.h"

#include <QtTest/QtTest>

#include <cmath>
#include <limits>

using namespace difflens;

Q_DECLARE_METATYPE(difflens::MemoryStatus)

namespace {

class FakeSource : public MemorySource {
public:
    FakeSource(bool readable, int64_t used, int64_t total, bool cuda = false)
        : m_readable(readable), m_used(used), m_total(total), m_cuda(cuda)
    {
    }
    std::string deviceName() const override { return m_cuda ? "cuda:0 (Fake)" : "cpu"; }
    bool isCuda() const override { return m_cuda; }
    bool read(int64_t &used, int64_t &total, int64_t &process) override
    {
        ++reads;
        if (!m_readable)
            return false;
        used = m_used;
        total = m_total;
        process = 42;
        return true;
    }
    int reads = 0;

private:
    bool m_readable;
    int64_t m_used, m_total;
    bool m_cuda;
};

} // namespace

class TestMonitor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void classify_data();
    void classify();
    void sampleFromFake_data();
    void sampleFromFake();
    void unreadableIsUnknown();
    void thresholdsChangeStatus();
    void statusNames();
    void realCpuSource();
    void cudaSourceOptional();
    void parsePciBusId_data();
    void parsePciBusId();
    void nvmlDeviceByPciBusId_data();
    void nvmlDeviceByPciBusId();
};

void TestMonitor::classify_data()
{
    QTest::addColumn<double>("ratio");
    QTest::addColumn<double>("warning");
    QTest::addColumn<double>("critical");
    QTest::addColumn<MemoryStatus>("status");
    const auto N = MemoryStatus::Normal, W = MemoryStatus::Warning, C = MemoryStatus::Critical,
               U = MemoryStatus::Unknown;
    QTest::newRow("unknown -1") << -1.0 << 0.8 << 0.9 << U;
    QTest::newRow("unknown NaN") << std::numeric_limits<double>::quiet_NaN() << 0.8 << 0.9 << U;
    QTest::newRow("empty") << 0.0 << 0.8 << 0.9 << N;
    QTest::newRow("normal") << 0.5 << 0.8 << 0.9 << N;
    QTest::newRow("at warning") << 0.80 << 0.8 << 0.9 << N;
    QTest::newRow("above warning") << 0.8001 << 0.8 << 0.9 << W;
    QTest::newRow("at critical") << 0.90 << 0.8 << 0.9 << W;
    QTest::newRow("above critical") << 0.95 << 0.8 << 0.9 << C;
    QTest::newRow("full") << 1.0 << 0.8 << 0.9 << C;
    QTest::newRow("custom normal") << 0.55 << 0.6 << 0.7 << N;
    QTest::newRow("custom warning") << 0.65 << 0.6 << 0.7 << W;
    QTest::newRow("custom critical") << 0.75 << 0.6 << 0.7 << C;
}

void TestMonitor::classify()
{
    QFETCH(double, ratio);
    QFETCH(double, warning);
    QFETCH(double, critical);
    QFETCH(MemoryStatus, status);
    QCOMPARE(toString(MemoryMonitor::classify(ratio, {warning, critical})), toString(status));
}

void TestMonitor::sampleFromFake_data()
{
    QTest::addColumn<qint64>("used");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<double>("ratio");
    QTest::addColumn<MemoryStatus>("status");
    QTest::newRow("quarter") << qint64(1) * 1024 << qint64(4) * 1024 << 0.25 << MemoryStatus::Normal;
    QTest::newRow("85%") << qint64(85) << qint64(100) << 0.85 << MemoryStatus::Warning;
    QTest::newRow("95%") << qint64(95ll << 30) << qint64(100ll << 30) << 0.95 << MemoryStatus::Critical;
    QTest::newRow("zero total") << qint64(0) << qint64(0) << -1.0 << MemoryStatus::Unknown;
}

void TestMonitor::sampleFromFake()
{
    QFETCH(qint64, used);
    QFETCH(qint64, total);
    QFETCH(double, ratio);
    QFETCH(MemoryStatus, status);
    MemoryMonitor m(std::make_unique<FakeSource>(true, used, total, true));
    const MemorySample s = m.sample();
    QCOMPARE(s.device, std::string("cuda:0 (Fake)"));
    QVERIFY(s.isCuda);
    QVERIFY(std::fabs(s.ratio - ratio) < 1e-12);
    QCOMPARE(toString(s.status), toString(status));
    if (total > 0) {
        QCOMPARE(s.freeBytes(), int64_t(total - used));
        QCOMPARE(s.processBytes, int64_t(42));
    } else {
        QCOMPARE(s.freeBytes(), int64_t(-1));
    }
}

void TestMonitor::unreadableIsUnknown()
{
    MemoryMonitor m(std::make_unique<FakeSource>(false, 0, 0));
    const MemorySample s = m.sample();
    QCOMPARE(s.device, std::string("cpu"));
    QCOMPARE(s.ratio, -1.0);
    QCOMPARE(s.status, MemoryStatus::Unknown);
    QCOMPARE(s.usedBytes, int64_t(-1));
    QCOMPARE(s.freeBytes(), int64_t(-1));

    MemoryMonitor none(nullptr);
    QCOMPARE(none.sample().status, MemoryStatus::Unknown);
}

void TestMonitor::thresholdsChangeStatus()
{
    auto src = std::make_unique<FakeSource>(true, 70, 100);
    FakeSource *raw = src.get();
    MemoryMonitor m(std::move(src));
    QCOMPARE(m.sample().status, MemoryStatus::Normal);
    m.setThresholds({0.5, 0.65});
    QCOMPARE(m.thresholds().warning, 0.5);
    QCOMPARE(m.sample().status, MemoryStatus::Critical);
    m.setThresholds({0.6, 0.9});
    QCOMPARE(m.sample().status, MemoryStatus::Warning);
    QCOMPARE(raw->reads, 3); // one read per sample
}

void TestMonitor::statusNames()
{
    QCOMPARE(std::string(toString(MemoryStatus::Unknown)), std::string("unknown"));
    QCOMPARE(std::string(toString(MemoryStatus::Normal)), std::string("normal"));
    QCOMPARE(std::string(toString(MemoryStatus::Warning)), std::string("warning"));
    QCOMPARE(std::string(toString(MemoryStatus::Critical)), std::string("critical"));
}

void TestMonitor::realCpuSource()
{
    MemoryMonitor m(makeCpuMemorySource());
    const MemorySample s = m.sample();
    if (s.status == MemoryStatus::Unknown)
        QSKIP("/proc/meminfo not readable here");
    QCOMPARE(s.device, std::string("cpu"));
    QVERIFY(!s.isCuda);
    QVERIFY(s.totalBytes > 0);
    QVERIFY(s.usedBytes >= 0 && s.usedBytes <= s.totalBytes);
    QVERIFY(s.ratio >= 0 && s.ratio <= 1);
    QVERIFY(s.processBytes > 0);
    // Resident size follows a large touched allocation.
    std::vector<char> block(64 << 20, 1);
    const MemorySample after = m.sample();
    QVERIFY(after.processBytes >= s.processBytes + (48 << 20));
    QVERIFY(block[12345] == 1);
}

void TestMonitor::cudaSourceOptional()
{
    auto src = makeCudaMemorySource(0);
    if (!src)
        QSKIP("no NVML / CUDA device");
    MemoryMonitor m(std::move(src));
    const MemorySample s = m.sample();
    QVERIFY(s.isCuda);
    QVERIFY(s.device.rfind("cuda:0", 0) == 0);
    QVERIFY(s.totalBytes > 0);
}

void TestMonitor::parsePciBusId_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("domain");
    QTest::addColumn<int>("bus");
    QTest::addColumn<int>("device");
    QTest::addColumn<int>("function");
    QTest::newRow("cuda form") << "0000:3B:00.0" << true << 0 << 0x3b << 0 << 0;
    QTest::newRow("nvml form") << "00000000:3b:00.0" << true << 0 << 0x3b << 0 << 0;
    QTest::newRow("domain 1, function 1") << "0001:af:1f.1" << true << 1 << 0xaf << 0x1f << 1;
    QTest::newRow("no domain") << "65:00.0" << true << 0 << 0x65 << 0 << 0;
    QTest::newRow("padded") << " 0000:17:00.0 " << true << 0 << 0x17 << 0 << 0;
    QTest::newRow("empty") << "" << false << 0 << 0 << 0 << 0;
    QTest::newRow("one part") << "3b" << false << 0 << 0 << 0 << 0;
    QTest::newRow("four parts") << "0:0:3b:00.0" << false << 0 << 0 << 0 << 0;
    QTest::newRow("not hex") << "0000:zz:00.0" << false << 0 << 0 << 0 << 0;
    QTest::newRow("sign") << "0000:-1:00.0" << false << 0 << 0 << 0 << 0;
    QTest::newRow("uuid") << "GPU-5f6b2c1e-0000-0000" << false << 0 << 0 << 0 << 0;
}

void TestMonitor::parsePciBusId()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    detail::PciAddress a;
    QCOMPARE(detail::parsePciBusId(text.toStdString(), a), ok);
    if (!ok)
        return;
    QFETCH(int, domain);
    QFETCH(int, bus);
    QFETCH(int, device);
    QFETCH(int, function);
    QCOMPARE(int(a.domain), domain);
    QCOMPARE(int(a.bus), bus);
    QCOMPARE(int(a.device), device);
    QCOMPARE(int(a.function), function);
}

void TestMonitor::nvmlDeviceByPciBusId_data()
{
    QTest::addColumn<QString>("cudaBusId");
    QTest::addColumn<QStringList>("nvmlBusIds");
    QTest::addColumn<int>("index");
    const QStringList four{"00000000:17:00.0", "00000000:3B:00.0", "00000000:86:00.0", "00000000:AF:00.0"};
    // CUDA_VISIBLE_DEVICES=2 (or FASTEST_FIRST ordering): CUDA's device 0 is NVML's device 2.
    QTest::newRow("visible devices 2") << "0000:86:00.0" << four << 2;
    QTest::newRow("first is first") << "0000:17:00.0" << four << 0;
    QTest::newRow("case and width differ") << "0000:af:00.0" << four << 3;
    QTest::newRow("no such device") << "0000:d8:00.0" << four << -1;
    QTest::newRow("function differs") << "0000:3B:00.1" << four << -1;
    QTest::newRow("other domain") << "0001:3B:00.0" << four << -1;
    QTest::newRow("NVML id unreadable") << "0000:3B:00.0" << QStringList{"", "00000000:3B:00.0"} << 1;
    // Without the CUDA id only a single-GPU machine is unambiguous.
    QTest::newRow("cuda id unknown, one GPU") << "" << QStringList{"00000000:3B:00.0"} << 0;
    QTest::newRow("cuda id unknown, four GPUs") << "" << four << -1;
    QTest::newRow("no NVML devices") << "0000:3B:00.0" << QStringList{} << -1;
}

void TestMonitor::nvmlDeviceByPciBusId()
{
    QFETCH(QString, cudaBusId);
    QFETCH(QStringList, nvmlBusIds);
    QFETCH(int, index);
    std::vector<std::string> ids;
    for (const QString &s : nvmlBusIds)
        ids.push_back(s.toStdString());
    QCOMPARE(detail::nvmlIndexForCudaDevice(cudaBusId.toStdString(), ids), index);
}

QTEST_GUILESS_MAIN(TestMonitor)
#include "test_monitor.moc"

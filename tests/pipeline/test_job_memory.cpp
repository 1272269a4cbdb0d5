// The planner's CPU estimate against the measured peak (resident high-water delta) of
// real jobs; see the calibration table in core/engine/src/plan/pipeline_costs.h.
#include "pipeline_test_util.h"

#include <QtTest/QtTest>

#include <malloc.h>

using namespace difflens;
using namespace pipeline_test;

class TestJobMemory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void estimateMatchesMeasured_data();
    void estimateMatchesMeasured();
};

void TestJobMemory::initTestCase()
{
    // Large blocks mmapped and returned on free: one job's freed memory must not hide
    // the next job's peak.
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024);
}

void TestJobMemory::estimateMatchesMeasured_data()
{
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("h");
    QTest::addColumn<bool>("ssim");
    QTest::addColumn<bool>("diff");
    QTest::addColumn<int>("tile");
    QTest::newRow("2048x1536 all") << 2048 << 1536 << true << true << 0;
    QTest::newRow("2048x1536 all tiled") << 2048 << 1536 << true << true << 512;
    QTest::newRow("2048x1536 diff only") << 2048 << 1536 << false << true << 0;
    QTest::newRow("1999x1201 ssim no diff") << 1999 << 1201 << true << false << 0;
}

void TestJobMemory::estimateMatchesMeasured()
{
    QFETCH(int, w);
    QFETCH(int, h);
    QFETCH(bool, ssim);
    QFETCH(bool, diff);
    QFETCH(int, tile);
    const synth::Pair p = pair(w, h);
    JobOptions o = cpuOptions();
    o.wantMask = false;
    o.computeSsim = ssim;
    o.wantDiffImage = diff;
    o.tileSize = tile;
    // The engine measures the rise of VmHWM, which an earlier, larger row has already set:
    // reset it to the current RSS (Linux: "5" to /proc/self/clear_refs) so this job's peak shows.
    QFile clearRefs(QStringLiteral("/proc/self/clear_refs"));
    const bool hwmReset = clearRefs.open(QIODevice::WriteOnly) && clearRefs.write("5") == 1;
    clearRefs.close();
    const JobResult r = runJob(p.a.view(), p.b.view(), o);
    QVERIFY2(r.ok, r.error.c_str());
    if (r.plan.peakBytes < 0)
        QSKIP("resident high-water mark (VmHWM) not readable here");
    if (r.plan.peakBytes == 0 && !hwmReset)
        QSKIP("an earlier row set the resident high-water mark and /proc/self/clear_refs cannot reset it");
    const double ratio = double(r.plan.peakBytes) / double(r.plan.estimatedPeakBytes);
    qInfo("estimate %lld measured %lld ratio %.3f", static_cast<long long>(r.plan.estimatedPeakBytes),
          static_cast<long long>(r.plan.peakBytes), ratio);
    QVERIFY2(ratio >= 0.7 && ratio <= 1.10, qPrintable(QString("measured/estimate %1").arg(ratio)));
}

QTEST_GUILESS_MAIN(TestJobMemory)
#include "test_job_memory.moc"

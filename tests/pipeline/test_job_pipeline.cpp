// Job runner on the CPU: tiled == whole frame, out-of-memory recovery at every stage,
// cancellation without partial results, exact results under any budget (a forced Low tier
// is refused: it is display quality only), validation and logging; the CUDA -> CPU fallback
// through a CUDA stand-in (no GPU needed).
#include "pipeline_test_util.h"

#include "plan/cuda_stand_in.h"

#include "difflens/engine/planner.h"

#include <QtTest/QtTest>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <vector>

using namespace difflens;
using namespace pipeline_test;

class TestJobPipeline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tiledEqualsWhole_data();
    void tiledEqualsWhole();
    void oomRecovers_data();
    void oomRecovers();
    void oomEverywhereFailsCleanly_data();
    void oomEverywhereFailsCleanly();
    void cancelGivesNoPartialResult_data();
    void cancelGivesNoPartialResult();
    void forcedLowTierRefused_data();
    void forcedLowTierRefused();
    void exactUnderTinyBudget();
    void validation_data();
    void validation();
    void logsPlan();
    void planInfoRecorded();
    void injectedMemorySample_data();
    void injectedMemorySample();
    void cudaStageFailureFallsBackToCpu_data();
    void cudaStageFailureFallsBackToCpu();
    void cudaOutOfMemoryEverywhereFallsBackToCpu();
};

namespace {
// A CUDA job planned against a calm 8 GiB device (the sample names no device: the job
// names it "cuda:0" or "cpu" for the device it plans on).
JobOptions cudaOptions()
{
    JobOptions o = cpuOptions();
    o.device = Device::Cuda;
    o.memorySample = [] {
        MemorySample s = fakeMemory(0.25, int64_t(8) << 30);
        s.device.clear();
        return s;
    };
    return o;
}

struct SeenStage {
    std::string stage;
    Device device;
};
} // namespace

void TestJobPipeline::tiledEqualsWhole_data()
{
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("h");
    QTest::addColumn<int>("depth");
    QTest::addColumn<int>("tile");
    QTest::addColumn<bool>("ignore");
    QTest::addColumn<bool>("includeAA");
    QTest::newRow("odd 37") << 997 << 613 << 8 << 37 << false << false;
    QTest::newRow("odd 100 ignore") << 997 << 613 << 8 << 100 << true << false;
    QTest::newRow("odd 256 includeAA") << 1283 << 769 << 8 << 256 << false << true;
    QTest::newRow("tiny tiles 9") << 301 << 203 << 8 << 9 << true << false;
    QTest::newRow("16 bit 64") << 641 << 479 << 16 << 64 << false << false;
    QTest::newRow("strip through text 11") << 700 << 300 << 8 << 11 << false << false;
}

void TestJobPipeline::tiledEqualsWhole()
{
    QFETCH(int, w);
    QFETCH(int, h);
    QFETCH(int, depth);
    QFETCH(int, tile);
    QFETCH(bool, ignore);
    QFETCH(bool, includeAA);
    const synth::Pair p = pair(w, h, depth);
    JobOptions o = cpuOptions();
    o.pixelmatch.includeAA = includeAA;
    if (ignore)
        o.ignore = {{w / 3, h / 4, w / 5, h / 3}, {0, 0, 40, 30}};
    o.tier = Tier::High;
    const JobResult whole = runJob(p.a.view(), p.b.view(), o);
    QVERIFY2(whole.ok, whole.error.c_str());
    QCOMPARE(whole.plan.tileCount, 1);
    QVERIFY(whole.counts.mismatched > 0);

    o.tier = Tier::Auto;
    o.tileSize = tile;
    const JobResult tiled = runJob(p.a.view(), p.b.view(), o);
    QVERIFY2(tiled.ok, tiled.error.c_str());
    QCOMPARE(tiled.plan.tier, Tier::Medium);
    QCOMPARE(tiled.plan.tileCount, ((w + tile - 1) / tile) * ((h + tile - 1) / tile));
    QCOMPARE(tiled.diff.width(), w);
    QCOMPARE(tiled.diff.height(), h);
    verifySame(tiled, whole);
}

namespace {

const char *const kStages[] = {"plan", "upload", "pixelmatch", "ssim", "stats", "regions", "download", "diff"};

} // namespace

void TestJobPipeline::oomRecovers_data()
{
    QTest::addColumn<QString>("stage");
    for (const char *s : kStages)
        QTest::newRow(s) << QString(s);
}

void TestJobPipeline::oomRecovers()
{
    QFETCH(QString, stage);
    const synth::Pair p = pair(900, 700);
    JobOptions o = cpuOptions();
    const JobResult ref = runJob(p.a.view(), p.b.view(), o);
    QVERIFY2(ref.ok, ref.error.c_str());
    QCOMPARE(ref.plan.tier, Tier::High);

    // Out of memory at this stage whenever the whole frame is tried.
    const std::string target = stage.toStdString();
    auto hits = std::make_shared<int>(0);
    o.faultInjector = [target, hits](const std::string &s, Tier t, Device) {
        if (s == target && t == Tier::High) {
            ++*hits;
            return true;
        }
        return false;
    };
    const JobResult r = runJob(p.a.view(), p.b.view(), o);
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(*hits, 1);
    QCOMPARE(r.plan.retries, 1);
    QCOMPARE(int(r.plan.retryReasons.size()), 1);
    QVERIFY2(r.plan.retryReasons[0].find("in " + target) != std::string::npos, r.plan.retryReasons[0].c_str());
    QCOMPARE(r.plan.tier, Tier::Medium);
    QVERIFY(r.plan.tileCount > 1);
    verifySame(r, ref);
}

void TestJobPipeline::oomEverywhereFailsCleanly_data() { oomRecovers_data(); }

void TestJobPipeline::oomEverywhereFailsCleanly()
{
    QFETCH(QString, stage);
    const synth::Pair p = pair(700, 500);
    JobOptions o = cpuOptions();
    const std::string target = stage.toStdString();
    o.faultInjector = [target](const std::string &s, Tier, Device) { return s == target; };
    const JobResult r = runJob(p.a.view(), p.b.view(), o);
    QVERIFY(!r.ok);
    QVERIFY(!r.canceled);
    QVERIFY2(r.error.find("out of memory") != std::string::npos, r.error.c_str());
    QVERIFY2(r.error.find("no smaller exact plan") != std::string::npos, r.error.c_str());
    QVERIFY(r.plan.retries >= 2); // High, then at least one tiled plan
    for (const std::string &reason : r.plan.retryReasons) // never a reduced-resolution fallback
        QVERIFY2(reason.find(" low ") == std::string::npos, reason.c_str());
    QCOMPARE(int(r.plan.retryReasons.size()), r.plan.retries);
    QVERIFY(noOutputs(r));
}

void TestJobPipeline::cancelGivesNoPartialResult_data()
{
    QTest::addColumn<int>("cancelAfterPolls");
    QTest::newRow("before start") << 0;
    QTest::newRow("after first tile") << 1;
    QTest::newRow("mid way") << 5;
}

void TestJobPipeline::cancelGivesNoPartialResult()
{
    QFETCH(int, cancelAfterPolls);
    const synth::Pair p = pair(800, 600);
    JobOptions o = cpuOptions();
    o.tileSize = 128; // 7 x 5 tiles
    auto polls = std::make_shared<std::atomic<int>>(0);
    o.isCanceled = [polls, cancelAfterPolls] { return polls->fetch_add(1) >= cancelAfterPolls; };
    const JobResult r = runJob(p.a.view(), p.b.view(), o);
    QVERIFY(!r.ok);
    QVERIFY(r.canceled);
    QVERIFY(noOutputs(r));
    QCOMPARE(r.plan.retries, 0);
}

void TestJobPipeline::forcedLowTierRefused_data()
{
    QTest::addColumn<qint64>("budget");
    QTest::addColumn<int>("tile");
    QTest::newRow("no budget") << qint64(0) << 0;
    QTest::newRow("tiny budget") << qint64(1) << 0;
    QTest::newRow("forced tiles") << qint64(0) << 256;
}

void TestJobPipeline::forcedLowTierRefused()
{
    // Low is display quality only (previews, report images); analysis is always exact.
    QFETCH(qint64, budget);
    QFETCH(int, tile);
    const synth::Pair p = pair(2000, 1200);
    JobOptions o = cpuOptions();
    o.tier = Tier::Low;
    o.memoryBudget = budget;
    o.tileSize = tile;
    auto logged = std::make_shared<std::vector<std::string>>();
    o.log = [logged](const std::string &l) { logged->push_back(l); };
    const JobResult r = runJob(p.a.view(), p.b.view(), o);
    QVERIFY(!r.ok);
    QVERIFY(!r.canceled);
    QCOMPARE(r.error, std::string("the Low tier is display quality only; analysis is always exact"));
    QCOMPARE(r.error, std::string(kLowTierIsDisplayOnly));
    QVERIFY(noOutputs(r));
    QCOMPARE(r.plan.retries, 0);
    QVERIFY(logged->empty()); // refused before planning: nothing ran
}

void TestJobPipeline::exactUnderTinyBudget()
{
    // Far below the full-frame outputs (~38 MB): the job still runs at native resolution, in
    // the smallest tiles, and equals the whole-frame run.
    const synth::Pair p = pair(2400, 1600);
    JobOptions o = cpuOptions();
    o.tier = Tier::High;
    const JobResult whole = runJob(p.a.view(), p.b.view(), o);
    QVERIFY2(whole.ok, whole.error.c_str());

    o.tier = Tier::Auto;
    o.memoryBudget = 4 << 20;
    const JobResult tight = runJob(p.a.view(), p.b.view(), o);
    QVERIFY2(tight.ok, tight.error.c_str());
    QCOMPARE(tight.plan.tier, Tier::Medium);
    QVERIFY(tight.plan.tileCount > 1);
    QCOMPARE(tight.diff.width(), 2400);
    QCOMPARE(tight.diff.height(), 1600);
    QCOMPARE(tight.mask.size(), size_t(2400) * 1600);
    QCOMPARE(tight.totalPixels, int64_t(2400) * 1600);
    verifySame(tight, whole);
}

void TestJobPipeline::validation_data()
{
    QTest::addColumn<int>("wb");
    QTest::addColumn<int>("hb");
    QTest::addColumn<int>("depthB");
    QTest::addColumn<int>("channels");
    QTest::addColumn<QString>("error");
    QTest::newRow("size") << 64 << 60 << 8 << 4 << "sizes differ";
    QTest::newRow("depth") << 64 << 64 << 16 << 4 << "depths differ";
    QTest::newRow("channels") << 64 << 64 << 8 << 3 << "RGBA";
}

void TestJobPipeline::validation()
{
    QFETCH(int, wb);
    QFETCH(int, hb);
    QFETCH(int, depthB);
    QFETCH(int, channels);
    QFETCH(QString, error);
    Image a(64, 64, channels, 8), b(wb, hb, channels, depthB);
    const JobResult r = runJob(a.view(), b.view(), cpuOptions());
    QVERIFY(!r.ok);
    QVERIFY2(r.error.find(error.toStdString()) != std::string::npos, r.error.c_str());
    QVERIFY(noOutputs(r));
    const JobResult empty = runJob(ImageView{}, ImageView{}, cpuOptions());
    QVERIFY(!empty.ok);
}

void TestJobPipeline::logsPlan()
{
    const synth::Pair p = pair(800, 600);
    JobOptions o = cpuOptions();
    auto lines = std::make_shared<std::vector<std::string>>();
    o.log = [lines](const std::string &l) { lines->push_back(l); };
    auto fired = std::make_shared<bool>(false);
    o.faultInjector = [fired](const std::string &s, Tier, Device) {
        if (*fired || s != "ssim")
            return false;
        *fired = true;
        return true;
    };
    const JobResult r = runJob(p.a.view(), p.b.view(), o);
    QVERIFY2(r.ok, r.error.c_str());
    QVERIFY(lines->size() >= 3); // plan, retry, new plan, done
    const std::string &first = lines->front();
    for (const char *key : {"ratio=", "status=", "tier=high", "tile=800x600", "budget="})
        QVERIFY2(first.find(key) != std::string::npos, first.c_str());
    bool sawRetry = false;
    for (const std::string &l : *lines)
        sawRetry = sawRetry || l.find("retry 1") != std::string::npos;
    QVERIFY(sawRetry);
}

void TestJobPipeline::planInfoRecorded()
{
    const synth::Pair p = pair(640, 480);
    JobOptions o = cpuOptions();
    o.memoryBudget = 1ll << 30;
    const JobResult r = runJob(p.a.view(), p.b.view(), o);
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.plan.device, std::string("cpu"));
    QCOMPARE(r.plan.backend, std::string("cpu-kernels"));
    QCOMPARE(r.plan.budgetBytes, int64_t(1) << 30);
    QCOMPARE(r.plan.tileWidth, 640);
    QVERIFY(r.plan.estimatedPeakBytes > 0);
    QCOMPARE(r.plan.memoryStatus, std::string("normal")); // the injected calm sample
    QCOMPARE(r.plan.memoryRatio, 0.25);
    std::vector<std::string> stages;
    for (const auto &s : r.plan.stageMs) {
        QVERIFY(s.second >= 0);
        stages.push_back(s.first);
    }
    for (const char *s : {"plan", "pixelmatch", "stats", "ssim", "regions", "total"})
        QVERIFY2(std::find(stages.begin(), stages.end(), s) != stages.end(), s);
}

void TestJobPipeline::injectedMemorySample_data()
{
    QTest::addColumn<double>("ratio");
    QTest::addColumn<double>("warning");
    QTest::addColumn<double>("critical");
    QTest::addColumn<QString>("status");
    QTest::addColumn<int>("tier");
    QTest::newRow("normal") << 0.25 << 0.80 << 0.90 << "normal" << int(Tier::High);
    QTest::newRow("warning") << 0.85 << 0.80 << 0.90 << "warning" << int(Tier::Medium);
    QTest::newRow("critical") << 0.95 << 0.80 << 0.90 << "critical" << int(Tier::Medium);
    QTest::newRow("own thresholds: warning") << 0.25 << 0.20 << 0.90 << "warning" << int(Tier::Medium);
    QTest::newRow("own thresholds: critical") << 0.25 << 0.10 << 0.20 << "critical" << int(Tier::Medium);
    QTest::newRow("unknown") << -1.0 << 0.80 << 0.90 << "unknown" << int(Tier::High);
}

void TestJobPipeline::injectedMemorySample()
{
    QFETCH(double, ratio);
    QFETCH(double, warning);
    QFETCH(double, critical);
    QFETCH(QString, status);
    QFETCH(int, tier);
    const synth::Pair p = pair(640, 480);
    JobOptions o = cpuOptions();
    o.memoryBudget = 1ll << 30;
    o.warningRatio = warning;
    o.criticalRatio = critical;
    auto calls = std::make_shared<std::atomic<int>>(0);
    o.memorySample = [calls, ratio] {
        ++*calls;
        return fakeMemory(ratio);
    };
    auto lines = std::make_shared<std::vector<std::string>>();
    o.log = [lines](const std::string &l) { lines->push_back(l); };
    const JobResult r = runJob(p.a.view(), p.b.view(), o);
    QVERIFY2(r.ok, r.error.c_str());
    QVERIFY(*calls >= 1);
    QCOMPARE(QString::fromStdString(r.plan.memoryStatus), status);
    QCOMPARE(int(r.plan.tier), tier);
    QCOMPARE(r.plan.memoryRatio, ratio);
    QVERIFY(!lines->empty());
    const std::string expect = "status=" + status.toStdString();
    QVERIFY2(lines->front().find(expect) != std::string::npos, lines->front().c_str());
}


void TestJobPipeline::cudaStageFailureFallsBackToCpu_data()
{
    QTest::addColumn<QString>("stage");
    // The CUDA stages the job reaches before a tile runs on the device (with a CUDA LibTorch
    // the later ones, download and regions, fail the same way).
    for (const char *s : {"plan", "diff", "upload", "pixelmatch", "stats", "ssim"})
        QTest::newRow(s) << QString(s);
}

void TestJobPipeline::cudaStageFailureFallsBackToCpu()
{
    QFETCH(QString, stage);
    const synth::Pair p = pair(900, 700);
    const JobResult ref = runJob(p.a.view(), p.b.view(), cpuOptions());
    QVERIFY2(ref.ok, ref.error.c_str());

    detail::CudaStandIn standIn;
    JobOptions o = cudaOptions();
    const std::string target = stage.toStdString();
    auto seen = std::make_shared<std::vector<SeenStage>>();
    o.faultInjector = [target, seen](const std::string &s, Tier, Device d) -> bool {
        seen->push_back({s, d});
        if (d == Device::Cuda && s == target)
            throw std::runtime_error("injected CUDA failure");
        return false;
    };
    const JobResult r = runJob(p.a.view(), p.b.view(), o);
    verifySame(r, ref); // exact: the counts, stats, diff, mask, regions and SSIM of the CPU run
    // The plan says what happened: one retry, a CUDA failure in that stage, on the CPU now.
    QCOMPARE(r.plan.retries, 1);
    QCOMPARE(int(r.plan.retryReasons.size()), 1);
    const std::string &reason = r.plan.retryReasons[0];
    QVERIFY2(reason.find("CUDA failure: injected CUDA failure") != std::string::npos, reason.c_str());
    QVERIFY2(reason.find("falling back to the CPU") != std::string::npos, reason.c_str());
    QCOMPARE(QString::fromStdString(r.plan.device), QStringLiteral("cpu"));
    QCOMPARE(QString::fromStdString(r.plan.backend), QString(toString(Backend::CpuKernels)));
    // The failing stage was the last one tried on CUDA; everything after ran on the CPU.
    size_t failedAt = seen->size();
    for (size_t i = 0; i < seen->size(); ++i)
        if ((*seen)[i].device == Device::Cuda && (*seen)[i].stage == target)
            failedAt = i;
    QVERIFY(failedAt < seen->size());
    QVERIFY(failedAt + 1 < seen->size());
    for (size_t i = 0; i < seen->size(); ++i)
        QCOMPARE(int((*seen)[i].device), int(i <= failedAt ? Device::Cuda : Device::Cpu));
}

void TestJobPipeline::cudaOutOfMemoryEverywhereFallsBackToCpu()
{
    const synth::Pair p = pair(700, 500);
    const JobResult ref = runJob(p.a.view(), p.b.view(), cpuOptions());
    QVERIFY2(ref.ok, ref.error.c_str());

    detail::CudaStandIn standIn;
    JobOptions o = cudaOptions();
    auto cudaPlans = std::make_shared<int>(0);
    // Out of memory whenever a plan starts on CUDA: every exact CUDA plan is tried, smaller
    // and smaller, then the job moves to the CPU.
    o.faultInjector = [cudaPlans](const std::string &s, Tier, Device d) {
        if (d != Device::Cuda)
            return false;
        if (s == "plan")
            ++*cudaPlans;
        return true;
    };
    const JobResult r = runJob(p.a.view(), p.b.view(), o);
    verifySame(r, ref);
    QVERIFY(*cudaPlans >= 2); // the whole frame, then at least one tiled plan
    QCOMPARE(r.plan.retries, *cudaPlans);
    QCOMPARE(int(r.plan.retryReasons.size()), r.plan.retries);
    for (int i = 0; i < r.plan.retries; ++i) {
        const std::string &reason = r.plan.retryReasons[size_t(i)];
        QVERIFY2(reason.find("injected out of memory in plan") != std::string::npos, reason.c_str());
        const bool last = i + 1 == r.plan.retries;
        QCOMPARE(reason.find("falling back to the CPU") != std::string::npos, last);
    }
    QCOMPARE(QString::fromStdString(r.plan.device), QStringLiteral("cpu"));
    QCOMPARE(QString::fromStdString(r.plan.backend), QString(toString(Backend::CpuKernels)));
}

QTEST_GUILESS_MAIN(TestJobPipeline)
#include "test_job_pipeline.moc"

#pragma once
// Helpers shared by the pipeline tests: generated screenshot-like pairs (bench/synth.h)
// and exact result comparison.
#include "difflens/engine/job.h"
#include "synth.h"

#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

namespace pipeline_test {

using namespace difflens;

inline synth::Pair pair(int w, int h, int depth = 8, uint64_t seed = 7) { return synth::makePair(w, h, seed, depth); }

// A fixed memory sample (the live one depends on the machine and on what else runs):
// `total` bytes of which `ratio` are in use.
inline MemorySample fakeMemory(double ratio, int64_t total = int64_t(16) << 30)
{
    MemorySample s;
    s.device = "cpu";
    s.totalBytes = total;
    s.usedBytes = int64_t(double(total) * ratio);
    s.processBytes = 64 << 20;
    s.ratio = ratio;
    return s;
}

// Options for a CPU job planned against a calm machine (16 GiB, 25 % used), so plans under
// Tier::Auto do not depend on the live memory of the machine running the tests.
inline JobOptions cpuOptions()
{
    JobOptions o;
    o.memorySample = [] { return fakeMemory(0.25); };
    o.device = Device::Cpu;
    o.wantDiffImage = true;
    o.wantMask = true;
    o.computeSsim = true;
    o.threads = 2;
    return o;
}

inline bool noOutputs(const JobResult &r)
{
    return r.diff.isNull() && r.mask.empty() && r.regions.empty() && !r.ssim && r.counts.mismatched == 0 &&
           r.counts.antiAliased == 0 && r.totalPixels == 0;
}

// QVERIFYs that `x` equals `ref` exactly (SSIM within tol).
inline void verifySame(const JobResult &x, const JobResult &ref, double tol = 1e-6)
{
    QVERIFY2(x.ok, x.error.c_str());
    QVERIFY2(ref.ok, ref.error.c_str());
    QCOMPARE(x.counts.mismatched, ref.counts.mismatched);
    QCOMPARE(x.counts.antiAliased, ref.counts.antiAliased);
    QCOMPARE(x.totalPixels, ref.totalPixels);
    QCOMPARE(x.stats.differing, ref.stats.differing);
    QCOMPARE(x.stats.maxDelta, ref.stats.maxDelta);
    QCOMPARE(x.stats.mae, ref.stats.mae);
    QCOMPARE(x.stats.mse, ref.stats.mse);
    QCOMPARE(x.diff.byteSize(), ref.diff.byteSize());
    QVERIFY(x.diff.byteSize() == 0 || std::memcmp(x.diff.data(), ref.diff.data(), x.diff.byteSize()) == 0);
    QVERIFY(x.mask == ref.mask);
    QVERIFY(x.regions == ref.regions);
    QCOMPARE(x.ssim.has_value(), ref.ssim.has_value());
    if (x.ssim) {
        QVERIFY2(std::fabs(x.ssim->mean - ref.ssim->mean) <= tol,
                 qPrintable(QString("SSIM %1 vs %2").arg(x.ssim->mean, 0, 'g', 12).arg(ref.ssim->mean, 0, 'g', 12)));
        QCOMPARE(x.ssim->map.data.size(), ref.ssim->map.data.size());
        double worst = 0;
        for (size_t i = 0; i < x.ssim->map.data.size(); ++i)
            worst = std::max(worst, double(std::fabs(x.ssim->map.data[i] - ref.ssim->map.data[i])));
        QVERIFY2(worst <= tol, qPrintable(QString("SSIM map differs by %1").arg(worst)));
        QVERIFY(x.ssim->lowRegions == ref.ssim->lowRegions);
    }
}

} // namespace pipeline_test

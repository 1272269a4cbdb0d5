// Multi-run modes of difflens-bench: the configuration matrix used by the GPU check
// script, CPU memory calibration of the planner, and the memory-monitor sample cost.
#include "bench_run.h"

#include "difflens/engine/monitor.h"
#include "difflens/engine/planner.h"

#include <malloc.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace difflens::bench {

namespace {

struct Row {
    std::string name;
    BenchOptions o;
    JobResult r;
    std::vector<double> wallMs;
    std::string check = "-";
    bool failed = false;
};

double totalMs(const JobResult &r)
{
    for (const auto &s : r.plan.stageMs)
        if (s.first == "total")
            return s.second;
    return -1;
}

void printTable(const std::vector<Row> &rows)
{
    std::printf("%-14s %-10s %-7s %-12s %6s %10s %10s %4s %10s %12s %10s  %s\n", "run", "backend", "tier", "tile",
                "tiles", "estimate", "peak", "rtr", "ms", "mismatched", "ssim", "check");
    for (const Row &w : rows) {
        const PlanInfo &p = w.r.plan;
        char tile[32], ssim[32];
        std::snprintf(tile, sizeof tile, "%dx%d", p.tileWidth, p.tileHeight);
        if (w.r.ssim)
            std::snprintf(ssim, sizeof ssim, "%.6f", w.r.ssim->mean);
        else
            std::snprintf(ssim, sizeof ssim, "-");
        std::printf("%-14s %-10s %-7s %-12s %6d %10s %10s %4d %10.1f %12lld %10s  %s\n", w.name.c_str(),
                    p.backend.c_str(), w.r.ok ? toString(p.tier) : "FAIL", tile, p.tileCount,
                    formatBytes(p.estimatedPeakBytes).c_str(), formatBytes(p.peakBytes).c_str(), p.retries,
                    totalMs(w.r), static_cast<long long>(w.r.counts.mismatched), ssim, w.check.c_str());
    }
}

Row run(const std::string &name, const BenchOptions &o, const Pair &p)
{
    Row w{name, o, {}, {}, "-", false};
    w.r = runTimed(p.a.view(), p.b.view(), jobOptions(o), o.repeat, w.wallMs);
    if (!w.r.ok) {
        w.failed = true;
        w.check = "FAILED: " + w.r.error;
    }
    std::cerr << name << ": " << resultJson(o, w.r, w.wallMs) << "\n";
    return w;
}

void expect(Row &w, bool cond, const std::string &what)
{
    if (w.failed)
        return;
    if (!cond) {
        w.failed = true;
        w.check = "FAILED: " + what;
    } else if (w.check == "-") {
        w.check = "ok: " + what;
    }
}

void compare(Row &w, const JobResult &ref, const std::string &refName, double tol)
{
    if (w.failed)
        return;
    std::string why;
    if (sameResults(w.r, ref, tol, why))
        w.check = (w.check == "-" ? "" : w.check + "; ") + "equals " + refName;
    else {
        w.failed = true;
        w.check = "FAILED vs " + refName + ": " + why;
    }
}

} // namespace

// Full matrix (GPU): 8192^2 whole frame, injected OOM recovery, CPU cross-check, 16384^2
// under a 1G budget (Medium tiles) checked against the whole frame when it fits. --small
// runs the same shapes at 1/8 and 1/8 size with a CPU-sized budget.
int runMatrix(const BenchOptions &base, bool small)
{
    const int s1 = small ? 1024 : 8192, s2 = small ? 2048 : 16384;
    const int64_t tightBudget = small ? (30ll << 20) : (1ll << 30);
    BenchOptions o = base;
    o.ssim = true;
    o.wantMask = true;
    o.width = o.height = s1;
    std::vector<Row> rows;

    {
        const Pair p = loadOrGenerate(o);
        rows.push_back(run("high-" + std::to_string(s1), o, p));
        Row &high = rows.back();
        expect(high, high.r.plan.tier == Tier::High, "whole frame");

        BenchOptions inj = o;
        inj.injectStage = "ssim";
        rows.push_back(run("oom-" + std::to_string(s1), inj, p));
        Row &oom = rows.back();
        expect(oom, oom.r.plan.retries >= 1, "recovered after injected OOM");
        compare(oom, rows[0].r, rows[0].name, 1e-6);

        if (rows[0].r.plan.backend != "cpu-kernels") {
            BenchOptions cpu = o;
            cpu.device = Device::Cpu;
            rows.push_back(run("cpu-" + std::to_string(s1), cpu, p));
            Row &c = rows.back();
            std::string why;
            // Different arithmetic (float on the GPU): counts exact, SSIM close.
            expect(c, c.r.counts == rows[0].r.counts, "pixelmatch counts equal device run");
            expect(c, c.r.ssim && rows[0].r.ssim && std::fabs(c.r.ssim->mean - rows[0].r.ssim->mean) < 1e-4,
                   "SSIM mean within 1e-4 of device run");
        }
    }
    {
        BenchOptions big = o;
        big.width = big.height = s2;
        const Pair p = loadOrGenerate(big);
        BenchOptions tight = big;
        tight.budget = tightBudget;
        rows.push_back(run("medium-" + std::to_string(s2), tight, p));
        const size_t mediumIndex = rows.size() - 1;
        expect(rows.back(), rows.back().r.plan.tier == Tier::Medium && rows.back().r.plan.tileCount > 1,
               "tiled under " + formatBytes(tightBudget));

        rows.push_back(run("whole-" + std::to_string(s2), big, p));
        Row &whole = rows.back();
        if (whole.r.ok && whole.r.plan.tier == Tier::High)
            compare(whole, rows[mediumIndex].r, rows[mediumIndex].name, 1e-6);
        else if (whole.r.ok)
            whole.check = "whole frame does not fit here; no comparison";
    }
    printTable(rows);
    for (const Row &w : rows)
        if (w.failed)
            return 1;
    return 0;
}

// CPU peak resident memory against the planner's estimate. Large blocks are mmapped and
// returned on free so consecutive runs do not hide each other's peaks.
int runCalibrate(const BenchOptions &base)
{
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024);
    const std::vector<std::pair<int, int>> sizes = {{1024, 1024}, {2048, 2048}, {4096, 2048}, {3001, 1999}};
    std::printf("%-10s %-5s %-5s %-6s %6s %12s %12s %7s %9s\n", "size", "ssim", "diff", "tile", "tiles", "estimate",
                "measured", "m/e", "B/px");
    for (const auto &[w, h] : sizes) {
        BenchOptions o = base;
        o.width = w;
        o.height = h;
        o.device = Device::Cpu;
        const Pair p = loadOrGenerate(o);
        for (int ssim = 0; ssim < 2; ++ssim)
            for (int diff = 0; diff < 2; ++diff)
                for (int tile : {0, 512}) {
                    BenchOptions c = o;
                    c.ssim = ssim;
                    c.wantDiff = diff;
                    c.tileSize = tile;
                    std::vector<double> ms;
                    const JobResult r = runTimed(p.a.view(), p.b.view(), jobOptions(c), 1, ms);
                    const PlanInfo &pl = r.plan;
                    std::printf("%4dx%-5d %-5s %-5s %-6d %6d %12lld %12lld %7.2f %9.2f%s\n", w, h, ssim ? "yes" : "no",
                                diff ? "yes" : "no", tile, pl.tileCount,
                                static_cast<long long>(pl.estimatedPeakBytes), static_cast<long long>(pl.peakBytes),
                                pl.estimatedPeakBytes > 0 ? double(pl.peakBytes) / double(pl.estimatedPeakBytes) : 0.0,
                                double(pl.peakBytes) / (double(w) * h), r.ok ? "" : "  FAILED");
                }
    }
    return 0;
}

int runMonitorCost()
{
    auto measure = [](MemoryMonitor &m, const char *what) {
        m.sample(); // warm
        const int n = 2000;
        const auto t0 = std::chrono::steady_clock::now();
        MemorySample s;
        for (int i = 0; i < n; ++i)
            s = m.sample();
        const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / n;
        std::printf("{\"source\":\"%s\",\"device\":\"%s\",\"usPerSample\":%.2f,\"usedBytes\":%lld,\"totalBytes\":%lld,"
                    "\"processBytes\":%lld,\"ratio\":%.4f,\"status\":\"%s\"}\n",
                    what, s.device.c_str(), us, static_cast<long long>(s.usedBytes),
                    static_cast<long long>(s.totalBytes), static_cast<long long>(s.processBytes), s.ratio,
                    toString(s.status));
    };
    MemoryMonitor cpu(makeCpuMemorySource());
    measure(cpu, "cpu");
    if (auto src = makeCudaMemorySource(0)) {
        MemoryMonitor cuda(std::move(src));
        measure(cuda, "cuda");
    }
    return 0;
}

} // namespace difflens::bench

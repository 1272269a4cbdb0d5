// Engine-only tests of the LibTorch tile kernels: the LibTorch-ops path against the CPU
// references, tiling invariance, and (where CUDA is present) the fused kernels against both.
#include "engine_test_support.h"

#include "difflens/engine/job.h"
#include "difflens/engine/pixelmatch.h"
#include "difflens/engine/ssim.h"
#include "difflens/engine/stats.h"
#include "tiles/tile_kernels.h"
#include "torch/torch_probe.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <new>
#include <string>
#include <vector>

using namespace difflens;
using namespace difflens::detail;
using namespace difflens::enginetest;

namespace {

// The CPU map is computed in float32 (mean within 1e-5, single map values within 1e-4);
// the LibTorch-ops and fused paths run in double.
constexpr double kCpuMapTol = 1e-4;

enum class Path { Cpu, Ops, OpsCuda, Fused };

struct FrameResult {
    PixelmatchCounts counts;
    ExactAccumulator exact;
    SsimAccumulator ssim;
    std::vector<uint8_t> diff, mask;
    std::vector<float> map;
};

// Runs `path` over the frame cut into tiles of tw x th (0 = whole frame).
FrameResult runFrame(const Pair &p, const JobOptions &opt, Path path, int tw = 0, int th = 0)
{
    const int w = p.a.width(), h = p.a.height();
    tw = tw > 0 ? tw : w;
    th = th > 0 ? th : h;
    FrameResult r;
    r.diff.assign(size_t(w) * h * 4, 7);
    r.mask.assign(size_t(w) * h, 9);
    r.map.assign(size_t(w) * h, -9.f);
    for (int y = 0; y < h; y += th)
        for (int x = 0; x < w; x += tw) {
            TileRequest req;
            req.a = p.a.view();
            req.b = p.b.view();
            req.area = Rect{x, y, std::min(tw, w - x), std::min(th, h - y)};
            req.opt = &opt;
            req.wantSsim = opt.computeSsim;
            TileOutput out;
            out.diff = r.diff.data() + (size_t(y) * w + x) * 4;
            out.diffStride = size_t(w) * 4;
            out.mask = r.mask.data() + size_t(y) * w + x;
            out.maskStride = size_t(w);
            if (opt.computeSsim) {
                out.ssimMap = r.map.data() + size_t(y) * w + x;
                out.ssimMapStride = size_t(w);
            }
            switch (path) {
            case Path::Cpu: runTileCpu(req, out, 1); break;
            case Path::Ops: runTileTorch(req, out, false, false); break;
            case Path::OpsCuda: runTileTorch(req, out, true, false); break;
            case Path::Fused: runTileTorch(req, out, true, true); break;
            }
            r.counts.mismatched += out.counts.mismatched;
            r.counts.antiAliased += out.counts.antiAliased;
            r.exact.merge(out.exact);
            r.ssim.merge(out.ssim);
        }
    return r;
}

size_t countDiffering(const std::vector<uint8_t> &x, const std::vector<uint8_t> &y)
{
    size_t n = 0;
    for (size_t i = 0; i < x.size(); ++i)
        n += x[i] != y[i];
    return n;
}

double ssimMean(const SsimAccumulator &acc)
{
    if (acc.count <= 0 || acc.channelSums.empty())
        return std::nan("");
    double t = 0;
    for (double s : acc.channelSums)
        t += s / double(acc.count);
    return t / double(acc.channelSums.size());
}

// Every field of `got` equals `want` (SSIM within tolerances).
void expectSame(const FrameResult &want, const FrameResult &got, bool ssim, double mapTol, double meanTol,
                const std::string &what)
{
    std::printf("    %s: mismatched %lld/%lld aa %lld/%lld differing %lld/%lld\n", what.c_str(),
                (long long)want.counts.mismatched, (long long)got.counts.mismatched, (long long)want.counts.antiAliased,
                (long long)got.counts.antiAliased, (long long)want.exact.differing, (long long)got.exact.differing);
    ENGINE_CHECK_EQ(got.counts.mismatched, want.counts.mismatched);
    ENGINE_CHECK_EQ(got.counts.antiAliased, want.counts.antiAliased);
    ENGINE_CHECK_EQ(got.exact.pixels, want.exact.pixels);
    ENGINE_CHECK_EQ(got.exact.differing, want.exact.differing);
    ENGINE_CHECK_EQ(got.exact.maxDelta, want.exact.maxDelta);
    ENGINE_CHECK_EQ(got.exact.sumAbs, want.exact.sumAbs);
    ENGINE_CHECK(got.exact.sumSq == want.exact.sumSq);
    ENGINE_CHECK_EQ(countDiffering(got.diff, want.diff), size_t(0));
    ENGINE_CHECK_EQ(countDiffering(got.mask, want.mask), size_t(0));
    if (!ssim)
        return;
    double worst = 0;
    for (size_t i = 0; i < want.map.size(); ++i)
        worst = std::max(worst, double(std::fabs(want.map[i] - got.map[i])));
    const double mw = ssimMean(want.ssim), mg = ssimMean(got.ssim);
    std::printf("    %s: ssim mean %.9f vs %.9f, map max |diff| %.3g\n", what.c_str(), mw, mg, worst);
    ENGINE_CHECK_EQ(got.ssim.count, want.ssim.count);
    ENGINE_CHECK(worst <= mapTol);
    ENGINE_CHECK(std::fabs(mw - mg) <= meanTol);
}

JobOptions baseOptions(bool ssim)
{
    JobOptions o;
    o.computeSsim = ssim;
    o.wantMask = true;
    return o;
}

void compareOpsWithCpu(const Pair &p, const JobOptions &o, const std::string &what)
{
    const FrameResult cpu = runFrame(p, o, Path::Cpu);
    ENGINE_CHECK(cpu.counts.mismatched > 0); // the pair really differs
    expectSame(cpu, runFrame(p, o, Path::Ops), o.computeSsim, kCpuMapTol, 1e-5, what);
}

bool cudaReady() { return torchCudaAvailable(); }

// Straightforward double-precision skimage SSIM map (channel mean) of the whole frame.
std::vector<double> referenceSsimMap(const Pair &p, int channels)
{
    const int w = p.a.width(), h = p.a.height(), r = 5;
    double taps[11], sum = 0;
    for (int k = 0; k < 11; ++k)
        sum += taps[k] = std::exp(-0.5 / 2.25 * double(k - r) * double(k - r));
    const bool wide = p.a.depth() == 16;
    const double range = wide ? 65535.0 : 255.0, c1 = (0.01 * range) * (0.01 * range), c2 = (0.03 * range) * (0.03 * range);
    auto refl = [](int i, int n) {
        if (n == 1)
            return 0;
        i %= 2 * n;
        i = i < 0 ? i + 2 * n : i;
        return i < n ? i : 2 * n - 1 - i;
    };
    auto sample = [&](const Image &img, int x, int y, int c) {
        return wide ? double(reinterpret_cast<const uint16_t *>(img.row(y))[size_t(x) * 4 + c])
                    : double(img.row(y)[size_t(x) * 4 + c]);
    };
    std::vector<double> map(size_t(w) * h, 0.0);
    for (int c = 0; c < channels; ++c)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                double m[5] = {0, 0, 0, 0, 0};
                for (int j = 0; j < 11; ++j)
                    for (int i = 0; i < 11; ++i) {
                        const double wgt = taps[j] / sum * (taps[i] / sum);
                        const int sx = refl(x + i - r, w), sy = refl(y + j - r, h);
                        const double a = sample(p.a, sx, sy, c), b = sample(p.b, sx, sy, c);
                        m[0] += wgt * a, m[1] += wgt * b, m[2] += wgt * a * a, m[3] += wgt * b * b, m[4] += wgt * a * b;
                    }
                const double vx = m[2] - m[0] * m[0], vy = m[3] - m[1] * m[1], vxy = m[4] - m[0] * m[1];
                map[size_t(y) * w + x] += ((2 * m[0] * m[1] + c1) * (2 * vxy + c2))
                    / ((m[0] * m[0] + m[1] * m[1] + c1) * (vx + vy + c2)) / channels;
            }
    return map;
}

double maxMapError(const std::vector<float> &got, const std::vector<double> &ref)
{
    double worst = 0;
    for (size_t i = 0; i < ref.size(); ++i)
        worst = std::max(worst, std::fabs(double(got[i]) - ref[i]));
    return worst;
}

} // namespace

int main()
{
    Harness h;
    const Pair p8 = makeScreenshotPair(72, 56, 8, 11);
    const Pair p16 = makeScreenshotPair(64, 48, 16, 23);

    h.add("ops_vs_cpu_8bit_defaults_ssim", [&] { compareOpsWithCpu(p8, baseOptions(true), "8-bit defaults"); });
    h.add("ops_vs_cpu_8bit_includeAA_diffMask_alt", [&] {
        JobOptions o = baseOptions(false);
        o.pixelmatch.includeAA = true;
        o.pixelmatch.diffMask = true;
        o.pixelmatch.diffColorAlt = Rgb{0, 200, 0};
        compareOpsWithCpu(p8, o, "includeAA+diffMask");
        o.pixelmatch.includeAA = false;
        o.pixelmatch.alpha = 0.6;
        compareOpsWithCpu(p8, o, "diffMask+AA");
    });
    h.add("ops_vs_cpu_8bit_ignore_threshold", [&] {
        JobOptions o = baseOptions(false);
        o.ignore = {Rect{0, 0, 20, 12}, Rect{10, 5, 30, 4}, Rect{60, 40, 40, 40}};
        o.pixelmatch.threshold = 0.0;
        compareOpsWithCpu(p8, o, "ignore, threshold 0");
        o.pixelmatch.threshold = 0.3;
        o.pixelmatch.alpha = 1.7; // out-of-range fade wraps like a Uint8Array store
        compareOpsWithCpu(p8, o, "ignore, threshold 0.3");
    });
    h.add("ops_vs_cpu_16bit_ssim", [&] { compareOpsWithCpu(p16, baseOptions(true), "16-bit"); });
    h.add("ops_vs_direct_references", [&] {
        const JobOptions o = baseOptions(true);
        const FrameResult ops = runFrame(p8, o, Path::Ops);
        const int w = p8.a.width(), hh = p8.a.height();
        const Rect all{0, 0, w, hh};
        std::vector<uint8_t> diff(size_t(w) * hh * 4), mask(size_t(w) * hh);
        const PixelmatchCounts c = pixelmatchArea(p8.a.view(), p8.b.view(), all, o.pixelmatch,
                                                  {diff.data(), size_t(w) * 4, mask.data(), size_t(w)});
        ENGINE_CHECK_EQ(ops.counts.mismatched, c.mismatched);
        ENGINE_CHECK_EQ(ops.counts.antiAliased, c.antiAliased);
        ENGINE_CHECK_EQ(countDiffering(ops.diff, diff), size_t(0));
        ENGINE_CHECK_EQ(countDiffering(ops.mask, mask), size_t(0));
        const ExactAccumulator e = accumulateExact(p8.a.view(), p8.b.view(), all);
        ENGINE_CHECK_EQ(ops.exact.sumAbs, e.sumAbs);
        ENGINE_CHECK(ops.exact.sumSq == e.sumSq);
        std::vector<float> map(size_t(w) * hh);
        const SsimAccumulator s = ssimCpuArea(p8.a.view(), p8.b.view(), all, o.ssim, map.data(), size_t(w));
        ENGINE_CHECK(std::fabs(ssimMean(s) - ssimMean(ops.ssim)) <= 1e-5);
    });
    h.add("ssim_maps_vs_double_reference", [&] {
        for (const Pair *p : {&p8, &p16}) {
            const JobOptions o = baseOptions(true);
            const std::vector<double> ref = referenceSsimMap(*p, 3);
            const double eOps = maxMapError(runFrame(*p, o, Path::Ops).map, ref);
            const double eCpu = maxMapError(runFrame(*p, o, Path::Cpu).map, ref);
            std::printf("    %d-bit: max |map - double reference|: ops %.3g, cpu %.3g\n", p->a.depth(), eOps, eCpu);
            ENGINE_CHECK(eOps <= 1e-6);
            ENGINE_CHECK(eCpu <= 1e-4);
            if (cudaReady() && fusedCudaKernelsBuilt()) {
                const double eFused = maxMapError(runFrame(*p, o, Path::Fused).map, ref);
                std::printf("    %d-bit: max |map - double reference|: fused %.3g\n", p->a.depth(), eFused);
                ENGINE_CHECK(eFused <= 1e-6);
            }
        }
    });
    h.add("ops_tiles_equal_whole", [&] {
        JobOptions o = baseOptions(true);
        o.ignore = {Rect{30, 20, 9, 9}};
        const FrameResult whole = runFrame(p8, o, Path::Ops);
        expectSame(whole, runFrame(p8, o, Path::Ops, 17, 13), true, 0.0, 1e-12, "ops 17x13 tiles");
        expectSame(whole, runFrame(p8, o, Path::Ops, 72, 5), true, 0.0, 1e-12, "ops 72x5 strips");
    });
    h.add("ops_vs_cpu_grey_ssim_tiny_frame", [&] {
        JobOptions o = baseOptions(true);
        o.ssim.channels = 1;
        compareOpsWithCpu(p8, o, "grey ssim");
        const Pair tiny = makeScreenshotPair(9, 7, 8, 5); // smaller than the window: no crop
        const JobOptions t = baseOptions(true);
        expectSame(runFrame(tiny, t, Path::Cpu), runFrame(tiny, t, Path::Ops), true, kCpuMapTol, 1e-5, "9x7 frame");
    });
    h.add("oom_translated_cpu", [&] {
        bool badAlloc = false;
        try {
            torchProbeAllocation(int64_t(1) << 52, false);
        } catch (const std::bad_alloc &) {
            badAlloc = true;
        }
        ENGINE_CHECK(badAlloc);
    });
    h.add("cuda_fused_vs_ops_vs_cpu_8bit", [&] {
        if (!cudaReady() || !fusedCudaKernelsBuilt())
            skip("no CUDA device or fused kernels not built");
        for (bool includeAA : {false, true}) {
            JobOptions o = baseOptions(true);
            o.pixelmatch.includeAA = includeAA;
            o.ignore = {Rect{30, 20, 9, 9}};
            const FrameResult cpu = runFrame(p8, o, Path::Cpu);
            expectSame(cpu, runFrame(p8, o, Path::Fused), true, 1e-4, 1e-5, "fused vs cpu");
            expectSame(runFrame(p8, o, Path::OpsCuda), runFrame(p8, o, Path::Fused), true, 1e-5, 1e-6,
                       "fused vs ops-cuda");
        }
        const Pair big = makeScreenshotPair(611, 389, 8, 77);
        JobOptions o = baseOptions(true);
        o.pixelmatch.diffMask = true;
        expectSame(runFrame(big, o, Path::Cpu), runFrame(big, o, Path::Fused), true, 1e-4, 1e-5, "fused 611x389");
    });
    h.add("cuda_fused_16bit_and_tiles", [&] {
        if (!cudaReady() || !fusedCudaKernelsBuilt())
            skip("no CUDA device or fused kernels not built");
        const JobOptions o = baseOptions(true);
        const FrameResult whole = runFrame(p16, o, Path::Fused);
        expectSame(runFrame(p16, o, Path::Cpu), whole, true, 1e-4, 1e-5, "fused 16-bit vs cpu");
        expectSame(whole, runFrame(p16, o, Path::Fused, 19, 11), true, 0.0, 1e-12, "fused tiles");
    });
    h.add("cuda_ops_vs_cpu", [&] {
        if (!cudaReady())
            skip("no CUDA device");
        const JobOptions o = baseOptions(true);
        expectSame(runFrame(p8, o, Path::Cpu), runFrame(p8, o, Path::OpsCuda), true, kCpuMapTol, 1e-5, "ops-cuda vs cpu");
    });
    h.add("oom_translated_cuda", [&] {
        if (!cudaReady())
            skip("no CUDA device");
        bool badAlloc = false;
        try {
            torchProbeAllocation(int64_t(1) << 50, true);
        } catch (const std::bad_alloc &) {
            badAlloc = true;
        }
        ENGINE_CHECK(badAlloc);
        releaseCachedDeviceMemory();
        resetCudaPeakStats();
        ENGINE_CHECK(cudaPeakAllocatedBytes() >= 0);
        std::printf("    device: %s\n", cudaDeviceName().c_str());
    });
    return h.run();
}

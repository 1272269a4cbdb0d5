// Fused tiles through every transfer variant against the CPU kernels (pixelmatch outputs
// and exact statistics identical, SSIM within the CPU's float32 tolerance) and against each
// other (bit-identical outputs: the transfers must not change a single value; the SSIM mean
// only within the rounding of its atomic reduction).
#include "bench_pair.h"
#include "bench_parts.h"

#include "difflens/engine/job.h"
#include "torch/fused_path.h"
#include "tiles/tile_kernels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

namespace difflens::gpubench {

using namespace difflens::detail;

namespace {

constexpr double kCpuMapTol = 1e-4;   // CPU map is float32
constexpr double kCpuMeanTol = 1e-5;
// The SSIM sums are reduced with double atomics (order varies from run to run); every map
// value and everything else must be bit-identical between fused runs.
constexpr double kAtomicMeanTol = 1e-12;

struct FrameResult {
    PixelmatchCounts counts;
    ExactAccumulator exact;
    SsimAccumulator ssim;
    std::vector<uint8_t> diff, mask;
    std::vector<float> map;
};

// A frame stored with `pad` extra pixels per row (strided source rows).
struct PaddedFrame {
    std::vector<uint8_t> data;
    ImageView view;
};

PaddedFrame padded(const Image &img, int pad)
{
    PaddedFrame f;
    const size_t bpp = size_t(img.channels()) * size_t(img.depth() / 8);
    const size_t stride = size_t(img.width() + pad) * bpp;
    f.data.assign(stride * size_t(img.height()), 0xA5);
    for (int y = 0; y < img.height(); ++y)
        std::memcpy(f.data.data() + size_t(y) * stride, img.row(y), size_t(img.width()) * bpp);
    f.view = ImageView{f.data.data(), img.width(), img.height(), img.channels(), img.depth(), stride};
    return f;
}

FrameResult runFrame(const ImageView &a, const ImageView &b, const JobOptions &opt, bool fused, int tw, int th)
{
    const int w = a.width, h = a.height;
    tw = tw > 0 ? tw : w;
    th = th > 0 ? th : h;
    FrameResult r;
    r.diff.assign(size_t(w) * h * 4, 7); // sentinels: unwritten outputs show up
    r.mask.assign(size_t(w) * h, 9);
    r.map.assign(size_t(w) * h, -9.f);
    for (int y = 0; y < h; y += th)
        for (int x = 0; x < w; x += tw) {
            TileRequest req;
            req.a = a;
            req.b = b;
            req.area = Rect{x, y, std::min(tw, w - x), std::min(th, h - y)};
            req.opt = &opt;
            req.wantSsim = opt.computeSsim;
            TileOutput out;
            out.diff = r.diff.data() + (size_t(y) * w + x) * 4;
            out.diffStride = size_t(w) * 4;
            out.mask = r.mask.data() + size_t(y) * w + x;
            out.maskStride = size_t(w);
            out.ssimMap = r.map.data() + size_t(y) * w + x;
            out.ssimMapStride = size_t(w);
            if (fused)
                runTileTorch(req, out, true, true);
            else
                runTileCpu(req, out, 0);
            r.counts.mismatched += out.counts.mismatched;
            r.counts.antiAliased += out.counts.antiAliased;
            r.exact.merge(out.exact);
            r.ssim.merge(out.ssim);
        }
    return r;
}

double ssimMean(const SsimAccumulator &s)
{
    double m = 0;
    for (double c : s.channelSums)
        m += c / double(std::max<int64_t>(1, s.count));
    return m / double(std::max<size_t>(1, s.channelSums.size()));
}

// Empty when x and y agree (map within mapTol, SSIM mean within meanTol), else why not.
std::string differences(const FrameResult &x, const FrameResult &y, double mapTol, double meanTol)
{
    if (!(x.counts == y.counts))
        return "pixelmatch counts differ";
    if (x.exact.pixels != y.exact.pixels || x.exact.differing != y.exact.differing ||
        x.exact.maxDelta != y.exact.maxDelta || x.exact.sumAbs != y.exact.sumAbs || x.exact.sumSq != y.exact.sumSq)
        return "exact statistics differ";
    if (x.diff != y.diff)
        return "diff images differ";
    if (x.mask != y.mask)
        return "masks differ";
    if (x.ssim.count != y.ssim.count)
        return "SSIM interior counts differ";
    const double meanDiff = std::fabs(ssimMean(x.ssim) - ssimMean(y.ssim));
    if (!(meanDiff <= meanTol))
        return "SSIM means differ by " + sci(meanDiff);
    double worst = 0;
    for (size_t i = 0; i < x.map.size(); ++i)
        worst = std::max(worst, double(std::fabs(x.map[i] - y.map[i])));
    if (!(worst <= mapTol))
        return "SSIM maps differ by " + sci(worst);
    return {};
}

struct Variant {
    const char *name;
    FusedTransferSettings settings;
    int tw, th;
};

} // namespace

int runTransferChecks()
{
    int failures = 0;
    const FusedTransferSettings saved = fusedTransferSettings();
    const Pair p8 = makePair(611, 389);
    const Pair p16 = widen(p8);
    const FusedTransferSettings staged{};
    const FusedTransferSettings tiny{FusedTransferMode::Staged, 8192, 3};     // a few rows per chunk
    const FusedTransferSettings narrow{FusedTransferMode::Staged, 1024, 2};   // most rows wider than a buffer
    const FusedTransferSettings direct{FusedTransferMode::Direct, 0, 0};
    const Variant variants[] = {
        {"staged whole", staged, 0, 0},          {"staged tiles 97x61", staged, 97, 61},
        {"8KiB x3 lanes whole", tiny, 0, 0},     {"8KiB x3 lanes tiles 250x170", tiny, 250, 170},
        {"1KiB buffers whole", narrow, 0, 0},    {"1KiB buffers tiles 200x150", narrow, 200, 150},
        {"direct whole", direct, 0, 0},          {"direct tiles 97x61", direct, 97, 61},
    };
    for (const Pair *p : {&p8, &p16}) {
        for (const bool pad : {false, true}) {
            JobOptions opt;
            opt.computeSsim = true;
            opt.ignore = {Rect{300, 200, 41, 23}};
            const PaddedFrame pa = padded(p->a, pad ? 13 : 0), pb = padded(p->b, pad ? 13 : 0);
            const FrameResult cpu = runFrame(pa.view, pb.view, opt, false, 0, 0);
            std::vector<FrameResult> fused;
            for (const Variant &v : variants) {
                std::string why;
                try {
                    setFusedTransferSettings(v.settings);
                    fused.push_back(runFrame(pa.view, pb.view, opt, true, v.tw, v.th));
                    why = differences(cpu, fused.back(), kCpuMapTol, kCpuMeanTol);
                    if (why.empty() && fused.size() > 1)
                        why = differences(fused.front(), fused.back(), 0.0, kAtomicMeanTol);
                } catch (const std::exception &e) {
                    why = std::string("error: ") + e.what();
                }
                const FusedTileTimes t = fusedTileTimes();
                std::printf("transfer-check depth=%d rows=%s variant=\"%s\" staged=%d: %s%s\n", p->a.depth(),
                            pad ? "strided" : "tight", v.name, int(t.staged), why.empty() ? "ok" : "FAIL ",
                            why.c_str());
                failures += why.empty() ? 0 : 1;
            }
        }
    }
    setFusedTransferSettings(saved);
    std::fflush(stdout);
    return failures;
}

} // namespace difflens::gpubench

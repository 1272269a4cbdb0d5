// Tuned CPU SSIM, numerically aligned with skimage.metrics.structural_similarity
// (gaussian_weights=True, sigma=1.5, use_sample_covariance=False).
//
// Layout of the work: the output area is cut into row strips (one task each) and, inside a
// strip, into column blocks small enough for the working set to stay in L2. For a block,
// each input row is converted once (all channels) into five float planes per channel
// (a, b, a*a, b*b, a*b) held in a 12-row ring; output rows then take a vertical 11-tap pass
// over the ring (two rows at a time), a horizontal 11-tap pass and the SSIM formula.
// Samples are centred on half the
// bit-depth range before squaring, which keeps float32 moments accurate (variances and
// the covariance are shift invariant; the means get the offset back for the luminance term).
//
// Every float operation producing a map value is the same whatever the tiling: the sums
// run over the taps in a fixed order and the boundary is resolved against the full frame.
#include "ssim/ssim_cpu.h"
#include "ssim/ssim_kernels.h"

#include "difflens/engine/parallel.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace difflens {

namespace detail {

void ssimGaussianTaps(double taps[kSsimTaps])
{
    const double sigma = 1.5;
    double sum = 0;
    for (int k = 0; k < kSsimTaps; ++k) {
        const double x = k - kSsimRadius;
        taps[k] = std::exp(-0.5 / (sigma * sigma) * x * x);
        sum += taps[k];
    }
    for (int k = 0; k < kSsimTaps; ++k)
        taps[k] /= sum;
}

} // namespace detail

namespace {

using detail::kSsimRadius;
using detail::kSsimTaps;

using namespace ssimk;

constexpr int kSlots = kSsimTaps + 1; // ring rows: two output rows advance together
constexpr int kBlockWidth = 512; // output columns per block (ring: 12 rows x 5 planes ~ 125 KB per channel)
// Output rows per parallel task: tall strips amortise priming the 11-row ring, but there
// should be a few strips per thread for balance.
constexpr int kMinStripHeight = 16;
constexpr int kMaxStripHeight = 128;

int stripHeightFor(int rows, int threads)
{
    const int t = threads > 0 ? threads : defaultThreadCount();
    if (t == 1)
        return kMaxStripHeight;
    const int h = (rows + 4 * t - 1) / (4 * t);
    return std::clamp((h + 1) / 2 * 2, kMinStripHeight, kMaxStripHeight);
}

struct Params {
    float w[kSsimTaps];
    float c1 = 0, c2 = 0;
    float centre = 0;
    int channels = 3;
    int width = 0, height = 0;
    int crop = 0; // border excluded from the mean
    int rowLo = 0, rowHi = 0; // interior rows of the view: [rowLo, rowHi) (the frame's crop, in view rows)
};

// ---- per-thread scratch and block processing ----------------------------------------------

struct Scratch {
    int ext = 0;                 // padded input columns of a block
    int channels = 0;
    std::vector<float> ring;     // channels x kSlots x kPlanes planes x ext
    std::vector<float> vert;     // 2 rows x kPlanes x ext
    std::vector<float> hor;      // kPlanes x ext
    std::vector<float> ssim;     // ext
    std::vector<int> colOffset;  // sample offset of each input column in a row

    explicit Scratch(int ch) : channels(ch)
    {
        ext = (kBlockWidth + 2 * kSsimRadius + 7) / 8 * 8 + 8;
        ring.assign(size_t(ch) * kSlots * kPlanes * size_t(ext), 0.0f);
        vert.assign(2 * size_t(kPlanes) * size_t(ext), 0.0f);
        hor.assign(size_t(kPlanes) * size_t(ext), 0.0f);
        ssim.assign(size_t(ext), 0.0f);
        colOffset.assign(size_t(ext), 0);
    }
    // Plane `plane` of ring slot `slot` of channel `ch`.
    float *plane(int ch, int slot, int plane)
    {
        return ring.data() + ((size_t(ch) * kSlots + size_t(slot)) * kPlanes + size_t(plane)) * size_t(ext);
    }
};

// Columns of the current block: input column i maps to frame column x0 - 5 + i (reflected).
struct BlockColumns {
    int n = 0;            // input columns (bw + 10)
    int runBegin = 0;     // [runBegin, runEnd): columns inside the frame, no reflection
    int runEnd = 0;
    int firstX = 0;       // frame column of input column runBegin
};

template <typename T>
void loadRowT(const ImageView &a, const ImageView &b, int y, const Params &p, const BlockColumns &bc, int slot,
              Scratch &s)
{
    const T *ra = reinterpret_cast<const T *>(a.row(y));
    const T *rb = reinterpret_cast<const T *>(b.row(y));
    const int step = a.channels;
    const int *cols = s.colOffset.data();
    float *planes[4 * kPlanes];
    for (int c = 0; c < p.channels; ++c)
        for (int q = 0; q < kPlanes; ++q)
            planes[c * kPlanes + q] = s.plane(c, slot, q);

    const int run = bc.runEnd - bc.runBegin;
    if (std::is_same<T, uint8_t>::value && step == 4 && run > 0 && p.channels <= 4) {
        float *shifted[4 * kPlanes];
        for (int k = 0; k < p.channels * kPlanes; ++k)
            shifted[k] = planes[k] + bc.runBegin;
        convertRgba8(reinterpret_cast<const uint8_t *>(ra) + size_t(bc.firstX) * 4,
                     reinterpret_cast<const uint8_t *>(rb) + size_t(bc.firstX) * 4, run, p.channels, p.centre,
                     shifted);
    } else if (run > 0) {
        for (int c = 0; c < p.channels; ++c) {
            float *const *q = planes + c * kPlanes;
            convertRun<T>(ra + size_t(bc.firstX) * size_t(step) + c, rb + size_t(bc.firstX) * size_t(step) + c,
                          step, run, p.centre, q[0] + bc.runBegin, q[1] + bc.runBegin, q[2] + bc.runBegin,
                          q[3] + bc.runBegin, q[4] + bc.runBegin);
        }
    }
    // Reflected columns at the frame edges.
    for (int i = 0; i < bc.n; ++i) {
        if (i == bc.runBegin && run > 0) {
            i = bc.runEnd - 1;
            continue;
        }
        for (int c = 0; c < p.channels; ++c) {
            float *const *q = planes + c * kPlanes;
            const float va = float(ra[cols[i] + c]) - p.centre;
            const float vb = float(rb[cols[i] + c]) - p.centre;
            q[0][i] = va;
            q[1][i] = vb;
            q[2][i] = va * va;
            q[3][i] = vb * vb;
            q[4][i] = va * vb;
        }
    }
}

void loadRow(const ImageView &a, const ImageView &b, int y, const Params &p, const BlockColumns &bc, int slot,
             Scratch &s)
{
    if (a.depth == 16)
        loadRowT<uint16_t>(a, b, y, p, bc, slot, s);
    else
        loadRowT<uint8_t>(a, b, y, p, bc, slot, s);
}

// Output columns [x0, x0+bw) x rows [y0, y1) for all channels.
void processBlock(const ImageView &a, const ImageView &b, const Params &p, int x0, int bw, int y0, int y1,
                  float *mapOut, size_t mapStride, std::vector<double> &sums, Scratch &s)
{
    BlockColumns bc;
    bc.n = bw + 2 * kSsimRadius;
    for (int i = 0; i < bc.n; ++i)
        s.colOffset[size_t(i)] = detail::ssimReflectIndex(x0 - kSsimRadius + i, p.width) * a.channels;
    bc.runBegin = std::clamp(kSsimRadius - x0, 0, bc.n);
    bc.runEnd = std::clamp(p.width - (x0 - kSsimRadius), bc.runBegin, bc.n);
    bc.firstX = x0 - kSsimRadius + bc.runBegin;
    const size_t ext = size_t(s.ext);

    // Interior (cropped) columns of this block, relative to x0.
    const int ix0 = std::max(x0, p.crop) - x0;
    const int ix1 = std::min(x0 + bw, p.width - p.crop) - x0;

    float *hor = s.hor.data();
    float *ssim = s.ssim.data();
    // Horizontal pass, formula, sums and map for output row y of channel ch, from its
    // vertical sums `vert` (kPlanes x ext).
    auto finishRow = [&p, bw, ix0, ix1, y0, ext, hor, ssim, mapOut, mapStride, &sums](int y, int ch,
                                                                                         const float *vert) {
        for (int plane = 0; plane < kPlanes; ++plane)
            horizontalPass(vert + size_t(plane) * ext, hor + size_t(plane) * ext, bw, p.w);
        ssimFormula(hor, hor + ext, hor + 2 * ext, hor + 3 * ext, hor + 4 * ext, ssim, bw, p.centre, p.c1, p.c2);
        if (y >= p.rowLo && y < p.rowHi && ix1 > ix0)
            sums[size_t(ch)] += sumRow(ssim + ix0, ix1 - ix0);
        if (!mapOut)
            return;
        float *m = mapOut + size_t(y - y0) * mapStride;
        if (ch == 0) {
            std::copy(ssim, ssim + bw, m);
        } else if (ch + 1 < p.channels) {
            for (int x = 0; x < bw; ++x)
                m[x] += ssim[x];
        } else {
            const float c = float(p.channels);
            for (int x = 0; x < bw; ++x)
                m[x] = (m[x] + ssim[x]) / c;
        }
    };

    // Ring slot of input row r is (r - (y0 - 5)) % kSlots. Prime with rows y0-5 .. y0+4.
    for (int k = 0; k < kSsimTaps - 1; ++k)
        loadRow(a, b, detail::ssimReflectIndex(y0 - kSsimRadius + k, p.height), p, bc, k, s);
    float *vert0 = s.vert.data();
    float *vert1 = vert0 + size_t(kPlanes) * ext;
    for (int y = y0; y < y1;) {
        const int first = y - y0; // slot index of input row y-5
        const bool pair = y + 1 < y1;
        for (int k = 0; k < (pair ? 2 : 1); ++k)
            loadRow(a, b, detail::ssimReflectIndex(y + kSsimRadius + k, p.height), p, bc,
                    (first + kSsimTaps - 1 + k) % kSlots, s);
        for (int ch = 0; ch < p.channels; ++ch) {
            for (int plane = 0; plane < kPlanes; ++plane) {
                const float *rows[kSlots];
                for (int k = 0; k < kSlots; ++k)
                    rows[k] = s.plane(ch, (first + k) % kSlots, plane);
                if (pair)
                    verticalPass2(rows, vert0 + size_t(plane) * ext, vert1 + size_t(plane) * ext, bc.n, p.w);
                else
                    verticalPass(rows, vert0 + size_t(plane) * ext, bc.n, p.w);
            }
            finishRow(y, ch, vert0);
            if (pair)
                finishRow(y + 1, ch, vert1);
        }
        y += pair ? 2 : 1;
    }
}

bool makeParams(const ImageView &a, const ImageView &b, const SsimOptions &opt, Params &p,
                const detail::SsimFrame &frame)
{
    if (!a.valid() || !b.valid() || a.width != b.width || a.height != b.height || a.depth != b.depth ||
        a.channels != b.channels || (a.depth != 8 && a.depth != 16))
        return false;
    double taps[kSsimTaps];
    detail::ssimGaussianTaps(taps);
    for (int k = 0; k < kSsimTaps; ++k)
        p.w[k] = float(taps[k]);
    const double range = opt.dataRange > 0 ? opt.dataRange : (a.depth == 16 ? 65535.0 : 255.0);
    p.c1 = float((0.01 * range) * (0.01 * range));
    p.c2 = float((0.03 * range) * (0.03 * range));
    p.centre = a.depth == 16 ? 32767.5f : 127.5f;
    p.channels = std::clamp(opt.channels, 1, std::min(a.channels, 4));
    p.width = a.width;
    p.height = a.height;
    // skimage crops (win_size-1)/2 pixels; frames too small for that keep every pixel.
    // A band of a taller frame (streaming) crops by the frame's rows, not the band's.
    const int frameHeight = frame.height > 0 ? frame.height : a.height;
    p.crop = (a.width > 2 * kSsimRadius && frameHeight > 2 * kSsimRadius) ? kSsimRadius : 0;
    p.rowLo = p.crop - frame.top;
    p.rowHi = frameHeight - p.crop - frame.top;
    return true;
}

int64_t interiorCount(const Params &p, const Rect &r)
{
    const int64_t w = std::max(0, std::min(r.x + r.width, p.width - p.crop) - std::max(r.x, p.crop));
    const int64_t h = std::max(0, std::min(r.y + r.height, p.rowHi) - std::max(r.y, p.rowLo));
    return w * h;
}

// Rows [y0, y1) of area r, all column blocks, on the calling thread.
void processStrip(const ImageView &a, const ImageView &b, const Params &p, const Rect &r, int y0, int y1,
                  float *mapOut, size_t mapStride, std::vector<double> &sums, Scratch &s)
{
    for (int bx = 0; bx < r.width; bx += kBlockWidth) {
        const int bw = std::min(kBlockWidth, r.width - bx);
        float *m = mapOut ? mapOut + size_t(y0 - r.y) * mapStride + size_t(bx) : nullptr;
        processBlock(a, b, p, r.x + bx, bw, y0, y1, m, mapStride, sums, s);
    }
}

} // namespace

namespace detail {

SsimAccumulator ssimCpuAreaThreaded(const ImageView &a, const ImageView &b, const Rect &outArea,
                                    const SsimOptions &opt, float *mapOut, size_t mapStride, int threads,
                                    const SsimFrame &frame)
{
    SsimAccumulator acc;
    Params p;
    if (!makeParams(a, b, opt, p, frame))
        return acc;
    acc.channelSums.assign(size_t(p.channels), 0.0);
    const Rect r = outArea.intersected(Rect{0, 0, p.width, p.height});
    if (r.empty() || !(r == outArea))
        return acc; // the area must lie inside the frame
    acc.count = interiorCount(p, r);

    const int stripHeight = stripHeightFor(r.height, threads);
    const int strips = (r.height + stripHeight - 1) / stripHeight;
    std::vector<std::vector<double>> stripSums(size_t(strips), std::vector<double>(size_t(p.channels), 0.0));
    std::vector<double> *sums = stripSums.data();
    auto work = [a, b, p, r, mapOut, mapStride, sums, stripHeight](int begin, int end) {
        Scratch scratch(p.channels);
        for (int i = begin; i < end; ++i) {
            const int y0 = r.y + i * stripHeight;
            const int y1 = std::min(r.y + r.height, y0 + stripHeight);
            processStrip(a, b, p, r, y0, y1, mapOut, mapStride, sums[i], scratch);
        }
    };
    parallelFor(strips, work, threads);
    for (const auto &ss : stripSums)
        for (size_t c = 0; c < ss.size(); ++c)
            acc.channelSums[c] += ss[c];
    return acc;
}

} // namespace detail

void SsimAccumulator::merge(const SsimAccumulator &o)
{
    if (channelSums.size() < o.channelSums.size())
        channelSums.resize(o.channelSums.size(), 0.0);
    for (size_t c = 0; c < o.channelSums.size(); ++c)
        channelSums[c] += o.channelSums[c];
    count += o.count;
}

SsimAccumulator ssimCpuArea(const ImageView &a, const ImageView &b, const Rect &outArea, const SsimOptions &opt,
                            float *mapOut, size_t mapStride)
{
    return detail::ssimCpuAreaThreaded(a, b, outArea, opt, mapOut, mapStride, 1);
}

SsimResult finalizeSsim(const SsimAccumulator &acc, FloatImage map, const SsimOptions &opt)
{
    SsimResult res;
    if (acc.count <= 0 || acc.channelSums.empty()) {
        res.mean = std::numeric_limits<double>::quiet_NaN();
    } else {
        double total = 0;
        for (double s : acc.channelSums) {
            res.perChannel.push_back(s / double(acc.count));
            total += res.perChannel.back();
        }
        res.mean = total / double(res.perChannel.size());
    }
    if (opt.wantMap && map.width > 0 && map.height > 0 &&
        map.data.size() == size_t(map.width) * size_t(map.height)) {
        std::vector<uint8_t> mask(map.data.size());
        const float *v = map.data.data();
        const float threshold = opt.lowThreshold;
        size_t low = 0;
        for (size_t i = 0; i < mask.size(); ++i) {
            const uint8_t m = v[i] < threshold ? 1 : 0;
            mask[i] = m;
            low += m;
        }
        if (low > 0)
            res.lowRegions = findRegions(mask.data(), map.width, map.height, size_t(map.width), 1,
                                         opt.regionDilation);
        res.map = std::move(map);
    }
    return res;
}

// Allocates the map. A 4K frame's map is ~33 MB of fresh pages; on Linux ask for
// transparent huge pages, which cuts the page-fault cost of first touch by an order of
// magnitude (it dominated the whole computation in virtual machines).
static void allocateMap(FloatImage &map, int width, int height)
{
    const size_t n = size_t(width) * size_t(height);
    map.width = width;
    map.height = height;
    map.data.reserve(n);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr uintptr_t huge = uintptr_t(1) << 21;
    const uintptr_t begin = (reinterpret_cast<uintptr_t>(map.data.data()) + huge - 1) & ~(huge - 1);
    const uintptr_t end = (reinterpret_cast<uintptr_t>(map.data.data()) + n * sizeof(float)) & ~(huge - 1);
    if (end > begin)
        madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE); // a hint; failure is harmless
#endif
    map.data.resize(n);
}

SsimResult ssimCpu(const ImageView &a, const ImageView &b, const SsimOptions &opt, int threads)
{
    FloatImage map;
    float *mapOut = nullptr;
    if (opt.wantMap && a.valid() && b.valid() && a.width == b.width && a.height == b.height) {
        allocateMap(map, a.width, a.height);
        mapOut = map.data.data();
    }
    const SsimAccumulator acc = detail::ssimCpuAreaThreaded(a, b, Rect{0, 0, a.width, a.height}, opt, mapOut,
                                                            size_t(a.width), threads);
    if (acc.channelSums.empty())
        map = FloatImage{}; // invalid input: no map either
    return finalizeSsim(acc, std::move(map), opt);
}

} // namespace difflens

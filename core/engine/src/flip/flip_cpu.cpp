// Tuned CPU LDR-FLIP over an output area (flip.h): separable filters swept down column
// blocks, multi-threaded over the blocks.
//
// Each thread takes a contiguous range of column blocks (at most kBlockWidth wide) and sweeps
// each down all the area's rows. Every input row a block needs (the halo above and below,
// clamped to the frame) is converted once to YCxCz and filtered horizontally into seven
// planes per image (the four CSF planes Y, Cx, Cz1, Cz2 and the feature planes Gaussian,
// first and second derivative of the normalised luminance), kept in a ring of 2 * halo + 1
// rows; each output row then takes the vertical passes and the per-pixel colour, feature and
// final error arithmetic. All filters are symmetric or antisymmetric and are applied folded, in a fixed
// tap order, with the frame edges clamped; the filters accumulate kLanes columns in registers
// and share their loads between kernels on the same input. Every column goes through the same
// fixed-width code (no scalar tails), so a map value depends only on its position in the frame,
// not on the area, the block or the thread. On x86-64 (GCC) the sweep is also compiled for
// x86-64-v3 (AVX2) and picked at run time; the two give the same values bit for bit.
#include "flip/flip_model.h"

#include "difflens/engine/flip.h"
#include "difflens/engine/parallel.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <vector>

#include <atomic>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define DIFFLENS_FLIP_V3 1
#endif
#define DIFFLENS_FLIP_INLINE inline __attribute__((always_inline))

namespace difflens {

namespace {

constexpr int kLanes = 16;         // columns every filter and per-pixel loop handles at once
constexpr int kBlockWidth = 256;   // output columns per block (a multiple of kLanes)
constexpr int kPlanesPerImage = 7; // horizontal outputs: Y, Cx, Cz1, Cz2 (CSF); G, D, DD (features)
constexpr int kPlanes = 2 * kPlanesPerImage;
constexpr int kVertPerImage = 8;   // Y, Cx, Cz1, Cz2, dx, ddx, dy, ddy
constexpr int kMinPixelsPerThread = 16384;

const float *srgbLut8()
{
    static const std::vector<float> lut = [] {
        std::vector<float> t(256);
        for (int i = 0; i < 256; ++i)
            t[size_t(i)] = flipm::srgbToLinear(float(i) / 255.0f);
        return t;
    }();
    return lut.data();
}

const float *srgbLut16()
{
    static const std::vector<float> lut = [] {
        std::vector<float> t(65536);
        for (int i = 0; i < 65536; ++i)
            t[size_t(i)] = flipm::srgbToLinear(float(i) / 65535.0f);
        return t;
    }();
    return lut.data();
}

// Filters on n outputs (n a multiple of kLanes). The input at tap offset k in [-r, r] is
// taps[r + k] + off (neighbouring columns or rows). Each of the NE symmetric kernels we[e]
// gives oe[e][i] = we[e][r] * in0[i] + sum over k >= 1 of we[e][r + k] * (in_k[i] + in_-k[i]);
// with Odd, the antisymmetric kernel wo likewise gives oo from the differences in_k - in_-k.
template <int NE, bool Odd>
DIFFLENS_FLIP_INLINE void filterTaps(const float *const *taps, size_t off, int r, const float *const *we,
                                     float *const *oe, const float *wo, float *oo, int n)
{
    for (int i = 0; i < n; i += kLanes) {
        float ae[NE][kLanes], ao[kLanes];
        const float *c = taps[r] + off + size_t(i);
        for (int e = 0; e < NE; ++e)
            for (int j = 0; j < kLanes; ++j)
                ae[e][j] = we[e][r] * c[j];
        if (Odd)
            for (int j = 0; j < kLanes; ++j)
                ao[j] = wo[r] * c[j];
        for (int k = 1; k <= r; ++k) {
            const float *p = taps[r + k] + off + size_t(i);
            const float *m = taps[r - k] + off + size_t(i);
            float sum[kLanes], diff[kLanes];
            for (int j = 0; j < kLanes; ++j) {
                sum[j] = p[j] + m[j];
                diff[j] = p[j] - m[j];
            }
            for (int e = 0; e < NE; ++e) {
                const float w = we[e][r + k];
                for (int j = 0; j < kLanes; ++j)
                    ae[e][j] += w * sum[j];
            }
            if (Odd) {
                const float w = wo[r + k];
                for (int j = 0; j < kLanes; ++j)
                    ao[j] += w * diff[j];
            }
        }
        for (int e = 0; e < NE; ++e)
            std::memcpy(oe[e] + i, ae[e], sizeof(ae[e]));
        if (Odd)
            std::memcpy(oo + i, ao, sizeof(ao));
    }
}

// One symmetric kernel.
DIFFLENS_FLIP_INLINE void filter1(const float *const *taps, size_t off, int r, const float *w, float *out, int n)
{
    filterTaps<1, false>(taps, off, r, &w, &out, nullptr, nullptr, n);
}

struct Context {
    ImageView a, b;
    const flipm::Filters *f = nullptr;
    const float *lut = nullptr;
    int top = 0, frameHeight = 0; // view row 0 is frame row `top`
    Rect area;
    int blockWidth = kBlockWidth; // columns per block (a multiple of kLanes, at most kBlockWidth)
    float *mapOut = nullptr;
    size_t mapStride = 0;
};

int roundUp(int v, int m)
{
    return (v + m - 1) / m * m;
}

struct Scratch {
    int halo = 0, ext = 0, ringRows = 0;
    std::vector<float> conv;   // 4 x ext: Y, Cx, Cz, Yn of one input row of one image
    std::vector<float> lin;    // 3 x ext: its linear R, G, B
    std::vector<float> ring;   // ringRows x kPlanes x width: horizontal outputs
    std::vector<float> vert;   // 2 * kVertPerImage x kBlockWidth: vertical outputs of a row
    std::vector<float> err;    // kBlockWidth: the row's errors
    std::vector<int> cols;     // sample offset of each input column
    std::vector<const float *> tapsH, tapsV;
    int width = 0;             // ring plane width: the block width
    Scratch(int h, int blockWidth)
        : halo(h), width(blockWidth)
    {
        ext = kBlockWidth + 2 * halo;
        ringRows = 2 * halo + 1;
        conv.assign(4 * size_t(ext), 0.0f);
        lin.assign(3 * size_t(ext), 0.0f);
        ring.assign(size_t(ringRows) * kPlanes * size_t(width), 0.0f);
        vert.assign(2 * kVertPerImage * size_t(kBlockWidth), 0.0f);
        err.assign(kBlockWidth, 0.0f);
        cols.assign(size_t(ext), 0);
        tapsH.assign(size_t(ringRows), nullptr);
        tapsV.assign(size_t(ringRows), nullptr);
    }
    float *ringRow(int frameRow) { return ring.data() + size_t(frameRow % ringRows) * kPlanes * size_t(width); }
};

// Linear RGB of n input columns (scalar: table look-ups), then YCxCz in a loop that vectorises.
template <typename T>
DIFFLENS_FLIP_INLINE void convertRow(const ImageView &v, int viewRow, const float *lut, const int *cols, int n,
                                     float *__restrict lin, size_t ext, float *__restrict oy, float *__restrict ocx,
                                     float *__restrict ocz, float *__restrict oyn)
{
    const T *row = reinterpret_cast<const T *>(v.row(viewRow));
    const int g = v.channels >= 3 ? 1 : 0;
    float *__restrict lr = lin;
    float *__restrict lg = lin + ext;
    float *__restrict lb = lin + 2 * ext;
    for (int i = 0; i < n; ++i) {
        const T *p = row + cols[i];
        lr[i] = lut[p[0]];
        lg[i] = lut[p[g]];
        lb[i] = lut[p[2 * g]];
    }
    for (int i = 0; i < n; ++i) {
        float y, cx, cz;
        flipm::linearToYcxcz(lr[i], lg[i], lb[i], y, cx, cz);
        oy[i] = y;
        ocx[i] = cx;
        ocz[i] = cz;
        oyn[i] = y * (1.0f / 116.0f) + 16.0f / 116.0f;
    }
}

// Frame row fr of both images, converted and filtered horizontally into its ring row.
DIFFLENS_FLIP_INLINE void filterRowH(const Context &c, int fr, int n, int nOut, Scratch &s)
{
    const flipm::Filters &f = *c.f;
    const int R = s.halo, rs = f.spatialRadius, rf = f.featureRadius;
    const size_t ext = size_t(s.ext);
    float *dst = s.ringRow(fr);
    const float *const *tapsS = s.tapsH.data() + (R - rs);
    const float *const *tapsF = s.tapsH.data() + (R - rf);
    for (int img = 0; img < 2; ++img) {
        const ImageView &v = img == 0 ? c.a : c.b;
        float *cy = s.conv.data();
        if (v.depth == 16)
            convertRow<uint16_t>(v, fr - c.top, c.lut, s.cols.data(), n, s.lin.data(), ext, cy, cy + ext, cy + 2 * ext,
                                 cy + 3 * ext);
        else
            convertRow<uint8_t>(v, fr - c.top, c.lut, s.cols.data(), n, s.lin.data(), ext, cy, cy + ext, cy + 2 * ext,
                                cy + 3 * ext);
        float *o[kPlanesPerImage];
        for (int p = 0; p < kPlanesPerImage; ++p)
            o[p] = dst + size_t(img * kPlanesPerImage + p) * size_t(s.width);
        filter1(tapsS, 0, rs, f.y.data(), o[0], nOut);
        filter1(tapsS, ext, rs, f.cx.data(), o[1], nOut);
        const float *wz[2] = {f.cz1.data(), f.cz2.data()};
        filterTaps<2, false>(tapsS, 2 * ext, rs, wz, o + 2, nullptr, nullptr, nOut);
        const float *wf[2] = {f.g.data(), f.ddg.data()};
        float *of[2] = {o[4], o[6]};
        filterTaps<2, true>(tapsF, 3 * ext, rf, wf, of, f.dg.data(), o[5], nOut);
    }
}

// The FLIP error of n columns (a multiple of kLanes) from the vertical outputs of both images.
DIFFLENS_FLIP_INLINE void pixelErrors(float *const *vert, const flipm::Filters &f, float *__restrict err, int n)
{
    const float *__restrict v[2 * kVertPerImage];
    for (int q = 0; q < 2 * kVertPerImage; ++q)
        v[q] = vert[q];
    const float cmax = f.cmax, pccmax = f.pccmax;
    for (int i = 0; i < n; i += kLanes) {
        for (int l = 0; l < kLanes; ++l) {
            const int j = i + l;
            float L1, A1, B1, L2, A2, B2;
            flipm::ycxczToHuntLab(v[0][j], v[1][j], v[2][j] + v[3][j], L1, A1, B1);
            flipm::ycxczToHuntLab(v[8][j], v[9][j], v[10][j] + v[11][j], L2, A2, B2);
            const float colour = flipm::colourError(L1, A1, B1, L2, A2, B2, cmax, pccmax);
            err[j] = flipm::flipError(colour, v[4][j], v[6][j], v[5][j], v[7][j], v[12][j], v[14][j], v[13][j],
                                      v[15][j]);
        }
    }
}

// Output rows [y0, y1) (view coordinates) of the column block at x0, bw wide.
DIFFLENS_FLIP_INLINE void sweepBlock(const Context &c, int y0, int y1, int x0, int bw, Scratch &s,
                                     FlipAccumulator &acc)
{
    const flipm::Filters &f = *c.f;
    const int R = s.halo, rs = f.spatialRadius, rf = f.featureRadius;
    const int H = c.frameHeight;
    const int bwp = roundUp(bw, kLanes);
    const int n = bwp + 2 * R;
    for (int i = 0; i < n; ++i)
        s.cols[size_t(i)] = std::clamp(x0 - R + i, 0, c.a.width - 1) * c.a.channels;
    for (int k = 0; k < s.ringRows; ++k)
        s.tapsH[size_t(k)] = s.conv.data() + k; // input column i + k - R under output i

    const float *const *rowsS = s.tapsV.data() + (R - rs);
    const float *const *rowsF = s.tapsV.data() + (R - rf);
    float *v[2 * kVertPerImage];
    for (int q = 0; q < 2 * kVertPerImage; ++q)
        v[q] = s.vert.data() + size_t(q) * kBlockWidth;
    uint64_t *hist = acc.histogram.data();
    int next = std::max(0, c.top + y0 - R); // next frame row to filter horizontally
    for (int y = y0; y < y1; ++y) {
        const int fy = c.top + y;
        for (const int last = std::min(H - 1, fy + R); next <= last; ++next)
            filterRowH(c, next, n, bwp, s);
        for (int k = -R; k <= R; ++k)
            s.tapsV[size_t(k + R)] = s.ringRow(std::clamp(fy + k, 0, H - 1));
        const size_t pw = size_t(s.width);
        for (int img = 0; img < 2; ++img) {
            const size_t p0 = size_t(img * kPlanesPerImage);
            float **o = v + img * kVertPerImage;
            filter1(rowsS, (p0 + 0) * pw, rs, f.y.data(), o[0], bwp);
            filter1(rowsS, (p0 + 1) * pw, rs, f.cx.data(), o[1], bwp);
            filter1(rowsS, (p0 + 2) * pw, rs, f.cz1.data(), o[2], bwp);
            filter1(rowsS, (p0 + 3) * pw, rs, f.cz2.data(), o[3], bwp);
            filter1(rowsF, (p0 + 5) * pw, rf, f.g.data(), o[4], bwp); // dx
            filter1(rowsF, (p0 + 6) * pw, rf, f.g.data(), o[5], bwp); // ddx
            const float *wdd = f.ddg.data();
            filterTaps<1, true>(rowsF, (p0 + 4) * pw, rf, &wdd, o + 7, f.dg.data(), o[6], bwp); // ddy, dy
        }
        pixelErrors(v, f, s.err.data(), bwp);
        const float *err = s.err.data();
        if (c.mapOut)
            std::memcpy(c.mapOut + size_t(y - c.area.y) * c.mapStride + size_t(x0 - c.area.x), err,
                        size_t(bw) * sizeof(float));
        uint64_t rowSum = 0;
        float mn = acc.min, mx = acc.max;
        for (int i = 0; i < bw; ++i) {
            const float e = err[i];
            mn = std::min(mn, e);
            mx = std::max(mx, e);
            rowSum += uint64_t(double(e) * 4294967296.0 + 0.5);
            if (e > 0.0f)
                ++hist[std::min(int(e * float(kFlipHistogramBuckets)), kFlipHistogramBuckets - 1)];
            else
                ++acc.zeros;
        }
        acc.min = mn;
        acc.max = mx;
        acc.addFixed(rowSum);
        acc.count += bw;
    }
}

// Column blocks [b0, b1) of the area (c.blockWidth wide, the last one narrower), each swept
// down all the area's rows.
DIFFLENS_FLIP_INLINE void sweepBlocksBody(const Context &c, int b0, int b1, Scratch &s, FlipAccumulator &acc)
{
    const Rect &area = c.area;
    for (int b = b0; b < b1; ++b) {
        const int x0 = area.x + b * c.blockWidth;
        sweepBlock(c, area.y, area.y + area.height, x0, std::min(c.blockWidth, area.x + area.width - x0), s, acc);
    }
}

// The same code for any x86-64 and for x86-64-v3 (AVX2, FMA; no contraction here, see the
// engine's CMakeLists.txt, so the two agree to the bit), picked on the first call.
void sweepBlocksBaseline(const Context &c, int b0, int b1, Scratch &s, FlipAccumulator &acc)
{
    sweepBlocksBody(c, b0, b1, s, acc);
}

#ifdef DIFFLENS_FLIP_V3
__attribute__((target("arch=x86-64-v3"))) void sweepBlocksV3(const Context &c, int b0, int b1, Scratch &s,
                                                               FlipAccumulator &acc)
{
    sweepBlocksBody(c, b0, b1, s, acc);
}
#endif

std::atomic<bool> g_forceBaseline{false};

void sweepBlocks(const Context &c, int b0, int b1, Scratch &s, FlipAccumulator &acc)
{
#ifdef DIFFLENS_FLIP_V3
    static const bool v3 = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("x86-64-v3") != 0;
    }();
    if (v3 && !g_forceBaseline.load(std::memory_order_relaxed)) {
        sweepBlocksV3(c, b0, b1, s, acc);
        return;
    }
#endif
    sweepBlocksBaseline(c, b0, b1, s, acc);
}

} // namespace

namespace detail {

void setFlipBaselineKernelForTesting(bool on)
{
    g_forceBaseline.store(on);
}

} // namespace detail

int flipHalo(double ppd)
{
    const float p = float(ppd);
    return std::max(flipm::spatialRadius(p), flipm::featureRadius(p));
}

int64_t flipScratchBytesPerThread(double ppd)
{
    const int64_t halo = flipHalo(ppd);
    const int64_t floats = 7 * (kBlockWidth + 2 * halo) + (2 * halo + 1) * kPlanes * kBlockWidth +
                           (2 * kVertPerImage + 1) * kBlockWidth;
    return floats * 4 + int64_t(kFlipHistogramBuckets) * 8 + (64 << 10);
}

FlipAccumulator flipCpuArea(const ImageView &a, const ImageView &b, const Rect &outArea, const FlipOptions &opt,
                            float *mapOut, size_t mapStride, int threads, const FlipFrame &frame)
{
    FlipAccumulator total;
    total.histogram.assign(size_t(kFlipHistogramBuckets), 0);
    if (outArea.empty())
        return total;
    const flipm::Filters filters = flipm::makeFilters(float(opt.ppd));
    Context c;
    c.a = a;
    c.b = b;
    c.f = &filters;
    c.lut = a.depth == 16 ? srgbLut16() : srgbLut8();
    c.top = frame.height > 0 ? frame.top : 0;
    c.frameHeight = frame.height > 0 ? frame.height : a.height;
    c.area = outArea;
    c.mapOut = mapOut;
    c.mapStride = mapStride;

    // Threads split the area's columns: each sweeps its column blocks down all the rows, so
    // only the colour conversion repeats (on the 2 * halo columns around each block). Blocks
    // of equal width, at most kBlockWidth, at least one per thread; small areas use fewer
    // threads.
    const int64_t pixels = int64_t(outArea.width) * outArea.height;
    const int t = int(std::max<int64_t>(
        1, std::min<int64_t>(threads > 0 ? threads : defaultThreadCount(), pixels / kMinPixelsPerThread)));
    int blocks = (outArea.width + kBlockWidth - 1) / kBlockWidth;
    if (blocks < t)
        blocks = std::min(t, (outArea.width + kLanes - 1) / kLanes);
    c.blockWidth = roundUp((outArea.width + blocks - 1) / blocks, kLanes);
    blocks = (outArea.width + c.blockWidth - 1) / c.blockWidth;
    if (t == 1) {
        Scratch s(filters.halo, c.blockWidth);
        sweepBlocks(c, 0, blocks, s, total);
        return total;
    }
    // The first chunk (the calling thread's) accumulates into `total`, the others into their
    // own, merged once every chunk is done (fewer large histograms to allocate and clear).
    std::mutex m;
    std::vector<FlipAccumulator> others;
    parallelFor(
        blocks,
        [&c, &total, &others, &m, &filters](int bb, int be) {
            Scratch s(filters.halo, c.blockWidth);
            if (bb == 0) {
                sweepBlocks(c, bb, be, s, total);
                return;
            }
            FlipAccumulator acc;
            acc.histogram.assign(size_t(kFlipHistogramBuckets), 0);
            sweepBlocks(c, bb, be, s, acc);
            std::lock_guard<std::mutex> lock(m);
            others.push_back(std::move(acc));
        },
        t);
    for (const FlipAccumulator &acc : others)
        total.merge(acc);
    return total;
}

} // namespace difflens

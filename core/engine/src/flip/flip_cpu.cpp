// Tuned CPU LDR-FLIP over an output area (flip.h): separable filters on row strips and
// column blocks, multi-threaded over strips.
//
// A task is a strip of output rows; inside it, column blocks of kBlockWidth keep the working
// set small. For a block, every input row the strip needs (the halo above and below,
// clamped to the frame) is converted once to YCxCz and filtered horizontally into seven
// planes per image (the four CSF planes Y, Cx, Cz1, Cz2 and the feature planes Gaussian,
// first and second derivative of the normalised luminance); each output row then takes the
// vertical passes and the per-pixel colour, feature and final error arithmetic.
// All filters are symmetric or antisymmetric and are applied folded, in a fixed tap order,
// with the frame edges clamped: a map value depends only on its position in the frame.
#include "flip/flip_model.h"

#include "difflens/engine/flip.h"
#include "difflens/engine/parallel.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <vector>

namespace difflens {

namespace {

constexpr int kBlockWidth = 256;
constexpr int kStripHeight = 32;
constexpr int kPlanesPerImage = 7; // horizontal outputs: Y, Cx, Cz1, Cz2 (CSF); G, D, DD (features)
constexpr int kPlanes = 2 * kPlanesPerImage;
constexpr int kVertPerImage = 8;   // Y, Cx, Cz1, Cz2, dx, ddx, dy, ddy

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

// out[i] = sum over k in [-r, r] of w[r + k] * in[i + k], for w symmetric (Odd = false) or
// antisymmetric (Odd = true); `in` points at the input under output 0.
template <bool Odd>
void conv(const float *__restrict in, const float *w, int r, float *__restrict out, int n)
{
    const float w0 = w[r];
    for (int i = 0; i < n; ++i)
        out[i] = w0 * in[i];
    for (int k = 1; k <= r; ++k) {
        const float wk = w[r + k];
        const float *__restrict p = in + k;
        const float *__restrict m = in - k;
        if (Odd)
            for (int i = 0; i < n; ++i)
                out[i] += wk * (p[i] - m[i]);
        else
            for (int i = 0; i < n; ++i)
                out[i] += wk * (p[i] + m[i]);
    }
}

// The same across rows: rows[k + r] is the row at offset k.
template <bool Odd>
void vconv(const float *const *rows, size_t offset, const float *w, int r, float *__restrict out, int n)
{
    const float w0 = w[r];
    const float *__restrict c = rows[r] + offset;
    for (int i = 0; i < n; ++i)
        out[i] = w0 * c[i];
    for (int k = 1; k <= r; ++k) {
        const float wk = w[r + k];
        const float *__restrict p = rows[r + k] + offset;
        const float *__restrict m = rows[r - k] + offset;
        if (Odd)
            for (int i = 0; i < n; ++i)
                out[i] += wk * (p[i] - m[i]);
        else
            for (int i = 0; i < n; ++i)
                out[i] += wk * (p[i] + m[i]);
    }
}

struct Context {
    ImageView a, b;
    const flipm::Filters *f = nullptr;
    const float *lut = nullptr;
    int top = 0, frameHeight = 0; // view row 0 is frame row `top`
    Rect area;
    float *mapOut = nullptr;
    size_t mapStride = 0;
};

struct Scratch {
    int ext = 0, bw = 0, rows = 0;
    std::vector<float> conv;   // 8 x ext: Y, Cx, Cz, Yn for a then b
    std::vector<float> buf;    // rows x kPlanes x bw
    std::vector<float> vert;   // 2 * kVertPerImage x bw
    std::vector<int> cols;     // sample offset of each input column
    std::vector<const float *> ptrs;
    Scratch(int halo)
    {
        bw = kBlockWidth;
        ext = kBlockWidth + 2 * halo;
        rows = kStripHeight + 2 * halo;
        conv.assign(8 * size_t(ext), 0.0f);
        buf.assign(size_t(rows) * kPlanes * size_t(bw), 0.0f);
        vert.assign(2 * kVertPerImage * size_t(bw), 0.0f);
        cols.assign(size_t(ext), 0);
        ptrs.assign(2 * size_t(halo) + 1, nullptr);
    }
    float *plane(int row, int p) { return buf.data() + (size_t(row) * kPlanes + size_t(p)) * size_t(bw); }
};

template <typename T>
void convertRow(const ImageView &v, int viewRow, const float *lut, const int *cols, int n, float *oy, float *ocx,
                float *ocz, float *oyn)
{
    const T *row = reinterpret_cast<const T *>(v.row(viewRow));
    const int g = v.channels >= 3 ? 1 : 0;
    for (int i = 0; i < n; ++i) {
        const T *p = row + cols[i];
        flipm::linearToYcxcz(lut[p[0]], lut[p[g]], lut[p[2 * g]], oy[i], ocx[i], ocz[i]);
        oyn[i] = oy[i] * (1.0f / 116.0f) + 16.0f / 116.0f;
    }
}

void processBlock(const Context &c, int s0, int s1, int x0, int bw, Scratch &s, FlipAccumulator &acc)
{
    const flipm::Filters &f = *c.f;
    const int R = f.halo, rs = f.spatialRadius, rf = f.featureRadius;
    const int W = c.a.width;
    const int n = bw + 2 * R;
    for (int i = 0; i < n; ++i)
        s.cols[size_t(i)] = std::clamp(x0 - R + i, 0, W - 1) * c.a.channels;

    // Frame rows the strip reads.
    const int fr0 = std::max(0, c.top + s0 - R);
    const int fr1 = std::min(c.frameHeight, c.top + s1 + R);
    const size_t ext = size_t(s.ext);
    for (int fr = fr0; fr < fr1; ++fr) {
        const int bi = fr - fr0;
        for (int img = 0; img < 2; ++img) {
            const ImageView &v = img == 0 ? c.a : c.b;
            float *cy = s.conv.data() + (size_t(img) * 4 + 0) * ext;
            float *ccx = cy + ext, *ccz = ccx + ext, *cyn = ccz + ext;
            if (v.depth == 16)
                convertRow<uint16_t>(v, fr - c.top, c.lut, s.cols.data(), n, cy, ccx, ccz, cyn);
            else
                convertRow<uint8_t>(v, fr - c.top, c.lut, s.cols.data(), n, cy, ccx, ccz, cyn);
            const int p0 = img * kPlanesPerImage;
            conv<false>(cy + R, f.y.data(), rs, s.plane(bi, p0 + 0), bw);
            conv<false>(ccx + R, f.cx.data(), rs, s.plane(bi, p0 + 1), bw);
            conv<false>(ccz + R, f.cz1.data(), rs, s.plane(bi, p0 + 2), bw);
            conv<false>(ccz + R, f.cz2.data(), rs, s.plane(bi, p0 + 3), bw);
            conv<false>(cyn + R, f.g.data(), rf, s.plane(bi, p0 + 4), bw);
            conv<true>(cyn + R, f.dg.data(), rf, s.plane(bi, p0 + 5), bw);
            conv<false>(cyn + R, f.ddg.data(), rf, s.plane(bi, p0 + 6), bw);
        }
    }

    const size_t pstride = size_t(s.bw); // plane p of buffer row r at plane(r, 0) + p * bw
    for (int y = s0; y < s1; ++y) {
        const int fy = c.top + y;
        float *v[2 * kVertPerImage];
        for (int q = 0; q < 2 * kVertPerImage; ++q)
            v[q] = s.vert.data() + size_t(q) * size_t(s.bw);
        // Row pointers for the spatial and feature radii (frame edges clamped).
        const float **rowsS = s.ptrs.data() + (R - rs);
        const float **rowsF = s.ptrs.data() + (R - rf);
        for (int k = -R; k <= R; ++k)
            s.ptrs[size_t(k + R)] = s.plane(std::clamp(fy + k, 0, c.frameHeight - 1) - fr0, 0);
        for (int img = 0; img < 2; ++img) {
            const size_t p0 = size_t(img * kPlanesPerImage);
            float **o = v + img * kVertPerImage;
            vconv<false>(rowsS, (p0 + 0) * pstride, f.y.data(), rs, o[0], bw);
            vconv<false>(rowsS, (p0 + 1) * pstride, f.cx.data(), rs, o[1], bw);
            vconv<false>(rowsS, (p0 + 2) * pstride, f.cz1.data(), rs, o[2], bw);
            vconv<false>(rowsS, (p0 + 3) * pstride, f.cz2.data(), rs, o[3], bw);
            vconv<false>(rowsF, (p0 + 5) * pstride, f.g.data(), rf, o[4], bw); // dx
            vconv<false>(rowsF, (p0 + 6) * pstride, f.g.data(), rf, o[5], bw); // ddx
            vconv<true>(rowsF, (p0 + 4) * pstride, f.dg.data(), rf, o[6], bw); // dy
            vconv<false>(rowsF, (p0 + 4) * pstride, f.ddg.data(), rf, o[7], bw); // ddy
        }
        float *mapRow = c.mapOut ? c.mapOut + size_t(y - c.area.y) * c.mapStride + size_t(x0 - c.area.x) : nullptr;
        uint64_t rowSum = 0;
        float mn = acc.min, mx = acc.max;
        uint64_t *hist = acc.histogram.data();
        for (int i = 0; i < bw; ++i) {
            float L1, A1, B1, L2, A2, B2;
            flipm::ycxczToHuntLab(v[0][i], v[1][i], v[2][i] + v[3][i], L1, A1, B1);
            flipm::ycxczToHuntLab(v[8][i], v[9][i], v[10][i] + v[11][i], L2, A2, B2);
            const float colour = flipm::colourError(L1, A1, B1, L2, A2, B2, f.cmax, f.pccmax);
            const float e = flipm::flipError(colour, v[4][i], v[6][i], v[5][i], v[7][i], v[12][i], v[14][i],
                                             v[13][i], v[15][i]);
            if (mapRow)
                mapRow[i] = e;
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

} // namespace

int flipHalo(double ppd)
{
    const float p = float(ppd);
    return std::max(flipm::spatialRadius(p), flipm::featureRadius(p));
}

int64_t flipScratchBytesPerThread(double ppd)
{
    const int64_t halo = flipHalo(ppd);
    const int64_t floats = 8 * (kBlockWidth + 2 * halo) + (kStripHeight + 2 * halo) * kPlanes * kBlockWidth +
                           2 * kVertPerImage * kBlockWidth;
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

    const int strips = (outArea.height + kStripHeight - 1) / kStripHeight;
    std::mutex m;
    parallelFor(
        strips,
        [&c, &outArea, &total, &m, &filters](int sb, int se) {
            FlipAccumulator acc;
            acc.histogram.assign(size_t(kFlipHistogramBuckets), 0);
            Scratch s(filters.halo);
            for (int st = sb; st < se; ++st) {
                const int y0 = outArea.y + st * kStripHeight;
                const int y1 = std::min(outArea.y + outArea.height, y0 + kStripHeight);
                for (int x0 = outArea.x; x0 < outArea.x + outArea.width; x0 += kBlockWidth) {
                    const int bw = std::min(kBlockWidth, outArea.x + outArea.width - x0);
                    processBlock(c, y0, y1, x0, bw, s, acc);
                }
            }
            std::lock_guard<std::mutex> lock(m);
            total.merge(acc);
        },
        threads);
    return total;
}

} // namespace difflens

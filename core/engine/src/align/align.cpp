// Auto-alignment (align.h): greyscale conversion, a pyramid of 2x2-averaged levels, phase
// correlation at the coarsest level that fits the FFT size, and NCC hill-climbing refinement
// from that level down to full resolution.
#include "difflens/engine/align.h"

#include "align/fft.h"

#include "difflens/engine/parallel.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdlib>
#include <map>
#include <utility>

namespace difflens {

namespace {

constexpr int kMinSide = 4;                           // smaller images are not aligned
constexpr int kCoarseMinSide = 16;                    // the pyramid stops before a level this small
constexpr int kPeakCandidates = 3;                    // phase-correlation peaks refined at the coarse level
constexpr int kRefinedPeaks = 2;                      // of which the best are refined down to full resolution
constexpr int kMaxClimbSteps = 64;                    // per level (each step moves by one pixel)
constexpr int64_t kParallelPixels = int64_t(1) << 18; // smaller overlaps: NCC on one thread

int smallestSide(int wa, int ha, int wb, int hb)
{
    return std::min(std::min(wa, ha), std::min(wb, hb));
}

int defaultMaxShift(int wa, int ha, int wb, int hb)
{
    return smallestSide(wa, ha, wb, hb) / 4;
}

uint8_t lumaOf(unsigned r, unsigned g, unsigned b)
{
    return uint8_t((299u * r + 587u * g + 114u * b + 500u) / 1000u);
}

GreyImage halve(const GreyImage &in)
{
    GreyImage out;
    out.width = in.width / 2;
    out.height = in.height / 2;
    out.data.resize(size_t(out.width) * size_t(out.height));
    for (int y = 0; y < out.height; ++y) {
        const uint8_t *r0 = in.row(2 * y), *r1 = in.row(2 * y + 1);
        uint8_t *o = out.data.data() + size_t(y) * size_t(out.width);
        for (int x = 0; x < out.width; ++x)
            o[x] = uint8_t((unsigned(r0[2 * x]) + r0[2 * x + 1] + r1[2 * x] + r1[2 * x + 1] + 2u) / 4u);
    }
    return out;
}

// Padded FFT size for a level whose largest sides are w, h with search radius s.
int paddedSide(int side, int shift)
{
    return detail::nextPowerOfTwo(std::max(2, side + shift));
}

struct Levels {
    std::vector<GreyImage> a, b; // level 0 is not stored (the inputs): index k-1 holds level k
};

const GreyImage &levelOf(const GreyImage &full, const std::vector<GreyImage> &reduced, int k)
{
    return k == 0 ? full : reduced[size_t(k - 1)];
}

// NCC of B and A shifted by (dx, dy) over their overlap; `flat` when either side has no
// variance there. Exact integer sums.
double nccAt(const GreyImage &a, const GreyImage &b, int dx, int dy, bool &flat)
{
    flat = true;
    const Rect o = alignOverlap(a.width, a.height, b.width, b.height, dx, dy);
    if (o.empty())
        return -1.0;
    struct Sums {
        uint64_t sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    };
    const int rows = o.height;
    const int chunks = std::max(1, std::min(rows, 64));
    std::vector<Sums> parts(static_cast<size_t>(chunks));
    // parallelFor returns when every chunk is done: the pointers stay valid.
    const GreyImage *pa = &a, *pb = &b;
    Sums *out = parts.data();
    const int threads = int64_t(o.width) * o.height >= kParallelPixels ? 0 : 1;
    parallelFor(
        chunks,
        [pa, pb, o, out, dx, dy, rows, chunks](int c0, int c1) {
            for (int c = c0; c < c1; ++c) {
                Sums s;
                const int y0 = int(int64_t(rows) * c / chunks), y1 = int(int64_t(rows) * (c + 1) / chunks);
                for (int y = y0; y < y1; ++y) {
                    const uint8_t *rb = pb->row(o.y + y) + o.x;
                    const uint8_t *ra = pa->row(o.y + y + dy) + o.x + dx;
                    uint32_t sa = 0, sb = 0;
                    uint64_t saa = 0, sbb = 0, sab = 0;
                    for (int x = 0; x < o.width; ++x) {
                        const uint32_t va = ra[x], vb = rb[x];
                        sa += va;
                        sb += vb;
                        saa += va * va;
                        sbb += vb * vb;
                        sab += va * vb;
                    }
                    s.sa += sa;
                    s.sb += sb;
                    s.saa += saa;
                    s.sbb += sbb;
                    s.sab += sab;
                }
                out[c] = s;
            }
        },
        threads);
    Sums t;
    for (const Sums &s : parts) {
        t.sa += s.sa;
        t.sb += s.sb;
        t.saa += s.saa;
        t.sbb += s.sbb;
        t.sab += s.sab;
    }
    const __int128 n = __int128(o.width) * o.height;
    const __int128 cov = n * __int128(t.sab) - __int128(t.sa) * __int128(t.sb);
    const __int128 va = n * __int128(t.saa) - __int128(t.sa) * __int128(t.sa);
    const __int128 vb = n * __int128(t.sbb) - __int128(t.sb) * __int128(t.sb);
    if (va <= 0 || vb <= 0)
        return 0.0;
    flat = false;
    return double(cov) / std::sqrt(double(va) * double(vb));
}

struct Scored {
    int dx = 0, dy = 0;
    double ncc = -2;
    bool flat = true;
};

// NCC values already computed at one level, by offset.
using NccCache = std::map<std::pair<int, int>, std::pair<double, bool>>;

double cachedNcc(const GreyImage &a, const GreyImage &b, int dx, int dy, bool &flat, NccCache &cache)
{
    const auto it = cache.find({dx, dy});
    if (it != cache.end()) {
        flat = it->second.second;
        return it->second.first;
    }
    const double v = nccAt(a, b, dx, dy, flat);
    cache[{dx, dy}] = {v, flat};
    return v;
}

// Moves (dx, dy) one pixel at a time towards higher NCC (8 neighbours) within the radius.
Scored climb(const GreyImage &a, const GreyImage &b, int dx, int dy, int radius, NccCache &cache)
{
    Scored best;
    best.dx = std::clamp(dx, -radius, radius);
    best.dy = std::clamp(dy, -radius, radius);
    best.ncc = cachedNcc(a, b, best.dx, best.dy, best.flat, cache);
    for (int step = 0; step < kMaxClimbSteps; ++step) {
        Scored next = best;
        for (int oy = -1; oy <= 1; ++oy)
            for (int ox = -1; ox <= 1; ++ox) {
                const int x = best.dx + ox, y = best.dy + oy;
                if ((ox == 0 && oy == 0) || std::abs(x) > radius || std::abs(y) > radius)
                    continue;
                bool flat = true;
                const double v = cachedNcc(a, b, x, y, flat, cache);
                if (v > next.ncc) {
                    next.dx = x;
                    next.dy = y;
                    next.ncc = v;
                    next.flat = flat;
                }
            }
        if (next.dx == best.dx && next.dy == best.dy)
            break;
        best = next;
    }
    return best;
}

// Hann-windowed, mean-free copy of g in the top-left of a pw x ph plane.
std::vector<std::complex<float>> windowedPlane(const GreyImage &g, int pw, int ph)
{
    std::vector<std::complex<float>> plane(size_t(pw) * size_t(ph));
    double sum = 0;
    for (uint8_t v : g.data)
        sum += v;
    const double mean = g.data.empty() ? 0.0 : sum / double(g.data.size());
    std::vector<float> wx(size_t(g.width)), wy(size_t(g.height));
    for (int x = 0; x < g.width; ++x)
        wx[size_t(x)] = float(0.5 - 0.5 * std::cos(2.0 * M_PI * (x + 0.5) / g.width));
    for (int y = 0; y < g.height; ++y)
        wy[size_t(y)] = float(0.5 - 0.5 * std::cos(2.0 * M_PI * (y + 0.5) / g.height));
    for (int y = 0; y < g.height; ++y) {
        const uint8_t *r = g.row(y);
        std::complex<float> *p = plane.data() + size_t(y) * size_t(pw);
        for (int x = 0; x < g.width; ++x)
            p[x] = float((r[x] - mean) * wx[size_t(x)] * wy[size_t(y)]);
    }
    return plane;
}

struct Peak {
    int dx, dy;
    float value;
};

// The strongest phase-correlation peaks with |dx|, |dy| <= radius, at least 3 pixels apart.
std::vector<Peak> phaseCorrelationPeaks(const GreyImage &a, const GreyImage &b, int radius)
{
    const int pw = paddedSide(std::max(a.width, b.width), radius);
    const int ph = paddedSide(std::max(a.height, b.height), radius);
    std::vector<std::complex<float>> fa = windowedPlane(a, pw, ph);
    std::vector<std::complex<float>> fb = windowedPlane(b, pw, ph);
    detail::fft2d(fa, pw, ph, false);
    detail::fft2d(fb, pw, ph, false);
    for (size_t i = 0; i < fa.size(); ++i) {
        const std::complex<float> c = fa[i] * std::conj(fb[i]);
        const float m = std::abs(c);
        fa[i] = m > 1e-12f ? c / m : std::complex<float>(0.0f, 0.0f);
    }
    fb = {};
    detail::fft2d(fa, pw, ph, true);
    // The correlation's peak lies at (dx, dy) modulo the plane: A(p + d) = B(p).
    std::vector<Peak> all;
    all.reserve(size_t(2 * radius + 1) * size_t(2 * radius + 1));
    for (int dy = -radius; dy <= radius; ++dy)
        for (int dx = -radius; dx <= radius; ++dx) {
            const int u = (dx + pw) % pw, v = (dy + ph) % ph;
            all.push_back({dx, dy, fa[size_t(v) * size_t(pw) + size_t(u)].real()});
        }
    std::sort(all.begin(), all.end(), [](const Peak &p, const Peak &q) {
        if (p.value != q.value)
            return p.value > q.value;
        return std::abs(p.dx) + std::abs(p.dy) < std::abs(q.dx) + std::abs(q.dy);
    });
    std::vector<Peak> peaks;
    for (const Peak &p : all) {
        bool near = false;
        for (const Peak &q : peaks)
            near = near || (std::abs(p.dx - q.dx) <= 2 && std::abs(p.dy - q.dy) <= 2);
        if (!near)
            peaks.push_back(p);
        if (int(peaks.size()) >= kPeakCandidates)
            break;
    }
    return peaks;
}

// The coarsest level used: level k halves the sides k times; the FFT runs at the first
// level whose padded planes fit fftMaxSide, or at the smallest level the pyramid allows.
int coarseLevel(int wa, int ha, int wb, int hb, int maxShift, int fftMaxSide)
{
    int k = 0;
    for (;;) {
        const int w = std::max(wa, wb) >> k, h = std::max(ha, hb) >> k;
        const int s = (maxShift + (1 << k) - 1) >> k;
        if (paddedSide(w, s) <= fftMaxSide && paddedSide(h, s) <= fftMaxSide)
            return k;
        if ((smallestSide(wa, ha, wb, hb) >> (k + 1)) < kCoarseMinSide)
            return k;
        ++k;
    }
}

} // namespace

void rgbaRowsToGrey(const uint8_t *rows, size_t stride, int count, int width, int depth, uint8_t *out)
{
    for (int y = 0; y < count; ++y) {
        const uint8_t *r = rows + size_t(y) * stride;
        uint8_t *o = out + size_t(y) * size_t(width);
        if (depth == 16) {
            const uint16_t *p = reinterpret_cast<const uint16_t *>(r);
            for (int x = 0; x < width; ++x, p += 4)
                o[x] = lumaOf((p[0] + 128u) / 257u, (p[1] + 128u) / 257u, (p[2] + 128u) / 257u);
        } else {
            for (int x = 0; x < width; ++x, r += 4)
                o[x] = lumaOf(r[0], r[1], r[2]);
        }
    }
}

GreyImage greyFromView(const ImageView &v)
{
    GreyImage g;
    g.width = v.width;
    g.height = v.height;
    g.data.resize(size_t(v.width) * size_t(v.height));
    rgbaRowsToGrey(v.data, v.stride, v.height, v.width, v.depth, g.data.data());
    return g;
}

Rect alignOverlap(int widthA, int heightA, int widthB, int heightB, int dx, int dy)
{
    const int x0 = std::max(0, -dx), y0 = std::max(0, -dy);
    const int x1 = std::min(widthB, widthA - dx), y1 = std::min(heightB, heightA - dy);
    if (x1 <= x0 || y1 <= y0)
        return Rect{x0, y0, 0, 0};
    return Rect{x0, y0, x1 - x0, y1 - y0};
}

int64_t alignGreyBytes(int widthA, int heightA, int widthB, int heightB)
{
    return int64_t(widthA) * heightA + int64_t(widthB) * heightB;
}

int64_t alignScratchBytes(int widthA, int heightA, int widthB, int heightB, const AlignOptions &opt)
{
    const int maxShift = opt.maxShift >= 0 ? opt.maxShift : defaultMaxShift(widthA, heightA, widthB, heightB);
    const int k = coarseLevel(widthA, heightA, widthB, heightB, maxShift, opt.fftMaxSide);
    const int w = std::max(widthA, widthB) >> k, h = std::max(heightA, heightB) >> k;
    const int s = (maxShift + (1 << k) - 1) >> k;
    const int64_t plane = int64_t(paddedSide(w, s)) * paddedSide(h, s) * int64_t(sizeof(std::complex<float>));
    const int64_t peaks = int64_t(2 * s + 1) * (2 * s + 1) * int64_t(sizeof(Peak));
    // Levels 1.. of both pyramids hold at most a third of level 0.
    return alignGreyBytes(widthA, heightA, widthB, heightB) / 3 + 2 * plane + peaks + (1 << 20);
}

AlignEstimate estimateAlignment(const GreyImage &a, const GreyImage &b, const AlignOptions &opt)
{
    AlignEstimate e;
    if (smallestSide(a.width, a.height, b.width, b.height) < kMinSide) {
        e.reason = "an image is smaller than " + std::to_string(kMinSide) + "x" + std::to_string(kMinSide) +
                   " pixels";
        return e;
    }
    e.maxShift = opt.maxShift >= 0 ? opt.maxShift : defaultMaxShift(a.width, a.height, b.width, b.height);
    const int k = coarseLevel(a.width, a.height, b.width, b.height, e.maxShift, std::max(2, opt.fftMaxSide));

    Levels levels;
    for (int i = 1; i <= k; ++i) {
        levels.a.push_back(halve(levelOf(a, levels.a, i - 1)));
        levels.b.push_back(halve(levelOf(b, levels.b, i - 1)));
    }
    const auto radiusAt = [&e](int level) { return (e.maxShift + (1 << level) - 1) >> level; };

    const std::vector<Peak> peaks =
        phaseCorrelationPeaks(levelOf(a, levels.a, k), levelOf(b, levels.b, k), radiusAt(k));

    // Each peak refined level by level; (0, 0) competes at full resolution.
    std::vector<NccCache> caches(static_cast<size_t>(k + 1));
    // Every peak is refined at the coarse level; the best kRefinedPeaks of them go on down.
    std::vector<Scored> coarse;
    for (const Peak &p : peaks)
        coarse.push_back(climb(levelOf(a, levels.a, k), levelOf(b, levels.b, k), p.dx, p.dy, radiusAt(k),
                               caches[size_t(k)]));
    std::stable_sort(coarse.begin(), coarse.end(),
                     [](const Scored &p, const Scored &q) { return p.ncc > q.ncc; });
    if (coarse.size() > size_t(kRefinedPeaks))
        coarse.resize(size_t(kRefinedPeaks));
    Scored best;
    best.ncc = cachedNcc(a, b, 0, 0, best.flat, caches[0]);
    for (const Scored &p : coarse) {
        int dx = p.dx, dy = p.dy;
        for (int level = k; level >= 0; --level) {
            const Scored s = climb(levelOf(a, levels.a, level), levelOf(b, levels.b, level), dx, dy,
                                   level == 0 ? e.maxShift : radiusAt(level), caches[size_t(level)]);
            dx = s.dx;
            dy = s.dy;
            if (level == 0 && s.ncc > best.ncc)
                best = s;
            else if (level > 0) {
                dx *= 2;
                dy *= 2;
            }
        }
    }
    if (best.flat) {
        e.reason = "no structure to align on (a flat overlap)";
        return e;
    }
    e.ok = true;
    e.dx = best.dx;
    e.dy = best.dy;
    e.confidence = std::clamp(best.ncc, 0.0, 1.0);
    return e;
}

} // namespace difflens

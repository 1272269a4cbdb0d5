// Pixelmatch-compatible comparison (pixelmatch 7.2.0 semantics).
//
// Per pixel: bit-identical pixels are "same"; otherwise the signed YIQ delta is compared
// with 35215 * threshold^2; pixels above it are anti-aliasing when the Vysniauskas
// detector fires in either image (unless includeAA), else mismatches drawn with diffColor
// (or diffColorAlt where the second image is darker). Same pixels are drawn as the grey,
// faded original. Rows and spans that are bytewise identical take a fast path that
// produces exactly the same output as the per-pixel path. With a shift tolerance N > 0,
// mismatches (only they) are tested against the N-neighbourhood in both directions.
#include "difflens/engine/pixelmatch.h"

#include "difflens/engine/parallel.h"
#include "pixelmatch/pm_antialias.h"
#include "pixelmatch/pm_grey.h"
#include "pixelmatch/pm_yiq.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <type_traits>
#include <utility>

namespace difflens {
namespace {

using pm::Frame;

struct Rgba8Out {
    uint8_t v[4];
};

// Output-side settings shared by every row of one call.
struct DrawSettings {
    double alpha = 0.1;
    bool diffMask = false;
    bool includeAA = false;
    int shift = 0;
    double maxDelta = 0;
    Rgba8Out aa{}, diff{}, alt{}, shifted{};
    Rgba8Out maskedOut{{0, 0, 0, 0}};        // diffMask: everything not a mismatch
    Rgba8Out ignoredInMask{{64, 128, 255, 64}}; // diffMask: translucent blue for ignored
};

inline void put(uint8_t *dst, const Rgba8Out &c) { std::memcpy(dst, c.v, 4); }

inline Rgba8Out opaque(const Rgb &c) { return {{c.r, c.g, c.b, 255}}; }

template <class P>
inline uint8_t greyOf(const uint8_t *p, double alpha)
{
    const pm::Sample4 s = P::load(p);
    return pm::fadedGrey(s.r, s.g, s.b, s.a, alpha);
}

// Ignored pixels: the faded grey with a blue tint, so excluded areas stay visible.
inline Rgba8Out ignoredTint(uint8_t g)
{
    const int r = g * 5 / 8, gg = g * 3 / 4, b = std::min(255, g / 2 + 128);
    return {{uint8_t(r), uint8_t(gg), uint8_t(b), 255}};
}

// Draws n "same" pixels starting at src. Consecutive equal pixels reuse the grey value.
template <class P>
void drawSameSpan(const uint8_t *src, int n, uint8_t *diff, uint8_t *mask, const DrawSettings &ds)
{
    if (mask)
        std::memset(mask, MaskSame, size_t(n));
    if (!diff)
        return;
    if (ds.diffMask) {
        std::memset(diff, 0, size_t(n) * 4);
        return;
    }
    if constexpr (std::is_same_v<P, pm::Rgba8>) {
        pm::greySpan8(src, n, diff, ds.alpha);
        return;
    }
    typename P::Word prev = P::word(src);
    uint8_t g = greyOf<P>(src, ds.alpha);
    for (int i = 0; i < n; ++i, src += P::kBytes, diff += 4) {
        const typename P::Word w = P::word(src);
        if (w != prev) {
            prev = w;
            g = greyOf<P>(src, ds.alpha);
        }
        diff[0] = g;
        diff[1] = g;
        diff[2] = g;
        diff[3] = 255;
    }
}

template <class P>
void drawIgnoredSpan(const uint8_t *src, int n, uint8_t *diff, uint8_t *mask, const DrawSettings &ds)
{
    if (mask)
        std::memset(mask, MaskIgnored, size_t(n));
    if (!diff)
        return;
    for (int i = 0; i < n; ++i, src += P::kBytes, diff += 4)
        put(diff, ds.diffMask ? ds.ignoredInMask : ignoredTint(greyOf<P>(src, ds.alpha)));
}

// Does `src` hold a pixel within Chebyshev distance n of (x, y) (offsets outside the frame
// skipped) whose colour delta to `c` is within the threshold? Background pattern of (x, y).
// Exact whatever the order, so the rings are searched nearest first (a small move is found
// after a few deltas), and a candidate with the same pixel value as the last one that
// failed is skipped (same delta): flat areas cost one delta per run. `atP` is src's pixel
// at (x, y), known to fail (the pixel is a mismatch).
template <class P>
class NearMatcher {
public:
    NearMatcher(const Frame<P> &src, const uint8_t *c, double k, double maxDelta, const uint8_t *atP)
        : m_src(src), m_c(c), m_k(k), m_maxDelta(maxDelta), m_failed(P::word(atP))
    {
    }

    bool find(int x, int y, int n)
    {
        const int w = m_src.width, h = m_src.height;
        for (int r = 1; r <= n; ++r) {
            const int xa = std::max(0, x - r), xb = std::min(w - 1, x + r);
            if (y - r >= 0 && row(y - r, xa, xb))
                return true;
            if (y + r < h && row(y + r, xa, xb))
                return true;
            const int ya = std::max(0, y - r + 1), yb = std::min(h - 1, y + r - 1);
            if (x - r >= 0 && column(x - r, ya, yb))
                return true;
            if (x + r < w && column(x + r, ya, yb))
                return true;
        }
        return false;
    }

private:
    bool test(const uint8_t *q)
    {
        const typename P::Word word = P::word(q);
        if (word == m_failed)
            return false;
        if (std::fabs(pm::colorDelta<P>(m_c, q, m_k)) <= m_maxDelta)
            return true;
        m_failed = word;
        return false;
    }
    bool row(int y, int xa, int xb)
    {
        const uint8_t *q = m_src.at(xa, y);
        for (int x = xa; x <= xb; ++x, q += P::kBytes)
            if (test(q))
                return true;
        return false;
    }
    bool column(int x, int ya, int yb)
    {
        for (int y = ya; y <= yb; ++y)
            if (test(m_src.at(x, y)))
                return true;
        return false;
    }

    const Frame<P> &m_src;
    const uint8_t *m_c;
    double m_k, m_maxDelta;
    typename P::Word m_failed;
};

// Shift test of a mismatched pixel (x, y): A[p] is matched in B near p, and B[p] in A.
template <class P>
bool shiftTolerated(const Frame<P> &fa, const Frame<P> &fb, const uint8_t *pa, const uint8_t *pb, int x, int y,
                    double k, const DrawSettings &ds)
{
    return NearMatcher<P>(fb, pa, k, ds.maxDelta, pb).find(x, y, ds.shift) &&
           NearMatcher<P>(fa, pb, k, ds.maxDelta, pa).find(x, y, ds.shift);
}

// Compares pixels [xb, xe) of row y. diff/mask address pixel xb (or are null).
template <class P>
void compareSpan(const Frame<P> &fa, const Frame<P> &fb, int y, int xb, int xe, uint8_t *diff, uint8_t *mask,
                 const DrawSettings &ds, PixelmatchCounts &counts)
{
    const uint8_t *pa = fa.at(xb, y);
    const uint8_t *pb = fb.at(xb, y);
    const int n = xe - xb;
    if (std::memcmp(pa, pb, size_t(n) * P::kBytes) == 0) {
        drawSameSpan<P>(pa, n, diff, mask, ds);
        return;
    }
    for (int x = xb; x < xe; ++x, pa += P::kBytes, pb += P::kBytes) {
        uint8_t *d = diff ? diff + size_t(x - xb) * 4 : nullptr;
        uint8_t *m = mask ? mask + (x - xb) : nullptr;
        // Run of identical pixels: draw it in one go.
        if (P::word(pa) == P::word(pb)) {
            int run = 1;
            while (x + run < xe && P::word(pa + size_t(run) * P::kBytes) == P::word(pb + size_t(run) * P::kBytes))
                ++run;
            drawSameSpan<P>(pa, run, d, m, ds);
            x += run - 1;
            pa += size_t(run - 1) * P::kBytes;
            pb += size_t(run - 1) * P::kBytes;
            continue;
        }
        const double k = pm::patternIndex(x, y + fa.top, fa.width);
        const double delta = pm::colorDelta<P>(pa, pb, k);
        if (std::fabs(delta) > ds.maxDelta) {
            const bool isAA = !ds.includeAA && (pm::antialiased(fa, fb, x, y) || pm::antialiased(fb, fa, x, y));
            if (isAA) {
                ++counts.antiAliased;
                if (m)
                    *m = MaskAA;
                if (d)
                    put(d, ds.diffMask ? ds.maskedOut : ds.aa);
            } else if (ds.shift > 0 && shiftTolerated(fa, fb, pa, pb, x, y, k, ds)) {
                ++counts.shiftTolerated;
                if (m)
                    *m = MaskShift;
                if (d)
                    put(d, ds.shifted);
            } else {
                ++counts.mismatched;
                if (m)
                    *m = MaskDiff;
                if (d)
                    put(d, delta < 0 ? ds.alt : ds.diff);
            }
        } else {
            if (m)
                *m = MaskSame;
            if (d && ds.diffMask) {
                put(d, ds.maskedOut);
            } else if (d) {
                const uint8_t g = greyOf<P>(pa, ds.alpha);
                put(d, Rgba8Out{{g, g, g, 255}});
            }
        }
    }
}

struct Interval {
    int begin, end;
};

template <class P>
PixelmatchCounts runArea(const ImageView &a, const ImageView &b, const Rect &area, const DrawSettings &ds,
                         const PixelmatchOutputs &out, const std::vector<Rect> &ignore, int frameTop)
{
    const Frame<P> fa{a.data, a.stride, a.width, a.height, frameTop};
    const Frame<P> fb{b.data, b.stride, b.width, b.height, frameTop};

    std::vector<Rect> rects;
    for (const Rect &r : ignore) {
        const Rect c = r.intersected(area);
        if (!c.empty())
            rects.push_back(c);
    }
    std::vector<Interval> spans;
    spans.reserve(rects.size());

    PixelmatchCounts counts;
    for (int y = area.y; y < area.y + area.height; ++y) {
        uint8_t *diffRow = out.diff ? out.diff + size_t(y - area.y) * out.diffStride : nullptr;
        uint8_t *maskRow = out.mask ? out.mask + size_t(y - area.y) * out.maskStride : nullptr;

        spans.clear();
        for (const Rect &r : rects)
            if (y >= r.y && y < r.y + r.height)
                spans.push_back({r.x, r.x + r.width});
        std::sort(spans.begin(), spans.end(), [](const Interval &l, const Interval &r) { return l.begin < r.begin; });

        int x = area.x;
        const int xEnd = area.x + area.width;
        auto diffAt = [diffRow, &area](int px) { return diffRow ? diffRow + size_t(px - area.x) * 4 : nullptr; };
        auto maskAt = [maskRow, &area](int px) { return maskRow ? maskRow + (px - area.x) : nullptr; };
        for (const Interval &s : spans) {
            if (s.end <= x)
                continue;
            const int ib = std::max(s.begin, x);
            if (ib > x)
                compareSpan(fa, fb, y, x, ib, diffAt(x), maskAt(x), ds, counts);
            drawIgnoredSpan<P>(fa.at(ib, y), s.end - ib, diffAt(ib), maskAt(ib), ds);
            x = s.end;
        }
        if (x < xEnd)
            compareSpan(fa, fb, y, x, xEnd, diffAt(x), maskAt(x), ds, counts);
    }
    return counts;
}

bool compatible(const ImageView &a, const ImageView &b)
{
    return a.valid() && b.valid() && a.width == b.width && a.height == b.height && a.channels == 4
        && b.channels == 4 && a.depth == b.depth && (a.depth == 8 || a.depth == 16)
        && a.stride >= a.bytesPerPixel() * size_t(a.width) && b.stride >= b.bytesPerPixel() * size_t(b.width);
}

DrawSettings settingsFrom(const PixelmatchOptions &opt)
{
    DrawSettings ds;
    ds.alpha = opt.alpha;
    ds.diffMask = opt.diffMask;
    ds.includeAA = opt.includeAA;
    ds.shift = opt.shift;
    // Same evaluation order as the reference: (35215 * t) * t.
    ds.maxDelta = pm::kMaxYiqDelta * opt.threshold * opt.threshold;
    ds.aa = opaque(opt.aaColor);
    ds.diff = opaque(opt.diffColor);
    ds.alt = opaque(opt.diffColorAlt.value_or(opt.diffColor));
    ds.shifted = opaque(opt.shiftColor);
    return ds;
}

} // namespace

std::vector<std::array<uint8_t, 4>> diffImagePalette(const PixelmatchOptions &opt, bool withIgnore)
{
    std::vector<std::array<uint8_t, 4>> out;
    auto add = [&out](const Rgba8Out &c) {
        const std::array<uint8_t, 4> v{c.v[0], c.v[1], c.v[2], c.v[3]};
        if (std::find(out.begin(), out.end(), v) == out.end())
            out.push_back(v);
    };
    DrawSettings ds;
    ds.aa = opaque(opt.aaColor);
    ds.diff = opaque(opt.diffColor);
    ds.alt = opaque(opt.diffColorAlt.value_or(opt.diffColor));
    add(ds.diff);
    add(ds.alt);
    add(ds.aa);
    if (opt.shift > 0)
        add(opaque(opt.shiftColor));
    if (opt.diffMask) {
        add(ds.maskedOut);
        if (withIgnore)
            add(ds.ignoredInMask);
        return out;
    }
    // Faded grey = 255 + (luma - 255) * alpha * opacity, truncated: luma and opacity lie in
    // [0, 255], so every grey lies in [255 - 255 * alpha, 255].
    if (!(opt.alpha >= 0.0 && opt.alpha <= 1.0))
        return {};
    const int lo = std::max(0, int(std::floor(255.0 - 255.0 * opt.alpha)));
    if ((256 - lo) * (withIgnore ? 2 : 1) + int(out.size()) > 256)
        return {};
    for (int g = lo; g <= 255; ++g) {
        add({{uint8_t(g), uint8_t(g), uint8_t(g), 255}});
        if (withIgnore)
            add(ignoredTint(uint8_t(g)));
    }
    return out;
}

PixelmatchCounts pixelmatchArea(const ImageView &a, const ImageView &b, const Rect &area,
                                const PixelmatchOptions &opt, const PixelmatchOutputs &out,
                                const std::vector<Rect> &ignore, int frameTop)
{
    if (!compatible(a, b) || opt.shift < 0 || opt.shift > kMaxPixelmatchShift)
        return {-1, 0};
    if (area.empty())
        return {};
    if (!(area.intersected({0, 0, a.width, a.height}) == area))
        return {-1, 0};
    const DrawSettings ds = settingsFrom(opt);
    return a.depth == 16 ? runArea<pm::Rgba16>(a, b, area, ds, out, ignore, frameTop)
                         : runArea<pm::Rgba8>(a, b, area, ds, out, ignore, frameTop);
}

PixelmatchCounts pixelmatch(const ImageView &a, const ImageView &b, const PixelmatchOptions &opt, Image *diff,
                            std::vector<uint8_t> *mask, const std::vector<Rect> &ignore, int threads)
{
    if (!compatible(a, b) || opt.shift < 0 || opt.shift > kMaxPixelmatchShift)
        return {-1, 0};
    const int w = a.width, h = a.height;
    if (diff && (diff->width() != w || diff->height() != h || diff->channels() != 4 || diff->depth() != 8))
        *diff = Image(w, h, 4, 8);
    if (mask)
        mask->resize(size_t(w) * size_t(h));

    uint8_t *diffBase = diff ? diff->data() : nullptr;
    const size_t diffStride = diff ? diff->stride() : 0;
    uint8_t *maskBase = mask ? mask->data() : nullptr;
    const ImageView va = a, vb = b;
    const PixelmatchOptions o = opt;
    const std::vector<Rect> *ign = &ignore;

    std::atomic<int64_t> mismatched{0}, antiAliased{0}, shiftTolerated{0};
    std::atomic<bool> failed{false};
    parallelFor(
        h,
        [va, vb, o, ign, w, diffBase, diffStride, maskBase, &mismatched, &antiAliased, &shiftTolerated,
         &failed](int y0, int y1) {
            PixelmatchOutputs po;
            if (diffBase) {
                po.diff = diffBase + size_t(y0) * diffStride;
                po.diffStride = diffStride;
            }
            if (maskBase) {
                po.mask = maskBase + size_t(y0) * size_t(w);
                po.maskStride = size_t(w);
            }
            const PixelmatchCounts c = pixelmatchArea(va, vb, {0, y0, w, y1 - y0}, o, po, *ign);
            if (c.mismatched < 0)
                failed = true;
            mismatched += c.mismatched;
            antiAliased += c.antiAliased;
            shiftTolerated += c.shiftTolerated;
        },
        threads);
    if (failed)
        return {-1, 0};
    return {mismatched.load(), antiAliased.load(), shiftTolerated.load()};
}

} // namespace difflens

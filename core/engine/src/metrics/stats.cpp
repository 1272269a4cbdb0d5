// Exact per-pixel statistics on native sample values (8 or 16 bit, all 4 RGBA channels).
#include "difflens/engine/stats.h"

#include "difflens/engine/parallel.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <mutex>

namespace difflens {
namespace {

struct Interval {
    int begin, end;
};

// Sums of one span, kept in 64-bit and folded into the 128-bit total per span.
struct SpanSums {
    int64_t differing = 0;
    int maxDelta = 0;
    uint64_t sumAbs = 0;
    uint64_t sumSq = 0;
};

template <class T>
void accumulateSpan(const T *pa, const T *pb, int n, SpanSums &s)
{
    for (int i = 0; i < n; ++i, pa += 4, pb += 4) {
        if (std::memcmp(pa, pb, 4 * sizeof(T)) == 0)
            continue;
        ++s.differing;
        for (int c = 0; c < 4; ++c) {
            const int64_t d = int64_t(pa[c]) - int64_t(pb[c]);
            const uint64_t ad = uint64_t(d < 0 ? -d : d);
            s.sumAbs += ad;
            s.sumSq += ad * ad;
            s.maxDelta = std::max(s.maxDelta, int(ad));
        }
    }
}

template <class T>
ExactAccumulator accumulateTyped(const ImageView &a, const ImageView &b, const Rect &area,
                                 const std::vector<Rect> &ignore)
{
    ExactAccumulator acc;
    std::vector<Rect> rects;
    for (const Rect &r : ignore) {
        const Rect c = r.intersected(area);
        if (!c.empty())
            rects.push_back(c);
    }
    std::vector<Interval> spans;
    spans.reserve(rects.size() + 1);

    const size_t bpp = 4 * sizeof(T);
    for (int y = area.y; y < area.y + area.height; ++y) {
        // Pixels of this row outside every ignore rect, as disjoint spans.
        spans.clear();
        for (const Rect &r : rects)
            if (y >= r.y && y < r.y + r.height)
                spans.push_back({r.x, r.x + r.width});
        std::sort(spans.begin(), spans.end(), [](const Interval &l, const Interval &r) { return l.begin < r.begin; });

        const uint8_t *rowA = a.row(y);
        const uint8_t *rowB = b.row(y);
        SpanSums s;
        int x = area.x;
        auto take = [&acc, &s, rowA, rowB, bpp](int xb, int xe) {
            if (xe <= xb)
                return;
            acc.pixels += xe - xb;
            const uint8_t *pa = rowA + size_t(xb) * bpp;
            const uint8_t *pb = rowB + size_t(xb) * bpp;
            if (std::memcmp(pa, pb, size_t(xe - xb) * bpp) == 0)
                return;
            accumulateSpan(reinterpret_cast<const T *>(pa), reinterpret_cast<const T *>(pb), xe - xb, s);
        };
        for (const Interval &iv : spans) {
            if (iv.end <= x)
                continue;
            take(x, std::max(x, iv.begin));
            x = iv.end;
        }
        take(x, area.x + area.width);

        acc.differing += s.differing;
        acc.maxDelta = std::max(acc.maxDelta, s.maxDelta);
        acc.sumAbs += s.sumAbs;
        acc.sumSq += s.sumSq;
    }
    return acc;
}

bool compatible(const ImageView &a, const ImageView &b)
{
    return a.valid() && b.valid() && a.width == b.width && a.height == b.height && a.channels == 4
        && b.channels == 4 && a.depth == b.depth && (a.depth == 8 || a.depth == 16);
}

} // namespace

void ExactAccumulator::merge(const ExactAccumulator &o)
{
    pixels += o.pixels;
    differing += o.differing;
    maxDelta = std::max(maxDelta, o.maxDelta);
    sumAbs += o.sumAbs;
    sumSq += o.sumSq;
}

ExactAccumulator accumulateExact(const ImageView &a, const ImageView &b, const Rect &area,
                                 const std::vector<Rect> &ignore)
{
    if (!compatible(a, b))
        return {};
    const Rect r = area.intersected({0, 0, a.width, a.height});
    if (r.empty())
        return {};
    return a.depth == 16 ? accumulateTyped<uint16_t>(a, b, r, ignore) : accumulateTyped<uint8_t>(a, b, r, ignore);
}

ExactStats finalizeExact(const ExactAccumulator &acc, int depth)
{
    ExactStats st;
    st.peak = depth == 16 ? 65535 : 255;
    st.differing = acc.differing;
    st.maxDelta = acc.maxDelta;
    const double samples = double(acc.pixels) * double(acc.channels > 0 ? acc.channels : 4);
    if (samples > 0) {
        st.mae = double(acc.sumAbs) / samples;
        st.mse = double(acc.sumSq) / samples;
        st.rmse = std::sqrt(st.mse);
    }
    st.psnr = st.mse == 0 ? std::numeric_limits<double>::infinity()
                          : 10.0 * std::log10(double(st.peak) * double(st.peak) / st.mse);
    return st;
}

ExactStats exactStats(const ImageView &a, const ImageView &b, const std::vector<Rect> &ignore, int threads)
{
    if (!compatible(a, b))
        return finalizeExact({}, a.depth);
    ExactAccumulator total;
    std::mutex lock;
    const ImageView va = a, vb = b;
    const std::vector<Rect> *ign = &ignore;
    const int w = a.width;
    parallelFor(
        a.height,
        [va, vb, ign, w, &total, &lock](int y0, int y1) {
            const ExactAccumulator part = accumulateExact(va, vb, {0, y0, w, y1 - y0}, *ign);
            std::lock_guard<std::mutex> g(lock);
            total.merge(part);
        },
        threads);
    return finalizeExact(total, a.depth);
}

} // namespace difflens

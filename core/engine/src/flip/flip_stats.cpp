// FLIP statistics (flip.h): the additive accumulator, the reference tool's pooled values
// (mean, min, max, value-weighted median and quartiles) and the whole-frame entry point.
#include "difflens/engine/flip.h"

#include <algorithm>
#include <cmath>

namespace difflens {

void FlipAccumulator::addFixed(uint64_t v)
{
    const uint64_t lo = sumLo + v;
    if (lo < sumLo)
        ++sumHi;
    sumLo = lo;
}

void FlipAccumulator::merge(const FlipAccumulator &o)
{
    addFixed(o.sumLo);
    sumHi += o.sumHi;
    count += o.count;
    min = std::min(min, o.min);
    max = std::max(max, o.max);
    zeros += o.zeros;
    if (!o.histogram.empty()) {
        if (histogram.empty())
            histogram.assign(size_t(kFlipHistogramBuckets), 0);
        for (size_t i = 0; i < histogram.size(); ++i)
            histogram[i] += o.histogram[i];
    }
}

double FlipAccumulator::sum() const
{
    return (double(sumHi) * 18446744073709551616.0 + double(sumLo)) / 4294967296.0;
}

namespace {

// The reference tool's weighted percentile: the error value at which the running sum of the
// sorted errors first exceeds `p` of their total, i.e. each error weighted by itself. From
// the histogram: buckets weigh count * bucket centre; inside the bucket where the running
// sum crosses, the value is interpolated linearly. Exact zeros weigh nothing. All of
// `count` ascending fractions p[] in one pass; empty buckets (most, on small images) are
// skipped, which leaves every sum as it was.
void weightedPercentiles(const std::vector<uint64_t> &hist, const double *p, double *out, int count)
{
    for (int k = 0; k < count; ++k)
        out[k] = 0;
    const int n = int(hist.size());
    if (n == 0)
        return;
    const double step = 1.0 / n;
    double total = 0;
    for (int i = 0; i < n; ++i)
        if (hist[size_t(i)])
            total += double(hist[size_t(i)]) * ((i + 0.5) * step);
    if (total <= 0)
        return;
    int k = 0;
    double sum = 0;
    for (int i = 0; i < n && k < count; ++i) {
        if (!hist[size_t(i)])
            continue;
        const double w = double(hist[size_t(i)]) * ((i + 0.5) * step);
        for (; k < count && sum + w > p[k] * total; ++k)
            out[k] = (i + (p[k] * total - sum) / w) * step;
        sum += w;
    }
    // Rounding left a target at the very end: the largest non-empty bucket's upper edge.
    int last = n - 1;
    while (k < count && last > 0 && !hist[size_t(last)])
        --last;
    for (; k < count; ++k)
        out[k] = (last + 1) * step;
}

} // namespace

FlipResult finalizeFlip(const FlipAccumulator &acc, FloatImage map, const FlipOptions &opt)
{
    FlipResult r;
    r.ppd = opt.ppd;
    if (acc.count > 0) {
        r.mean = acc.sum() / double(acc.count);
        r.min = acc.min;
        r.max = acc.max;
        const double p[3] = {0.25, 0.5, 0.75};
        double q[3];
        weightedPercentiles(acc.histogram, p, q, 3);
        r.weightedQ1 = q[0];
        r.weightedMedian = q[1];
        r.weightedQ3 = q[2];
    }
    r.map = std::move(map);
    return r;
}

FlipResult flipCpu(const ImageView &a, const ImageView &b, const FlipOptions &opt, int threads)
{
    const int w = std::min(a.width, b.width), h = std::min(a.height, b.height);
    FloatImage map;
    float *out = nullptr;
    if (opt.wantMap) {
        map.width = w;
        map.height = h;
        map.data.assign(size_t(w) * size_t(h), 0.0f);
        out = map.data.data();
    }
    ImageView va = a, vb = b;
    va.width = vb.width = w;
    va.height = vb.height = h;
    const FlipAccumulator acc = flipCpuArea(va, vb, Rect{0, 0, w, h}, opt, out, size_t(w), threads);
    return finalizeFlip(acc, std::move(map), opt);
}

} // namespace difflens

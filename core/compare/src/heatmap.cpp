// The one heatmap definition (heatmap.h): per-pixel max |ΔRGB|, linear to the pair's peak.
#include "difflens/compare/heatmap.h"

#include "difflens/engine/parallel.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace difflens {

namespace {

template <typename T>
int rgbDelta(const T *pa, const T *pb, int channels)
{
    const int colour = std::min(channels, 3) == 2 ? 1 : std::min(channels, 3); // grey+alpha: grey only
    int m = 0;
    for (int c = 0; c < colour; ++c)
        m = std::max(m, std::abs(int(pa[c]) - int(pb[c])));
    return m;
}

// Pass 1 (scale 0): the peak of rows [y0, y1). Pass 2: the indices of those rows.
template <typename T>
int heatRows(const ImageView &a, const ImageView &b, uint8_t *out, int peak, int y0, int y1)
{
    const int ch = a.channels;
    int localMax = 0;
    for (int y = y0; y < y1; ++y) {
        const T *ra = reinterpret_cast<const T *>(a.row(y));
        const T *rb = reinterpret_cast<const T *>(b.row(y));
        uint8_t *o = out ? out + size_t(y) * size_t(a.width) : nullptr;
        for (int x = 0; x < a.width; ++x) {
            const int d = rgbDelta(ra + size_t(x) * ch, rb + size_t(x) * ch, ch);
            if (o)
                o[x] = peak > 0 ? uint8_t((int64_t(d) * 255 + peak / 2) / peak) : 0;
            else
                localMax = std::max(localMax, d);
        }
    }
    return localMax;
}

} // namespace

const std::array<uint32_t, 256> &heatRampTable()
{
    static const std::array<uint32_t, 256> table = [] {
        std::array<uint32_t, 256> t{};
        constexpr size_t n = sizeof(kHeatRamp) / sizeof(kHeatRamp[0]);
        for (int i = 0; i < 256; ++i) {
            const double pos = i / 255.0;
            size_t k = 1;
            while (k + 1 < n && kHeatRamp[k].t < pos)
                ++k;
            const HeatRampStop &lo = kHeatRamp[k - 1], &hi = kHeatRamp[k];
            const double f = std::clamp((pos - lo.t) / (hi.t - lo.t), 0.0, 1.0);
            const auto lerp = [f](int p, int q) { return uint32_t(std::lround(p + (q - p) * f)); };
            t[size_t(i)] = 0xff000000u | lerp(lo.r, hi.r) << 16 | lerp(lo.g, hi.g) << 8 | lerp(lo.b, hi.b);
        }
        return t;
    }();
    return table;
}

bool heatmapIndices(const ImageView &a, const ImageView &b, std::vector<uint8_t> &out, int &peak)
{
    if (!a.valid() || !b.valid() || a.width != b.width || a.height != b.height || a.channels != b.channels ||
        a.depth != b.depth || a.channels < 1 || a.channels > 4 || (a.depth != 8 && a.depth != 16))
        return false;
    std::vector<uint8_t> indices(size_t(a.width) * size_t(a.height));
    const int n = a.height;
    const int chunks = std::max(1, std::min(n, defaultThreadCount() * 4));
    std::vector<int> maxima(size_t(chunks), 0);
    // parallelFor returns only when every chunk is done, so plain pointers stay valid.
    const ImageView *pa = &a, *pb = &b;
    int *pm = maxima.data();
    uint8_t *po = indices.data();
    const bool wide = a.depth == 16;
    const auto pass = [pa, pb, pm, n, chunks, wide](uint8_t *o, int top) {
        parallelFor(chunks, [pa, pb, pm, n, chunks, wide, o, top](int c0, int c1) {
            for (int c = c0; c < c1; ++c) {
                const int y0 = int(int64_t(n) * c / chunks), y1 = int(int64_t(n) * (c + 1) / chunks);
                const int m = wide ? heatRows<uint16_t>(*pa, *pb, o, top, y0, y1)
                                   : heatRows<uint8_t>(*pa, *pb, o, top, y0, y1);
                if (!o)
                    pm[c] = m;
            }
        });
    };
    pass(nullptr, 0);
    const int top = *std::max_element(maxima.begin(), maxima.end());
    if (top > 0)
        pass(po, top);
    out = std::move(indices);
    peak = top;
    return true;
}

} // namespace difflens

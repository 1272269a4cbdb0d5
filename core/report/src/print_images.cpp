#include "print_images.h"

#include "difflens/compare/heatmap.h"
#include "difflens/imaging/convert.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <vector>

namespace difflens::report::detail {

namespace {

// Any view -> RGBA8 (copies only when needed; `keep` owns the converted pixels).
ImageView rgba8(const ImageView &v, Image &keep)
{
    if (v.depth == 8 && v.channels == 4)
        return v;
    keep = toDepth8(v);
    if (keep.channels() != 4)
        keep = toRgba(keep.view());
    return keep.view();
}

// Composites an RGBA8 image over white into an RGB32 QImage.
QImage compositeOverWhite(const ImageView &v)
{
    QImage out(v.width, v.height, QImage::Format_RGB32);
    for (int y = 0; y < v.height; ++y) {
        const uint8_t *s = v.row(y);
        QRgb *d = reinterpret_cast<QRgb *>(out.scanLine(y));
        for (int x = 0; x < v.width; ++x, s += 4) {
            const int a = s[3];
            const auto mix = [a](int c) { return (c * a + 255 * (255 - a) + 127) / 255; };
            d[x] = qRgb(mix(s[0]), mix(s[1]), mix(s[2]));
        }
    }
    return out;
}

Size2 fitBox(int w, int h, int maxW, int maxH)
{
    return fitWithin(w, h, std::max(1, maxW), std::max(1, maxH));
}

// Ramp indices of a w x h frame, max-pooled onto at most maxW x maxH cells (so no
// difference disappears when reduced), coloured with `ramp`.
QImage rampImage(std::vector<uint8_t> indices, int w, int h, int maxW, int maxH, const std::array<uint32_t, 256> &ramp)
{
    const Size2 s = fitBox(w, h, maxW, maxH);
    std::vector<uint8_t> cells;
    if (s.width != w || s.height != h) {
        cells.assign(size_t(s.width) * s.height, 0);
        std::vector<int> cellOfX(static_cast<size_t>(w));
        for (int x = 0; x < w; ++x)
            cellOfX[size_t(x)] = int(int64_t(x) * s.width / w);
        for (int y = 0; y < h; ++y) {
            uint8_t *row = cells.data() + size_t(int64_t(y) * s.height / h) * s.width;
            const uint8_t *in = indices.data() + size_t(y) * w;
            for (int x = 0; x < w; ++x) {
                uint8_t &cell = row[cellOfX[size_t(x)]];
                cell = std::max(cell, in[x]);
            }
        }
    } else {
        cells = std::move(indices);
    }
    QImage out(s.width, s.height, QImage::Format_RGB32);
    for (int y = 0; y < s.height; ++y) {
        QRgb *d = reinterpret_cast<QRgb *>(out.scanLine(y));
        const uint8_t *c = cells.data() + size_t(y) * s.width;
        for (int x = 0; x < s.width; ++x)
            d[x] = ramp[c[x]];
    }
    return out;
}

} // namespace

int pixelsFor(double points, int dpi)
{
    return std::max(1, int(std::lround(points / 72.0 * dpi)));
}

QImage toPrintImage(const ImageView &img, int maxW, int maxH)
{
    if (!img.valid())
        return {};
    Image keep;
    const ImageView v = rgba8(img, keep);
    const Size2 s = fitBox(v.width, v.height, maxW, maxH);
    if (s.width < v.width || s.height < v.height) {
        const Image small = downscaleArea(v, s.width, s.height);
        return compositeOverWhite(small.view());
    }
    return compositeOverWhite(v);
}

QImage cropForPrint(const ImageView &img, const Rect &r, int maxW, int maxH)
{
    if (!img.valid())
        return {};
    const Rect c = r.intersected(Rect{0, 0, img.width, img.height});
    if (c.empty())
        return {};
    const double scale = std::min(double(maxW) / c.width, double(maxH) / c.height);
    if (scale < 1.0)
        return toPrintImage(img.sub(c), maxW, maxH);
    const QImage crop = toPrintImage(img.sub(c), c.width, c.height);
    const int k = std::min(8, int(scale));
    if (k < 2)
        return crop;
    return crop.scaled(c.width * k, c.height * k, Qt::IgnoreAspectRatio, Qt::FastTransformation);
}

QImage deltaHeatmap(const ImageView &a, const ImageView &b, int maxW, int maxH, int *peak)
{
    if (!a.valid() || !b.valid() || a.width != b.width || a.height != b.height)
        return {};
    // The definition of heatmap.h, at native depth; mixed formats are compared as RGBA8.
    Image keepA, keepB;
    const bool same = a.channels == b.channels && a.depth == b.depth;
    const ImageView va = same ? a : rgba8(a, keepA), vb = same ? b : rgba8(b, keepB);
    std::vector<uint8_t> indices;
    int top = 0;
    if (!heatmapIndices(va, vb, indices, top))
        return {};
    if (peak)
        *peak = top;
    return rampImage(indices, va.width, va.height, maxW, maxH, heatRampTable());
}

QImage heatLayerImage(const ImageView &values, int peak, int depth, int maxW, int maxH)
{
    if (!values.valid() || values.channels != 1 || values.depth != 8)
        return {};
    std::vector<uint8_t> v(size_t(values.width) * values.height);
    for (int y = 0; y < values.height; ++y)
        std::copy_n(values.row(y), values.width, v.begin() + std::ptrdiff_t(y) * values.width);
    return rampImage(std::move(v), values.width, values.height, maxW, maxH, heatDisplayTable(peak, depth));
}

QImage flipMapImage(const FloatImage &map, int maxW, int maxH)
{
    if (map.width <= 0 || map.height <= 0 || map.data.size() != size_t(map.width) * map.height)
        return {};
    std::vector<uint8_t> levels(map.data.size());
    std::transform(map.data.begin(), map.data.end(), levels.begin(), flipErrorLevel);
    return rampImage(levels, map.width, map.height, maxW, maxH, magmaRampTable());
}

QImage legendBar(int width, int height, bool magma)
{
    const std::array<uint32_t, 256> &ramp = magma ? magmaRampTable() : heatRampTable();
    QImage out(std::max(1, width), std::max(2, height), QImage::Format_RGB32);
    for (int y = 0; y < out.height(); ++y) {
        const QRgb c = ramp[size_t(std::lround(255.0 * (1.0 - double(y) / (out.height() - 1))))];
        QRgb *d = reinterpret_cast<QRgb *>(out.scanLine(y));
        std::fill(d, d + out.width(), c);
    }
    return out;
}

} // namespace difflens::report::detail

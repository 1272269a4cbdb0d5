#include "print_images.h"

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

struct Stop {
    double t;
    int r, g, b;
};
// Light to dark: a sequential yellow-orange-red ramp that prints well on white paper.
constexpr Stop kRamp[] = {
    {0.00, 252, 252, 250}, {0.15, 255, 240, 170}, {0.40, 254, 190, 90},
    {0.65, 244, 100, 45},  {0.85, 200, 25, 35},   {1.00, 110, 0, 40},
};

QImage colourCells(const std::vector<float> &cells, int w, int h)
{
    QImage out(w, h, QImage::Format_RGB32);
    for (int y = 0; y < h; ++y) {
        QRgb *d = reinterpret_cast<QRgb *>(out.scanLine(y));
        for (int x = 0; x < w; ++x)
            d[x] = rampColor(heatPosition(cells[size_t(y) * w + x])).rgb();
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

double heatPosition(double value01)
{
    return std::sqrt(std::clamp(value01, 0.0, 1.0));
}

QColor rampColor(double t)
{
    t = std::clamp(t, 0.0, 1.0);
    for (size_t i = 1; i < std::size(kRamp); ++i) {
        if (t <= kRamp[i].t) {
            const Stop &a = kRamp[i - 1], &b = kRamp[i];
            const double f = (t - a.t) / (b.t - a.t);
            const auto lerp = [f](int x, int y) { return int(std::lround(x + (y - x) * f)); };
            return QColor(lerp(a.r, b.r), lerp(a.g, b.g), lerp(a.b, b.b));
        }
    }
    const Stop &l = kRamp[std::size(kRamp) - 1];
    return QColor(l.r, l.g, l.b);
}

QImage deltaHeatmap(const ImageView &a, const ImageView &b, int maxW, int maxH)
{
    if (!a.valid() || !b.valid() || a.width != b.width || a.height != b.height)
        return {};
    Image keepA, keepB;
    const ImageView va = rgba8(a, keepA), vb = rgba8(b, keepB);
    const Size2 s = fitBox(va.width, va.height, maxW, maxH);
    std::vector<float> cells(size_t(s.width) * s.height, 0.0f);
    std::vector<int> cellOfX(size_t(va.width));
    for (int x = 0; x < va.width; ++x)
        cellOfX[size_t(x)] = int(int64_t(x) * s.width / va.width);
    for (int y = 0; y < va.height; ++y) {
        float *row = cells.data() + size_t(int64_t(y) * s.height / va.height) * s.width;
        const uint8_t *pa = va.row(y), *pb = vb.row(y);
        for (int x = 0; x < va.width; ++x, pa += 4, pb += 4) {
            const int d = std::max({std::abs(int(pa[0]) - int(pb[0])), std::abs(int(pa[1]) - int(pb[1])),
                                    std::abs(int(pa[2]) - int(pb[2]))});
            float &cell = row[cellOfX[size_t(x)]];
            cell = std::max(cell, float(d) / 255.0f);
        }
    }
    return colourCells(cells, s.width, s.height);
}

QImage ssimHeatmap(const FloatImage &map, int maxW, int maxH)
{
    if (map.width <= 0 || map.height <= 0)
        return {};
    const Size2 s = fitBox(map.width, map.height, maxW, maxH);
    std::vector<float> cells(size_t(s.width) * s.height, 0.0f);
    for (int y = 0; y < map.height; ++y) {
        float *row = cells.data() + size_t(int64_t(y) * s.height / map.height) * s.width;
        for (int x = 0; x < map.width; ++x) {
            const float v = std::clamp(1.0f - map.at(x, y), 0.0f, 1.0f);
            float &cell = row[int64_t(x) * s.width / map.width];
            cell = std::max(cell, v);
        }
    }
    return colourCells(cells, s.width, s.height);
}

QImage legendBar(int width, int height)
{
    QImage out(std::max(1, width), std::max(2, height), QImage::Format_RGB32);
    for (int y = 0; y < out.height(); ++y) {
        const QRgb c = rampColor(1.0 - double(y) / (out.height() - 1)).rgb();
        QRgb *d = reinterpret_cast<QRgb *>(out.scanLine(y));
        std::fill(d, d + out.width(), c);
    }
    return out;
}

} // namespace difflens::report::detail

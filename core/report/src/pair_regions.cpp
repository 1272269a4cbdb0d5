#include "pair_regions.h"

#include "pair_images.h"
#include "print_images.h"

#include <algorithm>
#include <cmath>

namespace difflens::report::detail {

namespace {

constexpr double kCropGap = 6, kCropCaptionH = 11, kCropLabelH = 9;

Rect padded(const Rect &r, int width, int height)
{
    const int pad = std::clamp(std::max(r.width, r.height) / 4, 4, 64);
    return Rect{r.x - pad, r.y - pad, r.width + 2 * pad, r.height + 2 * pad}.intersected(Rect{0, 0, width, height});
}

Rect scaled(const Rect &r, double sx, double sy)
{
    const int x0 = int(std::floor(r.x * sx)), y0 = int(std::floor(r.y * sy));
    const int x1 = int(std::ceil((r.x + r.width) * sx)), y1 = int(std::ceil((r.y + r.height) * sy));
    return Rect{x0, y0, std::max(1, x1 - x0), std::max(1, y1 - y0)};
}

// Outline of `inner` (in the crop's pixels) over a crop drawn at `drawn`.
void outline(PdfCanvas &cv, const QRectF &drawn, const Rect &crop, const Rect &inner)
{
    if (drawn.isEmpty() || crop.empty())
        return;
    const double s = drawn.width() / crop.width;
    const QRectF r(drawn.left() + (inner.x - crop.x) * s, drawn.top() + (inner.y - crop.y) * s, inner.width * s,
                   inner.height * s);
    cv.painter().setPen(QPen(QColor(30, 90, 200), 0.7, Qt::DashLine));
    cv.painter().setBrush(Qt::NoBrush);
    cv.painter().drawRect(r.intersected(drawn));
}

void drawOne(PdfCanvas &cv, const PairContent &p, const ReportOptions &opt, const RegionView &rv, const QRectF &cell)
{
    const QString caption = QStringLiteral("#%1 \u00b7 x %2, y %3 \u00b7 %4\u00d7%5 px \u00b7 %6 px differ")
                                .arg(rv.number)
                                .arg(rv.native.x)
                                .arg(rv.native.y)
                                .arg(rv.native.width)
                                .arg(rv.native.height)
                                .arg(rv.pixels);
    cv.text(QRectF(cell.left(), cell.top(), cell.width(), kCropCaptionH), caption, reportFont(7, true));
    const double w = (cell.width() - 2 * kCropGap) / 3;
    const double h = kRegionRowH - kCropCaptionH - kCropLabelH - 6;
    const int pw = pixelsFor(w, opt.imageDpi), ph = pixelsFor(h, opt.imageDpi);
    const double top = cell.top() + kCropCaptionH + 1;
    const char *labels[3] = {"A", "B", "diff"};
    for (int i = 0; i < 3; ++i) {
        const QRectF box(cell.left() + i * (w + kCropGap), top, w, h);
        cv.box(box, QColor(244, 244, 244));
        QRectF drawn;
        const PairLayer layer = i == 0 ? PairLayer::A : i == 1 ? PairLayer::B : PairLayer::Diff;
        const Rect &inner = i < 2 ? rv.native : rv.analysis;
        const Size2 size = layerSize(p, layer);
        if (size.width > 0) {
            const Rect crop = padded(inner, size.width, size.height);
            const QImage pixels = layerCrop(p, layer, crop, pw, ph);
            if (!pixels.isNull()) {
                drawn = i < 2 ? cv.photo(box, pixels, p.quality) : cv.lossless(box, pixels);
                outline(cv, drawn, crop, inner);
            }
        }
        cv.text(QRectF(box.left(), box.bottom() + 1, box.width(), kCropLabelH), QString::fromLatin1(labels[i]),
                reportFont(6.5), Qt::AlignHCenter | Qt::AlignVCenter, QColor(100, 100, 100));
    }
}

} // namespace

std::vector<RegionView> regionViews(const PairContent &p, int limit)
{
    std::vector<RegionView> out;
    const CompareResult *r = p.result;
    if (!r || !r->ok || r->layoutDiffers || limit <= 0)
        return out;
    std::vector<Region> sorted = r->job.regions;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Region &a, const Region &b) { return a.pixels > b.pixels; });
    const int aw = r->job.diff.isNull() ? r->a.width : r->job.diff.width();
    const int ah = r->job.diff.isNull() ? r->a.height : r->job.diff.height();
    const double sx = aw > 0 ? double(r->a.width) / aw : 1.0, sy = ah > 0 ? double(r->a.height) / ah : 1.0;
    for (size_t i = 0; i < sorted.size() && int(i) < limit; ++i) {
        RegionView v;
        v.number = int(i) + 1;
        v.analysis = sorted[i].box;
        v.native = (sx == 1.0 && sy == 1.0) ? sorted[i].box : scaled(sorted[i].box, sx, sy);
        v.pixels = sorted[i].pixels;
        out.push_back(v);
    }
    return out;
}

void drawRegionOutlines(PdfCanvas &cv, const QRectF &drawn, int diffW, int diffH, const std::vector<RegionView> &rs)
{
    if (drawn.isEmpty() || diffW <= 0 || diffH <= 0)
        return;
    const double sx = drawn.width() / diffW, sy = drawn.height() / diffH;
    QPainter &pa = cv.painter();
    for (const RegionView &rv : rs) {
        const QRectF r(drawn.left() + rv.analysis.x * sx, drawn.top() + rv.analysis.y * sy,
                       std::max(1.5, rv.analysis.width * sx), std::max(1.5, rv.analysis.height * sy));
        pa.setPen(QPen(QColor(30, 90, 200), 0.7));
        pa.setBrush(Qt::NoBrush);
        pa.drawRect(r.adjusted(-1, -1, 1, 1));
        cv.text(QRectF(r.left(), r.top() - 8, 24, 7), QString::number(rv.number), reportFont(5.5, true),
                Qt::AlignLeft | Qt::AlignBottom, QColor(30, 90, 200));
    }
}

void drawRegionsBlock(PdfCanvas &cv, const PairContent &p, const ReportOptions &opt,
                      const std::vector<RegionView> &rs, size_t first, size_t count, double y)
{
    const QRectF c = cv.content();
    const int total = p.summary.regionCount;
    QString head;
    if (count == 0 && first == 0)
        head = total > 0 ? QStringLiteral("Regions: %1 (not shown)").arg(total) : QStringLiteral("Regions: none");
    else if (count == 0)
        head = QStringLiteral("Regions: no further regions (the pair changed since it was reviewed)");
    else
        head = QStringLiteral("Regions %1\u2013%2 of %3, largest first%4")
                   .arg(first + 1)
                   .arg(first + count)
                   .arg(total)
                   .arg(int(rs.size()) < total ? QStringLiteral(" (%1 shown in this report)").arg(rs.size())
                                               : QString());
    cv.text(QRectF(c.left(), y, c.width(), kRegionsHeaderH - 4), head, reportFont(9, true));
    y += kRegionsHeaderH;
    const double cellW = (c.width() - 16) / kRegionsPerRow;
    for (size_t i = 0; i < count; ++i) {
        const size_t row = i / kRegionsPerRow, col = i % kRegionsPerRow;
        const QRectF cell(c.left() + col * (cellW + 16), y + row * kRegionRowH, cellW, kRegionRowH - 4);
        drawOne(cv, p, opt, rs[first + i], cell);
    }
}

} // namespace difflens::report::detail

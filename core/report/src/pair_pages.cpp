#include "pair_images.h"
#include "pair_regions.h"
#include "print_images.h"
#include "report_pages.h"

#include <cmath>

namespace difflens::report::detail {

namespace {

using review::PairStatus;

constexpr double kHeaderH = 44, kImageRowH = 205, kCaptionH = 12, kMetricsH = 104, kLineH = 10;
constexpr double kLegendW = 46;

QString sizeText(int w, int h)
{
    return w > 0 ? QStringLiteral("%1\u00d7%2").arg(w).arg(h) : QStringLiteral("absent");
}

double halfWidth(const QRectF &c)
{
    return (c.width() - 12) / 2;
}

void frame(PdfCanvas &cv, const QRectF &r)
{
    if (!r.isEmpty())
        cv.box(r, Qt::transparent, QColor(190, 190, 190));
}

void placeholder(PdfCanvas &cv, const QRectF &box, const QString &text)
{
    cv.box(box, QColor(246, 246, 246), QColor(220, 220, 220));
    cv.paragraph(box.adjusted(10, 10, -10, -10), text, reportFont(8.5), QColor(100, 100, 100));
}

void drawHeader(PdfCanvas &cv, const PairContent &p, double y, bool continued)
{
    const QRectF c = cv.content();
    const QString title = continued ? p.name + QStringLiteral(" (continued)") : p.name;
    cv.text(QRectF(c.left(), y, c.width() - 112, 20), title, reportFont(continued ? 11 : 13, true),
            Qt::AlignLeft | Qt::AlignVCenter, Qt::black, Qt::ElideMiddle);
    const QRectF badge(c.right() - 104, y + 1, 104, 18);
    cv.painter().setPen(Qt::NoPen);
    cv.painter().setBrush(statusColor(p.summary.status));
    cv.painter().drawRoundedRect(badge, 4, 4);
    cv.painter().setBrush(Qt::NoBrush);
    cv.text(badge, statusLabel(p.summary.status), reportFont(8.5, true), Qt::AlignCenter, Qt::white);
    if (continued)
        return;
    const double hw = halfWidth(c);
    const QFont f = reportFont(7);
    cv.text(QRectF(c.left(), y + 24, hw, 11), QStringLiteral("A: ") + p.pathA, f, Qt::AlignLeft | Qt::AlignVCenter,
            QColor(90, 90, 90), Qt::ElideMiddle);
    cv.text(QRectF(c.left() + hw + 12, y + 24, hw, 11), QStringLiteral("B: ") + p.pathB, f,
            Qt::AlignLeft | Qt::AlignVCenter, QColor(90, 90, 90), Qt::ElideMiddle);
}

void drawPhotoBox(PdfCanvas &cv, const QRectF &box, const PairContent &p, PairLayer layer, int dpi,
                  const QString &missing)
{
    const QImage print = layerPrint(p, layer, pixelsFor(box.width(), dpi), pixelsFor(box.height(), dpi));
    if (print.isNull()) {
        placeholder(cv, box, missing);
        return;
    }
    frame(cv, cv.photo(box, print, p.quality));
}

void drawImagesRow(PdfCanvas &cv, const PairContent &p, const ReportOptions &opt, double y)
{
    const QRectF c = cv.content();
    const double hw = halfWidth(c), bh = kImageRowH - kCaptionH - 5;
    const QFont f = reportFont(8, true);
    const auto &s = p.summary;
    cv.text(QRectF(c.left(), y, hw, kCaptionH), QStringLiteral("A \u00b7 baseline \u00b7 ") + sizeText(s.widthA, s.heightA), f);
    cv.text(QRectF(c.left() + hw + 12, y, hw, kCaptionH),
            QStringLiteral("B \u00b7 current \u00b7 ") + sizeText(s.widthB, s.heightB), f);
    const QRectF boxA(c.left(), y + kCaptionH + 2, hw, bh), boxB(c.left() + hw + 12, y + kCaptionH + 2, hw, bh);
    drawPhotoBox(cv, boxA, p, PairLayer::A, opt.imageDpi,
                 s.status == PairStatus::Added ? QStringLiteral("Not in the baseline.") : missingSideText(p));
    drawPhotoBox(cv, boxB, p, PairLayer::B, opt.imageDpi,
                 s.status == PairStatus::Removed ? QStringLiteral("Not in the current folder.")
                                                 : missingSideText(p));
}

// Legend of a ramp: labels 0..top (linear) beside the bar.
void drawLegend(PdfCanvas &cv, const QRectF &area, double top, int decimals, bool magma)
{
    const QRectF bar(area.left() + 4, area.top() + 4, 9, area.height() - 8);
    cv.lossless(bar, legendBar(4, 128, magma));
    frame(cv, bar);
    const QFont f = reportFont(6.5);
    for (int i = 0; i <= 4; ++i) {
        const double t = 1.0 - i / 4.0;           // position on the bar, top = the peak (linear)
        const QString label = decimals ? QString::number(t * top, 'f', decimals) : QString::number(int(std::lround(t * top)));
        const double yy = bar.top() + bar.height() * i / 4.0;
        cv.text(QRectF(bar.right() + 3, yy - 5, area.width() - 16, 10), label, f, Qt::AlignLeft | Qt::AlignVCenter,
                QColor(70, 70, 70));
    }
}

void drawDiffRow(PdfCanvas &cv, const PairContent &p, const ReportOptions &opt, double y,
                 const std::vector<RegionView> &regions)
{
    const QRectF c = cv.content();
    const double hw = halfWidth(c), bh = kImageRowH - kCaptionH - 5;
    const QRectF boxD(c.left(), y + kCaptionH + 2, hw, bh);
    const QFont f = reportFont(8, true);
    const CompareResult *r = p.result;
    if (!r || !r->ok || r->layoutDiffers) {
        QString why = p.summary.status == PairStatus::LayoutChanged
                          ? QStringLiteral("The image sizes differ (A %1, B %2), so pixels were not compared.")
                                .arg(sizeText(p.summary.widthA, p.summary.heightA), sizeText(p.summary.widthB, p.summary.heightB))
                          : QStringLiteral("No pixel comparison for this pair.");
        if (!p.summary.error.empty())
            why = QString::fromStdString(p.summary.error);
        cv.text(QRectF(c.left(), y, c.width(), kCaptionH), QStringLiteral("Diff"), f);
        placeholder(cv, QRectF(c.left(), boxD.top(), c.width(), bh), why);
        return;
    }
    cv.text(QRectF(c.left(), y, hw, kCaptionH),
            QStringLiteral("Diff \u00b7 threshold %1 \u00b7 red differs, yellow anti-aliased")
                .arg(p.summary.threshold, 0, 'g', 3),
            f);
    const QImage diff = layerPrint(p, PairLayer::Diff, pixelsFor(hw, opt.imageDpi), pixelsFor(bh, opt.imageDpi));
    if (diff.isNull()) {
        placeholder(cv, boxD, QStringLiteral("No diff image."));
    } else {
        const QRectF drawn = cv.lossless(boxD, diff);
        frame(cv, drawn);
        const Size2 ds = layerSize(p, PairLayer::Diff);
        drawRegionOutlines(cv, drawn, ds.width, ds.height, regions);
    }

    // The heatmap of difflens/compare/heatmap.h: the same definition and ramp as the app's;
    // with FLIP, its error map (magma) beside it, each in half the space.
    // A streamed pair keeps the FLIP mean, not its map: the space says so.
    const bool flip = r->job.flip && (!r->job.flip->map.data.empty() || p.store);
    const double mapW = flip ? (hw - 8) / 2 : hw, legendW = flip ? kLegendW - 12 : kLegendW;
    const QRectF boxH(c.left() + hw + 12, y + kCaptionH + 2, mapW - legendW, bh);
    cv.text(QRectF(boxH.left(), y, mapW, kCaptionH),
            flip ? QStringLiteral("Heatmap \u00b7 largest |\u0394RGB|")
                 : QStringLiteral("Heatmap \u00b7 largest |\u0394RGB| per pixel, linear to the peak"),
            f);
    const int pw = pixelsFor(boxH.width(), opt.imageDpi), ph = pixelsFor(bh, opt.imageDpi);
    QImage heat;
    int peak = 0;
    heat = pairHeatmap(p, pw, ph, &peak);
    if (heat.isNull()) {
        placeholder(cv, boxH, QStringLiteral("No heatmap (images not available)."));
    } else {
        const QRectF drawn = cv.lossless(boxH, heat);
        frame(cv, drawn);
        drawLegend(cv, QRectF(boxH.right() + 2, drawn.top(), legendW - 2, drawn.height()), peak, 0, false);
    }
    if (!flip)
        return;
    const QRectF boxF(boxH.left() + mapW + 8, boxH.top(), mapW - legendW, bh);
    cv.text(QRectF(boxF.left(), y, mapW, kCaptionH),
            QStringLiteral("FLIP error \u00b7 mean %1").arg(r->job.flip->mean, 0, 'f', 4), f);
    if (r->job.flip->map.data.empty()) {
        placeholder(cv, QRectF(boxF.left(), boxF.top(), mapW, bh),
                    QStringLiteral("FLIP map not available for streamed pairs (the mean is exact)."));
        return;
    }
    const QRectF drawn = cv.lossless(boxF, flipMapImage(r->job.flip->map, pw, ph));
    frame(cv, drawn);
    drawLegend(cv, QRectF(boxF.right() + 2, drawn.top(), legendW - 2, drawn.height()), 1.0, 2, true);
}

void metricLine(PdfCanvas &cv, double x, double &y, double w, const QString &label, const QString &value)
{
    cv.text(QRectF(x, y, 92, kLineH), label, reportFont(7.5, true), Qt::AlignLeft | Qt::AlignVCenter,
            QColor(60, 60, 60));
    cv.text(QRectF(x + 94, y, w - 94, kLineH), value, reportFont(7.5));
    y += kLineH;
}

void drawMetrics(PdfCanvas &cv, const PairContent &p, double y)
{
    const QRectF c = cv.content();
    const double hw = halfWidth(c);
    cv.box(QRectF(c.left(), y + 2, c.width(), kMetricsH - 8), QColor(249, 250, 252), QColor(225, 228, 233));
    double ly = y + 6;
    const double lx = c.left() + 8, lw = hw - 12;
    for (const auto &line : metricLines(p))
        metricLine(cv, lx, ly, lw, line.first, line.second);

    const double rx = c.left() + hw + 20, rw = hw - 16;
    double ry = y + 6;
    cv.text(QRectF(rx, ry, 60, kLineH), QStringLiteral("Decision"), reportFont(7.5, true),
            Qt::AlignLeft | Qt::AlignVCenter, QColor(60, 60, 60));
    const bool decided = p.reviewed && p.decision != review::Decision::None;
    const QColor dc = p.decision == review::Decision::Approved ? QColor(46, 140, 80) : QColor(205, 45, 45);
    cv.text(QRectF(rx + 62, ry, rw - 62, kLineH),
            decided ? decisionLabel(p.decision) : QStringLiteral("not reviewed"), reportFont(8, decided),
            Qt::AlignLeft | Qt::AlignVCenter, decided ? dc : QColor(110, 110, 110));
    ry += kLineH + 2;
    cv.text(QRectF(rx, ry, 60, kLineH), QStringLiteral("Note"), reportFont(7.5, true), Qt::AlignLeft | Qt::AlignVCenter,
            QColor(60, 60, 60));
    const double noteBottom = y + kMetricsH - (p.remark.isEmpty() ? 10 : 24);
    cv.paragraph(QRectF(rx + 62, ry + 1, rw - 62, noteBottom - ry - 1),
                 p.note.isEmpty() ? QStringLiteral("\u2013") : p.note, reportFont(7.5));
    if (!p.remark.isEmpty())
        cv.paragraph(QRectF(rx, noteBottom, rw, 14), p.remark, reportFont(7), QColor(150, 60, 20));
}

} // namespace

int regionsFirstPage(const PageGeometry &g)
{
    const double used = kHeaderH + 2 * kImageRowH + kMetricsH + kRegionsHeaderH;
    return kRegionsPerRow * std::max(0, int(std::floor((g.content().height() - used) / kRegionRowH)));
}

int regionsPerNextPage(const PageGeometry &g)
{
    const double used = kContHeaderH + kRegionsHeaderH;
    return kRegionsPerRow * std::max(1, int(std::floor((g.content().height() - used) / kRegionRowH)));
}

int pairPageCount(const PageGeometry &g, int regions)
{
    const int first = regionsFirstPage(g);
    if (regions <= first)
        return 1;
    const int next = regionsPerNextPage(g);
    return 1 + (regions - first + next - 1) / next;
}

void drawPair(PdfCanvas &cv, const PairContent &p, const ReportOptions &opt)
{
    const PageGeometry &g = cv.geometry();
    const QRectF c = cv.content();
    const std::vector<RegionView> regions = regionViews(p, p.regionsPlanned);
    double y = c.top();
    drawHeader(cv, p, y, false);
    y += kHeaderH;
    drawImagesRow(cv, p, opt, y);
    y += kImageRowH;
    drawDiffRow(cv, p, opt, y, regions);
    y += kImageRowH;
    drawMetrics(cv, p, y);
    y += kMetricsH;

    const int pages = pairPageCount(g, p.regionsPlanned);
    size_t next = 0;
    for (int page = 0; page < pages; ++page) {
        if (page > 0) {
            cv.newPage();
            y = c.top();
            drawHeader(cv, p, y, true);
            y += kContHeaderH;
        }
        const size_t capacity = size_t(page == 0 ? regionsFirstPage(g) : regionsPerNextPage(g));
        const size_t count = std::min(capacity, regions.size() - std::min(regions.size(), next));
        drawRegionsBlock(cv, p, opt, regions, next, count, y);
        next += count;
    }
}

} // namespace difflens::report::detail

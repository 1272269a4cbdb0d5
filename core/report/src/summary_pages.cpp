#include "report_pages.h"

#include <QDateTime>

#include <cmath>

namespace difflens::report::detail {

namespace {

constexpr double kTitleH = 30, kSubtitleH = 16, kGap = 10, kInfoLineH = 13, kTotalsH = 40;
constexpr double kHeaderH = 16, kRowH = 13.5, kContTitleH = 26;

double firstTableTop(const PageGeometry &g, const SummaryContent &s)
{
    return g.content().top() + kTitleH + kSubtitleH + kGap + kInfoLineH * double(s.info.size()) + kGap + kTotalsH +
           kGap + 4;
}

int rowsOnFirstPage(const PageGeometry &g, const SummaryContent &s)
{
    const double space = g.content().bottom() - firstTableTop(g, s) - kHeaderH;
    return std::max(0, int(std::floor(space / kRowH)));
}

int rowsPerNextPage(const PageGeometry &g)
{
    return std::max(1, int(std::floor((g.content().height() - kContTitleH - kHeaderH) / kRowH)));
}

struct Column {
    const char *title;
    double width; // < 0: takes the remaining width
    int align;
};
const Column kColumns[] = {
    {"#", 26, Qt::AlignRight},          {"Pair", -1, Qt::AlignLeft},         {"Status", 88, Qt::AlignLeft},
    {"Mismatch", 58, Qt::AlignRight},   {"SSIM", 46, Qt::AlignRight},        {"FLIP", 40, Qt::AlignRight},
    {"Decision", 62, Qt::AlignLeft},
    {"Page", 34, Qt::AlignRight},
};
constexpr int kColumnCount = int(sizeof kColumns / sizeof kColumns[0]);

std::vector<QRectF> columnRects(const QRectF &content, double top, double height)
{
    double fixed = 0;
    for (const Column &c : kColumns)
        fixed += c.width > 0 ? c.width + 6 : 6;
    std::vector<QRectF> out;
    double x = content.left();
    for (const Column &c : kColumns) {
        const double w = c.width > 0 ? c.width : content.width() - fixed;
        out.emplace_back(x, top, w, height);
        x += w + 6;
    }
    return out;
}

void drawTableHeader(PdfCanvas &canvas, double top)
{
    const QRectF c = canvas.content();
    canvas.box(QRectF(c.left(), top, c.width(), kHeaderH), QColor(235, 238, 243));
    const std::vector<QRectF> cols = columnRects(c, top, kHeaderH);
    for (int i = 0; i < kColumnCount; ++i)
        canvas.text(cols[size_t(i)], QString::fromLatin1(kColumns[i].title), reportFont(7.5, true),
                    kColumns[i].align | Qt::AlignVCenter, QColor(40, 40, 40));
}

void drawRow(PdfCanvas &canvas, int index, const SummaryRow &row, double top)
{
    const QRectF c = canvas.content();
    if (index % 2 == 1)
        canvas.box(QRectF(c.left(), top, c.width(), kRowH), QColor(248, 249, 251));
    const std::vector<QRectF> cols = columnRects(c, top, kRowH);
    const QFont f = reportFont(7.5);
    const int v = Qt::AlignVCenter;
    canvas.text(cols[0], QString::number(index + 1), f, Qt::AlignRight | v, QColor(120, 120, 120));
    if (row.page > 0)
        canvas.link(cols[1], row.name, row.page, f, Qt::ElideMiddle);
    else
        canvas.text(cols[1], row.name, f, Qt::AlignLeft | v, Qt::black, Qt::ElideMiddle);
    canvas.box(QRectF(cols[2].left(), top + 3.5, 6, 6), statusColor(row.status));
    canvas.text(cols[2].adjusted(9, 0, 0, 0), statusLabel(row.status), f, Qt::AlignLeft | v);
    const bool compared = row.status == review::PairStatus::Different ||
                          row.status == review::PairStatus::WithinTolerance ||
                          row.status == review::PairStatus::Identical;
    canvas.text(cols[3], compared ? percentText(row.mismatchPercent) : QStringLiteral("\u2013"), f,
                Qt::AlignRight | v);
    canvas.text(cols[4], row.ssim >= 0 ? QString::number(row.ssim, 'f', 4) : QStringLiteral("\u2013"), f,
                Qt::AlignRight | v);
    canvas.text(cols[5], row.flip >= 0 ? QString::number(row.flip, 'f', 4) : QStringLiteral("\u2013"), f,
                Qt::AlignRight | v);
    canvas.text(cols[6], row.decision.isEmpty() ? QStringLiteral("\u2013") : row.decision, f, Qt::AlignLeft | v);
    if (row.page > 0)
        canvas.link(cols[7], QString::number(row.page), row.page, f);
    else
        canvas.text(cols[7], QStringLiteral("\u2013"), f, Qt::AlignRight | v, QColor(140, 140, 140));
}

void drawTotals(PdfCanvas &canvas, const review::StatusCounts &counts, double top)
{
    const QRectF c = canvas.content();
    const double gap = 6;
    const double w = (c.width() - gap * (review::kPairStatusCount - 1)) / review::kPairStatusCount;
    for (int i = 0; i < review::kPairStatusCount; ++i) {
        const auto s = review::PairStatus(i);
        const QRectF r(c.left() + i * (w + gap), top, w, kTotalsH);
        canvas.box(r, QColor(250, 250, 250), QColor(215, 215, 215));
        canvas.box(QRectF(r.left(), r.top(), 3, r.height()), statusColor(s));
        canvas.text(QRectF(r.left() + 8, r.top() + 3, r.width() - 10, 20), QString::number(counts.of(s)),
                    reportFont(14, true), Qt::AlignLeft | Qt::AlignVCenter,
                    counts.of(s) ? Qt::black : QColor(170, 170, 170));
        canvas.text(QRectF(r.left() + 8, r.top() + 23, r.width() - 10, 12), statusLabel(s), reportFont(7),
                    Qt::AlignLeft | Qt::AlignVCenter, QColor(90, 90, 90));
    }
}

} // namespace

int summaryPageCount(const PageGeometry &g, const SummaryContent &s)
{
    const int rows = int(s.rows.size());
    const int first = rowsOnFirstPage(g, s);
    if (rows <= first)
        return 1;
    const int next = rowsPerNextPage(g);
    return 1 + (rows - first + next - 1) / next;
}

void drawSummary(PdfCanvas &canvas, const SummaryContent &s)
{
    const PageGeometry &g = canvas.geometry();
    const QRectF c = canvas.content();
    double y = c.top();
    canvas.text(QRectF(c.left(), y, c.width(), kTitleH), s.title, reportFont(20, true));
    y += kTitleH;
    canvas.text(QRectF(c.left(), y, c.width(), kSubtitleH), QString::fromStdString(s.counts.toText()), reportFont(9),
                Qt::AlignLeft | Qt::AlignVCenter, QColor(80, 80, 80));
    y += kSubtitleH + kGap;
    for (const auto &line : s.info) {
        canvas.text(QRectF(c.left(), y, 110, kInfoLineH), line.first, reportFont(8, true));
        canvas.text(QRectF(c.left() + 114, y, c.width() - 114, kInfoLineH), line.second, reportFont(8),
                    Qt::AlignLeft | Qt::AlignVCenter, Qt::black, Qt::ElideMiddle);
        y += kInfoLineH;
    }
    y += kGap;
    drawTotals(canvas, s.counts, y);

    double top = firstTableTop(g, s);
    drawTableHeader(canvas, top);
    top += kHeaderH;
    int onPage = 0, capacity = rowsOnFirstPage(g, s);
    for (size_t i = 0; i < s.rows.size(); ++i) {
        if (onPage == capacity) {
            canvas.newPage();
            canvas.text(QRectF(c.left(), c.top(), c.width(), kContTitleH - 6),
                        QStringLiteral("Pairs (continued)"), reportFont(12, true));
            top = c.top() + kContTitleH;
            drawTableHeader(canvas, top);
            top += kHeaderH;
            onPage = 0;
            capacity = rowsPerNextPage(g);
        }
        drawRow(canvas, int(i), s.rows[i], top);
        top += kRowH;
        ++onPage;
    }
}

} // namespace difflens::report::detail

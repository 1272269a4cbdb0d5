// The shared look and wording of reports: status colours and labels, percentages, the pair
// summary of a result and the metric lines (report_pages.h).
#include "report_pages.h"

#include <QLocale>

#include <cmath>

namespace difflens::report::detail {

using review::PairStatus;

QColor statusColor(PairStatus s)
{
    switch (s) {
    case PairStatus::Identical: return QColor(46, 140, 80);
    case PairStatus::WithinTolerance: return QColor(40, 150, 160);
    case PairStatus::Different: return QColor(205, 45, 45);
    case PairStatus::LayoutChanged: return QColor(140, 70, 180);
    case PairStatus::Removed: return QColor(200, 120, 30);
    case PairStatus::Added: return QColor(40, 100, 200);
    case PairStatus::Error: return QColor(90, 90, 90);
    }
    return Qt::gray;
}

QString statusLabel(PairStatus s)
{
    return QString::fromLatin1(review::toString(s));
}

QString decisionLabel(review::Decision d)
{
    return d == review::Decision::None ? QString() : QString::fromLatin1(review::toString(d));
}

QString percentText(double percent)
{
    if (percent > 0 && percent < 0.01)
        return QStringLiteral("<0.01 %");
    return QString::number(percent, 'f', 2) + QStringLiteral(" %");
}

PairStatus statusOf(const CompareResult &r)
{
    if (!r.ok)
        return PairStatus::Error;
    if (r.layoutDiffers)
        return PairStatus::LayoutChanged;
    if (r.identical)
        return PairStatus::Identical;
    return r.job.counts.mismatched > 0 ? PairStatus::Different : PairStatus::WithinTolerance;
}

review::PairSummary summaryOf(const CompareResult &r, double threshold)
{
    review::PairSummary s;
    s.status = statusOf(r);
    s.error = r.ok ? std::string() : r.errorMessage();
    s.widthA = r.a.width;
    s.heightA = r.a.height;
    s.widthB = r.b.width;
    s.heightB = r.b.height;
    s.mismatched = r.job.counts.mismatched;
    s.antiAliased = r.job.counts.antiAliased;
    s.shiftTolerated = r.job.counts.shiftTolerated;
    s.flipMean = r.job.flip ? r.job.flip->mean : -1;
    s.exactDiffering = r.exactDiffering;
    s.totalPixels = r.job.totalPixels;
    s.ssim = r.job.ssim ? r.job.ssim->mean : -1;
    s.threshold = threshold;
    s.regionCount = int(r.job.regions.size());
    return s;
}

std::vector<std::pair<QString, QString>> metricLines(const PairContent &p)
{
    const auto &s = p.summary;
    const CompareResult *r = p.result;
    const auto px = [](int64_t n) { return QString::number(qlonglong(n)) + QStringLiteral(" px"); };
    std::vector<std::pair<QString, QString>> out;
    if (s.status == PairStatus::Added || s.status == PairStatus::Removed || s.status == PairStatus::Error) {
        out.emplace_back(QStringLiteral("Compared"), s.status == PairStatus::Error
                                                         ? QStringLiteral("no: ") + QString::fromStdString(s.error)
                                                         : QStringLiteral("no: the image is on one side only"));
        return out;
    }
    out.emplace_back(QStringLiteral("Mismatched"),
                     QStringLiteral("%1 \u00b7 %2 of %3 px")
                         .arg(px(s.mismatched), percentText(s.mismatchPercent()), QString::number(qlonglong(s.totalPixels))));
    QString aa = px(s.antiAliased);
    const int64_t shifted = s.shiftTolerated;
    if (shifted > 0)
        aa += QStringLiteral(" \u00b7 %1 shift-tolerated").arg(px(shifted));
    out.emplace_back(shifted > 0 ? QStringLiteral("Anti-aliased \u00b7 shift") : QStringLiteral("Anti-aliased"), aa);
    out.emplace_back(QStringLiteral("Exact differing"), px(s.exactDiffering));
    out.emplace_back(QStringLiteral("SSIM"), s.ssim >= 0 ? QString::number(s.ssim, 'f', 5) : QStringLiteral("not computed"));
    if (r && r->ok && r->job.flip) {
        const FlipResult &f = *r->job.flip;
        out.emplace_back(QStringLiteral("FLIP"), QStringLiteral("mean %1 \u00b7 max %2 \u00b7 %3 ppd")
                                                     .arg(f.mean, 0, 'f', 5)
                                                     .arg(f.max, 0, 'f', 3)
                                                     .arg(f.ppd, 0, 'f', 0));
    } else if (s.flipMean >= 0) {
        out.emplace_back(QStringLiteral("FLIP"), QStringLiteral("mean %1 (stored)").arg(s.flipMean, 0, 'f', 5));
    }
    if (r && r->ok && !r->layoutDiffers) {
        const ExactStats &e = r->job.stats;
        out.emplace_back(QStringLiteral("MAE \u00b7 RMSE \u00b7 PSNR"),
                         QStringLiteral("%1 \u00b7 %2 \u00b7 %3")
                             .arg(e.mae, 0, 'f', 3)
                             .arg(e.rmse, 0, 'f', 3)
                             .arg(std::isfinite(e.psnr) ? QString::number(e.psnr, 'f', 2) + QStringLiteral(" dB")
                                                        : QStringLiteral("\u221e")));
    }
    out.emplace_back(QStringLiteral("Regions"), QString::number(s.regionCount));
    if (r && r->ok) {
        const PlanInfo &pl = r->job.plan;
        out.emplace_back(QStringLiteral("Plan"), QStringLiteral("%1 \u00b7 %2 \u00b7 %3 tier \u00b7 %4 tile%5")
                                                     .arg(QString::fromStdString(pl.device), QString::fromStdString(pl.backend),
                                                          QString::fromLatin1(toString(pl.tier)))
                                                     .arg(pl.tileCount)
                                                     .arg(pl.tileCount == 1 ? "" : "s"));
        out.emplace_back(QStringLiteral("Time"), QStringLiteral("decode %1 ms \u00b7 compare %2 ms")
                                                     .arg(r->timings.decodeMs, 0, 'f', 0)
                                                     .arg(r->timings.compareMs, 0, 'f', 0));
    }
    return out;
}

} // namespace difflens::report::detail

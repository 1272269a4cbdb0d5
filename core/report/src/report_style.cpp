#include "report_pages.h"

#include <QLocale>

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
    s.exactDiffering = r.exactDiffering;
    s.totalPixels = r.job.totalPixels;
    s.ssim = r.job.ssim ? r.job.ssim->mean : -1;
    s.threshold = threshold;
    s.regionCount = int(r.job.regions.size());
    return s;
}

} // namespace difflens::report::detail

// Single-pair reports: the content of one comparison (report_content.h) and its PDF form
// (writeSingleReport).
#include "report_content.h"
#include "report_render.h"

#include "difflens/compare/load.h"

#include <QFileInfo>

namespace difflens::report {

using namespace detail;

namespace {

std::shared_ptr<const Image> imageOrDecode(const std::shared_ptr<const Image> &kept, const std::string &path)
{
    if (kept || path.empty())
        return kept;
    LoadedImage d = loadImageFile(path, CompareOptions().maxPixels);
    if (!d.ok)
        return nullptr;
    return std::make_shared<const Image>(std::move(d.image));
}

QString imageLine(const ImageInfo &info)
{
    QString s = QString::fromStdString(info.path);
    if (info.width > 0)
        s += QStringLiteral(" \u00b7 %1\u00d7%2 \u00b7 %3 channel%4, %5 bit")
                 .arg(info.width)
                 .arg(info.height)
                 .arg(info.channels)
                 .arg(info.channels == 1 ? "" : "s")
                 .arg(info.depth);
    return s;
}

QString ignoreText(const std::vector<Rect> &ignore)
{
    if (ignore.empty())
        return QStringLiteral("none");
    QString s = QString::number(ignore.size()) + QStringLiteral(": ");
    for (size_t i = 0; i < ignore.size(); ++i) {
        const Rect &r = ignore[i];
        s += (i ? QStringLiteral("; ") : QString()) +
             QStringLiteral("x %1, y %2, %3\u00d7%4").arg(r.x).arg(r.y).arg(r.width).arg(r.height);
    }
    return s;
}

QString planText(const CompareResult &r, const CompareOptions &used)
{
    QString s = QStringLiteral("requested %1 device, %2 tier")
                    .arg(QString::fromLatin1(toString(used.job.device)), QString::fromLatin1(toString(used.job.tier)));
    if (!r.ok)
        return s;
    const PlanInfo &p = r.job.plan;
    return s + QStringLiteral(" \u00b7 used %1, %2, %3 tier, %4 tile%5")
                   .arg(QString::fromStdString(p.device), QString::fromStdString(p.backend),
                        QString::fromLatin1(toString(p.tier)))
                   .arg(p.tileCount)
                   .arg(p.tileCount == 1 ? "" : "s");
}

QString metricsText(const JobOptions &job)
{
    QString s = QStringLiteral("pixel");
    if (job.computeSsim)
        s += QStringLiteral(", SSIM");
    if (job.computeFlip)
        s += QStringLiteral(", FLIP (LDR-FLIP 1.6, %1 pixels per degree)").arg(job.flip.ppd, 0, 'f', 1);
    if (job.pixelmatch.shift > 0)
        s += QStringLiteral("; shift tolerance %1 px").arg(job.pixelmatch.shift);
    return s;
}

} // namespace

namespace detail {

void singleContent(const CompareResult &result, const CompareOptions &used, const ReportOptions &opt,
                   SummaryContent &summary, PairContent &pair, const std::shared_ptr<const LayerStore> &store)
{
    pair = PairContent();
    pair.pathA = QString::fromStdString(result.a.path);
    pair.pathB = QString::fromStdString(result.b.path);
    pair.name = QFileInfo(pair.pathA).fileName() + QStringLiteral(" vs ") + QFileInfo(pair.pathB).fileName();
    pair.summary = summaryOf(result, used.job.pixelmatch.threshold);
    pair.summary.relPath = pair.name.toStdString();
    pair.result = &result;
    pair.store = store;
    if (!store) {
        pair.imageA = imageOrDecode(result.imageA, result.a.path);
        pair.imageB = imageOrDecode(result.imageB, result.b.path);
    }
    pair.quality = opt.jpegQuality > 0 ? opt.jpegQuality : jpegQualityForTier(result.ok ? result.job.plan.tier : Tier::High);
    pair.regionsPlanned = std::min(int(result.job.regions.size()), std::max(0, opt.maxRegionsPerPair));

    summary = SummaryContent();
    summary.title = QString::fromStdString(opt.title);
    summary.counts.add(pair.summary.status);
    summary.info = {
        {QStringLiteral("Date"), nowText()},
        {QStringLiteral("Tool"), toolText()},
        {QStringLiteral("Image A (baseline)"), imageLine(result.a)},
        {QStringLiteral("Image B (current)"), imageLine(result.b)},
        {QStringLiteral("Threshold"), QString::number(used.job.pixelmatch.threshold, 'g', 4)},
        {QStringLiteral("Anti-aliasing"), used.job.pixelmatch.includeAA
                                              ? QStringLiteral("counted as differences")
                                              : QStringLiteral("detected and not counted")},
        {QStringLiteral("Metrics"), metricsText(used.job)},
        {QStringLiteral("Ignore regions"), ignoreText(used.job.ignore)},
        {QStringLiteral("Device and tier"), planText(result, used)},
        {QStringLiteral("Images"), imagesText(opt, pair.quality)},
    };
    SummaryRow row;
    row.name = pair.name;
    row.status = pair.summary.status;
    row.mismatchPercent = pair.summary.mismatchPercent();
    row.ssim = pair.summary.ssim;
    row.flip = pair.summary.flipMean;
    row.page = 1;
    summary.rows.push_back(row);
}

} // namespace detail

ReportResult writeSingleReport(const CompareResult &result, const CompareOptions &used, const ReportOptions &opt,
                               const std::string &outPath)
{
    return writeSingleReport(result, nullptr, used, opt, outPath);
}

ReportResult writeSingleReport(const CompareResult &result, const std::shared_ptr<const LayerStore> &store,
                               const CompareOptions &used, const ReportOptions &opt, const std::string &outPath)
{
    if (store && !store->complete()) {
        ReportResult r;
        r.error = "the streamed comparison of the pair is not complete";
        return r;
    }
    SummaryContent summary;
    PairContent pair;
    singleContent(result, used, opt, summary, pair, store);
    const PageGeometry g = geometryFor(opt.pageSize);
    summary.rows.front().page = summaryPageCount(g, summary) + 1;
    const int total = summaryPageCount(g, summary) + pairPageCount(g, pair.regionsPlanned);

    return renderReport(outPath, opt, summary, total, [&pair, &opt](PdfCanvas &cv, ReportResult &res, std::string &) {
        cv.newPage();
        drawPair(cv, pair, opt);
        res.pairPages = 1;
        return true;
    });
}

} // namespace difflens::report

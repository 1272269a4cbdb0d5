// Session reports: the content of a review session or folder compare (report_content.h) and
// its PDF form (writeSessionReport).
#include "report_content.h"
#include "report_render.h"

#include "difflens/compare/comparison.h"
#include "difflens/compare/load.h"
#include "difflens/compare/review/config.h"
#include "difflens/report/pair_layers.h"

#include <QDir>
#include <QFileInfo>

namespace difflens::report {

using namespace detail;
using review::PairStatus;

namespace {

std::string joinPath(const std::string &root, const std::string &rel)
{
    return QDir(QString::fromStdString(root)).filePath(QString::fromStdString(rel)).toStdString();
}

// The long edge of the reduced copy of an added or removed file too large to decode whole:
// twice the printed width of an A4 page image at 150 dpi.
constexpr int kPreviewEdge = 2048;

// An added or removed file for its page: decoded whole, or (too large for that) a reduced
// copy read row by row, with a remark saying so.
std::shared_ptr<const Image> loadOrNull(const std::string &path, int64_t memoryBudget, QString &remark)
{
    const int64_t maxPixels = CompareOptions().maxPixels;
    LoadedImage d = wantsStreamedImage(path, memoryBudget) ? loadImagePreview(path, kPreviewEdge, maxPixels)
                                                           : loadImageFile(path, maxPixels);
    if (!d.ok)
        return nullptr;
    if (d.image.width() != d.info.width || d.image.height() != d.info.height)
        remark = QStringLiteral("%1 is %2\u00d7%3: shown reduced to %4\u00d7%5 (read row by row, never decoded whole).")
                     .arg(QString::fromStdString(path))
                     .arg(d.info.width)
                     .arg(d.info.height)
                     .arg(d.image.width())
                     .arg(d.image.height());
    return std::make_shared<const Image>(std::move(d.image));
}

bool comparesPixels(PairStatus s)
{
    return s == PairStatus::Identical || s == PairStatus::WithinTolerance || s == PairStatus::Different ||
           s == PairStatus::LayoutChanged;
}

QString rulesText(const review::ReviewConfig &config)
{
    const review::EffectiveRules d = config.rulesFor(std::string());
    QString s = QStringLiteral("threshold %1, anti-aliasing %2, SSIM %3, %4 ignore region%5")
                    .arg(d.threshold, 0, 'g', 4)
                    .arg(d.includeAA ? QStringLiteral("counted") : QStringLiteral("not counted"))
                    .arg(d.ssim ? QStringLiteral("on") : QStringLiteral("off"))
                    .arg(d.ignore.size())
                    .arg(d.ignore.size() == 1 ? "" : "s");
    const size_t overrides = config.folders.size() + config.files.size();
    if (overrides)
        s += QStringLiteral(" \u00b7 %1 folder/file override%2").arg(overrides).arg(overrides == 1 ? "" : "s");
    return s;
}

} // namespace

bool loadSessionInput(const std::string &path, SessionReportInput &out, std::string &error)
{
    SessionReportInput in;
    if (!in.session.load(path, error)) {
        error = path + ": " + error;
        return false;
    }
    // Roots written relative to where the review ran: try the current folder, then the file's.
    const QDir fileDir = QFileInfo(QString::fromStdString(path)).absoluteDir();
    for (std::string *root : {&in.session.baselineRoot, &in.session.currentRoot}) {
        const QString r = QString::fromStdString(*root);
        if (!r.isEmpty() && QFileInfo(r).isRelative() && !QFileInfo::exists(r) && fileDir.exists(r))
            *root = fileDir.filePath(r).toStdString();
    }
    in.source = path;
    out = std::move(in);
    return true;
}

namespace detail {

int plannedRegions(const review::PairSummary &s, const ReportOptions &opt)
{
    if (s.status != PairStatus::Different && s.status != PairStatus::WithinTolerance)
        return 0;
    return std::min(s.regionCount, std::max(0, opt.maxRegionsPerPair));
}

PairContent sessionPair(const SessionReportInput &in, const review::ReviewConfig &config,
                        const review::ReviewEntry &entry, const ReportOptions &opt,
                        std::shared_ptr<const CompareResult> &compared)
{
    const review::PairSummary &stored = entry.summary;
    PairContent p;
    p.name = QString::fromStdString(stored.relPath);
    const std::string pathA = joinPath(in.session.baselineRoot, stored.relPath);
    const std::string pathB = joinPath(in.session.currentRoot, stored.relPath);
    p.pathA = QString::fromStdString(pathA);
    p.pathB = QString::fromStdString(pathB);
    p.summary = stored;
    p.reviewed = true;
    p.decision = entry.decision;
    p.note = QString::fromStdString(entry.note);
    p.regionsPlanned = plannedRegions(stored, opt);
    p.quality = opt.jpegQuality > 0 ? opt.jpegQuality : jpegQualityForTier(Tier::High);

    compared.reset();
    if (comparesPixels(stored.status)) {
        CompareOptions co = opt.compare;
        const review::EffectiveRules rules = config.rulesFor(stored.relPath);
        rules.applyTo(co);
        co.failOnLayout = false;
        co.diffImagePath.clear();
        co.job.computeFlip = co.job.computeFlip || stored.flipMean >= 0; // FLIP when it was computed
        if (wantsStreamedReport(pathA, pathB, co.job.memoryBudget)) {
            // Too large to decode whole: one streamed pass gives the exact result and the
            // display layers (full-resolution tiles when regions are cropped).
            std::shared_ptr<LayerStore> store;
            compared = std::make_shared<const CompareResult>(compareForReport(pathA, pathB, co, p.regionsPlanned > 0, store));
            p.store = store;
        } else {
            co.keepImages = true;
            co.job.wantDiffImage = true;
            co.job.flip.wantMap = co.job.computeFlip; // its map beside the heatmap
            const ComparisonPtr c = compareDirect(pathA, pathB, co);
            compared = c ? c->result : nullptr;
        }
        const CompareResult &result = compared ? *compared : resultOrError(nullptr);
        if (result.ok) {
            p.result = compared.get();
            p.imageA = result.imageA;
            p.imageB = result.imageB;
            p.summary = summaryOf(result, rules.threshold);
            p.summary.relPath = stored.relPath;
            if (opt.jpegQuality <= 0)
                p.quality = jpegQualityForTier(result.job.plan.tier);
            if (p.summary.status != stored.status || p.summary.mismatched != stored.mismatched)
                p.remark = QStringLiteral("Compared again for this report: %1, %2 mismatched (stored: %3, %4). "
                                          "The files changed since the review.")
                               .arg(statusLabel(p.summary.status), percentText(p.summary.mismatchPercent()),
                                    statusLabel(stored.status), percentText(stored.mismatchPercent()));
        } else {
            p.remark = QStringLiteral("Could not be compared again: ") + QString::fromStdString(result.errorMessage());
        }
    } else {
        const int64_t budget = opt.compare.job.memoryBudget;
        QString remarkA, remarkB;
        if (stored.status != PairStatus::Added)
            p.imageA = loadOrNull(pathA, budget, remarkA);
        if (stored.status != PairStatus::Removed)
            p.imageB = loadOrNull(pathB, budget, remarkB);
        p.remark = (remarkA + QLatin1Char(' ') + remarkB).trimmed();
    }
    return p;
}

bool sessionContent(const SessionReportInput &in, const ReportOptions &opt, SessionContent &out, std::string &error)
{
    review::ReviewConfig &config = out.config;
    const bool configOk = in.config ? (config = *in.config, true)
                          : in.configPath.empty() ? config.loadFromRoot(in.session.baselineRoot, error)
                                                  : config.loadFile(in.configPath, error);
    if (!configOk)
        return false;

    SummaryContent &summary = out.summary;
    summary.title = QString::fromStdString(opt.title);
    summary.counts = in.session.counts();
    summary.info = {
        {QStringLiteral("Date"), nowText()},
        {QStringLiteral("Tool"), toolText()},
        {QStringLiteral("Source"), QString::fromStdString(in.source)},
        {QStringLiteral("Baseline folder"), QString::fromStdString(in.session.baselineRoot)},
        {QStringLiteral("Current folder"), QString::fromStdString(in.session.currentRoot)},
        {QStringLiteral("Reviewed"), in.session.createdAt.empty() ? QStringLiteral("\u2013")
                                                                  : QString::fromStdString(in.session.createdAt)},
        {QStringLiteral("Options"), rulesText(config)},
        {QStringLiteral("Device and tier"),
         QStringLiteral("requested %1 device, %2 tier; each pair's plan is on its page")
             .arg(QString::fromLatin1(toString(opt.compare.job.device)),
                  QString::fromLatin1(toString(opt.compare.job.tier)))},
        {QStringLiteral("Pair pages"), opt.failuresOnly ? QStringLiteral("failing pairs only")
                                                        : QStringLiteral("every pair")},
        {QStringLiteral("Images"), imagesText(opt, opt.jpegQuality)},
    };
    for (const auto &kv : in.session.entries) {
        const review::ReviewEntry &e = kv.second;
        SummaryRow row;
        row.name = QString::fromStdString(e.summary.relPath);
        row.status = e.summary.status;
        row.mismatchPercent = e.summary.mismatchPercent();
        row.ssim = e.summary.ssim;
        row.flip = e.summary.flipMean;
        row.decision = decisionLabel(e.decision);
        row.page = (!opt.failuresOnly || review::isFailure(e.summary.status)) ? 1 : 0;
        summary.rows.push_back(row);
        if (row.page)
            out.withPage.push_back(&e);
    }
    return true;
}

} // namespace detail

ReportResult writeSessionReport(const SessionReportInput &in, const ReportOptions &opt, const std::string &outPath)
{
    auto content = std::make_shared<SessionContent>();
    std::string error;
    if (!sessionContent(in, opt, *content, error)) {
        ReportResult res;
        res.error = error;
        return res;
    }
    SummaryContent &summary = content->summary;
    const PageGeometry g = geometryFor(opt.pageSize);
    int page = summaryPageCount(g, summary) + 1;
    size_t next = 0;
    for (SummaryRow &row : summary.rows) {
        if (row.page == 0)
            continue;
        row.page = page;
        page += pairPageCount(g, plannedRegions(content->withPage[next++]->summary, opt));
    }
    const int total = page - 1;

    return renderReport(outPath, opt, summary, total,
                        [&in, content, &opt](PdfCanvas &cv, ReportResult &res, std::string &err) {
                            int done = 0;
                            for (const review::ReviewEntry *e : content->withPage) {
                                if (opt.isCanceled && opt.isCanceled()) {
                                    err = "canceled";
                                    return false;
                                }
                                cv.newPage();
                                std::shared_ptr<const CompareResult> result; // released after each pair
                                drawPair(cv, sessionPair(in, content->config, *e, opt, result), opt);
                                ++res.pairPages;
                                if (opt.progress)
                                    opt.progress(++done, int(content->withPage.size()), e->summary.relPath);
                            }
                            return true;
                        });
}

} // namespace difflens::report

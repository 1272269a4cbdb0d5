// The HTML report (report.h: writeSingleHtmlReport, writeSessionHtmlReport): the folder,
// index.html with the summary, the status filter and the pairs table, and the two entry points.
#include "html_assets.h"
#include "html_writer.h"
#include "report_content.h"
#include "report_render.h"

#include "difflens/compare/savefile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

namespace difflens::report {

using namespace detail;

namespace detail {

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString numberOr(double v, int decimals)
{
    return v >= 0 ? QString::number(v, 'f', decimals) : QStringLiteral("\u2013");
}

bool compared(review::PairStatus s)
{
    return s == review::PairStatus::Different || s == review::PairStatus::WithinTolerance ||
           s == review::PairStatus::Identical;
}

QString filterBar(const SummaryContent &s)
{
    QString h = QStringLiteral("<div class=\"bar\" role=\"toolbar\">");
    for (int i = 0; i < review::kPairStatusCount; ++i) {
        const auto st = review::PairStatus(i);
        const qint64 n = s.counts.of(st);
        h += QStringLiteral("<label class=\"chip%1\" style=\"--c:%2\"><input type=\"checkbox\" value=\"%3\" checked>"
                            "<b>%4</b> %3</label>")
                 .arg(n ? QString() : QStringLiteral(" zero"), statusColor(st).name(), statusLabel(st),
                      QString::number(n));
    }
    h += QStringLiteral("<input type=\"search\" id=\"filter\" placeholder=\"Filter by name\" aria-label=\"filter by name\">"
                        "<span class=\"keys\"><kbd>J</kbd>/<kbd>K</kbd> next/previous pair, <kbd>1</kbd>\u2013<kbd>4</kbd> "
                        "views</span><span class=\"shown\" id=\"shown\"></span></div>");
    return h;
}

QString pairsTable(const SummaryContent &s)
{
    QString h = QStringLiteral("<table class=\"pairs\"><thead><tr><th>#</th><th>Pair</th><th>Status</th><th>Mismatch</th>"
                               "<th>SSIM</th><th>FLIP</th><th>Decision</th></tr></thead><tbody>");
    int section = 0;
    for (size_t i = 0; i < s.rows.size(); ++i) {
        const SummaryRow &r = s.rows[i];
        const QString name = r.page > 0 ? QStringLiteral("<a href=\"#p%1\">%2</a>").arg(++section).arg(esc(r.name))
                                        : esc(r.name);
        h += QStringLiteral("<tr data-status=\"%1\" data-name=\"%2\" style=\"--c:%3\"><td class=\"num\">%4</td><td>%5</td>"
                            "<td><span class=\"dot\"></span>%1</td><td class=\"num\">%6</td><td class=\"num\">%7</td>"
                            "<td class=\"num\">%8</td><td>%9</td></tr>\n")
                 .arg(statusLabel(r.status), esc(r.name), statusColor(r.status).name(), QString::number(i + 1), name,
                      compared(r.status) ? percentText(r.mismatchPercent) : QStringLiteral("\u2013"),
                      numberOr(r.ssim, 4), numberOr(r.flip, 4),
                      r.decision.isEmpty() ? QStringLiteral("\u2013") : esc(r.decision));
    }
    return h + QStringLiteral("</tbody></table>");
}

} // namespace


bool HtmlWriter::begin(std::string &error)
{
    if (m_dir.empty()) {
        error = "no output folder given";
        return false;
    }
    const QFileInfo info(QString::fromStdString(m_dir));
    if (info.exists() && !info.isDir()) {
        error = m_dir + ": is a file (an HTML report is written to a folder)";
        return false;
    }
    if (!QDir().mkpath(info.absoluteFilePath())) {
        error = m_dir + ": cannot create the folder";
        return false;
    }
    return true;
}

ReportResult HtmlWriter::finish(const SummaryContent &s)
{
    QString h = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                               "<title>%1</title><style>%2</style></head><body>\n")
                    .arg(esc(s.title), QString::fromUtf8(htmlStyle()));
    h += QStringLiteral("<header class=\"top\"><h1>%1</h1><p class=\"sub\">%2</p><dl class=\"info\">")
             .arg(esc(s.title), esc(QString::fromStdString(s.counts.toText())));
    for (const auto &line : s.info)
        h += QStringLiteral("<dt>%1</dt><dd>%2</dd>").arg(esc(line.first), esc(line.second));
    h += QStringLiteral("</dl></header>\n") + filterBar(s) + QStringLiteral("\n<main>") + pairsTable(s) + m_sections;
    h += QStringLiteral("</main>\n<script>%1</script>\n</body></html>\n").arg(QString::fromUtf8(htmlScript()));
    const QByteArray bytes = h.toUtf8();
    const std::string path = QDir(QString::fromStdString(m_dir)).filePath(QStringLiteral("index.html")).toStdString();
    std::string error;
    if (!writeFileAtomically(path, bytes, error)) {
        m_res.error = path + ": cannot write: " + error;
        return m_res;
    }
    m_res.bytes += bytes.size();
    m_res.pages = 1;
    m_res.pairsListed = int(s.rows.size());
    m_res.ok = true;
    return m_res;
}

} // namespace detail

namespace {

// The "Images" line of the summary, for the HTML form.
void setImagesLine(SummaryContent &s, const ReportOptions &opt, int quality)
{
    for (auto &line : s.info)
        if (line.first == QLatin1String("Images"))
            line.second = QStringLiteral("photos as JPEG, %1, at most %2 px on the long edge; diffs and heatmaps PNG")
                              .arg(quality > 0 ? QStringLiteral("quality %1").arg(quality)
                                               : QStringLiteral("quality by tier (High 95, Medium 85, Low 75)"))
                              .arg(htmlImageEdge(opt));
}

ReportResult failed(const std::string &error)
{
    ReportResult r;
    r.error = error;
    return r;
}

} // namespace

ReportResult writeSingleHtmlReport(const CompareResult &result, const CompareOptions &used, const ReportOptions &opt,
                                   const std::string &dir)
{
    return writeSingleHtmlReport(result, nullptr, used, opt, dir);
}

ReportResult writeSingleHtmlReport(const CompareResult &result, const std::shared_ptr<const LayerStore> &store,
                                   const CompareOptions &used, const ReportOptions &opt, const std::string &dir)
{
    if (store && !store->complete())
        return failed("the streamed comparison of the pair is not complete");
    QElapsedTimer timer;
    timer.start();
    SummaryContent summary;
    PairContent pair;
    singleContent(result, used, opt, summary, pair, store);
    setImagesLine(summary, opt, pair.quality);
    HtmlWriter writer(dir, opt);
    std::string error;
    if (!writer.begin(error) || !writer.addPair(pair, error))
        return failed(error);
    ReportResult res = writer.finish(summary);
    res.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
    return res;
}

ReportResult writeSessionHtmlReport(const SessionReportInput &in, const ReportOptions &opt, const std::string &dir)
{
    QElapsedTimer timer;
    timer.start();
    SessionContent content;
    std::string error;
    if (!sessionContent(in, opt, content, error))
        return failed(error);
    setImagesLine(content.summary, opt, opt.jpegQuality);
    HtmlWriter writer(dir, opt);
    if (!writer.begin(error))
        return failed(error);
    int done = 0;
    for (const review::ReviewEntry *e : content.withPage) {
        if (opt.isCanceled && opt.isCanceled())
            return failed("canceled");
        std::shared_ptr<const CompareResult> result; // released after each pair
        if (!writer.addPair(sessionPair(in, content.config, *e, opt, result), error))
            return failed(error);
        if (opt.progress)
            opt.progress(++done, int(content.withPage.size()), e->summary.relPath);
    }
    ReportResult res = writer.finish(content.summary);
    res.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
    return res;
}

} // namespace difflens::report

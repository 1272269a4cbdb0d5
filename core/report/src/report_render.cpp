// The frame of every PDF report (report_render.h) and the small shared helpers of report.h.
#include "report_render.h"

#include "difflens/compare/savefile.h"

#include "difflens/compare/version.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>

#include <new>

namespace difflens::report {

bool parsePageSize(const std::string &text, PageSize &out)
{
    const QString t = QString::fromStdString(text).toLower();
    if (t == QLatin1String("a4"))
        out = PageSize::A4;
    else if (t == QLatin1String("letter"))
        out = PageSize::Letter;
    else
        return false;
    return true;
}

const char *toString(PageSize p)
{
    return p == PageSize::Letter ? "letter" : "a4";
}

int jpegQualityForTier(Tier tier)
{
    switch (tier) {
    case Tier::Medium: return 85;
    case Tier::Low: return 75;
    default: return 95;
    }
}

void applyMemoryStatus(ReportOptions &opt, MemoryStatus status)
{
    if (status == MemoryStatus::Warning) {
        opt.jpegQuality = 85;
    } else if (status == MemoryStatus::Critical) {
        opt.jpegQuality = 75;
        opt.maxImageEdge = 512;
    }
}

namespace detail {

QString nowText()
{
    return QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm t"));
}

QString toolText()
{
    return QStringLiteral("DiffLens ") + QString::fromLatin1(versionString());
}

QString imagesText(const ReportOptions &opt, int quality)
{
    const QString q = quality > 0 ? QStringLiteral("quality %1").arg(quality)
                                  : QStringLiteral("quality by tier (High 95, Medium 85, Low 75)");
    const QString cap = opt.maxImageEdge > 0 ? QStringLiteral(" (at most %1 px long edge)").arg(opt.maxImageEdge)
                                             : QString();
    return QStringLiteral("photos as JPEG, %1, at %2 dpi%3; diffs and heatmaps lossless").arg(q).arg(opt.imageDpi).arg(cap);
}

namespace {

bool checkDestination(const std::string &outPath, std::string &error)
{
    const QFileInfo info(QString::fromStdString(outPath));
    if (outPath.empty()) {
        error = "no output file given";
        return false;
    }
    if (info.isDir()) {
        error = outPath + ": is a folder";
        return false;
    }
    if (!info.absoluteDir().exists()) {
        error = outPath + ": folder " + info.absolutePath().toStdString() + " does not exist";
        return false;
    }
    // Found before any work is done; the write itself goes through the one atomic writer.
    if (!QFileInfo(info.absolutePath()).isWritable()) {
        error = outPath + ": cannot write: folder " + info.absolutePath().toStdString() + " is not writable";
        return false;
    }
    return true;
}

} // namespace

namespace {

ReportResult renderReportUnguarded(const std::string &outPath, const ReportOptions &opt, const SummaryContent &summary,
                                   int totalPages, const PairPainter &paintPairs)
{
    QElapsedTimer timer;
    timer.start();
    ReportResult res;
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        res.error = "PDF reports need a QGuiApplication (for fonts)";
        return res;
    }
    if (!checkDestination(outPath, res.error))
        return res;
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    std::vector<JpegSubstitute> jpegs;
    {
        PdfCanvas canvas(&buffer, opt, totalPages);
        if (!canvas.begin(res.error))
            return res;
        drawSummary(canvas, summary);
        if (!paintPairs(canvas, res, res.error)) {
            canvas.end();
            return res;
        }
        if (!canvas.end()) {
            res.error = "the PDF could not be completed";
            return res;
        }
        res.pages = canvas.page();
        res.jpegImages = canvas.jpegImages();
        res.losslessImages = canvas.losslessImages();
        jpegs = canvas.jpegs();
    }
    buffer.close();
    res.pairsListed = int(summary.rows.size());

    QByteArray pdf;
    RewriteStats stats;
    std::string rewriteError;
    if (!rewriteQtPdf(buffer.data(), jpegs, pdf, stats, rewriteError))
        pdf = buffer.data(); // keep Qt's own PDF (its quality 94 JPEGs, links as written)
    buffer.setData(QByteArray());
    jpegs.clear();
    res.internalLinks = stats.linksResolved;
    res.jpegQualityApplied = stats.jpegReplaced == res.jpegImages;

    if (opt.faultHook && opt.faultHook("painted")) {
        res.error = outPath + ": simulated failure before the final rename";
        return res;
    }
    std::string writeError;
    if (!writeFileAtomically(outPath, pdf, writeError)) {
        res.error = outPath + ": cannot write: " + writeError;
        return res;
    }
    res.bytes = pdf.size();
    res.ok = true;
    res.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
    return res;
}

} // namespace

ReportResult renderReport(const std::string &outPath, const ReportOptions &opt, const SummaryContent &summary,
                          int totalPages, const PairPainter &paintPairs)
{
    // Qt's PDF engine and image conversions throw std::bad_alloc (qBadAlloc) when memory runs
    // out; nothing has been written then (the file is written whole at the end).
    try {
        return renderReportUnguarded(outPath, opt, summary, totalPages, paintPairs);
    } catch (const std::bad_alloc &) {
        ReportResult res;
        res.error = "not enough memory to draw the report";
        return res;
    }
}

} // namespace detail
} // namespace difflens::report

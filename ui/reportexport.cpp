// PDF report export job (runs on the controller's background pool); the close question.
#include "reportexport.h"

#include "status/displayquality.h"

#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>

namespace difflens::ui {

ReportExportOutcome runReportExport(const ReportExportRequest &req)
{
    ReportExportOutcome out;
    out.path = req.path;
    const Comparison *c = req.comparison.get();
    if (c && c->store && (c->preview() || !c->store->complete())) {
        out.error = QStringLiteral("The comparison is still running; export the report when it has finished");
        return out;
    }
    if (!c || !c->compared()) {
        out.error = QStringLiteral("There is no comparison to report");
        return out;
    }
    // A layered pair (too large to decode whole) is reported from its store: page images from
    // the in-memory levels, region crops from the full-resolution tiles written so far (the
    // largest in-memory level stands in for those not written yet). Otherwise the report
    // wants the decoded images, the diff image and the SSIM map in the result; the snapshot
    // holds them beside it (shared, immutable), so put copies back here.
    CompareResult result = *c->result;
    result.job.ssim = c->ssim;
    result.job.flip = c->flip;
    if (!c->store) {
        result.imageA = c->a.image;
        result.imageB = c->b.image;
        if (c->diff)
            result.job.diff = *c->diff;
        if (result.job.ssim && c->ssimMap)
            result.job.ssim->map = *c->ssimMap;
    }
    report::ReportOptions opt;
    opt.pageSize = req.pageSize;
    opt.jpegQuality = req.jpegQuality;
    opt.maxImageEdge = req.maxImageEdge;
    opt.compare = *c->options;
    const std::shared_ptr<std::atomic_bool> cancel = req.cancel;
    opt.isCanceled = [cancel] { return cancel && cancel->load(); };
    CompareOptions used = *c->options;
    used.job.computeSsim = used.job.computeSsim && result.job.ssim.has_value();
    const report::ReportResult r = report::writeSingleReport(result, c->store, used, opt, req.path.toStdString());
    out.ok = r.ok;
    out.canceled = !r.ok && cancel && cancel->load();
    out.error = QString::fromStdString(r.error);
    if (!r.ok && out.error.isEmpty())
        out.error = QStringLiteral("The report could not be written");
    out.pages = r.pages;
    out.bytes = qint64(r.bytes);
    out.elapsedMs = r.elapsedMs;
    out.jpegQuality = opt.jpegQuality;
    out.maxImageEdge = opt.maxImageEdge;
    return out;
}

void applyDisplayQuality(ReportExportRequest &req, const DisplayQuality &quality)
{
    req.jpegQuality = quality.reportJpegQuality;
    req.maxImageEdge = quality.reportMaxEdge;
}

ReportExportOutcome failedReportExport(const ReportExportRequest &req, const QString &reason,
                                       bool outOfMemory)
{
    ReportExportOutcome out;
    out.path = req.path;
    out.canceled = req.cancel && req.cancel->load();
    out.error = outOfMemory
                    ? QStringLiteral("not enough memory to write the report; close other work and try again")
                    : reason;
    return out;
}

namespace {
ExportAtClosePrompt &closePrompt()
{
    static ExportAtClosePrompt prompt;
    return prompt;
}
} // namespace

void setExportAtClosePrompt(ExportAtClosePrompt prompt)
{
    closePrompt() = std::move(prompt);
}

ExportAtClose askExportAtClose(QWidget *window)
{
    if (closePrompt())
        return closePrompt()(window);
    QMessageBox box(QMessageBox::Question, QMessageBox::tr("Report Export Running"),
                    QMessageBox::tr("A PDF report is still being written. Wait for it and then close, or "
                                    "abandon it (no file is written)?"),
                    QMessageBox::NoButton, window);
    QPushButton *wait = box.addButton(QMessageBox::tr("Wait, Then Close"), QMessageBox::AcceptRole);
    QPushButton *abandon = box.addButton(QMessageBox::tr("Abandon Report"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(wait);
    box.exec();
    if (box.clickedButton() == wait)
        return ExportAtClose::Wait;
    if (box.clickedButton() == abandon)
        return ExportAtClose::Abandon;
    return ExportAtClose::KeepOpen;
}

QString defaultReportPath(const QString &pathA, const QString &pathB, const QString &fallbackDir)
{
    const QString anchor = !pathB.isEmpty() ? pathB : pathA;
    if (anchor.isEmpty())
        return QDir(fallbackDir).filePath(QStringLiteral("difflens-report.pdf"));
    const QFileInfo fi(anchor);
    return fi.absoluteDir().filePath(fi.completeBaseName() + QStringLiteral("-report.pdf"));
}

} // namespace difflens::ui

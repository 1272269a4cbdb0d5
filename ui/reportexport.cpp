// The report export job, PDF or HTML (runs on the controller's background pool); the close question.
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
    out.format = req.format;
    report::ReportOptions opt;
    opt.pageSize = req.pageSize;
    opt.jpegQuality = req.jpegQuality;
    opt.maxImageEdge = req.maxImageEdge;
    const std::shared_ptr<std::atomic_bool> cancel = req.cancel;
    opt.isCanceled = [cancel] { return cancel && cancel->load(); };
    if (!req.comparison) {
        out.error = QStringLiteral("There is no comparison to report");
        return out;
    }
    opt.compare = req.comparison->options ? *req.comparison->options : CompareOptions();
    // A layered pair is reported from its store, a whole-frame one from its decoded images
    // (report.h); a comparison still running is refused.
    const std::string path = req.path.toStdString();
    const report::ReportResult r = req.format == ReportFormat::Html
                                       ? report::writeSingleHtmlReport(*req.comparison, opt, path)
                                       : report::writeSingleReport(*req.comparison, opt, path);
    out.ok = r.ok;
    out.canceled = !r.ok && cancel && cancel->load();
    out.error = QString::fromStdString(r.error);
    if (!r.ok && out.error.isEmpty())
        out.error = QStringLiteral("The report could not be written");
    out.pages = req.format == ReportFormat::Html ? r.pairPages : r.pages;
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
    out.format = req.format;
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
                    QMessageBox::tr("A report is still being written. Wait for it and then close, or "
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

QString reportEntryFile(const ReportExportOutcome &outcome)
{
    return outcome.format == ReportFormat::Html ? QDir(outcome.path).filePath(QStringLiteral("index.html"))
                                                : outcome.path;
}

} // namespace difflens::ui

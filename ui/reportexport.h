#pragma once
// File > Export report: a pure background job that writes the PDF or HTML report of the open
// comparison with difflens::report::writeSingleReport / writeSingleHtmlReport (synchronous,
// so it never runs on the GUI thread; CompareController runs it on its pool), and the
// question the window asks when it is closed while an export still runs.
#include "difflens/compare/comparison.h"
#include "difflens/report/report.h"

#include <QString>

#include <atomic>
#include <functional>
#include <memory>

class QWidget;

namespace difflens::ui {

struct DisplayQuality;

// A PDF document, or a static HTML report: a folder with index.html and its images.
enum class ReportFormat { Pdf, Html };

struct ReportExportRequest {
    ComparisonPtr comparison;                      // the snapshot to report (finished)
    QString path;                                  // destination PDF, or the HTML report's folder
    ReportFormat format = ReportFormat::Pdf;
    report::PageSize pageSize = report::PageSize::A4;
    std::shared_ptr<std::atomic_bool> cancel;      // set by the controller
    // Report images (report::ReportOptions): JPEG quality (0 = by the pair's tier) and
    // longest edge (0 = as laid out); set from the display tier by applyDisplayQuality.
    int jpegQuality = 0;
    int maxImageEdge = 0;
};

// The app's report images follow its display tier (status/displayquality.h): High as the
// report chooses, Medium JPEG 85, Low JPEG 75 at most 512 px on the long edge.
void applyDisplayQuality(ReportExportRequest &request, const DisplayQuality &quality);

struct ReportExportOutcome {
    quint64 id = 0;
    QString path;                                  // as requested
    ReportFormat format = ReportFormat::Pdf;
    bool ok = false;
    bool canceled = false;
    QString error;                                 // one line when !ok
    int pages = 0;                                 // PDF pages, or HTML pair sections
    qint64 bytes = 0;
    double elapsedMs = 0;
    int jpegQuality = 0;                           // what the report was written with
    int maxImageEdge = 0;
};

ReportExportOutcome runReportExport(const ReportExportRequest &request);
// The outcome of an export that failed with `reason` (an exception caught by the
// controller's guard; out of memory above all).
ReportExportOutcome failedReportExport(const ReportExportRequest &request, const QString &reason,
                                       bool outOfMemory);

// Closing the window while an export runs: wait for it (the window closes when the report
// is written), abandon it (canceled, no file), or keep the window open.
enum class ExportAtClose { Wait, Abandon, KeepOpen };
// Asks with a message box, or the prompt set by setExportAtClosePrompt (tests; null
// restores the message box).
ExportAtClose askExportAtClose(QWidget *window);
using ExportAtClosePrompt = std::function<ExportAtClose(QWidget *window)>;
void setExportAtClosePrompt(ExportAtClosePrompt prompt);

// "<folder of B>/<B basename>-report.pdf" (A when B has no file; "difflens-report.pdf"
// in `fallbackDir` for pasted images).
QString defaultReportPath(const QString &pathA, const QString &pathB, const QString &fallbackDir);
// The file a finished export wrote: the PDF, or index.html in the HTML report's folder.
QString reportEntryFile(const ReportExportOutcome &outcome);

} // namespace difflens::ui

#pragma once
// File > Export report: a pure background job that writes the PDF report of the open
// comparison with difflens::report::writeSingleReport (synchronous, so it never runs on the
// GUI thread; CompareController runs it on its pool), and the question the window asks when
// it is closed while an export still runs.
#include "compareworker.h"

#include "difflens/report/report.h"

#include <QString>

#include <atomic>
#include <functional>
#include <memory>

class QWidget;

namespace difflens::ui {

struct ReportExportRequest {
    std::shared_ptr<const CompareOutcome> outcome; // immutable snapshot of the comparison
    QString path;                                  // destination PDF
    report::PageSize pageSize = report::PageSize::A4;
    std::shared_ptr<std::atomic_bool> cancel;      // set by the controller
};

struct ReportExportOutcome {
    quint64 id = 0;
    QString path;
    bool ok = false;
    bool canceled = false;
    QString error;                                 // one line when !ok
    int pages = 0;
    qint64 bytes = 0;
    double elapsedMs = 0;
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

} // namespace difflens::ui

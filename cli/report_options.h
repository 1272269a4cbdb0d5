#pragma once
// Report options of the CLI: `difflens-cli report SESSION.json -o REPORT.pdf|--html DIR
// [options]` and `--pdf REPORT.pdf` / `--html DIR` (with the same options) on `compare A B`
// and `compare DIR DIR`.
#include "difflens/report/report.h"

#include <QGuiApplication>

#include <memory>
#include <string>
#include <vector>

namespace difflens::cli {

struct ReportArgs {
    std::string pdfPath;               // --pdf (compare) or -o/--output (report)
    std::string htmlDir;               // --html: the HTML report's folder
    report::ReportOptions options;
    bool anyGiven = false;             // some report option appeared
};

// Removes the report options (--pdf, --html, --page-size, --report-failures-only, --jpeg-quality,
// --report-dpi, --max-regions, --report-title) from args. False with a reason on a bad value.
bool extractReportArgs(std::vector<std::string> &args, ReportArgs &out, std::string &error);

// Creates the QGuiApplication a report needs (fonts) when none exists, on the offscreen
// platform unless QT_QPA_PLATFORM says otherwise. The application lives as long as the
// returned object (null when one existed already); false when a non-GUI application exists.
bool ensureGuiApplication(std::unique_ptr<QGuiApplication> &app, std::string &error);

std::string reportUsage();
std::string reportOptionsUsage(); // the lines shared with compare --help

} // namespace difflens::cli

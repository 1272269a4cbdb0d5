#include "report_options.h"

#include "report_option_names.h"
#include "value_parsers.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <memory>

namespace difflens::cli {

namespace {

bool takeValue(std::vector<std::string> &args, size_t i, bool hasInline, std::string &value, const std::string &name,
               std::string &error)
{
    if (hasInline)
        return true;
    if (i + 1 >= args.size()) {
        error = name + ": expected a value";
        return false;
    }
    value = args[i + 1];
    args.erase(args.begin() + long(i) + 1);
    return true;
}

} // namespace

bool extractReportArgs(std::vector<std::string> &args, ReportArgs &out, std::string &error)
{
    for (size_t i = 0; i < args.size();) {
        if (args[i] == "--")
            break;
        std::string value;
        bool hasInline = false;
        const std::string name = reportOptionName(args[i], value, hasInline);
        const ReportOptionKind kind = reportOptionKind(name);
        const bool isFlag = kind == ReportOptionKind::Flag;
        const bool isValue = kind == ReportOptionKind::Value;
        if (!isFlag && !isValue) {
            ++i;
            continue;
        }
        out.anyGiven = true;
        if (isFlag) {
            if (hasInline) {
                error = name + ": takes no value";
                return false;
            }
            out.options.failuresOnly = true;
        } else {
            if (!takeValue(args, i, hasInline, value, name, error))
                return false;
            int64_t n = 0;
            std::string reason;
            bool ok = true;
            if (name == "--pdf") {
                ok = !value.empty() || (reason = "expected a file path", false);
                out.pdfPath = value;
            } else if (name == "--html") {
                ok = !value.empty() || (reason = "expected a folder", false);
                out.htmlDir = value;
            } else if (name == "--page-size") {
                ok = report::parsePageSize(value, out.options.pageSize) ||
                     (reason = "expected a4 or letter, got '" + value + "'", false);
            } else if (name == "--jpeg-quality") {
                ok = parseInt64(value, 1, 100, n, reason);
                out.options.jpegQuality = int(n);
            } else if (name == "--report-dpi") {
                ok = parseInt64(value, 36, 600, n, reason);
                out.options.imageDpi = int(n);
            } else if (name == "--max-regions") {
                ok = parseInt64(value, 0, 10000, n, reason);
                out.options.maxRegionsPerPair = int(n);
            } else {
                out.options.title = value;
            }
            if (!ok) {
                error = name + ": " + reason;
                return false;
            }
        }
        args.erase(args.begin() + long(i));
    }
    return true;
}

bool ensureGuiApplication(std::unique_ptr<QGuiApplication> &app, std::string &error)
{
    if (qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return true;
    if (QCoreApplication::instance()) {
        error = "PDF reports need a QGuiApplication";
        return false;
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "difflens-cli";
    static char *argv[] = {name, nullptr};
    app = std::make_unique<QGuiApplication>(argc, argv);
    return true;
}

std::string reportOptionsUsage()
{
    return "  --html DIR              also (or instead) write an HTML report: DIR/index.html and its\n"
           "                          images (static, no network access; opens from the file system)\n"
           "  --page-size a4|letter   paper size (default a4)\n"
           "  --report-failures-only  pages only for failing pairs (the table lists every pair)\n"
           "  --jpeg-quality Q        JPEG quality of photos 1..100 (default by tier: High 95,\n"
           "                          Medium 85)\n"
           "  --report-dpi N          print resolution of photos (default 150)\n"
           "  --max-regions N         region crops per pair (default 24)\n"
           "  --report-title TEXT     title on the first page and in the footer\n";
}

std::string reportUsage()
{
    return "Usage: difflens-cli report SESSION.json -o REPORT.pdf|--html DIR [options]\n"
           "\n"
           "Writes a PDF and/or HTML report of a review session or of a folder-compare JSON\n"
           "document (difflens-cli compare DIR DIR --json, or difflens-cli merge). Pairs that get\n"
           "a page (a section in HTML) are compared again one at a time; the table uses the\n"
           "stored results.\n"
           "\n"
           "  -o, --output PATH       the PDF to write (replaced only when complete)\n" +
           reportOptionsUsage() +
           "  --config PATH           settings instead of <baseline>/difflens.json\n"
           "  --device auto|cpu|cuda  where to compute (default auto)\n"
           "  --flip                  compute FLIP for the pairs shown (mean and map)\n"
           "  -q, --quiet             no summary line\n"
           "\n"
           "The same options apply to compare A B --pdf REPORT.pdf|--html DIR and\n"
           "compare BASELINE_DIR CURRENT_DIR --pdf REPORT.pdf|--html DIR.\n"
           "Exit codes: 0 written, 2 error (nothing is written then).\n";
}

} // namespace difflens::cli

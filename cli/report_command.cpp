#include "report_command.h"

#include "args.h"
#include "batch_command.h"
#include "batch_options.h"
#include "compare_command.h"
#include "compare_sidecar.h"
#include "errors.h"
#include "report_options.h"
#include "value_parsers.h"

#include "difflens/report/report.h"

#include <cstdio>

namespace difflens::cli {

namespace {

void printWritten(const std::string &path, const report::ReportResult &r)
{
    std::printf("Report: %s (%d page%s, %.1f MB, %.1f s)\n", path.c_str(), r.pages, r.pages == 1 ? "" : "s",
                double(r.bytes) / (1024.0 * 1024.0), r.elapsedMs / 1000.0);
    std::fflush(stdout);
}

bool parseReportCommand(const std::vector<std::string> &input, ReportArgs &ra, std::string &sessionPath,
                        std::string &configPath, bool &quiet, bool &help, std::string &error)
{
    std::vector<std::string> args = input;
    if (!extractReportArgs(args, ra, error))
        return false;
    if (!ra.pdfPath.empty()) {
        error = "--pdf: use -o/--output with the report command";
        return false;
    }
    ArgScanner scan(args);
    std::vector<std::string> positional;
    while (scan.next()) {
        if (!scan.isOption()) {
            positional.push_back(scan.current());
            continue;
        }
        const std::string n = scan.name();
        std::string v;
        if (n == "-h" || n == "--help") {
            help = true;
        } else if (n == "-q" || n == "--quiet") {
            quiet = true;
        } else if (n == "-o" || n == "--output" || n == "--config" || n == "--device") {
            if (!scan.value(v, error))
                return false;
            if (v.empty()) {
                error = n + ": empty value";
                return false;
            }
            if (n == "--config")
                configPath = v;
            else if (n == "--device" && !parseDevice(v, ra.options.compare.job.device, error))
                return (error = n + ": " + error, false);
            else if (n != "--device")
                ra.pdfPath = v;
        } else {
            error = "unknown option '" + n + "' (see difflens-cli report --help)";
            return false;
        }
    }
    if (help)
        return true;
    if (positional.size() != 1) {
        error = positional.empty() ? "report needs a session file: difflens-cli report SESSION.json -o REPORT.pdf"
                                   : "unexpected argument '" + positional[1] + "'";
        return false;
    }
    if (ra.pdfPath.empty()) {
        error = "report needs an output file: -o REPORT.pdf";
        return false;
    }
    sessionPath = positional[0];
    return true;
}

} // namespace

int runReportCommand(const std::vector<std::string> &args)
{
    ReportArgs ra;
    std::string sessionPath, configPath, error;
    bool quiet = false, help = false;
    if (!parseReportCommand(args, ra, sessionPath, configPath, quiet, help, error))
        return reportError(error);
    if (help) {
        std::fputs(reportUsage().c_str(), stdout);
        return kExitSame;
    }
    report::SessionReportInput input;
    if (!report::loadSessionInput(sessionPath, input, error))
        return reportError(error);
    input.configPath = configPath;
    std::unique_ptr<QGuiApplication> app;
    if (!ensureGuiApplication(app, error))
        return reportError(error);
    const report::ReportResult r = report::writeSessionReport(input, ra.options, ra.pdfPath);
    if (!r.ok)
        return reportError(r.error);
    if (!quiet)
        printWritten(ra.pdfPath, r);
    return kExitSame;
}

int runCompareWithReport(const std::vector<std::string> &input)
{
    std::vector<std::string> args = input;
    ReportArgs ra;
    std::string error;
    if (!extractReportArgs(args, ra, error))
        return reportError(error);
    if (ra.anyGiven && ra.pdfPath.empty())
        return reportError("report options need --pdf REPORT.pdf");
    const bool folder = isFolderCompare(args);
    if (ra.pdfPath.empty())
        return folder ? runBatchCompareCommand(args) : runCompareCommand(args, withSidecarReader());
    std::unique_ptr<QGuiApplication> app;
    if (!ensureGuiApplication(app, error))
        return reportError(error);

    const report::ReportOptions opt = ra.options;
    const std::string pdf = ra.pdfPath;
    if (!folder) {
        CompareHooks hooks;
        hooks.prepare = [](CompareOptions &o) {
            o.keepImages = true;
            o.job.wantDiffImage = true;
        };
        hooks.finish = [opt, pdf](const CompareResult &r, const CompareOptions &used) {
            const report::ReportResult rr = report::writeSingleReport(r, used, opt, pdf);
            return rr.ok || (reportError(rr.error), false);
        };
        return runCompareCommand(args, withSidecarReader(hooks));
    }
    BatchHooks hooks;
    hooks.finish = [opt, pdf](const BatchOptions &o, const review::ReviewConfig &config,
                              const std::vector<review::PairSummary> &pairs) {
        report::SessionReportInput in;
        std::string err;
        if (!o.sessionPath.empty())
            in.session.load(o.sessionPath, err); // decisions and notes, when a session exists
        in.session.baselineRoot = o.baselineDir;
        in.session.currentRoot = o.currentDir;
        for (const review::PairSummary &s : pairs)
            in.session.setResult(s);
        in.source = o.sessionPath.empty() ? "folder compare" : o.sessionPath;
        in.config = config;
        report::ReportOptions ropt = opt;
        ropt.compare.job.device = o.device;
        const report::ReportResult rr = report::writeSessionReport(in, ropt, pdf);
        return rr.ok || (reportError(rr.error), false);
    };
    return runBatchCompareCommand(args, hooks);
}

} // namespace difflens::cli

// `difflens-cli report` (report_command.h) and the report outputs (--pdf, --html) that the
// compare command attaches to its single and folder compares.
#include "report_command.h"

#include "args.h"
#include "errors.h"
#include "report_options.h"
#include "value_parsers.h"

#include "difflens/compare/layered.h"
#include "difflens/report/pair_layers.h"
#include "difflens/report/report.h"

#include <cstdio>
#include <memory>

namespace difflens::cli {

namespace {

void printWritten(const std::string &path, const report::ReportResult &r)
{
    std::printf("Report: %s (%d page%s, %.1f MB, %.1f s)\n", path.c_str(), r.pages, r.pages == 1 ? "" : "s",
                double(r.bytes) / (1024.0 * 1024.0), r.elapsedMs / 1000.0);
    std::fflush(stdout);
}

void printHtmlWritten(const std::string &dir, const report::ReportResult &r)
{
    std::printf("HTML report: %s/index.html (%d pair section%s, %d image%s, %.1f MB, %.1f s)\n", dir.c_str(),
                r.pairPages, r.pairPages == 1 ? "" : "s", r.jpegImages + r.losslessImages,
                r.jpegImages + r.losslessImages == 1 ? "" : "s", double(r.bytes) / (1024.0 * 1024.0),
                r.elapsedMs / 1000.0);
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
        } else if (n == "--flip") {
            ra.options.compare.job.computeFlip = true;
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
    if (ra.pdfPath.empty() && ra.htmlDir.empty()) {
        error = "report needs an output: -o REPORT.pdf or --html DIR";
        return false;
    }
    sessionPath = positional[0];
    return true;
}

// Writes the requested reports of a session; false when one failed (error reported).
bool writeSessionReports(const report::SessionReportInput &in, const report::ReportOptions &opt, const ReportArgs &ra,
                         bool quiet)
{
    if (!ra.htmlDir.empty()) {
        const report::ReportResult r = report::writeSessionHtmlReport(in, opt, ra.htmlDir);
        if (!r.ok)
            return reportError(r.error), false;
        if (!quiet)
            printHtmlWritten(ra.htmlDir, r);
    }
    if (!ra.pdfPath.empty()) {
        std::unique_ptr<QGuiApplication> app;
        std::string error;
        if (!ensureGuiApplication(app, error))
            return reportError(error), false;
        const report::ReportResult r = report::writeSessionReport(in, opt, ra.pdfPath);
        if (!r.ok)
            return reportError(r.error), false;
        if (!quiet)
            printWritten(ra.pdfPath, r);
    }
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
    return writeSessionReports(input, ra.options, ra, quiet) ? kExitSame : kExitError;
}

CompareHooks compareReportHooks(const ReportArgs &ra, const std::string &pathA, const std::string &pathB)
{
    CompareHooks hooks;
    if (ra.pdfPath.empty() && ra.htmlDir.empty())
        return hooks;
    // Decided in prepare, once the memory budget is known.
    struct Streamed {
        bool streamed = false;
        bool onePass = false;                  // the compare itself is the layered pass
        std::shared_ptr<LayerStore> store;     // from that pass
    };
    const auto state = std::make_shared<Streamed>();
    hooks.prepare = [state, pathA, pathB](CompareOptions &o) {
        state->streamed = report::wantsStreamedReport(pathA, pathB, o.job.memoryBudget);
        // The layered pass writes no diff image or FLIP map: with those asked for, the
        // compare streams as usual and the layers come from a second pass.
        state->onePass =
            state->streamed && o.diffImagePath.empty() && o.flipMapPath.empty() && comparesStreamed(o);
        if (state->streamed)
            return; // the compare streams as it would without a report
        o.keepImages = true;
        o.job.wantDiffImage = true;
        o.job.flip.wantMap = o.job.computeFlip; // the FLIP map beside the heatmap
    };
    // Region crops want the full-resolution tiles: written in the same pass when crops may
    // be drawn.
    const bool crops = ra.options.maxRegionsPerPair > 0;
    hooks.compare = [state, crops](const std::string &a, const std::string &b,
                                   const CompareOptions &o) -> std::optional<CompareResult> {
        if (!state->onePass)
            return std::nullopt;
        return report::compareForReport(a, b, o, crops, state->store);
    };
    hooks.finish = [ra, state](const CompareResult &r, const CompareOptions &used) {
        std::shared_ptr<const LayerStore> store = state->store;
        if (state->streamed && r.ok && !store) {
            std::string error;
            // Region crops want the full-resolution tiles.
            const bool regionCrops =
                ra.options.maxRegionsPerPair > 0 && !r.job.regions.empty() && !r.layoutDiffers;
            store = report::layersForReport(r, used, regionCrops, error);
            if (!store)
                return reportError("report: " + error), false;
        }
        if (!ra.htmlDir.empty()) {
            const report::ReportResult rr = report::writeSingleHtmlReport(r, store, used, ra.options, ra.htmlDir);
            if (!rr.ok)
                return reportError(rr.error), false;
        }
        if (!ra.pdfPath.empty()) {
            std::unique_ptr<QGuiApplication> app;
            std::string error;
            if (!ensureGuiApplication(app, error))
                return reportError(error), false;
            const report::ReportResult rr = report::writeSingleReport(r, store, used, ra.options, ra.pdfPath);
            if (!rr.ok)
                return reportError(rr.error), false;
        }
        return true;
    };
    return hooks;
}

BatchHooks batchReportHooks(const ReportArgs &ra)
{
    BatchHooks hooks;
    if (ra.pdfPath.empty() && ra.htmlDir.empty())
        return hooks;
    hooks.finish = [ra](const BatchOptions &o, const review::ReviewConfig &config,
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
        report::ReportOptions ropt = ra.options;
        ropt.compare.job.device = o.device;
        ropt.compare.job.memoryBudget = o.memoryBudget; // pairs that do not fit it stream (pair_layers.h)
        return writeSessionReports(in, ropt, ra, true);
    };
    return hooks;
}

} // namespace difflens::cli

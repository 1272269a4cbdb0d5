// `difflens-cli compare A B` (compare_command.h), without Qt: the pair runs through
// comparison.h's direct route; the JSON goes through result_json.h and core/imaging's atomic writer.
#include "compare_command.h"

#include "compare_options.h"
#include "errors.h"
#include "help.h"
#include "row_progress.h"
#include "summary.h"

#include "difflens/compare/comparison.h"
#include "difflens/compare/result_json.h"
#include "difflens/compare/sidecar.h"

#include <cstdio>

namespace difflens::cli {

namespace {

// A refusal by the pixel limit names the option that raises it.
std::string withPixelLimitHint(const std::string &reason)
{
    const bool limit = reason.find("over the limit of") != std::string::npos ||
                       reason.find("exceeds the pixel limit") != std::string::npos;
    return limit ? reason + "; raise the limit with --max-pixels" : reason;
}

// Resolves the sidecar (explicit, or found beside the images) and merges its regions.
// Without a sidecar reader, needsFull tells that one applies (nothing is read then).
bool applySidecar(CompareCommandOptions &o, const CompareHooks &hooks, std::string &usedPath, std::string &errorFile,
                  std::string &error, bool &needsFull)
{
    std::vector<Rect> ignore;
    if (!o.noSidecar) {
        usedPath = o.sidecarPath.empty() ? findSidecar(o.pathA, o.pathB) : o.sidecarPath;
        if (!usedPath.empty()) {
            if (!hooks.loadSidecar) {
                needsFull = true;
                return false;
            }
            if (!hooks.loadSidecar(usedPath, ignore, error)) {
                errorFile = usedPath;
                return false;
            }
        }
    }
    ignore.insert(ignore.end(), o.ignoreArgs.begin(), o.ignoreArgs.end());
    o.compare.job.ignore = std::move(ignore);
    return true;
}

int exitCodeFor(const CompareResult &r)
{
    if (!r.ok)
        return kExitError;
    return r.isDifferent() ? kExitDifferent : kExitSame;
}

} // namespace

int runCompareCommand(const std::vector<std::string> &args, const CompareHooks &hooks)
{
    CompareCommandOptions o;
    std::string error;
    if (!parseCompareOptions(args, o, error))
        return reportError(error);
    if (o.showHelp) {
        std::fputs(compareUsage().c_str(), stdout);
        return kExitSame;
    }
    if (o.showVersion) {
        std::fputs(versionText().c_str(), stdout);
        return kExitSame;
    }

    std::string sidecarPath, errorFile;
    CompareResult unread;                 // the sidecar's error
    std::optional<CompareResult> hooked;  // the report's own pass
    ComparisonPtr compared;               // the direct route's snapshot
    bool needsFull = false;
    const bool ran = applySidecar(o, hooks, sidecarPath, errorFile, error, needsFull);
    if (!ran) {
        if (needsFull)
            return kNeedsFullCli;
        unread.errorFile = errorFile;
        unread.errorReason = error;
        unread.a.path = o.pathA;
        unread.b.path = o.pathB;
    } else {
        InterruptGuard interrupt;
        RowProgress progress(o.progress ? RowProgress::Mode::Forced
                                        : (o.quiet ? RowProgress::Mode::Off : RowProgress::Mode::Auto));
        RowProgress *bar = &progress;
        o.compare.progress = [bar](int done, int total, int width) { bar->update(done, total, width); };
        o.compare.job.isCanceled = [] { return InterruptGuard::interruptRequested(); };
        if (o.verbose)
            o.compare.job.log = [](const std::string &line) { std::fprintf(stderr, "%s\n", line.c_str()); };
        if (hooks.prepare)
            hooks.prepare(o.compare);
        if (hooks.compare)
            hooked = hooks.compare(o.pathA, o.pathB, o.compare);
        if (!hooked)
            compared = compareDirect(o.pathA, o.pathB, o.compare);
        progress.finish();
        const bool canceled = hooked ? hooked->job.canceled : compared && compared->canceled;
        if (canceled) {
            std::fputs("difflens-cli: canceled (no output written)\n", stderr);
            return kExitInterrupted;
        }
    }
    const CompareResult &r = !ran ? unread : hooked ? *hooked : resultOrError(compared);

    if (!o.jsonPath.empty()) {
        std::string jsonError;
        if (!writeResultJson(o.jsonPath, r, jsonError) && r.ok)
            return reportFileError(o.jsonPath, jsonError);
    }
    if (!r.ok)
        return reportFileError(r.errorFile, withPixelLimitHint(r.errorReason));

    if (!o.quiet && o.jsonPath != "-") {
        SummaryContext ctx;
        ctx.diffImagePath = o.compare.diffImagePath;
        ctx.sidecarPath = sidecarPath;
        ctx.ignoreCount = o.compare.job.ignore.size();
        ctx.failOnLayout = o.compare.failOnLayout;
        ctx.shift = o.compare.job.pixelmatch.shift;
        const std::string text = formatSummary(r, ctx);
        std::fputs(text.c_str(), stdout);
        std::fflush(stdout);
    }
    if (hooks.finish && !hooks.finish(r, o.compare))
        return kExitError;
    return exitCodeFor(r);
}

} // namespace difflens::cli

// The single-pair reports (PDF and HTML) of a comparison snapshot (comparison.h): the
// snapshot's parts put back into one CompareResult, or its layer store for a layered pair.
#include "difflens/report/report.h"

namespace difflens::report {

namespace {

// Empty when `c` can be reported; else why not.
std::string refusal(const Comparison &c)
{
    if (c.store && (c.preview() || !c.store->complete()))
        return "The comparison is still running; export the report when it has finished";
    if (!c.compared() || !c.options)
        return "There is no comparison to report";
    return {};
}

// The result as the report reads it: metrics and, for a whole-frame pair, the decoded images,
// the diff image and the SSIM map (copies of the snapshot's shared, immutable buffers).
CompareResult resultOf(const Comparison &c)
{
    CompareResult result = *c.result;
    result.job.ssim = c.ssim;
    result.job.flip = c.flip;
    if (!c.store) {
        result.imageA = c.a.image;
        result.imageB = c.b.image;
        if (c.diff)
            result.job.diff = *c.diff;
        if (result.job.ssim && c.ssimMap)
            result.job.ssim->map = *c.ssimMap;
    }
    return result;
}

CompareOptions usedOf(const Comparison &c, const CompareResult &r)
{
    CompareOptions used = *c.options;
    used.job.computeSsim = used.job.computeSsim && r.job.ssim.has_value();
    return used;
}

ReportResult refused(const std::string &reason)
{
    ReportResult r;
    r.error = reason;
    return r;
}

} // namespace

ReportResult writeSingleReport(const Comparison &c, const ReportOptions &opt, const std::string &outPath)
{
    if (const std::string why = refusal(c); !why.empty())
        return refused(why);
    const CompareResult result = resultOf(c);
    return writeSingleReport(result, c.store, usedOf(c, result), opt, outPath);
}

ReportResult writeSingleHtmlReport(const Comparison &c, const ReportOptions &opt, const std::string &dir)
{
    if (const std::string why = refusal(c); !why.empty())
        return refused(why);
    const CompareResult result = resultOf(c);
    return writeSingleHtmlReport(result, c.store, usedOf(c, result), opt, dir);
}

} // namespace difflens::report

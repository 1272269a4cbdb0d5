#include "summary.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace difflens::cli {

namespace {

std::string fmt(const char *format, double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

std::string channelsName(int channels)
{
    switch (channels) {
    case 1: return "grey";
    case 2: return "grey+alpha";
    case 3: return "RGB";
    case 4: return "RGBA";
    default: return std::to_string(channels) + " channels";
    }
}

std::string describeImage(const ImageInfo &info)
{
    std::ostringstream s;
    s << info.path << " (" << info.width << "x" << info.height << ", " << channelsName(info.channels) << ", "
      << info.depth << "-bit)";
    return s.str();
}

std::string percent(int64_t part, int64_t total)
{
    if (total <= 0)
        return "0%";
    const double p = 100.0 * double(part) / double(total);
    return fmt(p != 0 && p < 0.01 ? "%.4f%%" : "%.2f%%", p);
}

void writeMetrics(std::ostringstream &s, const CompareResult &r)
{
    const ExactStats &st = r.job.stats;
    s << "Metrics:  MAE " << fmt("%.4f", st.mae) << "  RMSE " << fmt("%.4f", st.rmse) << "  PSNR "
      << (std::isfinite(st.psnr) ? fmt("%.2f dB", st.psnr) : std::string("inf")) << "  max delta " << st.maxDelta;
    if (r.job.ssim)
        s << "  SSIM " << fmt("%.5f", r.job.ssim->mean);
    if (r.job.flip)
        s << "  FLIP " << fmt("%.4f", r.job.flip->mean);
    s << "\n";
}

void writePlan(std::ostringstream &s, const CompareResult &r)
{
    const PlanInfo &p = r.job.plan;
    s << "Plan:     " << p.device << ", ";
    if (p.streamed)
        s << "streamed in " << p.tileCount << (p.tileCount == 1 ? " band" : " bands") << " of " << p.bandHeight
          << (p.bandHeight == 1 ? " row" : " rows");
    else
        s << "whole frame, tier " << toString(p.tier) << ", " << p.tileCount << (p.tileCount == 1 ? " tile" : " tiles");
    if (p.processPeakBytes > 0)
        s << ", process peak " << formatBytes(p.processPeakBytes) << " (estimate " << formatBytes(p.estimatedPeakBytes)
          << ")";
    else if (p.peakBytes > 0)
        s << ", peak " << formatBytes(p.peakBytes);
    if (p.budgetBytes > 0)
        s << " of " << formatBytes(p.budgetBytes) << " budget";
    if (p.retries > 0)
        s << ", " << p.retries << (p.retries == 1 ? " retry" : " retries");
    s << "\n";
    s << "Timings:  decode " << fmt("%.1f", r.timings.decodeMs) << " ms, compare " << fmt("%.1f", r.timings.compareMs)
      << " ms, encode " << fmt("%.1f", r.timings.encodeMs) << " ms\n";
}

} // namespace

std::string formatBytes(int64_t bytes)
{
    if (bytes >= (int64_t(1) << 30))
        return fmt("%.2f GiB", double(bytes) / double(int64_t(1) << 30));
    if (bytes >= (int64_t(1) << 20))
        return fmt("%.1f MiB", double(bytes) / double(int64_t(1) << 20));
    if (bytes >= 1024)
        return fmt("%.0f KiB", double(bytes) / 1024.0);
    return std::to_string(bytes) + " B";
}

std::string formatSummary(const CompareResult &r, const SummaryContext &ctx)
{
    std::ostringstream s;
    s << "A:        " << describeImage(r.a) << "\n";
    s << "B:        " << describeImage(r.b) << "\n";
    if (r.layoutDiffers) {
        s << "Layout:   sizes differ (" << r.a.width << "x" << r.a.height << " vs " << r.b.width << "x" << r.b.height
          << ")";
        if (ctx.failOnLayout) {
            s << "; pixels not compared (--fail-on-layout)\nResult:   DIFFERENT (layout)\n";
            return s.str();
        }
        s << "; compared the common top-left " << std::min(r.a.width, r.b.width) << "x"
          << std::min(r.a.height, r.b.height) << " area\n";
    }
    if (ctx.ignoreCount > 0) {
        s << "Ignored:  " << ctx.ignoreCount << (ctx.ignoreCount == 1 ? " region" : " regions");
        if (!ctx.sidecarPath.empty())
            s << " (sidecar " << ctx.sidecarPath << ")";
        s << "\n";
    }
    const int64_t mismatched = r.job.counts.mismatched;
    const size_t regions = r.job.regions.size();
    s << "Pixels:   " << mismatched << " of " << r.job.totalPixels << " mismatched (" << percent(mismatched, r.job.totalPixels)
      << "), " << r.job.counts.antiAliased << " anti-aliased, ";
    if (ctx.shift > 0)
        s << r.job.counts.shiftTolerated << " shift-tolerated, ";
    s << r.exactDiffering << " differing exactly\n";
    s << "Regions:  " << regions << "\n";
    for (size_t i = 0; i < regions && i < ctx.maxRegionsListed; ++i) {
        const Region &g = r.job.regions[i];
        s << "          #" << (i + 1) << " x " << g.box.x << ", y " << g.box.y << ", " << g.box.width << "x"
          << g.box.height << ", " << g.pixels << " px\n";
    }
    if (regions > ctx.maxRegionsListed)
        s << "          ... " << (regions - ctx.maxRegionsListed) << " more\n";
    writeMetrics(s, r);
    writePlan(s, r);
    if (!ctx.diffImagePath.empty())
        s << "Diff:     " << ctx.diffImagePath << "\n";
    if (r.identical)
        s << "Result:   IDENTICAL\n";
    else if (r.isDifferent())
        s << "Result:   DIFFERENT" << (r.layoutDiffers ? " (layout)" : "") << "\n";
    else
        s << "Result:   SAME within threshold (" << r.exactDiffering << " pixels differ below it)\n";
    return s.str();
}

} // namespace difflens::cli

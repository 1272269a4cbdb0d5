// The comparison result as JSON, Qt-free: every key of the --json document (result_json.h).
#include "difflens/compare/result_json.h"

#include "difflens/compare/version.h"
#include "difflens/imaging/fileio.h"

#include <cmath>
#include <cstdio>
#include <map>

namespace difflens {

namespace {

JsonValue finiteOrNull(double v)
{
    return std::isfinite(v) ? JsonValue(v) : JsonValue();
}

JsonValue pixelsJson(const CompareResult &r)
{
    const int64_t total = r.job.totalPixels;
    JsonValue o = JsonValue::object();
    o.insert("total", total);
    o.insert("mismatched", r.job.counts.mismatched);
    o.insert("mismatched_ratio", total > 0 ? double(r.job.counts.mismatched) / double(total) : 0.0);
    o.insert("anti_aliased", r.job.counts.antiAliased);
    o.insert("shift_tolerated", r.job.counts.shiftTolerated);
    o.insert("exact_differing", r.exactDiffering);
    return o;
}

JsonValue metricsJson(const CompareResult &r)
{
    const ExactStats &s = r.job.stats;
    JsonValue o = JsonValue::object();
    o.insert("mae", s.mae);
    o.insert("mse", s.mse);
    o.insert("rmse", s.rmse);
    o.insert("psnr", finiteOrNull(s.psnr));
    o.insert("max_delta", s.maxDelta);
    if (r.job.ssim) {
        JsonValue ssim = JsonValue::object();
        ssim.insert("mean", r.job.ssim->mean);
        JsonValue perChannel = JsonValue::array();
        for (double v : r.job.ssim->perChannel)
            perChannel.append(v);
        ssim.insert("per_channel", std::move(perChannel));
        ssim.insert("low_regions", regionsJsonValue(r.job.ssim->lowRegions));
        o.insert("ssim", std::move(ssim));
    }
    if (r.job.flip) {
        JsonValue flip = JsonValue::object();
        flip.insert("mean", r.job.flip->mean);
        flip.insert("weighted_median", r.job.flip->weightedMedian);
        flip.insert("weighted_q1", r.job.flip->weightedQ1);
        flip.insert("weighted_q3", r.job.flip->weightedQ3);
        flip.insert("min", r.job.flip->min);
        flip.insert("max", r.job.flip->max);
        flip.insert("ppd", r.job.flip->ppd);
        o.insert("flip", std::move(flip));
    }
    return o;
}

// {x, y, width, height}
JsonValue rectJson(const Rect &r)
{
    JsonValue o = JsonValue::object();
    o.insert("x", r.x);
    o.insert("y", r.y);
    o.insert("width", r.width);
    o.insert("height", r.height);
    return o;
}

// --align: {dx, dy, confidence, applied} (+ reason when not applied, overlap when applied).
JsonValue alignmentJson(const CompareAlignment &al)
{
    JsonValue o = JsonValue::object();
    o.insert("dx", al.dx);
    o.insert("dy", al.dy);
    o.insert("confidence", al.confidence);
    o.insert("applied", al.applied);
    if (al.applied)
        o.insert("overlap", rectJson(al.overlap));
    else
        o.insert("reason", al.reason);
    return o;
}

JsonValue timingsJson(const CompareTimings &t)
{
    JsonValue o = JsonValue::object();
    o.insert("decode", t.decodeMs);
    o.insert("compare", t.compareMs);
    o.insert("encode", t.encodeMs);
    return o;
}

} // namespace

JsonValue imageInfoJsonValue(const ImageInfo &info)
{
    JsonValue o = JsonValue::object();
    o.insert("path", info.path);
    o.insert("width", info.width);
    o.insert("height", info.height);
    o.insert("channels", info.channels);
    o.insert("depth", info.depth);
    return o;
}

JsonValue regionJsonValue(const Region &region)
{
    JsonValue o = rectJson(region.box);
    o.insert("pixels", int64_t(region.pixels));
    return o;
}

JsonValue regionsJsonValue(const std::vector<Region> &regions)
{
    JsonValue arr = JsonValue::array();
    for (const Region &region : regions)
        arr.append(regionJsonValue(region));
    return arr;
}

JsonValue planJsonValue(const PlanInfo &plan)
{
    JsonValue o = JsonValue::object();
    o.insert("device", plan.device);
    o.insert("tier", toString(plan.tier));
    o.insert("tile_width", plan.tileWidth);
    o.insert("tile_height", plan.tileHeight);
    o.insert("tile_count", plan.tileCount);
    o.insert("estimated_peak_bytes", plan.estimatedPeakBytes);
    o.insert("peak_bytes", plan.peakBytes);
    o.insert("process_peak_bytes", plan.processPeakBytes >= 0 ? JsonValue(plan.processPeakBytes) : JsonValue());
    o.insert("streamed", plan.streamed);
    o.insert("band_height", plan.bandHeight);
    o.insert("budget_bytes", plan.budgetBytes);
    o.insert("memory_ratio", plan.memoryRatio >= 0 ? JsonValue(plan.memoryRatio) : JsonValue());
    o.insert("memory_status", plan.memoryStatus);
    o.insert("retries", plan.retries);
    // A stage may run once per tile: report the total per stage name.
    std::map<std::string, double> stages;
    for (const auto &stage : plan.stageMs)
        stages[stage.first] += stage.second;
    JsonValue stagesMs = JsonValue::object();
    for (const auto &stage : stages)
        stagesMs.insert(stage.first, stage.second);
    o.insert("stages_ms", std::move(stagesMs));
    return o;
}

JsonValue resultJsonValue(const CompareResult &r)
{
    JsonValue o = JsonValue::object();
    o.insert("version", versionString());
    o.insert("a", imageInfoJsonValue(r.a));
    o.insert("b", imageInfoJsonValue(r.b));
    if (!r.ok) {
        JsonValue error = JsonValue::object();
        error.insert("file", r.errorFile);
        error.insert("reason", r.errorReason);
        error.insert("message", r.errorMessage());
        o.insert("error", std::move(error));
        return o;
    }
    o.insert("identical", r.identical);
    o.insert("layout_differs", r.layoutDiffers);
    if (r.alignment.requested)
        o.insert("alignment", alignmentJson(r.alignment));
    o.insert("pixels", pixelsJson(r));
    o.insert("metrics", metricsJson(r));
    o.insert("regions", regionsJsonValue(r.job.regions));
    o.insert("timings_ms", timingsJson(r.timings));
    o.insert("plan", planJsonValue(r.job.plan));
    return o;
}

std::string resultToJsonText(const CompareResult &r, bool indented)
{
    return toJsonText(resultJsonValue(r), indented);
}

bool writeResultJson(const std::string &path, const CompareResult &r, std::string &error)
{
    const std::string text = resultToJsonText(r);
    if (path == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
        return true;
    }
    return writeFileAtomic(path, reinterpret_cast<const uint8_t *>(text.data()), text.size(), error);
}

} // namespace difflens

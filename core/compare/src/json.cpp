#include "difflens/compare/json.h"

#include "difflens/compare/version.h"

#include <QJsonDocument>
#include <QJsonValue>

#include <cmath>
#include <map>

namespace difflens {

namespace {

QJsonValue finiteOrNull(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

QJsonValue count(int64_t v)
{
    return QJsonValue(qint64(v));
}

QJsonObject pixelsToJson(const CompareResult &r)
{
    const int64_t total = r.job.totalPixels;
    QJsonObject o;
    o.insert("total", count(total));
    o.insert("mismatched", count(r.job.counts.mismatched));
    o.insert("mismatched_ratio", total > 0 ? double(r.job.counts.mismatched) / double(total) : 0.0);
    o.insert("anti_aliased", count(r.job.counts.antiAliased));
    o.insert("exact_differing", count(r.exactDiffering));
    return o;
}

QJsonObject metricsToJson(const CompareResult &r)
{
    const ExactStats &s = r.job.stats;
    QJsonObject o;
    o.insert("mae", s.mae);
    o.insert("mse", s.mse);
    o.insert("rmse", s.rmse);
    o.insert("psnr", finiteOrNull(s.psnr));
    o.insert("max_delta", s.maxDelta);
    if (r.job.ssim) {
        QJsonObject ssim;
        ssim.insert("mean", r.job.ssim->mean);
        QJsonArray perChannel;
        for (double v : r.job.ssim->perChannel)
            perChannel.append(v);
        ssim.insert("per_channel", perChannel);
        ssim.insert("low_regions", regionsToJson(r.job.ssim->lowRegions));
        o.insert("ssim", ssim);
    }
    return o;
}

QJsonObject timingsToJson(const CompareTimings &t)
{
    QJsonObject o;
    o.insert("decode", t.decodeMs);
    o.insert("compare", t.compareMs);
    o.insert("encode", t.encodeMs);
    return o;
}

} // namespace

QJsonObject imageInfoToJson(const ImageInfo &info)
{
    QJsonObject o;
    o.insert("path", QString::fromStdString(info.path));
    o.insert("width", info.width);
    o.insert("height", info.height);
    o.insert("channels", info.channels);
    o.insert("depth", info.depth);
    return o;
}

QJsonObject regionToJson(const Region &region)
{
    QJsonObject o;
    o.insert("x", region.box.x);
    o.insert("y", region.box.y);
    o.insert("width", region.box.width);
    o.insert("height", region.box.height);
    o.insert("pixels", count(region.pixels));
    return o;
}

QJsonArray regionsToJson(const std::vector<Region> &regions)
{
    QJsonArray arr;
    for (const Region &region : regions)
        arr.append(regionToJson(region));
    return arr;
}

QJsonObject planToJson(const PlanInfo &plan)
{
    QJsonObject o;
    o.insert("device", QString::fromStdString(plan.device));
    o.insert("tier", QString::fromLatin1(toString(plan.tier)));
    o.insert("tile_width", plan.tileWidth);
    o.insert("tile_height", plan.tileHeight);
    o.insert("tile_count", plan.tileCount);
    o.insert("estimated_peak_bytes", count(plan.estimatedPeakBytes));
    o.insert("peak_bytes", count(plan.peakBytes));
    o.insert("process_peak_bytes",
             plan.processPeakBytes >= 0 ? count(plan.processPeakBytes) : QJsonValue(QJsonValue::Null));
    o.insert("streamed", plan.streamed);
    o.insert("band_height", plan.bandHeight);
    o.insert("budget_bytes", count(plan.budgetBytes));
    o.insert("memory_ratio", plan.memoryRatio >= 0 ? QJsonValue(plan.memoryRatio) : QJsonValue(QJsonValue::Null));
    o.insert("memory_status", QString::fromStdString(plan.memoryStatus));
    o.insert("retries", plan.retries);
    // A stage may run once per tile: report the total per stage name.
    std::map<std::string, double> stages;
    for (const auto &stage : plan.stageMs)
        stages[stage.first] += stage.second;
    QJsonObject stagesMs;
    for (const auto &stage : stages)
        stagesMs.insert(QString::fromStdString(stage.first), stage.second);
    o.insert("stages_ms", stagesMs);
    return o;
}

QJsonObject resultToJson(const CompareResult &r)
{
    QJsonObject o;
    o.insert("version", QString::fromLatin1(versionString()));
    o.insert("a", imageInfoToJson(r.a));
    o.insert("b", imageInfoToJson(r.b));
    if (!r.ok) {
        QJsonObject error;
        error.insert("file", QString::fromStdString(r.errorFile));
        error.insert("reason", QString::fromStdString(r.errorReason));
        error.insert("message", QString::fromStdString(r.errorMessage()));
        o.insert("error", error);
        return o;
    }
    o.insert("identical", r.identical);
    o.insert("layout_differs", r.layoutDiffers);
    o.insert("pixels", pixelsToJson(r));
    o.insert("metrics", metricsToJson(r));
    o.insert("regions", regionsToJson(r.job.regions));
    o.insert("timings_ms", timingsToJson(r.timings));
    o.insert("plan", planToJson(r.job.plan));
    return o;
}

QByteArray resultToJsonBytes(const CompareResult &r, bool indented)
{
    return QJsonDocument(resultToJson(r)).toJson(indented ? QJsonDocument::Indented : QJsonDocument::Compact);
}

} // namespace difflens

// Memory planner: estimates, tier choice and tile sizes. Pure functions only.
#include "difflens/engine/planner.h"

#include "plan/pipeline_costs.h"
#include "tiles/tile_kernels.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace difflens {

const char *toString(Backend b)
{
    switch (b) {
    case Backend::CpuKernels: return "cpu-kernels";
    case Backend::TorchOps: return "torch-ops";
    case Backend::FusedCuda: return "fused-cuda";
    }
    return "?";
}

namespace {

int ceilDiv(int a, int b) { return (a + b - 1) / b; }

int halo(const PlanRequest &req) { return req.ssim ? detail::kSsimHalo : detail::kPixelmatchHalo; }

Plan makePlan(const PlanRequest &req, Tier tier, int aw, int ah, int nx, int ny, std::string reason)
{
    Plan p;
    p.tier = tier;
    p.backend = req.backend;
    p.tilesX = nx;
    p.tilesY = ny;
    p.tileWidth = ceilDiv(aw, nx);
    p.tileHeight = ceilDiv(ah, ny);
    p.tileCount = ceilDiv(aw, p.tileWidth) * ceilDiv(ah, p.tileHeight);
    p.estimatedPeakBytes = estimateMemory(req, aw, ah, p.tileWidth, p.tileHeight).total();
    p.fits = req.budgetBytes <= 0 || p.estimatedPeakBytes <= req.budgetBytes;
    p.reason = std::move(reason);
    return p;
}

// One step down the tile sequence: halve the longer tile edge (prefer full-width strips),
// never below minTileEdge. nullopt when both edges are at the minimum.
std::optional<std::pair<int, int>> nextDivisions(int aw, int ah, int nx, int ny, int minEdge)
{
    const int tw = ceilDiv(aw, nx), th = ceilDiv(ah, ny);
    const bool canH = ceilDiv(ah, ny * 2) >= minEdge && ny * 2 <= ah;
    const bool canW = ceilDiv(aw, nx * 2) >= minEdge && nx * 2 <= aw;
    if (th >= tw) {
        if (canH)
            return std::make_pair(nx, ny * 2);
        if (canW)
            return std::make_pair(nx * 2, ny);
    } else {
        if (canW)
            return std::make_pair(nx * 2, ny);
        if (canH)
            return std::make_pair(nx, ny * 2);
    }
    return std::nullopt;
}

// Largest tiled plan strictly after divisions (nx, ny) that fits; the smallest tiles when
// none fits. nullopt when no smaller tiling exists.
std::optional<Plan> tiledAfter(const PlanRequest &req, Tier tier, int aw, int ah, int nx, int ny,
                               const std::string &why)
{
    std::optional<Plan> last;
    auto d = nextDivisions(aw, ah, nx, ny, req.minTileEdge);
    while (d) {
        last = makePlan(req, tier, aw, ah, d->first, d->second, why);
        if (last->fits)
            return last;
        d = nextDivisions(aw, ah, d->first, d->second, req.minTileEdge);
    }
    if (last)
        last->reason = why + "; smallest tiles do not fit the budget either";
    return last;
}

Plan smallestTiles(const PlanRequest &req, Tier tier, int aw, int ah, const std::string &why)
{
    int nx = 1, ny = 1;
    while (auto d = nextDivisions(aw, ah, nx, ny, req.minTileEdge)) {
        nx = d->first;
        ny = d->second;
    }
    return makePlan(req, tier, aw, ah, nx, ny, why);
}

Plan mediumPlan(const PlanRequest &req, const std::string &why)
{
    if (auto t = tiledAfter(req, Tier::Medium, req.width, req.height, 1, 1, why))
        return *t;
    return makePlan(req, Tier::Medium, req.width, req.height, 1, 1, why + "; frame below the minimum tile");
}

Plan forcedEdgePlan(const PlanRequest &req)
{
    const int e = std::max(1, req.forcedTileEdge);
    const int tw = std::min(req.width, e), th = std::min(req.height, e);
    const int nx = ceilDiv(req.width, tw), ny = ceilDiv(req.height, th);
    Plan p = makePlan(req, nx * ny > 1 ? Tier::Medium : Tier::High, req.width, req.height, nx, ny,
                      "tile size forced");
    p.tileWidth = tw;
    p.tileHeight = th;
    p.tileCount = nx * ny;
    p.estimatedPeakBytes = estimateMemory(req, req.width, req.height, tw, th).total();
    p.fits = req.budgetBytes <= 0 || p.estimatedPeakBytes <= req.budgetBytes;
    return p;
}

} // namespace

MemoryEstimate estimateMemory(const PlanRequest &req, int aw, int ah, int tw, int th)
{
    using namespace detail;
    MemoryEstimate e;
    const double px = double(aw) * ah;
    tw = std::min(aw, tw);
    th = std::min(ah, th);
    if (req.backend == Backend::CpuKernels) {
        const int h = halo(req);
        const double tilePx = double(std::min(aw, tw + 2 * h)) * std::min(ah, th + 2 * h);
        const bool map = req.ssim && req.ssimMap;
        const double outputs = px * (kCpuMaskBytesPerPx + (req.wantDiff ? kCpuDiffBytesPerPx : 0) +
                                     (map ? kCpuSsimMapBytesPerPx : 0));
        e.outputs = int64_t(outputs);
        e.tile = kCpuTileOverheadBytes + int64_t(req.ssim ? tilePx * kCpuSsimTileBytesPerPx : 0);
        e.finalize = int64_t(px * std::max(kCpuRegionBytesPerPx, map ? kCpuSsimFinalizeBytesPerPx : 0.0));
        return e;
    }
    // Device memory only: one tile's buffers on the GPU (the estimate adds the halo);
    // host outputs live in host memory.
    e.tile = estimateTorchTileBytes(tw, th, req.ssim, req.backend == Backend::FusedCuda);
    return e;
}

// Rules, in order (every plan is at native resolution: results are always exact):
//  1. A forced tier (JobOptions::tier) or forced tile edge wins; a forced Low (display
//     quality only, rejected by runJob) is planned as forced Medium.
//  2. Critical ratio: the smallest tiles.
//  3. High when it fits and the ratio is not above Warning.
//  4. Medium with the largest tile that fits.
//  5. The smallest tiles (marked as not fitting).
Plan planJob(const PlanRequest &req)
{
    const int w = req.width, h = req.height;
    if (req.forcedTier == Tier::High)
        return makePlan(req, Tier::High, w, h, 1, 1, "tier forced high");
    if (req.forcedTier == Tier::Low)
        return mediumPlan(req, "tier forced low: analysis is always exact, planned as medium");
    if (req.forcedTileEdge > 0)
        return forcedEdgePlan(req);
    if (req.forcedTier == Tier::Medium)
        return mediumPlan(req, "tier forced medium");

    const MemoryStatus status = MemoryMonitor::classify(req.ratio, req.thresholds);
    if (status == MemoryStatus::Critical)
        return smallestTiles(req, Tier::Medium, w, h, "memory critical");
    Plan high = makePlan(req, Tier::High, w, h, 1, 1, "whole frame fits");
    if (high.fits && status != MemoryStatus::Warning)
        return high;
    const std::string why = status == MemoryStatus::Warning ? "memory warning: no whole-frame plan"
                                                            : "whole frame over budget";
    if (auto t = tiledAfter(req, Tier::Medium, w, h, 1, 1, why); t && t->fits)
        return *t;
    if (auto t = tiledAfter(req, Tier::Medium, w, h, 1, 1, why))
        return *t; // smallest tiles, fits == false
    // Frame already at the minimum tile size: whole frame is the only option.
    high.reason = why + "; frame below the minimum tile";
    return high;
}

std::optional<Plan> nextPlanDown(const Plan &failed, const PlanRequest &req)
{
    if (failed.tier == Tier::High && req.forcedTier == Tier::High)
        return std::nullopt;
    const std::string why = std::string("out of memory at ") + toString(failed.tier) + " " +
                            std::to_string(failed.tileWidth) + "x" + std::to_string(failed.tileHeight);
    return tiledAfter(req, Tier::Medium, req.width, req.height, failed.tilesX, failed.tilesY, why);
}

std::vector<Rect> tileGrid(int width, int height, int tileWidth, int tileHeight)
{
    std::vector<Rect> tiles;
    if (width <= 0 || height <= 0 || tileWidth <= 0 || tileHeight <= 0)
        return tiles;
    for (int y = 0; y < height; y += tileHeight)
        for (int x = 0; x < width; x += tileWidth)
            tiles.push_back({x, y, std::min(tileWidth, width - x), std::min(tileHeight, height - y)});
    return tiles;
}

int64_t budgetFromSample(const MemorySample &s, int64_t explicitBudget)
{
    if (explicitBudget > 0)
        return explicitBudget;
    const int64_t freeBytes = s.freeBytes();
    if (freeBytes < 0 || s.totalBytes <= 0)
        return 0;
    const int64_t margin = std::max<int64_t>(kMinSafetyMargin, int64_t(double(s.totalBytes) * kSafetyMarginFraction));
    return std::max<int64_t>(1, freeBytes - margin);
}

std::string formatBytes(int64_t bytes)
{
    if (bytes < 0)
        return "unknown";
    const char *units[] = {"B", "K", "M", "G", "T"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f%s" : "%.2f%s", v, units[u]);
    return buf;
}

int64_t parseByteSize(const std::string &text)
{
    size_t i = 0;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
        ++i;
    if (i == 0)
        return -1;
    double v = 0;
    try {
        v = std::stod(text.substr(0, i));
    } catch (...) {
        return -1;
    }
    std::string unit;
    for (size_t k = i; k < text.size(); ++k)
        unit += char(std::toupper(static_cast<unsigned char>(text[k])));
    if (unit == "IB" || unit == "B")
        unit.clear();
    if (unit.size() > 1 && unit.back() == 'B')
        unit.pop_back();
    if (unit.size() > 1 && unit.back() == 'I')
        unit.pop_back();
    double mul = 1;
    if (unit == "K")
        mul = 1024.0;
    else if (unit == "M")
        mul = 1024.0 * 1024;
    else if (unit == "G")
        mul = 1024.0 * 1024 * 1024;
    else if (unit == "T")
        mul = 1024.0 * 1024 * 1024 * 1024;
    else if (!unit.empty())
        return -1;
    return int64_t(v * mul);
}

std::string describePlan(const Plan &p, const PlanRequest &req, const MemorySample &s)
{
    char ratio[32];
    if (s.ratio >= 0)
        std::snprintf(ratio, sizeof ratio, "%.3f", s.ratio);
    else
        std::snprintf(ratio, sizeof ratio, "unknown");
    std::string line = "device=" + (s.device.empty() ? std::string("?") : s.device) + " ratio=" + ratio +
                       " status=" + toString(MemoryMonitor::classify(s.ratio, req.thresholds)) +
                       " budget=" + (req.budgetBytes > 0 ? formatBytes(req.budgetBytes) : "unknown") +
                       " tier=" + toString(p.tier) + " backend=" + toString(p.backend) +
                       " size=" + std::to_string(req.width) + "x" + std::to_string(req.height) +
                       " tile=" + std::to_string(p.tileWidth) + "x" + std::to_string(p.tileHeight) +
                       " tiles=" + std::to_string(p.tileCount) + " estimate=" + formatBytes(p.estimatedPeakBytes) +
                       " fits=" + (p.fits ? "yes" : "no") +
                       " ssim=" + (req.ssim ? "yes" : "no") + " reason=\"" + p.reason + "\"";
    return line;
}

} // namespace difflens

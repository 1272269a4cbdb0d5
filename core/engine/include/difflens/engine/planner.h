#pragma once
// Memory planner: pure functions that turn an image size, the requested outputs, the
// compute backend and a memory budget into an execution plan (tier, tile size, estimated
// peak bytes). No I/O here, so every decision is table-testable.
//
// Every plan is exact, at native resolution:
//   High   whole frame in one tile.
//   Medium tiles; kernels read a halo >= the largest filter radius, so counts, SSIM,
//          regions and the diff image are identical to High.
// Tier::Low is display quality only (previews, report images): the planner never chooses
// it, and a request forcing it is answered with Medium tiles here and rejected by runJob
// (kLowTierIsDisplayOnly).
#include "difflens/engine/image.h"
#include "difflens/engine/job.h"
#include "difflens/engine/monitor.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace difflens {

// Which kernels execute the tiles; decides what the planner's estimate counts.
//   CpuKernels: host memory (outputs + per-tile working sets + region labelling).
//   TorchOps / FusedCuda: device memory of one tile (detail::estimateTorchTileBytes).
enum class Backend { CpuKernels, TorchOps, FusedCuda };
const char *toString(Backend b);

constexpr int kMinTileEdge = 128;            // smallest tile edge the planner proposes
constexpr int64_t kMinSafetyMargin = 256ll << 20;
constexpr double kSafetyMarginFraction = 0.05; // of total device memory

// runJob's error (and the CLI's for `--tier low`) when analysis at Tier::Low is requested.
constexpr const char *kLowTierIsDisplayOnly = "the Low tier is display quality only; analysis is always exact";

struct PlanRequest {
    int width = 0, height = 0;       // native size
    int depth = 8;                   // bits per sample (8 or 16)
    bool ssim = false;
    bool ssimMap = false;            // SSIM map kept (and low-SSIM regions computed)
    bool wantDiff = true;
    bool wantMask = false;           // informational: the mask is always built for regions
    Backend backend = Backend::CpuKernels;
    int64_t budgetBytes = 0;         // <= 0: unknown, everything fits
    double ratio = -1;               // live used/total; < 0 unknown
    MemoryThresholds thresholds;
    Tier forcedTier = Tier::Auto;    // Low is never planned: treated as Medium
    int forcedTileEdge = 0;          // > 0: Medium tiles of this edge (tests, benchmarks)
    int minTileEdge = kMinTileEdge;  // runJob uses a larger minimum on the CPU
};

struct Plan {
    Tier tier = Tier::High;
    Backend backend = Backend::CpuKernels;
    int tilesX = 1, tilesY = 1; // grid divisions of the native frame
    int tileWidth = 0, tileHeight = 0;
    int tileCount = 1;
    int64_t estimatedPeakBytes = 0;
    bool fits = true;                // estimate <= budget (or budget unknown)
    std::string reason;              // why this plan was chosen
};

// Peak-bytes model, split so the planner can see what tiling can and cannot reduce.
struct MemoryEstimate {
    int64_t outputs = 0;   // full-frame buffers (mask, diff, SSIM map)
    int64_t tile = 0;      // working set of one tile (kernels, halo included)
    int64_t finalize = 0;  // region labelling and SSIM finalisation after the tiles
    int64_t total() const { return outputs + (tile > finalize ? tile : finalize); }
};

// Estimate for a plan on a frame of aw x ah split into tw x th tiles.
MemoryEstimate estimateMemory(const PlanRequest &req, int aw, int ah, int tw, int th);

// The best plan for the request (see the rules in planner.cpp).
Plan planJob(const PlanRequest &req);

// The plan one step down after `failed` ran out of memory, on the same backend:
// High -> Medium (largest fitting tile) -> smaller tiles.
// nullopt when nothing smaller is left on this backend.
std::optional<Plan> nextPlanDown(const Plan &failed, const PlanRequest &req);

// Row-major tiles of size tw x th covering w x h (edge tiles are clipped).
std::vector<Rect> tileGrid(int width, int height, int tileWidth, int tileHeight);

// Budget for planning: explicit budget when > 0, else free memory minus a safety margin
// (max of kMinSafetyMargin and kSafetyMarginFraction of the total); 0 when unknown.
int64_t budgetFromSample(const MemorySample &s, int64_t explicitBudget);

// One log line describing a planned job ("ratio=0.42 status=normal tier=medium ...").
std::string describePlan(const Plan &p, const PlanRequest &req, const MemorySample &s);

// "512M", "2G", "1536K", "1000000" -> bytes; -1 when malformed.
int64_t parseByteSize(const std::string &text);
std::string formatBytes(int64_t bytes);

} // namespace difflens

#pragma once
// The engine's job entry point: one comparison of two decoded, equally sized RGBA images,
// planned against a memory budget (see planner.h) and executed on the CPU or CUDA.
// Pure function of its inputs: returns a value or an error, never throws.
#include "difflens/engine/flip.h"
#include "difflens/engine/image.h"
#include "difflens/engine/monitor.h"
#include "difflens/engine/pixelmatch.h"
#include "difflens/engine/regions.h"
#include "difflens/engine/ssim.h"
#include "difflens/engine/stats.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace difflens {

enum class Device { Auto, Cpu, Cuda };
// Analysis is always exact: the planner chooses High or Medium only. Low remains a name
// for display quality only; runJob rejects a request to analyse at it.
enum class Tier { Auto, High, Medium, Low };

const char *toString(Device d);
const char *toString(Tier t);

// Receives one line per job (memory ratio, status, plan parameters, retries). The engine
// has no logging framework; front ends route this to their own.
using LogSink = std::function<void(const std::string &line)>;

// Test hook: called at each named stage ("upload", "pixelmatch", "ssim", "stats", "regions",
// "download", "plan", "diff"), per tile where the stage is per tile; return true to simulate
// out-of-memory there.
using FaultInjector = std::function<bool(const std::string &stage, Tier tier, Device device)>;

struct JobOptions {
    PixelmatchOptions pixelmatch;
    std::vector<Rect> ignore;
    bool wantDiffImage = true;   // RGBA8 diff image in the result
    bool wantMask = false;       // MaskValue per pixel in the result
    bool computeSsim = false;
    SsimOptions ssim;
    bool computeFlip = false;     // LDR-FLIP (flip.h); always computed on the CPU
    FlipOptions flip;
    int regionDilation = 2;

    Device device = Device::Auto;
    Tier tier = Tier::Auto;
    int64_t memoryBudget = 0;     // bytes; 0 = device free memory less a safety margin
    double warningRatio = 0.80;
    double criticalRatio = 0.90;

    std::function<bool()> isCanceled; // polled between stages/tiles
    FaultInjector faultInjector;
    int threads = 0;
    int tileSize = 0;             // > 0: force Medium tiles of this edge (tests, benchmarks)
    LogSink log;                  // optional per-job log line(s)
    // Test seam: when set, the whole-frame job plans with this sample instead of reading the
    // live device memory (its status is recomputed from warningRatio/criticalRatio).
    std::function<MemorySample()> memorySample;
};

struct PlanInfo {
    std::string device = "cpu";   // "cpu" or "cuda:0 (<name>)"
    std::string backend = "cpu-kernels"; // "cpu-kernels", "torch-ops" or "fused-cuda"
    Tier tier = Tier::High;
    int tileWidth = 0, tileHeight = 0, tileCount = 1;
    int64_t estimatedPeakBytes = 0;
    int64_t peakBytes = 0;        // measured: CUDA allocator peak, or CPU resident high-water delta
    int64_t processPeakBytes = -1; // the whole process's peak RSS (VmHWM) when the job ended; -1 unknown
    bool streamed = false;        // images read and compared in bands of bandHeight rows
    int bandHeight = 0;           // rows per band when streamed
    int64_t budgetBytes = 0;
    double memoryRatio = -1;      // ratio when planned, -1 unknown
    std::string memoryStatus = "unknown";
    int retries = 0;
    std::vector<std::string> retryReasons;
    std::vector<std::pair<std::string, double>> stageMs;
};

struct JobResult {
    bool ok = false;
    bool canceled = false;
    std::string error;            // set when !ok
    PixelmatchCounts counts;
    int64_t totalPixels = 0;      // pixels compared (ignore regions excluded)
    ExactStats stats;
    std::vector<Region> regions;
    Image diff;                   // RGBA8 when wantDiffImage
    std::vector<uint8_t> mask;    // when wantMask (width*height)
    std::optional<SsimResult> ssim;
    std::optional<FlipResult> flip;
    PlanInfo plan;
};

JobResult runJob(const ImageView &a, const ImageView &b, const JobOptions &opt);

} // namespace difflens

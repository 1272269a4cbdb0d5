#pragma once
// Executes one plan of a job (all tiles, merge, finalisation). Throws std::bad_alloc
// (InjectedOutOfMemory for injected faults) on out-of-memory; any other exception is a
// failure. The result is complete or the call does not return normally.
#include "difflens/engine/job.h"
#include "difflens/engine/planner.h"

#include <string>
#include <utility>
#include <vector>

namespace difflens::detail {

struct PlanExecution {
    ImageView a, b;           // native frames
    const JobOptions *opt = nullptr;
    Plan plan;
    Device device = Device::Cpu; // Cpu or Cuda
    int threads = 0;
};

enum class ExecStatus { Done, Canceled };

// Fills counts, totalPixels, stats, regions, diff, mask and ssim of `result`; appends the
// stage timings (ms) to `stageMs`.
ExecStatus executePlan(const PlanExecution &ex, JobResult &result,
                       std::vector<std::pair<std::string, double>> &stageMs);

} // namespace difflens::detail

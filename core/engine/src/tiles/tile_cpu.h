#pragma once
// CPU tile execution with per-kernel timings (runTileCpu is this without timings).
#include "tiles/tile_kernels.h"

#include <functional>
#include <string>

namespace difflens::detail {

struct StageTimes {
    double pixelmatchMs = 0, statsMs = 0, ssimMs = 0, flipMs = 0;
    void add(const StageTimes &o)
    {
        pixelmatchMs += o.pixelmatchMs;
        statsMs += o.statsMs;
        ssimMs += o.ssimMs;
        flipMs += o.flipMs;
    }
};

// Thrown by the pipeline when the fault injector simulates out-of-memory at a stage.
struct InjectedOutOfMemory : std::bad_alloc {
    explicit InjectedOutOfMemory(std::string s) : stage(std::move(s)) {}
    const char *what() const noexcept override { return "injected out of memory"; }
    std::string stage;
};

// Calls opt.faultInjector(stage, tier, device); throws InjectedOutOfMemory when it fires.
void checkFault(const JobOptions &opt, const char *stage, Tier tier, Device device);

// Runs pixelmatch, exact statistics and (when req.wantSsim / req.wantFlip) SSIM and FLIP for req.area, each pass
// split over row bands on `threads` threads. The fault injector is consulted before each
// pass with `tier` and Device::Cpu. times may be null.
void runTileCpuStaged(const TileRequest &req, TileOutput &out, int threads, Tier tier, StageTimes *times);

} // namespace difflens::detail

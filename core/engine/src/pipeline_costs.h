#pragma once
// Per-pixel memory constants of the CPU pipeline, used by the planner's estimate.
// Calibrated by measurement (difflens-bench --calibrate: VmHWM high-water minus the
// resident size before the job, inputs excluded); see the table below.
#include <cstdint>

namespace difflens::detail {

// Full-frame outputs, allocated once per job.
constexpr int64_t kCpuMaskBytesPerPx = 1;     // MaskValue per pixel (always: regions need it)
constexpr int64_t kCpuDiffBytesPerPx = 4;     // RGBA8 diff image
constexpr int64_t kCpuSsimMapBytesPerPx = 4;  // float SSIM map

// Working set of one tile (per pixel of the tile including its halo) and a fixed overhead
// for thread stacks, per-thread accumulators and allocator slack.
constexpr int64_t kCpuSsimTileBytesPerPx = 60;
constexpr int64_t kCpuTileOverheadBytes = 8ll << 20;

// After the tiles: region labelling on the mask, low-SSIM region labelling on the map.
constexpr int64_t kCpuRegionBytesPerPx = 5;
constexpr int64_t kCpuSsimRegionBytesPerPx = 5;

} // namespace difflens::detail

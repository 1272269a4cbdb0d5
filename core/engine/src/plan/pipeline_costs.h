#pragma once
// Per-pixel memory constants of the CPU pipeline, used by the planner's estimate.
//
// Calibrated by measurement: `difflens-bench --calibrate` (large blocks mmapped so freed
// memory leaves the resident set; peak = VmHWM after the job minus the resident size before
// it, inputs excluded). Screenshot-like pairs, 2 cores, bytes per analysis pixel:
//
//   size        ssim diff | measured B/px (whole frame / 512 tiles)
//   1024x1024   no   no   |  0.98 / 0.99      mask only
//   2048x2048   no   yes  |  5.04 / 5.04      mask + RGBA8 diff
//   4096x2048   yes  no   |  6.07 / 6.08      mask + SSIM map + low-SSIM mask
//   3001x1999   yes  yes  | 10.07 / 10.07     all of the above
//
// The tuned CPU kernels keep no per-pixel tile state (SSIM holds an 11-row ring per thread),
// so tiling does not lower the CPU peak: it is the full-frame outputs plus the larger of
// region labelling (runs, ~0.05 B/px measured on screenshots; 0.25 budgeted for denser
// differences) and the low-SSIM mask built by finalizeSsim (1 B/px plus its runs).
#include <cstdint>

namespace difflens::detail {

constexpr double kCpuMaskBytesPerPx = 1;       // MaskValue per pixel (always: regions need it)
constexpr double kCpuDiffBytesPerPx = 4;       // RGBA8 diff image
constexpr double kCpuSsimMapBytesPerPx = 4;    // float SSIM map
constexpr double kCpuSsimTileBytesPerPx = 0;   // per tile pixel incl. halo (none measured)
constexpr int64_t kCpuTileOverheadBytes = 1ll << 20; // per-thread rings, accumulators
constexpr double kCpuRegionBytesPerPx = 0.25;  // findRegions on the mask
constexpr double kCpuSsimFinalizeBytesPerPx = 1.1; // low-SSIM mask + its regions

// Smallest tile edge on the CPU: tiles only bound the torch paths' device memory, so the
// CPU needs no tiny tiles (each tile costs a thread fan-out per kernel pass).
constexpr int kCpuMinTileEdge = 256;

} // namespace difflens::detail

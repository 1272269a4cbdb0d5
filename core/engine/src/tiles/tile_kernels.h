#pragma once
// Internal contract between the pipeline (planner/tiler/job.cpp) and the metric kernels.
// A tile is an output rectangle `area` of the full frame; kernels read a and b (full
// frames, host memory) including whatever halo they need around `area`, so any tiling of
// the frame produces results identical to the whole frame.
#include "difflens/engine/job.h"

#include <cstddef>
#include <cstdint>

namespace difflens::detail {

struct TileRequest {
    ImageView a, b;             // full frames, RGBA, same size and depth
    Rect area;                  // output rectangle
    const JobOptions *opt = nullptr;
    bool wantSsim = false;
    // Streaming: a and b hold rows [frameTop, frameTop + a.height) of a frame of
    // frameHeight rows (0: a and b are the whole frame).
    int frameTop = 0;
    int frameHeight = 0;
    bool wantFlip = false;      // LDR-FLIP (CPU kernels only)
};

struct TileOutput {
    PixelmatchCounts counts;
    ExactAccumulator exact;
    SsimAccumulator ssim;
    // Host destinations addressing pixel (area.x, area.y); null when not wanted.
    uint8_t *diff = nullptr;   size_t diffStride = 0;   // RGBA8
    uint8_t *mask = nullptr;   size_t maskStride = 0;   // MaskValue
    float *ssimMap = nullptr;  size_t ssimMapStride = 0; // floats per row
    FlipAccumulator flip;
    float *flipMap = nullptr;  size_t flipMapStride = 0; // floats per row
};

// Halo (pixels) each kernel family needs around a tile.
constexpr int kPixelmatchHalo = 2;  // AA detector reads neighbours of neighbours
// With a shift tolerance N the shift test reads N rows either side of a mismatch.
constexpr int pixelmatchHalo(int shift) { return shift > kPixelmatchHalo ? shift : kPixelmatchHalo; }
constexpr int kSsimHalo = 5;        // 11x11 window

// CPU kernels (tuned, multi-threaded inside the tile when threads > 1).
void runTileCpu(const TileRequest &req, TileOutput &out, int threads);

// LibTorch kernels on `cuda` or the CPU device. `fused` selects the hand-written CUDA
// kernels (only when built with DIFFLENS_HAVE_CUDA); otherwise the portable LibTorch-ops
// path. Throws std::bad_alloc on out-of-memory (c10 OOM errors are translated).
void runTileTorch(const TileRequest &req, TileOutput &out, bool cuda, bool fused);

bool torchCudaAvailable();
bool fusedCudaKernelsBuilt();
std::string cudaDeviceName();
// Bytes the torch path allocates on the device for a w x h tile (halo included).
int64_t estimateTorchTileBytes(int width, int height, bool ssim, bool fused);
// Frees LibTorch's cached device memory (after out-of-memory).
void releaseCachedDeviceMemory();
// Peak bytes allocated on the CUDA device since the last reset; -1 when unavailable.
int64_t cudaPeakAllocatedBytes();
void resetCudaPeakStats();

} // namespace difflens::detail

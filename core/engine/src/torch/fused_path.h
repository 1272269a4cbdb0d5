#pragma once
// Tuning knobs and timings of the fused CUDA path's host transfers, callable without
// LibTorch or CUDA headers (benchmarks, tests). Without DIFFLENS_HAVE_CUDA the settings are
// stored but unused and the timings stay empty.
#include <cstddef>

namespace difflens::detail {

enum class FusedTransferMode {
    Staged, // host threads copy through small pooled pinned buffers, overlapped with DMA
    Direct  // cudaMemcpy2DAsync straight from/to the strided pageable host rows
};

struct FusedTransferSettings {
    FusedTransferMode mode = FusedTransferMode::Staged;
    size_t slotBytes = 0; // bytes per pinned buffer; 0 = default
    int lanes = 0;        // copy threads/streams; 0 = default
};

void setFusedTransferSettings(const FusedTransferSettings &s);
FusedTransferSettings fusedTransferSettings();

// Sums over the fused tiles run on the calling thread since the last reset.
struct FusedTileTimes {
    int tiles = 0;
    double uploadMs = 0;   // host: rows handed to the device
    double kernelsMs = 0;  // device: pixelmatch/statistics and SSIM kernels
    double downloadMs = 0; // host: waiting for the kernels, outputs copied into the destinations
    double totalMs = 0;    // host: whole tiles (device buffers, uploads, kernels, downloads, results)
    bool staged = false;   // last tile used pinned staging
    int lanes = 0;
    size_t slotBytes = 0;
};

void resetFusedTileTimes();
FusedTileTimes fusedTileTimes();

} // namespace difflens::detail

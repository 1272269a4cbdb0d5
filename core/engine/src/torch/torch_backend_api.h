#pragma once
// The LibTorch backend is a separately built shared library (libdifflens_torch.so) that the
// engine loads with dlopen only when a job needs it (a CUDA device, or the LibTorch-ops path
// asked for explicitly). Loading LibTorch costs seconds of process start-up and ~100 MB of
// memory, which a CPU-only comparison never needs: the CPU kernels are our own.
//
// The plugin exports one C symbol returning this table; the engine's trampolines in
// torch_loader.cpp implement the tile_kernels.h contract by forwarding to it.
#include "tiles/tile_kernels.h"

#include <cstdint>
#include <string>

namespace difflens::detail {

constexpr int kTorchBackendApiVersion = 2;

struct TorchBackendApi {
    int version = kTorchBackendApiVersion;
    void (*runTileTorch)(const TileRequest &, TileOutput &, bool cuda, bool fused) = nullptr;
    bool (*torchCudaAvailable)() = nullptr;
    bool (*fusedCudaKernelsBuilt)() = nullptr;
    std::string (*cudaDeviceName)() = nullptr;
    void (*releaseCachedDeviceMemory)() = nullptr;
    int64_t (*cudaPeakAllocatedBytes)() = nullptr;
    void (*resetCudaPeakStats)() = nullptr;
};

// Whether the backend library has been loaded in this process (never loads it).
bool torchBackendLoaded();
// Loads the backend if needed; null with a reason when it cannot be loaded.
const TorchBackendApi *torchBackend(std::string *whyNot = nullptr);

} // namespace difflens::detail

extern "C" const difflens::detail::TorchBackendApi *difflens_torch_backend_api();

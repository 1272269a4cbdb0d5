// Entry point of the LibTorch backend plugin (libdifflens_torch.so): the only exported symbol.
#include "torch/torch_backend_api.h"

extern "C" __attribute__((visibility("default"))) const difflens::detail::TorchBackendApi *
difflens_torch_backend_api()
{
    using namespace difflens::detail;
    static const TorchBackendApi api = [] {
        TorchBackendApi a;
        a.runTileTorch = &runTileTorch;
        a.torchCudaAvailable = &torchCudaAvailable;
        a.fusedCudaKernelsBuilt = &fusedCudaKernelsBuilt;
        a.cudaDeviceName = &cudaDeviceName;
        a.releaseCachedDeviceMemory = &releaseCachedDeviceMemory;
        a.cudaPeakAllocatedBytes = &cudaPeakAllocatedBytes;
        a.resetCudaPeakStats = &resetCudaPeakStats;
        return a;
    }();
    return &api;
}

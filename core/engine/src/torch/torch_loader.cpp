// Trampolines for the tile_kernels.h LibTorch contract: the engine loads the LibTorch
// backend plugin lazily (see torch_backend_api.h), so CPU-only runs never pay LibTorch's
// start-up cost. Search order for the plugin (module_path.h moduleCandidates):
//   1. $DIFFLENS_TORCH_BACKEND (a path to the library);
//   2. next to the executable, then <exe dir>/../lib/difflens/ (installed layout);
//   3. the build tree's copy (compiled in as DIFFLENS_TORCH_BACKEND_BUILD_PATH).
#include "torch/torch_backend_api.h"

#include "difflens/engine/module_path.h"

#include <dlfcn.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <new>
#include <stdexcept>
#include <vector>

namespace difflens::detail {
namespace {

struct BackendState {
    std::once_flag once;
    std::atomic<const TorchBackendApi *> api{nullptr};
    std::string error;
};

BackendState &state()
{
    static BackendState s;
    return s;
}

std::vector<std::string> candidatePaths()
{
#ifdef DIFFLENS_TORCH_BACKEND_BUILD_PATH
    return moduleCandidates("DIFFLENS_TORCH_BACKEND", "libdifflens_torch.so", DIFFLENS_TORCH_BACKEND_BUILD_PATH);
#else
    return moduleCandidates("DIFFLENS_TORCH_BACKEND", "libdifflens_torch.so", nullptr);
#endif
}

void load(BackendState &s)
{
    std::string reasons;
    for (const std::string &path : candidatePaths()) {
        if (access(path.c_str(), R_OK) != 0)
            continue;
        void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            const char *e = dlerror();
            reasons += path + ": " + (e ? e : "dlopen failed") + "; ";
            continue;
        }
        using Entry = const TorchBackendApi *(*)();
        auto entry = reinterpret_cast<Entry>(dlsym(handle, "difflens_torch_backend_api"));
        const TorchBackendApi *api = entry ? entry() : nullptr;
        if (!api || api->version != kTorchBackendApiVersion) {
            reasons += path + ": not a compatible DiffLens LibTorch backend; ";
            dlclose(handle);
            continue;
        }
        s.api = api; // the handle stays open for the life of the process
        return;
    }
    s.error = reasons.empty() ? "the LibTorch backend (libdifflens_torch.so) was not found" : reasons;
}

// True when a CUDA driver with at least one device is present, checked through the driver
// API without loading LibTorch (cheap: no device context is created).
bool cudaDevicePresent()
{
    static const bool present = [] {
        void *h = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
        if (!h)
            return false;
        using InitFn = int (*)(unsigned);
        using CountFn = int (*)(int *);
        auto init = reinterpret_cast<InitFn>(dlsym(h, "cuInit"));
        auto count = reinterpret_cast<CountFn>(dlsym(h, "cuDeviceGetCount"));
        int n = 0;
        return init && count && init(0) == 0 && count(&n) == 0 && n > 0;
    }();
    return present;
}

const TorchBackendApi &requireBackend()
{
    std::string why;
    const TorchBackendApi *api = torchBackend(&why);
    if (!api)
        throw std::runtime_error("LibTorch backend unavailable: " + why);
    return *api;
}

} // namespace

bool torchBackendLoaded()
{
    return state().api.load() != nullptr;
}

const TorchBackendApi *torchBackend(std::string *whyNot)
{
    BackendState &s = state();
    std::call_once(s.once, [&s] { load(s); });
    const TorchBackendApi *api = s.api.load();
    if (!api && whyNot)
        *whyNot = s.error;
    return api;
}

void runTileTorch(const TileRequest &req, TileOutput &out, bool cuda, bool fused)
{
    requireBackend().runTileTorch(req, out, cuda, fused);
}

bool torchCudaAvailable()
{
    if (!cudaDevicePresent())
        return false;
    const TorchBackendApi *api = torchBackend();
    return api && api->torchCudaAvailable();
}

bool fusedCudaKernelsBuilt()
{
    const TorchBackendApi *api = torchBackend();
    return api && api->fusedCudaKernelsBuilt();
}

std::string cudaDeviceName()
{
    if (!cudaDevicePresent())
        return {};
    const TorchBackendApi *api = torchBackend();
    return api ? api->cudaDeviceName() : std::string();
}

void releaseCachedDeviceMemory()
{
    if (torchBackendLoaded())
        torchBackend()->releaseCachedDeviceMemory();
}

int64_t cudaPeakAllocatedBytes()
{
    return torchBackendLoaded() ? torchBackend()->cudaPeakAllocatedBytes() : -1;
}

void resetCudaPeakStats()
{
    if (torchBackendLoaded())
        torchBackend()->resetCudaPeakStats();
}

} // namespace difflens::detail

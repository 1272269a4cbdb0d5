// Job runner: validation, device choice, planning against the memory budget, execution
// with out-of-memory fallback (one plan down per failure), plan bookkeeping and logging.
#include "difflens/engine/job.h"

#include "difflens/engine/monitor.h"
#include "difflens/engine/planner.h"

#include "plan/cuda_stand_in.h"
#include "plan/job_checks.h"
#include "plan/pipeline_costs.h"
#include "tiles/tile_cpu.h"
#include "tiles/pipeline_exec.h"
#include "plan/pipeline_memory.h"
#include "tiles/tile_kernels.h"

#include <atomic>
#include <chrono>
#include <exception>
#include <new>

namespace difflens {

const char *toString(Device d)
{
    switch (d) {
    case Device::Auto: return "auto";
    case Device::Cpu: return "cpu";
    case Device::Cuda: return "cuda";
    }
    return "?";
}

const char *toString(Tier t)
{
    switch (t) {
    case Tier::Auto: return "auto";
    case Tier::High: return "high";
    case Tier::Medium: return "medium";
    case Tier::Low: return "low";
    }
    return "?";
}

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kMaxAttempts = 40;

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

std::string validate(const ImageView &a, const ImageView &b)
{
    if (!a.valid() || !b.valid())
        return "empty image";
    if (a.width != b.width || a.height != b.height)
        return "image sizes differ (" + std::to_string(a.width) + "x" + std::to_string(a.height) + " vs " +
               std::to_string(b.width) + "x" + std::to_string(b.height) + ")";
    if (a.depth != b.depth)
        return "bit depths differ";
    if (a.depth != 8 && a.depth != 16)
        return "unsupported bit depth " + std::to_string(a.depth);
    if (a.channels != 4 || b.channels != 4)
        return "images must be RGBA (4 channels)";
    const size_t minStride = size_t(a.width) * a.bytesPerPixel();
    if (a.stride < minStride || b.stride < minStride)
        return "row stride smaller than a row";
    return {};
}

} // namespace

namespace detail {

std::string validateShift(const JobOptions &opt)
{
    if (opt.pixelmatch.shift < 0 || opt.pixelmatch.shift > kMaxPixelmatchShift)
        return "shift must be from 0 to " + std::to_string(kMaxPixelmatchShift);
    return {};
}

// Memory sample for the device the job runs on.
MemorySample sampleDevice(Device device, const JobOptions &opt)
{
    const MemoryThresholds t{opt.warningRatio, opt.criticalRatio};
    if (opt.memorySample) {
        MemorySample s = opt.memorySample();
        if (s.device.empty())
            s.device = device == Device::Cuda ? "cuda:0" : "cpu";
        s.status = MemoryMonitor::classify(s.ratio, t);
        return s;
    }
    std::unique_ptr<MemorySource> src =
        device == Device::Cuda ? makeCudaMemorySource(0) : makeCpuMemorySource();
    if (!src) {
        MemorySample s;
        const std::string name = detail::cudaDeviceName();
        s.device = "cuda:0" + (name.empty() ? std::string() : " (" + name + ")");
        s.isCuda = true;
        return s;
    }
    MemoryMonitor monitor(std::move(src), t);
    return monitor.sample();
}

} // namespace detail

namespace {

using detail::sampleDevice;
using detail::validateShift;

std::atomic<bool> g_cudaStandIn{false}; // cuda_stand_in.h (tests only)

bool cudaAvailable() { return g_cudaStandIn.load() || detail::torchCudaAvailable(); }

Backend backendFor(Device device)
{
    if (device == Device::Cpu)
        return Backend::CpuKernels;
    return detail::fusedCudaKernelsBuilt() ? Backend::FusedCuda : Backend::TorchOps;
}

PlanRequest makeRequest(const ImageView &a, const JobOptions &opt, Device device, const MemorySample &s)
{
    PlanRequest r;
    r.width = a.width;
    r.height = a.height;
    r.depth = a.depth;
    r.ssim = opt.computeSsim;
    r.ssimMap = opt.computeSsim && opt.ssim.wantMap;
    r.wantDiff = opt.wantDiffImage;
    r.wantMask = opt.wantMask;
    r.backend = backendFor(device);
    r.budgetBytes = budgetFromSample(s, opt.memoryBudget);
    r.ratio = s.ratio;
    r.thresholds = {opt.warningRatio, opt.criticalRatio};
    r.forcedTier = opt.tier;
    r.forcedTileEdge = opt.tileSize;
    r.minTileEdge = device == Device::Cpu ? detail::kCpuMinTileEdge : kMinTileEdge;
    return r;
}

void log(const JobOptions &opt, const std::string &line)
{
    if (!opt.log)
        return;
    try {
        opt.log("difflens job: " + line);
    } catch (...) {
        // A failing log sink never fails the job.
    }
}

void recordPlan(PlanInfo &info, const Plan &p, const PlanRequest &req, const MemorySample &s)
{
    info.device = s.device.empty() ? "cpu" : s.device;
    info.backend = toString(p.backend);
    info.tier = p.tier;
    info.tileWidth = p.tileWidth;
    info.tileHeight = p.tileHeight;
    info.tileCount = p.tileCount;
    info.estimatedPeakBytes = p.estimatedPeakBytes;
    info.budgetBytes = req.budgetBytes;
    info.memoryRatio = s.ratio;
    info.memoryStatus = toString(MemoryMonitor::classify(s.ratio, req.thresholds));
}

JobResult failure(PlanInfo plan, std::string error)
{
    JobResult r;
    r.ok = false;
    r.error = std::move(error);
    r.plan = std::move(plan);
    return r;
}

JobResult runJobImpl(const ImageView &a, const ImageView &b, const JobOptions &opt)
{
    const auto tJob = Clock::now();
    PlanInfo info;
    if (const std::string err = validate(a, b); !err.empty())
        return failure(info, err);
    if (const std::string err = validateShift(opt); !err.empty())
        return failure(info, err);
    if (opt.tier == Tier::Low)
        return failure(info, kLowTierIsDisplayOnly);
    if (opt.computeFlip && !(opt.flip.ppd > 0))
        return failure(info, "FLIP pixels per degree must be > 0");

    Device device = opt.device;
    if (device == Device::Auto)
        device = cudaAvailable() ? Device::Cuda : Device::Cpu;
    else if (device == Device::Cuda && !cudaAvailable())
        return failure(info, "CUDA was requested but no CUDA device is available");
    // The LibTorch/CUDA kernels have no shift tolerance: a job with one runs on the CPU
    // kernels (same counts as the CPU always gives), whatever device was asked for.
    if (opt.pixelmatch.shift > 0 && device == Device::Cuda) {
        device = Device::Cpu;
        log(opt, "shift tolerance " + std::to_string(opt.pixelmatch.shift) + ": running on the CPU kernels");
    }
    // FLIP has CPU kernels only (no LibTorch/CUDA path): a job that asks for it runs on the
    // CPU whatever device was asked for, so every result it reports comes from one device.
    if (opt.computeFlip && device == Device::Cuda) {
        device = Device::Cpu;
        log(opt, "FLIP: running on the CPU kernels");
    }

    auto t0 = Clock::now();
    MemorySample sample = sampleDevice(device, opt);
    PlanRequest req = makeRequest(a, opt, device, sample);
    Plan plan = planJob(req);
    if (device == Device::Cuda && plan.tier != Tier::High && opt.tier == Tier::Auto) {
        // LibTorch's cache counts as used; free it and look again before settling lower.
        detail::releaseCachedDeviceMemory();
        sample = sampleDevice(device, opt);
        req = makeRequest(a, opt, device, sample);
        plan = planJob(req);
    }
    info.stageMs.emplace_back("plan", msSince(t0));
    log(opt, describePlan(plan, req, sample));

    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        recordPlan(info, plan, req, sample);
        std::vector<std::pair<std::string, double>> stageMs = info.stageMs;
        detail::CpuPeakTracker cpuPeak;
        cpuPeak.start();
        if (device == Device::Cuda)
            detail::resetCudaPeakStats();
        JobResult result;
        std::string failStage, failWhat;
        bool cudaFailed = false;
        try {
            detail::PlanExecution ex{a, b, &opt, plan, device, opt.threads};
            if (detail::executePlan(ex, result, stageMs) == detail::ExecStatus::Canceled) {
                JobResult c = failure(info, "canceled");
                c.canceled = true;
                log(opt, "canceled");
                return c;
            }
            info.peakBytes = device == Device::Cuda ? detail::cudaPeakAllocatedBytes() : cpuPeak.peakDelta();
            info.stageMs = std::move(stageMs);
            info.stageMs.emplace_back("total", msSince(tJob));
            result.ok = true;
            result.plan = info;
            log(opt, std::string("done tier=") + toString(plan.tier) + " tiles=" + std::to_string(plan.tileCount) +
                         " peak=" + formatBytes(info.peakBytes) + " estimate=" + formatBytes(plan.estimatedPeakBytes) +
                         " retries=" + std::to_string(info.retries) + " ms=" + std::to_string(info.stageMs.back().second));
            return result;
        } catch (const detail::InjectedOutOfMemory &e) {
            failStage = e.stage;
            failWhat = "injected out of memory";
        } catch (const std::bad_alloc &) {
            failStage = "unknown";
            failWhat = "out of memory";
        } catch (const std::exception &e) {
            if (device != Device::Cuda)
                return failure(info, std::string("comparison failed: ") + e.what());
            failWhat = std::string("CUDA failure: ") + e.what();
            cudaFailed = true;
        }
        // Out of memory (or a CUDA failure): drop everything of this attempt, step down.
        result = JobResult();
        if (device == Device::Cuda)
            detail::releaseCachedDeviceMemory();
        std::string reason = failWhat + (failStage.empty() ? "" : " in " + failStage) + " at " +
                             toString(plan.tier) + " " + toString(plan.backend) + " tile " +
                             std::to_string(plan.tileWidth) + "x" + std::to_string(plan.tileHeight);
        std::optional<Plan> next;
        if (!cudaFailed)
            next = nextPlanDown(plan, req);
        if (!next && device == Device::Cuda) {
            device = Device::Cpu;
            sample = sampleDevice(device, opt);
            req = makeRequest(a, opt, device, sample);
            next = planJob(req);
            reason += "; falling back to the CPU";
        }
        info.retries++;
        info.retryReasons.push_back(reason);
        log(opt, "retry " + std::to_string(info.retries) + ": " + reason);
        if (!next)
            return failure(info, "out of memory: no smaller exact plan left after " + std::to_string(info.retries) +
                                     " attempt(s) (budget " +
                                     (req.budgetBytes > 0 ? formatBytes(req.budgetBytes) : std::string("unknown")) +
                                     "); last: " + reason);
        plan = *next;
        log(opt, describePlan(plan, req, sample));
    }
    return failure(info, "out of memory: gave up after " + std::to_string(kMaxAttempts) + " attempts");
}

} // namespace

void detail::setCudaStandIn(bool on) { g_cudaStandIn.store(on); }

JobResult runJob(const ImageView &a, const ImageView &b, const JobOptions &opt)
{
    try {
        return runJobImpl(a, b, opt);
    } catch (const std::bad_alloc &) {
        return failure({}, "out of memory");
    } catch (const std::exception &e) {
        return failure({}, std::string("comparison failed: ") + e.what());
    } catch (...) {
        return failure({}, "comparison failed: unknown error");
    }
}

} // namespace difflens

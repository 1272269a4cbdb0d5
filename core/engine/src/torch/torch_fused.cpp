// Fused CUDA path: the tile region goes from the host rows straight to the device (pinned
// staging lanes or strided direct copies, see cuda/transfer.cuh), the hand-written kernels of
// src/cuda run on LibTorch's current stream, and the wanted outputs go straight into the
// caller's strided host destinations. Without DIFFLENS_HAVE_CUDA the entry points refuse
// to run.
#include "torch/fused_path.h"
#include "torch/torch_tile_common.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <vector>

#ifdef DIFFLENS_HAVE_CUDA
#include "cuda/fused_kernels.cuh"
#include "cuda/transfer.cuh"
#include "ssim/ssim_cpu.h"

#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
#endif

namespace difflens::detail {

namespace {

std::mutex &settingsMutex()
{
    static std::mutex m;
    return m;
}

FusedTransferSettings &settingsStore()
{
    static FusedTransferSettings s;
    return s;
}

thread_local FusedTileTimes t_times;

} // namespace

void setFusedTransferSettings(const FusedTransferSettings &s)
{
    {
        std::lock_guard<std::mutex> lock(settingsMutex());
        settingsStore() = s;
    }
#ifdef DIFFLENS_HAVE_CUDA
    cuda::TransferSettings c;
    c.mode = s.mode == FusedTransferMode::Direct ? cuda::TransferMode::Direct : cuda::TransferMode::Staged;
    c.slotBytes = s.slotBytes;
    c.lanes = s.lanes;
    cuda::setTransferSettings(c);
#endif
}

FusedTransferSettings fusedTransferSettings()
{
    std::lock_guard<std::mutex> lock(settingsMutex());
    return settingsStore();
}

void resetFusedTileTimes() { t_times = FusedTileTimes(); }

FusedTileTimes fusedTileTimes() { return t_times; }

namespace torchk {

#ifdef DIFFLENS_HAVE_CUDA
namespace {

cuda::DeviceRegion deviceRegion(const TileRequest &req, const at::Tensor &a, const at::Tensor &b, const Rect &region)
{
    cuda::DeviceRegion r;
    r.a = a.data_ptr();
    r.b = b.data_ptr();
    r.depth = req.a.depth;
    r.x = region.x;
    r.y = region.y;
    r.width = region.width;
    r.height = region.height;
    r.frameWidth = req.a.width;
    r.frameHeight = req.a.height;
    return r;
}

cuda::DeviceRect deviceRect(const Rect &r) { return {r.x, r.y, r.width, r.height}; }

void copyColour(uint8_t dst[3], const Rgb &c)
{
    dst[0] = c.r;
    dst[1] = c.g;
    dst[2] = c.b;
}

cudaStream_t currentStream() { return at::cuda::getCurrentCUDAStream().stream(); }

// Device buffers of one queued pixelmatch/statistics launch.
struct PixelmatchLaunch {
    at::Tensor ignore, diff, mask, result;
};

PixelmatchLaunch queuePixelmatch(const TileRequest &req, const TileOutput &out, const at::Tensor &a,
                                 const at::Tensor &b, const Rect &region)
{
    const Rect &area = req.area;
    const PixelmatchOptions &o = req.opt->pixelmatch;
    const auto bytes = a.options().dtype(at::kByte);
    PixelmatchLaunch l;
    cuda::PixelmatchParams p;
    p.src = deviceRegion(req, a, b, region);
    p.area = deviceRect(area);
    p.maxDelta = 35215.0 * o.threshold * o.threshold;
    p.alpha = o.alpha;
    p.includeAA = o.includeAA;
    p.diffMask = o.diffMask;
    copyColour(p.aaColor, o.aaColor);
    copyColour(p.diffColor, o.diffColor);
    copyColour(p.altColor, o.diffColorAlt.value_or(o.diffColor));

    const std::vector<Rect> rects = clippedIgnore(req.opt->ignore, area);
    if (!rects.empty()) {
        std::vector<int32_t> flat;
        for (const Rect &r : rects)
            flat.insert(flat.end(), {r.x, r.y, r.width, r.height});
        l.ignore = at::from_blob(flat.data(), {int64_t(flat.size())}, at::TensorOptions().dtype(at::kInt)).to(a.device());
        p.ignore = static_cast<const cuda::DeviceRect *>(l.ignore.data_ptr());
        p.ignoreCount = int(rects.size());
    }
    if (out.diff) {
        l.diff = at::empty({area.height, area.width, 4}, bytes);
        p.diff = l.diff.data_ptr<uint8_t>();
    }
    if (out.mask) {
        l.mask = at::empty({area.height, area.width}, bytes);
        p.mask = l.mask.data_ptr<uint8_t>();
    }
    l.result = at::zeros({cuda::kResSlots}, a.options().dtype(at::kLong));
    p.result = reinterpret_cast<unsigned long long *>(l.result.data_ptr<int64_t>());
    cuda::launchPixelmatchStats(p, currentStream());
    return l;
}

void readPixelmatch(const PixelmatchLaunch &l, TileOutput &out)
{
    const at::Tensor r = l.result.cpu();
    const auto *v = reinterpret_cast<const unsigned long long *>(r.data_ptr<int64_t>());
    out.counts.mismatched = int64_t(v[cuda::kResMismatched]);
    out.counts.antiAliased = int64_t(v[cuda::kResAntiAliased]);
    out.exact.pixels = int64_t(v[cuda::kResPixels]);
    out.exact.differing = int64_t(v[cuda::kResDiffering]);
    out.exact.maxDelta = int(v[cuda::kResMaxDelta]);
    out.exact.sumAbs = v[cuda::kResSumAbs];
    out.exact.sumSq = (static_cast<unsigned __int128>(v[cuda::kResSumSqHi]) << 64) | v[cuda::kResSumSqLo];
    out.exact.channels = 4;
}

// Device buffers of one queued SSIM launch; the map is reduced to float on the device.
struct SsimLaunch {
    at::Tensor map, sums;
};

SsimLaunch queueSsim(const TileRequest &req, const TileOutput &out, const at::Tensor &a, const at::Tensor &b,
                     const Rect &region)
{
    const Rect &area = req.area;
    const SsimSetup s = ssimSetup(req);
    SsimLaunch l;
    cuda::SsimParams p;
    p.src = deviceRegion(req, a, b, region);
    p.area = deviceRect(area);
    p.channels = s.channels;
    p.crop = s.crop;
    p.c1 = s.c1;
    p.c2 = s.c2;
    ssimGaussianTaps(p.taps);
    if (out.ssimMap) {
        l.map = at::empty({area.height, area.width}, a.options().dtype(at::kFloat));
        p.map = l.map.data_ptr<float>();
    }
    l.sums = at::zeros({4}, a.options().dtype(at::kDouble));
    p.channelSums = l.sums.data_ptr<double>();
    cuda::launchSsimFused(p, currentStream());
    return l;
}

void readSsim(const TileRequest &req, const SsimLaunch &l, TileOutput &out)
{
    const Rect &area = req.area;
    const SsimSetup s = ssimSetup(req);
    const at::Tensor hs = l.sums.cpu();
    out.ssim.channelSums.assign(hs.data_ptr<double>(), hs.data_ptr<double>() + s.channels);
    const int64_t w = std::max(0, std::min(area.x + area.width, req.a.width - s.crop) - std::max(area.x, s.crop));
    const int64_t h = std::max(0, std::min(area.y + area.height, req.a.height - s.crop) - std::max(area.y, s.crop));
    out.ssim.count = w * h;
}

// Host rows of rectangle r of frame v, and the device buffer holding them packed.
cuda::RowCopy frameRows(const ImageView &v, const Rect &r, const at::Tensor &device)
{
    cuda::RowCopy c;
    c.host = const_cast<uint8_t *>(v.data + size_t(r.y) * v.stride + size_t(r.x) * v.bytesPerPixel());
    c.hostStride = v.stride;
    c.device = device.data_ptr();
    c.rowBytes = size_t(r.width) * v.bytesPerPixel();
    c.rows = r.height;
    return c;
}

// An output of req.area: host destination (strided) and its packed device buffer.
cuda::RowCopy outputRows(void *host, size_t hostStride, const at::Tensor &device, size_t pixelBytes, const Rect &area)
{
    cuda::RowCopy c;
    c.host = host;
    c.hostStride = hostStride;
    c.device = device.data_ptr();
    c.rowBytes = size_t(area.width) * pixelBytes;
    c.rows = area.height;
    return c;
}

std::vector<cuda::RowCopy> outputCopies(const TileRequest &req, const TileOutput &out, const PixelmatchLaunch *pm,
                                        const SsimLaunch *ss)
{
    std::vector<cuda::RowCopy> c;
    if (pm && out.diff)
        c.push_back(outputRows(out.diff, out.diffStride, pm->diff, 4, req.area));
    if (pm && out.mask)
        c.push_back(outputRows(out.mask, out.maskStride, pm->mask, 1, req.area));
    if (ss && out.ssimMap)
        c.push_back(outputRows(out.ssimMap, out.ssimMapStride * sizeof(float), ss->map, sizeof(float), req.area));
    return c;
}

void addTimes(const cuda::TransferTimes &t, double totalMs)
{
    t_times.tiles++;
    t_times.uploadMs += t.uploadMs;
    t_times.kernelsMs += std::max(0.0, t.kernelsMs);
    t_times.downloadMs += t.downloadMs;
    t_times.totalMs += totalMs;
    t_times.staged = t.staged;
    t_times.lanes = t.lanes;
    t_times.slotBytes = t.slotBytes;
}

} // namespace

void fusedTile(const TileRequest &req, TileOutput &out, const Rect &region)
{
    const auto t0 = std::chrono::steady_clock::now();
    const c10::cuda::CUDAGuard guard(c10::DeviceIndex(0));
    const auto samples = at::TensorOptions()
                             .dtype(req.a.depth == 16 ? at::kShort : at::kByte)
                             .device(at::Device(at::kCUDA, 0));
    const at::Tensor a = at::empty({region.height, region.width, 4}, samples);
    const at::Tensor b = at::empty({region.height, region.width, 4}, samples);
    PixelmatchLaunch pm;
    SsimLaunch ss;
    // Declared after the device buffers: on unwinding it waits for its queued copies before
    // the buffers go back to the allocator.
    cuda::TransferSession session(currentStream());
    const cuda::RowCopy up[2] = {frameRows(req.a, region, a), frameRows(req.b, region, b)};
    session.upload(up, 2);
    pm = queuePixelmatch(req, out, a, b, region);
    if (req.wantSsim)
        ss = queueSsim(req, out, a, b, region);
    session.kernelsQueued();
    const std::vector<cuda::RowCopy> down = outputCopies(req, out, &pm, req.wantSsim ? &ss : nullptr);
    session.download(down.data(), int(down.size()));
    readPixelmatch(pm, out);
    if (req.wantSsim)
        readSsim(req, ss, out);
    addTimes(session.times(),
             std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
}

void fusedPixelmatchStats(const TileRequest &req, TileOutput &out, const at::Tensor &a, const at::Tensor &b,
                          const Rect &region, DeviceOutputs *keep)
{
    const PixelmatchLaunch pm = queuePixelmatch(req, out, a, b, region);
    if (keep) {
        keep->diff = pm.diff;
        keep->mask = pm.mask;
    } else {
        cuda::TransferSession session(currentStream());
        const std::vector<cuda::RowCopy> down = outputCopies(req, out, &pm, nullptr);
        session.download(down.data(), int(down.size()));
    }
    readPixelmatch(pm, out);
}

void fusedSsim(const TileRequest &req, TileOutput &out, const at::Tensor &a, const at::Tensor &b, const Rect &region,
               DeviceOutputs *keep)
{
    const SsimLaunch ss = queueSsim(req, out, a, b, region);
    if (keep) {
        keep->map = ss.map;
    } else {
        cuda::TransferSession session(currentStream());
        const std::vector<cuda::RowCopy> down = outputCopies(req, out, nullptr, &ss);
        session.download(down.data(), int(down.size()));
    }
    readSsim(req, ss, out);
}

#else

void fusedTile(const TileRequest &, TileOutput &, const Rect &)
{
    throw std::logic_error("fused CUDA kernels were not built");
}

void fusedPixelmatchStats(const TileRequest &, TileOutput &, const at::Tensor &, const at::Tensor &, const Rect &,
                          DeviceOutputs *)
{
    throw std::logic_error("fused CUDA kernels were not built");
}

void fusedSsim(const TileRequest &, TileOutput &, const at::Tensor &, const at::Tensor &, const Rect &, DeviceOutputs *)
{
    throw std::logic_error("fused CUDA kernels were not built");
}

#endif

} // namespace torchk
} // namespace difflens::detail

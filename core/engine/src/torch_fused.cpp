// Fused CUDA path: uploads the tile region once (native 8/16-bit samples), runs the
// hand-written kernels of src/cuda on LibTorch's current stream, and copies the small
// result buffers back. Without DIFFLENS_HAVE_CUDA the entry points refuse to run.
#include "torch_tile_common.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#ifdef DIFFLENS_HAVE_CUDA
#include "cuda/fused_kernels.cuh"
#include "ssim_cpu.h"

#include <ATen/cuda/CUDAContext.h>
#endif

namespace difflens::detail::torchk {

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

} // namespace

void fusedPixelmatchStats(const TileRequest &req, TileOutput &out, const at::Tensor &a, const at::Tensor &b,
                          const Rect &region, DeviceOutputs *keep)
{
    const Rect &area = req.area;
    const PixelmatchOptions &o = req.opt->pixelmatch;
    const auto bytes = a.options().dtype(at::kByte);
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
    at::Tensor ignore;
    if (!rects.empty()) {
        std::vector<int32_t> flat;
        for (const Rect &r : rects)
            flat.insert(flat.end(), {r.x, r.y, r.width, r.height});
        ignore = at::from_blob(flat.data(), {int64_t(flat.size())}, at::TensorOptions().dtype(at::kInt)).to(a.device());
        p.ignore = static_cast<const cuda::DeviceRect *>(ignore.data_ptr());
        p.ignoreCount = int(rects.size());
    }
    at::Tensor diff, mask;
    if (out.diff) {
        diff = at::empty({area.height, area.width, 4}, bytes);
        p.diff = diff.data_ptr<uint8_t>();
    }
    if (out.mask) {
        mask = at::empty({area.height, area.width}, bytes);
        p.mask = mask.data_ptr<uint8_t>();
    }
    at::Tensor result = at::zeros({cuda::kResSlots}, a.options().dtype(at::kLong));
    p.result = reinterpret_cast<unsigned long long *>(result.data_ptr<int64_t>());

    cuda::launchPixelmatchStats(p, at::cuda::getCurrentCUDAStream().stream());

    const at::Tensor r = result.cpu();
    const auto *v = reinterpret_cast<const unsigned long long *>(r.data_ptr<int64_t>());
    out.counts.mismatched = int64_t(v[cuda::kResMismatched]);
    out.counts.antiAliased = int64_t(v[cuda::kResAntiAliased]);
    out.exact.pixels = int64_t(v[cuda::kResPixels]);
    out.exact.differing = int64_t(v[cuda::kResDiffering]);
    out.exact.maxDelta = int(v[cuda::kResMaxDelta]);
    out.exact.sumAbs = v[cuda::kResSumAbs];
    out.exact.sumSq = (static_cast<unsigned __int128>(v[cuda::kResSumSqHi]) << 64) | v[cuda::kResSumSqLo];
    out.exact.channels = 4;
    if (keep) {
        keep->diff = diff;
        keep->mask = mask;
        return;
    }
    if (out.diff)
        copyRowsToHost(diff, area.height, size_t(area.width) * 4, out.diff, out.diffStride);
    if (out.mask)
        copyRowsToHost(mask, area.height, size_t(area.width), out.mask, out.maskStride);
}

void fusedSsim(const TileRequest &req, TileOutput &out, const at::Tensor &a, const at::Tensor &b, const Rect &region,
               DeviceOutputs *keep)
{
    const Rect &area = req.area;
    const SsimSetup s = ssimSetup(req);
    cuda::SsimParams p;
    p.src = deviceRegion(req, a, b, region);
    p.area = deviceRect(area);
    p.channels = s.channels;
    p.crop = s.crop;
    p.c1 = s.c1;
    p.c2 = s.c2;
    ssimGaussianTaps(p.taps);
    at::Tensor map;
    if (out.ssimMap) {
        map = at::empty({area.height, area.width}, a.options().dtype(at::kFloat));
        p.map = map.data_ptr<float>();
    }
    at::Tensor sums = at::zeros({4}, a.options().dtype(at::kDouble));
    p.channelSums = sums.data_ptr<double>();

    cuda::launchSsimFused(p, at::cuda::getCurrentCUDAStream().stream());

    const at::Tensor hs = sums.cpu();
    out.ssim.channelSums.assign(hs.data_ptr<double>(), hs.data_ptr<double>() + s.channels);
    const int64_t w = std::max(0, std::min(area.x + area.width, req.a.width - s.crop) - std::max(area.x, s.crop));
    const int64_t h = std::max(0, std::min(area.y + area.height, req.a.height - s.crop) - std::max(area.y, s.crop));
    out.ssim.count = w * h;
    if (keep)
        keep->map = map;
    else if (out.ssimMap)
        copyRowsToHost(map, area.height, size_t(area.width) * sizeof(float), out.ssimMap,
                       out.ssimMapStride * sizeof(float));
}

#else

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

} // namespace difflens::detail::torchk

// Portable LibTorch-ops path of the SSIM tile kernel: one channel at a time, the five
// moments (x, y, x^2, y^2, xy) stacked and filtered with a separable 11-tap Gaussian
// (grouped conv2d, double precision), the map averaged over channels and the interior
// (cropped) sums reduced per channel.
#include "torch/torch_tile_common.h"

#include "ssim/ssim_cpu.h"

#include <algorithm>
#include <vector>

namespace difflens::detail::torchk {
namespace {

// Frame indices first-5 .. first+n+4 reflected at the frame edge, relative to `origin`.
at::Tensor reflectedIndices(int first, int n, int frameSize, int origin, const at::Device &dev)
{
    std::vector<int64_t> idx(size_t(n + 2 * kSsimRadius));
    for (size_t i = 0; i < idx.size(); ++i)
        idx[i] = ssimReflectIndex(first - kSsimRadius + int(i), frameSize) - origin;
    return at::from_blob(idx.data(), {int64_t(idx.size())}, at::TensorOptions().dtype(at::kLong)).clone().to(dev);
}

} // namespace

void opsSsim(const TileRequest &req, TileOutput &out, const at::Tensor &a, const at::Tensor &b, const Rect &region)
{
    const Rect &area = req.area;
    const at::Device dev = a.device();
    const SsimSetup s = ssimSetup(req);
    const int h = area.height, w = area.width;

    const at::Tensor rows = reflectedIndices(area.y, h, req.a.height, region.y, dev);
    const at::Tensor cols = reflectedIndices(area.x, w, req.a.width, region.x, dev);
    const at::Tensor taps = ssimTaps(dev);
    const at::Tensor gh = taps.view({1, 1, 1, kSsimTaps}).expand({5, 1, 1, kSsimTaps}).contiguous();
    const std::vector<int64_t> ones{1, 1}, zeros{0, 0};
    const at::Tensor gv = taps.view({1, 1, kSsimTaps, 1}).expand({5, 1, kSsimTaps, 1}).contiguous();

    // Interior (cropped) part of the area, relative to the area.
    const int ix0 = std::max(area.x, s.crop) - area.x, ix1 = std::min(area.x + w, req.a.width - s.crop) - area.x;
    const int iy0 = std::max(area.y, s.crop) - area.y, iy1 = std::min(area.y + h, req.a.height - s.crop) - area.y;
    const bool anyInterior = ix1 > ix0 && iy1 > iy0;

    out.ssim.channelSums.assign(size_t(s.channels), 0.0);
    out.ssim.count = anyInterior ? int64_t(ix1 - ix0) * int64_t(iy1 - iy0) : 0;
    at::Tensor mapSum;
    for (int c = 0; c < s.channels; ++c) {
        auto plane = [&](const at::Tensor &raw) {
            return nativeSamples(raw.select(-1, c)).index_select(0, rows).index_select(1, cols).to(at::kDouble);
        };
        const at::Tensor x = plane(a), y = plane(b);
        const at::Tensor stack = at::stack({x, y, x.mul(x), y.mul(y), x.mul(y)}).unsqueeze(0);
        const at::Tensor m =
            at::conv2d(at::conv2d(stack, gh, at::Tensor(), ones, zeros, ones, 5), gv, at::Tensor(), ones, zeros, ones, 5)
                .squeeze(0);
        const at::Tensor ux = m[0], uy = m[1];
        const at::Tensor vx = m[2].sub(ux.mul(ux)), vy = m[3].sub(uy.mul(uy)), vxy = m[4].sub(ux.mul(uy));
        const at::Tensor num = ux.mul(uy).mul(2.0).add(s.c1).mul(vxy.mul(2.0).add(s.c2));
        const at::Tensor den = ux.mul(ux).add(uy.mul(uy)).add(s.c1).mul(vx.add(vy).add(s.c2));
        const at::Tensor ssim = num.div(den);
        if (anyInterior)
            out.ssim.channelSums[size_t(c)] =
                ssim.slice(0, iy0, iy1).slice(1, ix0, ix1).sum().item<double>();
        if (out.ssimMap)
            mapSum = c == 0 ? ssim : mapSum.add(ssim);
    }
    if (out.ssimMap) {
        const at::Tensor map = mapSum.div(double(s.channels)).to(at::kFloat).contiguous();
        copyRowsToHost(map, h, size_t(w) * sizeof(float), out.ssimMap, out.ssimMapStride * sizeof(float));
    }
}

} // namespace difflens::detail::torchk

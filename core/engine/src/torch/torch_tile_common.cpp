// Shared helpers of the LibTorch tile kernels.
#include "torch/torch_tile_common.h"

#include "ssim/ssim_cpu.h"

#include <c10/util/Exception.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>

namespace difflens::detail::torchk {

Rect expandClip(const Rect &area, int halo, int w, int h)
{
    return Rect{area.x - halo, area.y - halo, area.width + 2 * halo, area.height + 2 * halo}.intersected(
        Rect{0, 0, w, h});
}

at::Tensor uploadRegion(const ImageView &v, const Rect &r, const at::Device &device)
{
    const bool wide = v.depth == 16;
    const int64_t sampleBytes = wide ? 2 : 1;
    const auto dtype = wide ? at::kShort : at::kByte;
    if (v.stride % size_t(sampleBytes) != 0)
        throw std::invalid_argument("image rows are not aligned to the sample size");
    const int64_t rowSamples = int64_t(v.stride) / sampleBytes;
    void *origin = const_cast<uint8_t *>(v.data + size_t(r.y) * v.stride + size_t(r.x) * v.bytesPerPixel());
    at::Tensor host = at::from_blob(origin, {r.height, r.width, 4}, {rowSamples, 4, 1}, at::TensorOptions().dtype(dtype));
    if (device.is_cpu())
        return host.contiguous(); // a view when rows are tight, else one copy
    return host.contiguous().to(device);
}

at::Tensor nativeSamples(const at::Tensor &raw)
{
    if (raw.scalar_type() == at::kShort)
        return raw.to(at::kInt).bitwise_and(0xFFFF);
    return raw.to(at::kInt);
}

std::vector<Rect> clippedIgnore(const std::vector<Rect> &ignore, const Rect &area)
{
    std::vector<Rect> out;
    for (const Rect &r : ignore) {
        const Rect c = r.intersected(area);
        if (!c.empty())
            out.push_back(c);
    }
    return out;
}

void copyRowsToHost(const at::Tensor &t, int rows, size_t rowBytes, void *dst, size_t dstStride)
{
    const at::Tensor h = t.is_cpu() ? t.contiguous() : t.contiguous().cpu();
    const auto *src = static_cast<const uint8_t *>(h.data_ptr());
    auto *d = static_cast<uint8_t *>(dst);
    if (dstStride == rowBytes) {
        std::memcpy(d, src, rowBytes * size_t(rows));
        return;
    }
    for (int y = 0; y < rows; ++y)
        std::memcpy(d + size_t(y) * dstStride, src + size_t(y) * rowBytes, rowBytes);
}

namespace {

bool mentionsOutOfMemory(const char *what)
{
    const std::string s = what ? what : "";
    return s.find("out of memory") != std::string::npos || s.find("can't allocate memory") != std::string::npos
        || s.find("Out of memory") != std::string::npos;
}

} // namespace

void rethrowTranslated()
{
    try {
        throw;
    } catch (const c10::OutOfMemoryError &) {
        throw std::bad_alloc();
    } catch (const c10::Error &e) {
        if (mentionsOutOfMemory(e.what_without_backtrace()))
            throw std::bad_alloc();
        throw std::runtime_error(e.what_without_backtrace());
    } catch (const std::bad_alloc &) {
        throw;
    } catch (const std::exception &e) {
        if (mentionsOutOfMemory(e.what()))
            throw std::bad_alloc();
        throw;
    }
}

at::Tensor ssimTaps(const at::Device &device)
{
    double taps[kSsimTaps];
    ssimGaussianTaps(taps);
    return at::from_blob(taps, {kSsimTaps}, at::TensorOptions().dtype(at::kDouble)).clone().to(device);
}

SsimSetup ssimSetup(const TileRequest &req)
{
    SsimSetup s;
    const SsimOptions &o = req.opt->ssim;
    const double range = o.dataRange > 0 ? o.dataRange : (req.a.depth == 16 ? 65535.0 : 255.0);
    s.c1 = (0.01 * range) * (0.01 * range);
    s.c2 = (0.03 * range) * (0.03 * range);
    s.channels = std::clamp(o.channels, 1, req.a.channels);
    s.crop = (req.a.width > 2 * kSsimRadius && req.a.height > 2 * kSsimRadius) ? kSsimRadius : 0;
    return s;
}

} // namespace difflens::detail::torchk

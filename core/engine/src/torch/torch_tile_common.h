#pragma once
// Shared helpers of the LibTorch tile kernels (ops path and fused CUDA path): geometry of
// the uploaded region, uploads that keep native 8/16-bit samples, host copies, and the
// translation of LibTorch out-of-memory errors into std::bad_alloc.
#include "tiles/tile_kernels.h"

#include <ATen/ATen.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace difflens::detail::torchk {

// `area` grown by `halo` on every side and clipped to a w x h frame.
Rect expandClip(const Rect &area, int halo, int w, int h);

// Uploads rectangle r of v (RGBA, 8 or 16 bit) as a contiguous [r.height, r.width, 4] tensor
// on `device`: kByte for 8 bit, kShort holding the raw 16-bit patterns for 16 bit.
at::Tensor uploadRegion(const ImageView &v, const Rect &r, const at::Device &device);

// Native sample values (0..255 or 0..65535) of an uploaded region, as kInt.
at::Tensor nativeSamples(const at::Tensor &raw);

// Ignore rects clipped to `area` (empty ones dropped).
std::vector<Rect> clippedIgnore(const std::vector<Rect> &ignore, const Rect &area);

// Copies a [rows, rowBytes] contiguous tensor (any device, any dtype viewed as bytes) into a
// strided host destination.
void copyRowsToHost(const at::Tensor &t, int rows, size_t rowBytes, void *dst, size_t dstStride);

// Rethrows the current exception, turning LibTorch/CUDA out-of-memory errors into
// std::bad_alloc. Call only inside a catch block.
[[noreturn]] void rethrowTranslated();

// Gaussian window (double) of the SSIM kernels, on `device`.
at::Tensor ssimTaps(const at::Device &device);

// Ops path: pixelmatch counts, diff image, mask and exact statistics for req.area.
// a/b: uploaded region `region` (which contains area + kPixelmatchHalo, clipped).
void opsPixelmatchStats(const TileRequest &req, TileOutput &out, const at::Tensor &a, const at::Tensor &b,
                        const Rect &region);

// Ops path: SSIM accumulator and map for req.area; region contains area + kSsimHalo, clipped.
void opsSsim(const TileRequest &req, TileOutput &out, const at::Tensor &a, const at::Tensor &b, const Rect &region);

// Device-resident outputs of the fused path (benchmarks): when given, the diff image, mask
// and SSIM map stay on the device (allocated when the matching TileOutput pointer is set)
// instead of being copied to the host.
struct DeviceOutputs {
    at::Tensor diff, mask, map;
};

// Fused CUDA path (only with DIFFLENS_HAVE_CUDA), whole tile: uploads `region` (req.area
// plus the halo, clipped) straight from the host rows of req.a/req.b, runs the
// pixelmatch/statistics and (req.wantSsim) SSIM kernels on the current stream, and copies
// the wanted outputs straight into out's strided host destinations (see fused_path.h for
// the transfer settings and timings).
void fusedTile(const TileRequest &req, TileOutput &out, const Rect &region);

// Fused CUDA kernels on regions already on the device (benchmarks); a/b on the current CUDA
// device, outputs copied to out's destinations unless `keep` is given.
void fusedPixelmatchStats(const TileRequest &req, TileOutput &out, const at::Tensor &a, const at::Tensor &b,
                          const Rect &region, DeviceOutputs *keep = nullptr);
void fusedSsim(const TileRequest &req, TileOutput &out, const at::Tensor &a, const at::Tensor &b, const Rect &region,
               DeviceOutputs *keep = nullptr);

// Parameters shared by every SSIM implementation (see ssim_cpu.cpp).
struct SsimSetup {
    int channels = 3;
    int crop = 5;
    double c1 = 0, c2 = 0;
};
SsimSetup ssimSetup(const TileRequest &req);

} // namespace difflens::detail::torchk

// The display layers' per-pixel kernels (reduce.h): halving by average or maximum, the
// mask's display order and the SSIM shading.
#include "difflens/compare/reduce.h"

#include <algorithm>

namespace difflens {

namespace {
// Calls f(r0, r1, out, x0, x1, x) for every destination pixel; x0/x1 are source columns
// and r0/r1 source rows, the last one repeated when the extent is odd.
template <typename F> void forHalved(const ImageView &src, uint8_t *dst, size_t dstStride, F &&f)
{
    const int w = halvedExtent(src.width), h = halvedExtent(src.height);
    for (int y = 0; y < h; ++y) {
        const uint8_t *r0 = src.row(std::min(2 * y, src.height - 1));
        const uint8_t *r1 = src.row(std::min(2 * y + 1, src.height - 1));
        uint8_t *out = dst + size_t(y) * dstStride;
        for (int x = 0; x < w; ++x)
            f(r0, r1, out, std::min(2 * x, src.width - 1), std::min(2 * x + 1, src.width - 1), x);
    }
}
} // namespace

bool halveAverage8x4(const ImageView &src, uint8_t *dst, size_t dstStride)
{
    if (!src.valid() || src.channels != 4 || src.depth != 8 || !dst)
        return false;
    forHalved(src, dst, dstStride, [](const uint8_t *r0, const uint8_t *r1, uint8_t *out, int x0, int x1, int x) {
        for (int c = 0; c < 4; ++c)
            out[x * 4 + c] = uint8_t((r0[x0 * 4 + c] + r0[x1 * 4 + c] + r1[x0 * 4 + c] + r1[x1 * 4 + c] + 2) / 4);
    });
    return true;
}

bool halveMax8(const ImageView &src, uint8_t *dst, size_t dstStride)
{
    if (!src.valid() || src.channels != 1 || src.depth != 8 || !dst)
        return false;
    forHalved(src, dst, dstStride, [](const uint8_t *r0, const uint8_t *r1, uint8_t *out, int x0, int x1, int x) {
        out[x] = std::max(std::max(r0[x0], r0[x1]), std::max(r1[x0], r1[x1]));
    });
    return true;
}

void maskToDisplayOrder(const uint8_t *mask, size_t count, uint8_t *out)
{
    static constexpr uint8_t remap[4] = {0, 3, 2, 1};
    for (size_t i = 0; i < count; ++i)
        out[i] = mask[i] < 4 ? remap[mask[i]] : 0;
}

void ssimToShade(const float *ssim, size_t count, uint8_t *out)
{
    for (size_t i = 0; i < count; ++i)
        out[i] = uint8_t(std::clamp(1.0f - ssim[i], 0.0f, 1.0f) * 255.0f + 0.5f);
}

} // namespace difflens

// Fused pixelmatch + exact statistics kernel: one pass over a tile computes the
// pixelmatch classification (YIQ delta, anti-aliasing detector), draws the diff image and
// mask, and accumulates the exact integer statistics. Per-block reductions end in a few
// atomics into a small result buffer.
#include "cuda/fused_kernels.cuh"
#include "cuda/device_reduce.cuh"
#include "cuda/pm_device_math.cuh"

#include <cuda_runtime.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace difflens::cuda {
namespace {

constexpr int kBlockX = 32, kBlockY = 8;
constexpr uint8_t kMaskSame = 0, kMaskDiff = 1, kMaskAA = 2, kMaskIgnored = 3;

// Pixel access on the uploaded region, addressed in frame coordinates.
template <int Depth>
struct Px;

template <>
struct Px<8> {
    using Word = unsigned int;
    const uint8_t *base;
    int rx, ry, rw;
    __device__ const uint8_t *ptr(int x, int y) const { return base + (size_t(y - ry) * rw + (x - rx)) * 4; }
    __device__ Word word(int x, int y) const { return *reinterpret_cast<const Word *>(ptr(x, y)); }
    __device__ pmdev::Sample4 load(int x, int y) const
    {
        const uchar4 v = *reinterpret_cast<const uchar4 *>(ptr(x, y));
        return {double(v.x), double(v.y), double(v.z), double(v.w)};
    }
    __device__ void native(int x, int y, int c[4]) const
    {
        const uchar4 v = *reinterpret_cast<const uchar4 *>(ptr(x, y));
        c[0] = v.x, c[1] = v.y, c[2] = v.z, c[3] = v.w;
    }
};

template <>
struct Px<16> {
    using Word = unsigned long long;
    const uint16_t *base;
    int rx, ry, rw;
    __device__ const uint16_t *ptr(int x, int y) const { return base + (size_t(y - ry) * rw + (x - rx)) * 4; }
    __device__ Word word(int x, int y) const { return *reinterpret_cast<const Word *>(ptr(x, y)); }
    __device__ pmdev::Sample4 load(int x, int y) const
    {
        const ushort4 v = *reinterpret_cast<const ushort4 *>(ptr(x, y));
        // Same scaling as the host reference: v / 257.
        return {pmdev::dvd(double(v.x), 257.0), pmdev::dvd(double(v.y), 257.0), pmdev::dvd(double(v.z), 257.0),
                pmdev::dvd(double(v.w), 257.0)};
    }
    __device__ void native(int x, int y, int c[4]) const
    {
        const ushort4 v = *reinterpret_cast<const ushort4 *>(ptr(x, y));
        c[0] = v.x, c[1] = v.y, c[2] = v.z, c[3] = v.w;
    }
};

template <int Depth>
__device__ double lumaDelta(const Px<Depth> &img, int cx, int cy, int ox, int oy, double k)
{
    if (img.word(cx, cy) == img.word(ox, oy))
        return 0.0;
    return pmdev::luma(pmdev::channelDelta(img.load(cx, cy), img.load(ox, oy), k));
}

template <int Depth>
__device__ bool hasManySiblings(const Px<Depth> &img, int x1, int y1, int fw, int fh)
{
    const int x0 = max(x1 - 1, 0), y0 = max(y1 - 1, 0);
    const int x2 = min(x1 + 1, fw - 1), y2 = min(y1 + 1, fh - 1);
    const typename Px<Depth>::Word center = img.word(x1, y1);
    int same = (x1 == x0 || x1 == x2 || y1 == y0 || y1 == y2) ? 1 : 0;
    for (int x = x0; x <= x2; ++x)
        for (int y = y0; y <= y2; ++y) {
            if (x == x1 && y == y1)
                continue;
            same += img.word(x, y) == center ? 1 : 0;
            if (same > 2)
                return true;
        }
    return false;
}

template <int Depth>
__device__ bool antialiased(const Px<Depth> &img, const Px<Depth> &other, int x1, int y1, int fw, int fh)
{
    const int x0 = max(x1 - 1, 0), y0 = max(y1 - 1, 0);
    const int x2 = min(x1 + 1, fw - 1), y2 = min(y1 + 1, fh - 1);
    const double k = pmdev::patternIndex(x1, y1, fw);
    int zeroes = (x1 == x0 || x1 == x2 || y1 == y0 || y1 == y2) ? 1 : 0;
    double lo = 0, hi = 0;
    int loX = 0, loY = 0, hiX = 0, hiY = 0;
    for (int x = x0; x <= x2; ++x)
        for (int y = y0; y <= y2; ++y) {
            if (x == x1 && y == y1)
                continue;
            const double d = lumaDelta(img, x1, y1, x, y, k);
            if (d == 0) {
                if (++zeroes > 2)
                    return false;
            } else if (d < lo) {
                lo = d, loX = x, loY = y;
            } else if (d > hi) {
                hi = d, hiX = x, hiY = y;
            }
        }
    if (lo == 0 || hi == 0)
        return false;
    return (hasManySiblings(img, loX, loY, fw, fh) && hasManySiblings(other, loX, loY, fw, fh))
        || (hasManySiblings(img, hiX, hiY, fw, fh) && hasManySiblings(other, hiX, hiY, fw, fh));
}

__device__ __forceinline__ void put(uint8_t *d, uint8_t r, uint8_t g, uint8_t b, uint8_t a)
{
    *reinterpret_cast<uchar4 *>(d) = make_uchar4(r, g, b, a);
}

struct Partial {
    unsigned long long mismatched = 0, antiAliased = 0, pixels = 0, differing = 0, sumAbs = 0, sumSq = 0;
    unsigned int maxDelta = 0;
};

template <int Depth>
__device__ void processPixel(const PixelmatchParams &p, const Px<Depth> &pa, const Px<Depth> &pb, int x, int y,
                             Partial &acc)
{
    const int fw = p.src.frameWidth, fh = p.src.frameHeight;
    const size_t o = size_t(y - p.area.y) * p.area.width + (x - p.area.x);
    uint8_t *d = p.diff ? p.diff + o * 4 : nullptr;
    uint8_t *m = p.mask ? p.mask + o : nullptr;

    bool ignored = false;
    for (int i = 0; i < p.ignoreCount && !ignored; ++i) {
        const DeviceRect r = p.ignore[i];
        ignored = x >= r.x && y >= r.y && x < r.x + r.width && y < r.y + r.height;
    }
    if (ignored) {
        if (m)
            *m = kMaskIgnored;
        if (d) {
            if (p.diffMask) {
                put(d, 64, 128, 255, 64);
            } else {
                const int g = pmdev::fadedGrey(pa.load(x, y), p.alpha);
                put(d, uint8_t(g * 5 / 8), uint8_t(g * 3 / 4), uint8_t(min(255, g / 2 + 128)), 255);
            }
        }
        return;
    }

    // Exact statistics on native sample values.
    int ca[4], cb[4];
    pa.native(x, y, ca);
    pb.native(x, y, cb);
    ++acc.pixels;
    bool differs = false;
    for (int c = 0; c < 4; ++c) {
        const int dd = abs(ca[c] - cb[c]);
        differs |= dd != 0;
        acc.maxDelta = max(acc.maxDelta, (unsigned)dd);
        acc.sumAbs += (unsigned long long)dd;
        acc.sumSq += (unsigned long long)dd * (unsigned long long)dd;
    }
    acc.differing += differs ? 1 : 0;

    double delta = 0;
    if (differs)
        delta = pmdev::signedYiqDelta(pmdev::channelDelta(pa.load(x, y), pb.load(x, y), pmdev::patternIndex(x, y, fw)));
    if (fabs(delta) > p.maxDelta) {
        const bool isAA = !p.includeAA && (antialiased(pa, pb, x, y, fw, fh) || antialiased(pb, pa, x, y, fw, fh));
        if (isAA) {
            ++acc.antiAliased;
            if (m)
                *m = kMaskAA;
            if (d) {
                if (p.diffMask)
                    put(d, 0, 0, 0, 0);
                else
                    put(d, p.aaColor[0], p.aaColor[1], p.aaColor[2], 255);
            }
        } else {
            ++acc.mismatched;
            if (m)
                *m = kMaskDiff;
            if (d) {
                const uint8_t *c = delta < 0 ? p.altColor : p.diffColor;
                put(d, c[0], c[1], c[2], 255);
            }
        }
        return;
    }
    if (m)
        *m = kMaskSame;
    if (d) {
        if (p.diffMask) {
            put(d, 0, 0, 0, 0);
        } else {
            const uint8_t g = pmdev::fadedGrey(pa.load(x, y), p.alpha);
            put(d, g, g, g, 255);
        }
    }
}

__device__ void atomicAddNonZero(unsigned long long *dst, unsigned long long v)
{
    if (v)
        atomicAdd(dst, v);
}

template <int Depth>
__global__ void __launch_bounds__(kBlockX *kBlockY) pixelmatchStatsKernel(PixelmatchParams p)
{
    using Elem = typename std::conditional<Depth == 8, uint8_t, uint16_t>::type;
    const Px<Depth> pa{static_cast<const Elem *>(p.src.a), p.src.x, p.src.y, p.src.width};
    const Px<Depth> pb{static_cast<const Elem *>(p.src.b), p.src.x, p.src.y, p.src.width};
    const int tilesX = (p.area.width + kBlockX - 1) / kBlockX;
    const int tilesY = (p.area.height + kBlockY - 1) / kBlockY;
    const long long tiles = (long long)tilesX * tilesY;

    Partial acc;
    for (long long t = blockIdx.x; t < tiles; t += gridDim.x) {
        const int x = p.area.x + int(t % tilesX) * kBlockX + threadIdx.x;
        const int y = p.area.y + int(t / tilesX) * kBlockY + threadIdx.y;
        if (x < p.area.x + p.area.width && y < p.area.y + p.area.height)
            processPixel(p, pa, pb, x, y, acc);
    }

    __shared__ unsigned long long scratch[kBlockX * kBlockY / 32];
    __shared__ unsigned int scratchMax[kBlockX * kBlockY / 32];
    const unsigned long long mis = red::blockSum(acc.mismatched, scratch);
    const unsigned long long aa = red::blockSum(acc.antiAliased, scratch);
    const unsigned long long px = red::blockSum(acc.pixels, scratch);
    const unsigned long long dif = red::blockSum(acc.differing, scratch);
    const unsigned long long sa = red::blockSum(acc.sumAbs, scratch);
    const unsigned long long sq = red::blockSum(acc.sumSq, scratch);
    const unsigned int mx = red::blockMax(acc.maxDelta, scratchMax);
    if (threadIdx.x == 0 && threadIdx.y == 0) {
        unsigned long long *r = p.result;
        atomicAddNonZero(r + kResMismatched, mis);
        atomicAddNonZero(r + kResAntiAliased, aa);
        atomicAddNonZero(r + kResPixels, px);
        atomicAddNonZero(r + kResDiffering, dif);
        atomicAddNonZero(r + kResSumAbs, sa);
        if (mx)
            atomicMax(r + kResMaxDelta, (unsigned long long)mx);
        if (sq) {
            const unsigned long long old = atomicAdd(r + kResSumSqLo, sq);
            if (old + sq < old)
                atomicAdd(r + kResSumSqHi, 1ull);
        }
    }
}

void check(cudaError_t e, const char *what)
{
    if (e != cudaSuccess)
        throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(e));
}

template <int Depth>
void launchDepth(const PixelmatchParams &p, cudaStream_t stream)
{
    int device = 0, sms = 0, perSm = 0;
    check(cudaGetDevice(&device), "cudaGetDevice");
    check(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device), "cudaDeviceGetAttribute");
    check(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&perSm, pixelmatchStatsKernel<Depth>, kBlockX * kBlockY, 0),
          "cudaOccupancyMaxActiveBlocksPerMultiprocessor");
    const long long tiles = (long long)((p.area.width + kBlockX - 1) / kBlockX) * ((p.area.height + kBlockY - 1) / kBlockY);
    const long long grid = std::max(1LL, std::min(tiles, (long long)std::max(1, sms) * std::max(1, perSm) * 2));
    pixelmatchStatsKernel<Depth><<<dim3(unsigned(grid)), dim3(kBlockX, kBlockY), 0, stream>>>(p);
    check(cudaGetLastError(), "pixelmatch kernel launch");
}

} // namespace

void launchPixelmatchStats(const PixelmatchParams &p, cudaStream_t stream)
{
    if (p.area.width <= 0 || p.area.height <= 0)
        return;
    if (p.src.depth == 16)
        launchDepth<16>(p, stream);
    else
        launchDepth<8>(p, stream);
}

} // namespace difflens::cuda

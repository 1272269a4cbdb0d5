// Fused SSIM kernel (scikit-image compatible): each block loads an input tile with a
// 5-pixel halo (reflect border at the frame edge) into shared memory, runs the separable
// 11-tap Gaussian over the five moments (x, y, x^2, y^2, xy) in double precision, forms
// the SSIM map per channel, writes the channel mean and reduces the interior sums.
#include "cuda/fused_kernels.cuh"
#include "cuda/device_reduce.cuh"

#include <cuda_runtime.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace difflens::cuda {
namespace {

constexpr int kTileW = 32, kTileH = 16;        // output pixels per block tile
constexpr int kThreadsX = 32, kThreadsY = 8;   // kTileH / kThreadsY outputs per thread
constexpr int kInW = kTileW + 2 * kSsimRadius, kInH = kTileH + 2 * kSsimRadius;
constexpr int kRowsPerThread = kTileH / kThreadsY;

// scipy.ndimage 'reflect' boundary (d c b a | a b c d | d c b a).
__device__ __forceinline__ int reflectIndex(int i, int n)
{
    if (n == 1)
        return 0;
    const int period = 2 * n;
    i %= period;
    if (i < 0)
        i += period;
    return i < n ? i : period - 1 - i;
}

template <int Depth>
__global__ void __launch_bounds__(kThreadsX *kThreadsY) ssimKernel(SsimParams p)
{
    using Elem = typename std::conditional<Depth == 8, uint8_t, uint16_t>::type;
    const Elem *srcA = static_cast<const Elem *>(p.src.a);
    const Elem *srcB = static_cast<const Elem *>(p.src.b);

    __shared__ float inA[kInH][kInW + 1];
    __shared__ float inB[kInH][kInW + 1];
    __shared__ double mom[5][kInH][kTileW];
    __shared__ double scratch[kThreadsX * kThreadsY / 32];

    const int tid = threadIdx.y * kThreadsX + threadIdx.x;
    const int nthreads = kThreadsX * kThreadsY;
    const int fw = p.src.frameWidth, fh = p.src.frameHeight;
    const int tilesX = (p.area.width + kTileW - 1) / kTileW;
    const int tilesY = (p.area.height + kTileH - 1) / kTileH;
    const long long tiles = (long long)tilesX * tilesY;

    double chanSum[4] = {0, 0, 0, 0};
    for (long long t = blockIdx.x; t < tiles; t += gridDim.x) {
        const int ox = p.area.x + int(t % tilesX) * kTileW;
        const int oy = p.area.y + int(t / tilesX) * kTileH;
        double mapAcc[kRowsPerThread];
        for (int r = 0; r < kRowsPerThread; ++r)
            mapAcc[r] = 0;

#pragma unroll
        for (int c = 0; c < 4; ++c) {
            if (c >= p.channels)
                break;
            // Load the input tile of channel c (frame coordinates reflected at the border).
            for (int i = tid; i < kInH * kInW; i += nthreads) {
                const int ly = i / kInW, lx = i % kInW;
                const int fy = reflectIndex(oy - kSsimRadius + ly, fh);
                const int fx = reflectIndex(ox - kSsimRadius + lx, fw);
                float va = 0, vb = 0;
                if (fx >= p.src.x && fx < p.src.x + p.src.width && fy >= p.src.y && fy < p.src.y + p.src.height) {
                    const size_t o = (size_t(fy - p.src.y) * p.src.width + (fx - p.src.x)) * 4 + c;
                    va = float(srcA[o]);
                    vb = float(srcB[o]);
                }
                inA[ly][lx] = va;
                inB[ly][lx] = vb;
            }
            __syncthreads();
            // Horizontal pass: five moments for every input row, output column.
            for (int i = tid; i < kInH * kTileW; i += nthreads) {
                const int ly = i / kTileW, lx = i % kTileW;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
#pragma unroll
                for (int k = 0; k < kSsimTaps; ++k) {
                    const double w = p.taps[k];
                    const double a = inA[ly][lx + k], b = inB[ly][lx + k];
                    const double wa = w * a, wb = w * b;
                    s0 += wa;
                    s1 += wb;
                    s2 += wa * a;
                    s3 += wb * b;
                    s4 += wa * b;
                }
                mom[0][ly][lx] = s0;
                mom[1][ly][lx] = s1;
                mom[2][ly][lx] = s2;
                mom[3][ly][lx] = s3;
                mom[4][ly][lx] = s4;
            }
            __syncthreads();
            // Vertical pass and the SSIM formula.
            const int lx = threadIdx.x;
            for (int r = 0; r < kRowsPerThread; ++r) {
                const int ly = threadIdx.y + r * kThreadsY;
                const int x = ox + lx, y = oy + ly;
                if (x >= p.area.x + p.area.width || y >= p.area.y + p.area.height)
                    continue;
                double ux = 0, uy = 0, uxx = 0, uyy = 0, uxy = 0;
#pragma unroll
                for (int k = 0; k < kSsimTaps; ++k) {
                    const double w = p.taps[k];
                    ux += w * mom[0][ly + k][lx];
                    uy += w * mom[1][ly + k][lx];
                    uxx += w * mom[2][ly + k][lx];
                    uyy += w * mom[3][ly + k][lx];
                    uxy += w * mom[4][ly + k][lx];
                }
                const double vx = uxx - ux * ux, vy = uyy - uy * uy, vxy = uxy - ux * uy;
                const double num = (2.0 * ux * uy + p.c1) * (2.0 * vxy + p.c2);
                const double den = (ux * ux + uy * uy + p.c1) * (vx + vy + p.c2);
                const double s = num / den;
                mapAcc[r] += s;
                const bool interior = x >= p.crop && x < fw - p.crop && y >= p.crop && y < fh - p.crop;
                if (interior)
                    chanSum[c] += s;
            }
            __syncthreads();
        }
        if (p.map) {
            for (int r = 0; r < kRowsPerThread; ++r) {
                const int x = ox + threadIdx.x, y = oy + threadIdx.y + r * kThreadsY;
                if (x < p.area.x + p.area.width && y < p.area.y + p.area.height)
                    p.map[size_t(y - p.area.y) * p.area.width + (x - p.area.x)] = float(mapAcc[r] / p.channels);
            }
        }
    }
#pragma unroll
    for (int c = 0; c < 4; ++c) {
        if (c >= p.channels)
            break;
        const double s = red::blockSum(chanSum[c], scratch);
        if (tid == 0 && s != 0)
            atomicAdd(p.channelSums + c, s);
    }
}

void check(cudaError_t e, const char *what)
{
    if (e != cudaSuccess)
        throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(e));
}

template <int Depth>
void launchDepth(const SsimParams &p, cudaStream_t stream)
{
    int device = 0, sms = 0, perSm = 0;
    check(cudaGetDevice(&device), "cudaGetDevice");
    check(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device), "cudaDeviceGetAttribute");
    check(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&perSm, ssimKernel<Depth>, kThreadsX * kThreadsY, 0),
          "cudaOccupancyMaxActiveBlocksPerMultiprocessor");
    const long long tiles = (long long)((p.area.width + kTileW - 1) / kTileW) * ((p.area.height + kTileH - 1) / kTileH);
    const long long grid = std::max(1LL, std::min(tiles, (long long)std::max(1, sms) * std::max(1, perSm) * 2));
    ssimKernel<Depth><<<dim3(unsigned(grid)), dim3(kThreadsX, kThreadsY), 0, stream>>>(p);
    check(cudaGetLastError(), "ssim kernel launch");
}

} // namespace

void launchSsimFused(const SsimParams &p, cudaStream_t stream)
{
    if (p.area.width <= 0 || p.area.height <= 0)
        return;
    if (p.channels < 1 || p.channels > 4)
        throw std::invalid_argument("ssim: 1 to 4 channels supported");
    if (p.src.depth == 16)
        launchDepth<16>(p, stream);
    else
        launchDepth<8>(p, stream);
}

} // namespace difflens::cuda

#pragma once
// Block-level reductions for the fused kernels (warp shuffles, then one shared slot per warp).
#include <cstdint>

namespace difflens::cuda::red {

constexpr unsigned kFullMask = 0xffffffffu;

template <class T>
__device__ __forceinline__ T warpSum(T v)
{
    for (int o = 16; o > 0; o >>= 1)
        v += __shfl_down_sync(kFullMask, v, o);
    return v;
}

template <class T>
__device__ __forceinline__ T warpMax(T v)
{
    for (int o = 16; o > 0; o >>= 1) {
        const T u = __shfl_down_sync(kFullMask, v, o);
        v = u > v ? u : v;
    }
    return v;
}

// Sum over the block; the result is valid in thread 0 only. `scratch` holds one T per warp.
// All threads of the block must call it.
template <class T>
__device__ __forceinline__ T blockSum(T v, T *scratch)
{
    const int lane = threadIdx.x + threadIdx.y * blockDim.x;
    const int warps = (blockDim.x * blockDim.y + 31) / 32;
    v = warpSum(v);
    __syncthreads();
    if ((lane & 31) == 0)
        scratch[lane >> 5] = v;
    __syncthreads();
    T total = T(0);
    if (lane == 0)
        for (int w = 0; w < warps; ++w)
            total += scratch[w];
    return total;
}

template <class T>
__device__ __forceinline__ T blockMax(T v, T *scratch)
{
    const int lane = threadIdx.x + threadIdx.y * blockDim.x;
    const int warps = (blockDim.x * blockDim.y + 31) / 32;
    v = warpMax(v);
    __syncthreads();
    if ((lane & 31) == 0)
        scratch[lane >> 5] = v;
    __syncthreads();
    T best = T(0);
    if (lane == 0)
        for (int w = 0; w < warps; ++w)
            best = scratch[w] > best ? scratch[w] : best;
    return best;
}

} // namespace difflens::cuda::red

#pragma once
// Device-side mirror of the pixelmatch arithmetic in ../pm_yiq.h and ../pm_antialias.h.
// Every multiply/add is an explicitly rounded intrinsic so that nvcc cannot contract it
// into a fused multiply-add: results must be bit-identical to the host reference.
#include <cstdint>

namespace difflens::cuda::pmdev {

constexpr double kYr = 0.29889531, kYg = 0.58662247, kYb = 0.11448223;
constexpr double kIr = 0.59597799, kIg = 0.27417610, kIb = 0.32180189;
constexpr double kQr = 0.21147017, kQg = 0.52261711, kQb = 0.31114694;
constexpr double kWy = 0.5053, kWi = 0.299, kWq = 0.1957;
constexpr double kPhi = 1.618033988749895;
constexpr double kPhi2 = 2.618033988749895;

__device__ __forceinline__ double mul(double a, double b) { return __dmul_rn(a, b); }
__device__ __forceinline__ double add(double a, double b) { return __dadd_rn(a, b); }
__device__ __forceinline__ double sub(double a, double b) { return __dsub_rn(a, b); }
__device__ __forceinline__ double dvd(double a, double b) { return __ddiv_rn(a, b); }

// JavaScript ToInt32 of a finite, non-negative double (pattern indices are >= 0).
__device__ __forceinline__ int32_t jsToInt32(double v)
{
    const double t = trunc(v);
    const double m = fmod(t, 4294967296.0);
    long long i = (long long)m;
    if (i < 0)
        i += 4294967296LL;
    return (int32_t)(uint32_t)(unsigned long long)i;
}

__device__ __forceinline__ uint8_t jsToUint8(double v)
{
    if (v >= 0.0 && v < 256.0)
        return (uint8_t)v;
    if (!isfinite(v))
        return 0;
    double m = fmod(trunc(v), 256.0);
    if (m < 0)
        m += 256.0;
    return (uint8_t)m;
}

__device__ __forceinline__ double backgroundLevel(double k, double divisor)
{
    const int32_t q = jsToInt32(dvd(k, divisor));
    return add(48.0, mul(159.0, (double)(q % 2)));
}

struct Sample4 {
    double r, g, b, a;
};

struct Delta3 {
    double r, g, b;
};

__device__ __forceinline__ Delta3 channelDelta(const Sample4 &s, const Sample4 &t, double k)
{
    if (s.a < 255.0 || t.a < 255.0) {
        const double br = add(48.0, mul(159.0, fmod(k, 2.0)));
        const double bg = backgroundLevel(k, kPhi);
        const double bb = backgroundLevel(k, kPhi2);
        const double da = sub(s.a, t.a);
        return {dvd(sub(sub(mul(s.r, s.a), mul(t.r, t.a)), mul(br, da)), 255.0),
                dvd(sub(sub(mul(s.g, s.a), mul(t.g, t.a)), mul(bg, da)), 255.0),
                dvd(sub(sub(mul(s.b, s.a), mul(t.b, t.a)), mul(bb, da)), 255.0)};
    }
    return {sub(s.r, t.r), sub(s.g, t.g), sub(s.b, t.b)};
}

__device__ __forceinline__ double luma(const Delta3 &d)
{
    return add(add(mul(d.r, kYr), mul(d.g, kYg)), mul(d.b, kYb));
}

__device__ __forceinline__ double signedYiqDelta(const Delta3 &d)
{
    const double y = luma(d);
    const double i = sub(sub(mul(d.r, kIr), mul(d.g, kIg)), mul(d.b, kIb));
    const double q = add(sub(mul(d.r, kQr), mul(d.g, kQg)), mul(d.b, kQb));
    const double delta = add(add(mul(mul(kWy, y), y), mul(mul(kWi, i), i)), mul(mul(kWq, q), q));
    return y > 0 ? -delta : delta;
}

__device__ __forceinline__ uint8_t fadedGrey(const Sample4 &s, double alpha)
{
    const double l = add(add(mul(s.r, kYr), mul(s.g, kYg)), mul(s.b, kYb));
    const double v = add(255.0, dvd(mul(mul(sub(l, 255.0), alpha), s.a), 255.0));
    return jsToUint8(v);
}

__device__ __forceinline__ double patternIndex(int x, int y, int width)
{
    return mul(4.0, add(mul((double)y, (double)width), (double)x));
}

} // namespace difflens::cuda::pmdev

#pragma once
// The LDR-FLIP model: filter kernels for a viewing distance (pixels per degree) and the
// per-pixel colour arithmetic (sRGB -> linear -> YCxCz, filtered YCxCz -> CIELAB with the
// Hunt adjustment, HyAB distance and its redistribution, the final colour^(1-feature) error).
// Constants are those of the published method (FLIP 1.6); computed in float like the
// reference so that maps agree to float rounding. The per-pixel functions are branch-free and
// call no libm transcendental (cube root, log, exp and pow are our own, below), so loops over
// pixels vectorise.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace difflens::flipm {

// CSF of the three opponent channels as sums of Gaussians a * sqrt(pi/b) * exp(-pi^2 x^2 / b)
// (achromatic, red-green: one Gaussian; blue-yellow: two).
constexpr float kA1[3] = {1.0f, 1.0f, 34.1f};
constexpr float kB1[3] = {0.0047f, 0.0053f, 0.04f};
constexpr float kA2[3] = {0.0f, 0.0f, 13.5f};
constexpr float kB2[3] = {1.0e-5f, 1.0e-5f, 0.025f};
constexpr float kPi = 3.14159265358979f;

constexpr float kGqc = 0.7f;   // colour difference exponent
constexpr float kGpc = 0.4f;   // breakpoint of the redistribution, as a fraction of cmax
constexpr float kGpt = 0.95f;  // share of [0,1] below the breakpoint
constexpr float kGw = 0.082f;  // feature kernel width in degrees
constexpr float kGqf = 0.5f;   // feature difference exponent

// D65 white and its inverse.
constexpr float kWhite[3] = {0.950428545f, 1.000000000f, 1.088900371f};
constexpr float kInvWhite[3] = {1.052156925f, 1.000000000f, 0.918357670f};

struct Filters {
    int spatialRadius = 0, featureRadius = 0, halo = 0;
    // Spatial (CSF) taps, 2*spatialRadius+1 each: Y, Cx normalised to sum 1; the two Cz
    // Gaussians (square roots of the separable factors) normalised together.
    std::vector<float> y, cx, cz1, cz2;
    // Feature taps, 2*featureRadius+1 each: Gaussian (sum 1), first and second derivative
    // (positive and negative parts each summing to +1 and -1).
    std::vector<float> g, dg, ddg;
    float cmax = 0, pccmax = 0;
};

int spatialRadius(float ppd);
int featureRadius(float ppd);
Filters makeFilters(float ppd);

// sRGB sample in [0,1] to linear.
inline float srgbToLinear(float s)
{
    return s <= 0.04045f ? s / 12.92f : std::pow((s + 0.055f) / 1.055f, 2.4f);
}

inline void linearToXyz(float r, float g, float b, float &x, float &y, float &z)
{
    x = (10135552.0f / 24577794.0f) * r + (8788810.0f / 24577794.0f) * g + (4435075.0f / 24577794.0f) * b;
    y = (2613072.0f / 12288897.0f) * r + (8788810.0f / 12288897.0f) * g + (887015.0f / 12288897.0f) * b;
    z = (1425312.0f / 73733382.0f) * r + (8788810.0f / 73733382.0f) * g + (70074185.0f / 73733382.0f) * b;
}

// Linear RGB to the opponent space YCxCz (Y in 0..100 like L*).
inline void linearToYcxcz(float r, float g, float b, float &oy, float &ocx, float &ocz)
{
    float x, y, z;
    linearToXyz(r, g, b, x, y, z);
    x *= kInvWhite[0];
    z *= kInvWhite[2];
    oy = 116.0f * y - 16.0f;
    ocx = 500.0f * (x - y);
    ocz = 200.0f * (y - z);
}

// Cube root of a positive normal t to float precision, branch-free so that loops over it
// vectorise: exponent/3 guess from the bits (the integer third taken in float, exact enough for
// a guess), then two Halley steps (cubic convergence; libm's cbrtf is several times slower and
// this is on the hot path).
inline float cubeRoot(float t)
{
    int32_t bits;
    std::memcpy(&bits, &t, 4);
    bits = int32_t(float(bits) * (1.0f / 3.0f)) + 709921077;
    float r;
    std::memcpy(&r, &bits, 4);
    for (int i = 0; i < 2; ++i) {
        const float r3 = r * r * r;
        r = r * (r3 + 2.0f * t) / (2.0f * r3 + t);
    }
    return r;
}

// Natural logarithm of a positive normal x (Cephes logf: mantissa in [sqrt(1/2), sqrt(2)), a
// degree-9 polynomial; within 2 ulp), branch-free.
inline float logPositive(float x)
{
    int32_t bits;
    std::memcpy(&bits, &x, 4);
    float e = float(((bits >> 23) & 0xff) - 126);
    bits = (bits & 0x807fffff) | 0x3f000000; // mantissa in [0.5, 1)
    float m;
    std::memcpy(&m, &bits, 4);
    const bool low = m < 0.707106781186547524f;
    e = low ? e - 1.0f : e;
    m = (low ? m + m : m) - 1.0f;
    const float z = m * m;
    float y = 7.0376836292e-2f;
    y = y * m - 1.1514610310e-1f;
    y = y * m + 1.1676998740e-1f;
    y = y * m - 1.2420140846e-1f;
    y = y * m + 1.4249322787e-1f;
    y = y * m - 1.6668057665e-1f;
    y = y * m + 2.0000714765e-1f;
    y = y * m - 2.4999993993e-1f;
    y = y * m + 3.3333331174e-1f;
    y = y * m * z;
    y += e * -2.12194440e-4f;
    y += -0.5f * z;
    return m + y + e * 0.693359375f;
}

// e^x for x in [-87, 88] (Cephes expf: x = n ln 2 + g, a degree-7 polynomial in g, 2^n from
// the bits; within 2 ulp), branch-free; exp(0) is exactly 1.
inline float expBounded(float x)
{
    x = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
    // n = floor(x / ln 2 + 1/2), by truncating a positive number (a select here would keep
    // GCC from vectorising the loops around it for AVX2).
    const int32_t n = int32_t(x * 1.44269504088896341f + 128.5f) - 128;
    const float fn = float(n);
    const float g = (x - fn * 0.693359375f) - fn * -2.12194440e-4f;
    float y = 1.9875691500e-4f;
    y = y * g + 1.3981999507e-3f;
    y = y * g + 8.3334519073e-3f;
    y = y * g + 4.1665795894e-2f;
    y = y * g + 1.6666665459e-1f;
    y = y * g + 5.0000001201e-1f;
    y = y * (g * g) + g + 1.0f;
    const int32_t scaleBits = (n + 127) << 23;
    float scale;
    std::memcpy(&scale, &scaleBits, 4);
    return y * scale;
}

// b^p for b >= 0 and p >= 0 (0^0 = 1), branch-free.
inline float powNonNegative(float b, float p)
{
    const float r = expBounded(p * logPositive(b > 0.0f ? b : 1.0f));
    return b > 0.0f ? r : (p > 0.0f ? 0.0f : 1.0f);
}

inline float labF(float t)
{
    constexpr float delta = 6.0f / 29.0f;
    constexpr float deltaCube = delta * delta * delta;
    constexpr float factor = 1.0f / (3.0f * delta * delta);
    return t > deltaCube ? cubeRoot(t) : factor * t + 4.0f / 29.0f;
}

inline float clamp01(float v)
{
    return v < 0.0f ? 0.0f : (v > 1.0f ? 1.0f : v);
}

// Filtered YCxCz -> linear RGB clamped to [0,1] -> CIELAB with the Hunt-adjusted a, b.
inline void ycxczToHuntLab(float Y, float Cx, float Cz, float &L, float &A, float &B)
{
    const float yy = (Y + 16.0f) / 116.0f;
    const float x = (yy + Cx / 500.0f) * kWhite[0];
    const float y = yy;
    const float z = (yy - Cz / 200.0f) * kWhite[2];
    float r = 3.241003275f * x - 1.537398934f * y - 0.498615861f * z;
    float g = -0.969224334f * x + 1.875930071f * y + 0.041554224f * z;
    float b = 0.055639423f * x - 0.204011202f * y + 1.057148933f * z;
    r = clamp01(r);
    g = clamp01(g);
    b = clamp01(b);
    float X, Yl, Z;
    linearToXyz(r, g, b, X, Yl, Z);
    const float fx = labF(X * kInvWhite[0]);
    const float fy = labF(Yl);
    const float fz = labF(Z * kInvWhite[2]);
    L = 116.0f * fy - 16.0f;
    A = 0.01f * L * (500.0f * (fx - fy));
    B = 0.01f * L * (200.0f * (fy - fz));
}

// HyAB distance raised to gqc and redistributed to [0,1].
inline float colourError(float L1, float A1, float B1, float L2, float A2, float B2, float cmax, float pccmax)
{
    const float dA = A1 - A2, dB = B1 - B2;
    float d = std::fabs(L1 - L2) + std::sqrt(dA * dA + dB * dB);
    d = powNonNegative(d, kGqc);
    return d < pccmax ? d * (kGpt / pccmax) : kGpt + ((d - pccmax) / (cmax - pccmax)) * (1.0f - kGpt);
}

// Feature difference from the filtered derivatives of both images, and the final error.
inline float flipError(float colour, float dx1, float dy1, float ddx1, float ddy1, float dx2, float dy2, float ddx2,
                       float ddy2)
{
    const float edge = std::fabs(std::sqrt(dx1 * dx1 + dy1 * dy1) - std::sqrt(dx2 * dx2 + dy2 * dy2));
    const float point = std::fabs(std::sqrt(ddx1 * ddx1 + ddy1 * ddy1) - std::sqrt(ddx2 * ddx2 + ddy2 * ddy2));
    const float feature = std::sqrt((1.0f / std::sqrt(2.0f)) * (edge > point ? edge : point)); // ^gqf = 0.5
    return powNonNegative(colour, 1.0f - feature);
}

} // namespace difflens::flipm

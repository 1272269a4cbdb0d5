#pragma once
// Hot loops of the CPU SSIM (included by ssim_cpu.cpp only). Written so that GCC
// auto-vectorises them; on x86-64 each is cloned for x86-64-v3 (AVX2 + FMA) with a baseline
// fallback picked at load time. Every output element is produced by the same sequence of
// float operations wherever it sits in a row, which keeps tiled results bit-identical.
#include "ssim/ssim_cpu.h"

#include <cstdint>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define DL_SSIM_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define DL_SSIM_CLONES
#endif

namespace difflens::ssimk {

constexpr int kPlanes = 5; // a, b, a*a, b*b, a*b

namespace {

// out[i] = sum_k w[k] * rows[k][i] for the symmetric taps (w[k] == w[10-k]), fixed order.
DL_SSIM_CLONES
void verticalPass(const float *const *rows, float *__restrict out, int n, const float *w)
{
    const float *__restrict r0 = rows[0];
    const float *__restrict r1 = rows[1];
    const float *__restrict r2 = rows[2];
    const float *__restrict r3 = rows[3];
    const float *__restrict r4 = rows[4];
    const float *__restrict r5 = rows[5];
    const float *__restrict r6 = rows[6];
    const float *__restrict r7 = rows[7];
    const float *__restrict r8 = rows[8];
    const float *__restrict r9 = rows[9];
    const float *__restrict r10 = rows[10];
    const float w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5];
        for (int i = 0; i < n; ++i) {
        float s = w0 * (r0[i] + r10[i]);
        s += w1 * (r1[i] + r9[i]);
        s += w2 * (r2[i] + r8[i]);
        s += w3 * (r3[i] + r7[i]);
        s += w4 * (r4[i] + r6[i]);
        s += w5 * r5[i];
        out[i] = s;
    }
}

// Two consecutive output rows at once: out0 from rows[0..10], out1 from rows[1..11]. Each
// output gets exactly the operations of verticalPass (bit-identical), with fewer loads.
DL_SSIM_CLONES
void verticalPass2(const float *const *rows, float *__restrict out0, float *__restrict out1, int n,
                   const float *w)
{
    const float *__restrict r0 = rows[0];
    const float *__restrict r1 = rows[1];
    const float *__restrict r2 = rows[2];
    const float *__restrict r3 = rows[3];
    const float *__restrict r4 = rows[4];
    const float *__restrict r5 = rows[5];
    const float *__restrict r6 = rows[6];
    const float *__restrict r7 = rows[7];
    const float *__restrict r8 = rows[8];
    const float *__restrict r9 = rows[9];
    const float *__restrict r10 = rows[10];
    const float *__restrict r11 = rows[11];
    const float w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5];
    for (int i = 0; i < n; ++i) {
        const float v1 = r1[i], v2 = r2[i], v3 = r3[i], v4 = r4[i], v5 = r5[i];
        const float v6 = r6[i], v7 = r7[i], v8 = r8[i], v9 = r9[i], v10 = r10[i];
        float s = w0 * (r0[i] + v10);
        s += w1 * (v1 + v9);
        s += w2 * (v2 + v8);
        s += w3 * (v3 + v7);
        s += w4 * (v4 + v6);
        s += w5 * v5;
        out0[i] = s;
        float t = w0 * (v1 + r11[i]);
        t += w1 * (v2 + v10);
        t += w2 * (v3 + v9);
        t += w3 * (v4 + v8);
        t += w4 * (v5 + v7);
        t += w5 * v6;
        out1[i] = t;
    }
}

// out[x] = sum_k w[k] * in[x + k], same order as verticalPass.
DL_SSIM_CLONES
void horizontalPass(const float *__restrict in, float *__restrict out, int n, const float *w)
{
    const float w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5];
        for (int x = 0; x < n; ++x) {
        const float *__restrict p = in + x;
        float s = w0 * (p[0] + p[10]);
        s += w1 * (p[1] + p[9]);
        s += w2 * (p[2] + p[8]);
        s += w3 * (p[3] + p[7]);
        s += w4 * (p[4] + p[6]);
        s += w5 * p[5];
        out[x] = s;
    }
}

// SSIM from the five local moments of centred samples.
DL_SSIM_CLONES
void ssimFormula(const float *__restrict ma, const float *__restrict mb, const float *__restrict maa,
                 const float *__restrict mbb, const float *__restrict mab, float *__restrict out, int n,
                 float centre, float c1, float c2)
{
    for (int x = 0; x < n; ++x) {
        const float da = ma[x], db = mb[x];
        const float va = maa[x] - da * da;
        const float vb = mbb[x] - db * db;
        const float cov = mab[x] - da * db;
        const float ua = da + centre, ub = db + centre;
        const float a1 = 2.0f * ua * ub + c1;
        const float a2 = 2.0f * cov + c2;
        const float b1 = ua * ua + ub * ub + c1;
        const float b2 = va + vb + c2;
        out[x] = (a1 * a2) / (b1 * b2);
    }
}

// Sum in double with eight independent lanes (vectorisable, fixed order per call).
DL_SSIM_CLONES
double sumRow(const float *__restrict v, int n)
{
    double lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int x = 0;
    for (; x + 8 <= n; x += 8)
        for (int j = 0; j < 8; ++j)
            lanes[j] += double(v[x + j]);
    double s = 0;
    for (; x < n; ++x)
        s += double(v[x]);
    for (int j = 0; j < 8; ++j)
        s += lanes[j];
    return s;
}

// Converts `n` pixels of channel `ch` starting at `pa`/`pb` (interleaved, `step` samples per
// pixel) into the five centred planes. Contiguous interior runs take this path.
template <typename T>
inline void convertRun(const T *__restrict pa, const T *__restrict pb, int step, int n, float centre,
                       float *__restrict da, float *__restrict db, float *__restrict daa, float *__restrict dbb,
                       float *__restrict dab)
{
    for (int i = 0; i < n; ++i) {
        const float va = float(pa[size_t(i) * size_t(step)]) - centre;
        const float vb = float(pb[size_t(i) * size_t(step)]) - centre;
        da[i] = va;
        db[i] = vb;
        daa[i] = va * va;
        dbb[i] = vb * vb;
        dab[i] = va * vb;
    }
}

// RGBA8 fast path: one 32-bit load per pixel feeds every channel.
DL_SSIM_CLONES
void convertRgba8(const uint8_t *__restrict pa, const uint8_t *__restrict pb, int n, int channels, float centre,
                  float *const *planes)
{
    for (int c = 0; c < channels; ++c) {
        float *__restrict da = planes[c * kPlanes + 0];
        float *__restrict db = planes[c * kPlanes + 1];
        float *__restrict daa = planes[c * kPlanes + 2];
        float *__restrict dbb = planes[c * kPlanes + 3];
        float *__restrict dab = planes[c * kPlanes + 4];
        const int shift = 8 * c;
        for (int i = 0; i < n; ++i) {
            uint32_t qa, qb;
            std::memcpy(&qa, pa + size_t(i) * 4, 4);
            std::memcpy(&qb, pb + size_t(i) * 4, 4);
            const float va = float(int32_t((qa >> shift) & 0xffu)) - centre;
            const float vb = float(int32_t((qb >> shift) & 0xffu)) - centre;
            da[i] = va;
            db[i] = vb;
            daa[i] = va * va;
            dbb[i] = vb * vb;
            dab[i] = va * vb;
        }
    }
}

} // namespace

} // namespace difflens::ssimk

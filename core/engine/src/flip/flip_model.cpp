// LDR-FLIP filter kernels for a given number of pixels per degree (see flip_model.h).
#include "flip/flip_model.h"

#include <algorithm>

namespace difflens::flipm {

namespace {

float gaussianAB(float x2, float a, float b)
{
    return a * std::sqrt(kPi / b) * std::exp(-(kPi * kPi) * x2 / b);
}

// Square root of the separable factor, for the two-Gaussian blue-yellow CSF.
float gaussianSqrtAB(float x2, float a, float b)
{
    return std::sqrt(a * std::sqrt(kPi / b)) * std::exp(-(kPi * kPi) * x2 / b);
}

float maxDistance()
{
    // HyAB between Hunt-adjusted pure green and pure blue, ^gqc.
    float L1, A1, B1, L2, A2, B2;
    auto lab = [](float r, float g, float b, float &L, float &A, float &B) {
        float x, y, z;
        linearToXyz(r, g, b, x, y, z);
        const float fx = labF(x * kInvWhite[0]), fy = labF(y), fz = labF(z * kInvWhite[2]);
        L = 116.0f * fy - 16.0f;
        A = 0.01f * L * (500.0f * (fx - fy));
        B = 0.01f * L * (200.0f * (fy - fz));
    };
    lab(0, 1, 0, L1, A1, B1);
    lab(0, 0, 1, L2, A2, B2);
    const float dA = A1 - A2, dB = B1 - B2;
    return std::pow(std::fabs(L1 - L2) + std::sqrt(dA * dA + dB * dB), kGqc);
}

} // namespace

int spatialRadius(float ppd)
{
    float maxB = 0;
    for (int c = 0; c < 3; ++c)
        maxB = std::max({maxB, kB1[c], kB2[c]});
    return int(std::ceil(3.0f * std::sqrt(maxB / (2.0f * kPi * kPi)) * ppd));
}

int featureRadius(float ppd)
{
    return int(std::ceil(3.0f * (0.5f * kGw * ppd)));
}

Filters makeFilters(float ppd)
{
    Filters f;
    f.spatialRadius = spatialRadius(ppd);
    f.featureRadius = featureRadius(ppd);
    f.halo = std::max(f.spatialRadius, f.featureRadius);

    const int rs = f.spatialRadius, ns = 2 * rs + 1;
    f.y.resize(size_t(ns));
    f.cx.resize(size_t(ns));
    f.cz1.resize(size_t(ns));
    f.cz2.resize(size_t(ns));
    float sy = 0, scx = 0, sz1 = 0, sz2 = 0;
    for (int i = 0; i < ns; ++i) {
        const float x = float(i - rs) * (1.0f / ppd);
        const float x2 = x * x;
        f.y[size_t(i)] = gaussianAB(x2, kA1[0], kB1[0]);
        f.cx[size_t(i)] = gaussianAB(x2, kA1[1], kB1[1]);
        f.cz1[size_t(i)] = gaussianSqrtAB(x2, kA1[2], kB1[2]);
        f.cz2[size_t(i)] = gaussianSqrtAB(x2, kA2[2], kB2[2]);
        sy += f.y[size_t(i)];
        scx += f.cx[size_t(i)];
        sz1 += f.cz1[size_t(i)];
        sz2 += f.cz2[size_t(i)];
    }
    const float ny = 1.0f / sy, ncx = 1.0f / scx, nz = 1.0f / std::sqrt(sz1 * sz1 + sz2 * sz2);
    for (int i = 0; i < ns; ++i) {
        f.y[size_t(i)] *= ny;
        f.cx[size_t(i)] *= ncx;
        f.cz1[size_t(i)] *= nz;
        f.cz2[size_t(i)] *= nz;
    }

    const int rf = f.featureRadius, nf = 2 * rf + 1;
    const float sd = 0.5f * kGw * ppd;
    f.g.resize(size_t(nf));
    f.dg.resize(size_t(nf));
    f.ddg.resize(size_t(nf));
    float gSum = 0, dPos = 0, dNeg = 0, ddPos = 0, ddNeg = 0;
    for (int i = 0; i < nf; ++i) {
        const float x = float(i - rf);
        const float g = std::exp(-(x * x) / (2.0f * sd * sd));
        const float dg = -x * g;
        const float ddg = (x * x / (sd * sd) - 1.0f) * g;
        gSum += g;
        (dg > 0 ? dPos : dNeg) += dg > 0 ? dg : -dg;
        (ddg > 0 ? ddPos : ddNeg) += ddg > 0 ? ddg : -ddg;
        f.g[size_t(i)] = g;
        f.dg[size_t(i)] = dg;
        f.ddg[size_t(i)] = ddg;
    }
    for (int i = 0; i < nf; ++i) {
        f.g[size_t(i)] /= gSum;
        f.dg[size_t(i)] /= f.dg[size_t(i)] > 0 ? dPos : dNeg;
        f.ddg[size_t(i)] /= f.ddg[size_t(i)] > 0 ? ddPos : ddNeg;
    }

    f.cmax = maxDistance();
    f.pccmax = kGpc * f.cmax;
    return f;
}

} // namespace difflens::flipm

#pragma once
// Deterministic screenshot-like frame pairs and small helpers shared by the GPU benchmark's
// parts (kernels, transfer checks, whole jobs).
#include "difflens/engine/image.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

namespace difflens::gpubench {

struct Pair {
    Image a, b;
};

// Screenshot-like content (RGB, opaque RGBA8): panels, thin strokes, a noisy photo block;
// b moves a panel, recolours text and perturbs part of the photo.
inline Pair makePair(int w, int h)
{
    Pair p{Image(w, h, 4, 8), Image(w, h, 4, 8)};
    const int n = w < h ? w : h;
    uint32_t s = 12345;
    for (int y = 0; y < h; ++y) {
        uint8_t *ra = p.a.row(y), *rb = p.b.row(y);
        for (int x = 0; x < w; ++x) {
            uint8_t r = 240, g = 240, b = 242;
            if ((x / 256 + y / 192) % 3 == 0 && x % 256 > 16 && y % 192 > 12)
                r = 255, g = 255, b = 255;
            if (y % 24 == 8 && x % 256 > 30 && x % 256 < 200)
                r = g = b = 40;
            if (y % 24 == 9 && x % 256 > 30 && x % 256 < 200)
                r = g = b = 150; // anti-aliased underline
            if (x > n / 2 && y > n / 2 && x < n / 2 + n / 8 && y < n / 2 + n / 8) {
                s = s * 1664525u + 1013904223u;
                r = uint8_t(s >> 24), g = uint8_t(s >> 16), b = uint8_t(s >> 8);
            }
            uint8_t *pa = ra + size_t(x) * 4, *pb = rb + size_t(x) * 4;
            pa[0] = r, pa[1] = g, pa[2] = b, pa[3] = 255;
            std::memcpy(pb, pa, 4);
            if (y % 24 == 8 && (x / 512) % 4 == 1 && x % 256 > 30 && x % 256 < 200)
                pb[0] = 200; // recoloured text
            if (x > n / 2 && y > n / 2 && x < n / 2 + n / 16 && y < n / 2 + n / 16 && (x ^ y) % 7 == 0)
                pb[1] = uint8_t(pb[1] + 9);
        }
    }
    // Moved panel: shift a block of b right by 3 pixels.
    for (int y = n / 8; y < n / 8 + n / 16; ++y)
        std::memmove(p.b.row(y) + size_t(n / 8 + 3) * 4, p.a.row(y) + size_t(n / 8) * 4, size_t(n / 16) * 4);
    return p;
}

inline Pair makePair(int n) { return makePair(n, n); }

// 16-bit version of an 8-bit pair (v * 257 plus a little low-order texture shared by a and b
// where they agree, so 16-bit deltas stay those of the 8-bit pair).
inline Pair widen(const Pair &p)
{
    const int w = p.a.width(), h = p.a.height();
    Pair q{Image(w, h, 4, 16), Image(w, h, 4, 16)};
    for (int y = 0; y < h; ++y) {
        const uint8_t *ra = p.a.row(y), *rb = p.b.row(y);
        auto *qa = reinterpret_cast<uint16_t *>(q.a.row(y));
        auto *qb = reinterpret_cast<uint16_t *>(q.b.row(y));
        for (int i = 0; i < w * 4; ++i) {
            const int t = (i % 4 == 3) ? 0 : ((i / 4) * 7 + y * 3) % 5;
            qa[i] = uint16_t(ra[i] * 257 - (ra[i] ? t : 0));
            qb[i] = uint16_t(rb[i] * 257 - (rb[i] ? t : 0));
        }
    }
    return q;
}

inline std::string sci(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

inline double since(std::chrono::steady_clock::time_point t)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

} // namespace difflens::gpubench

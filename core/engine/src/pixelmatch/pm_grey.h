#pragma once
// Internal: the faded grey background of the diff image for runs of 8-bit RGBA pixels.
//
// grey = ToUint8(255 + (luma - 255) * alpha * A / 255), evaluated in exactly the same
// order as pixelmatch (IEEE doubles, true division), two or four pixels per instruction
// where SSE2 is available. Blocks of four pixels equal to the previous ones reuse the
// previous result, which makes flat areas nearly free.
#include "pixelmatch/pm_yiq.h"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace difflens::pm {

inline uint32_t greyWord(uint8_t g)
{
    const uint8_t px[4] = {g, g, g, 255};
    uint32_t w;
    std::memcpy(&w, px, 4);
    return w;
}

inline uint32_t greyWordOf(const uint8_t *p, double alpha)
{
    return greyWord(fadedGrey(double(p[0]), double(p[1]), double(p[2]), double(p[3]), alpha));
}

// With 0 <= alpha <= 1 every grey value lies in [0, 256), so plain truncation equals
// ToUint8 and the vector path applies.
inline bool greyFitsByte(double alpha) { return alpha >= 0.0 && alpha <= 1.0; }

#if defined(__SSE2__)
// Four pixels (16 bytes) to four grey RGBA words. Requires greyFitsByte(alpha).
inline __m128i greyFour(__m128i px, __m128d alpha)
{
    const __m128i lo8 = _mm_set1_epi32(0xFF);
    const __m128i ri = _mm_and_si128(px, lo8);
    const __m128i gi = _mm_and_si128(_mm_srli_epi32(px, 8), lo8);
    const __m128i bi = _mm_and_si128(_mm_srli_epi32(px, 16), lo8);
    const __m128i ai = _mm_srli_epi32(px, 24);
    const __m128d kr = _mm_set1_pd(kYr), kg = _mm_set1_pd(kYg), kb = _mm_set1_pd(kYb);
    const __m128d c255 = _mm_set1_pd(255.0);
    auto half = [kr, kg, kb, c255, alpha](__m128i r, __m128i g, __m128i b, __m128i a) {
        const __m128d luma = _mm_add_pd(_mm_add_pd(_mm_mul_pd(_mm_cvtepi32_pd(r), kr), _mm_mul_pd(_mm_cvtepi32_pd(g), kg)),
                                        _mm_mul_pd(_mm_cvtepi32_pd(b), kb));
        __m128d v = _mm_mul_pd(_mm_sub_pd(luma, c255), alpha);
        v = _mm_div_pd(_mm_mul_pd(v, _mm_cvtepi32_pd(a)), c255);
        return _mm_cvttpd_epi32(_mm_add_pd(c255, v)); // two int32 in the low lanes
    };
    const __m128i g01 = half(ri, gi, bi, ai);
    const __m128i g23 = half(_mm_shuffle_epi32(ri, 0x0E), _mm_shuffle_epi32(gi, 0x0E), _mm_shuffle_epi32(bi, 0x0E),
                             _mm_shuffle_epi32(ai, 0x0E));
    const __m128i g = _mm_unpacklo_epi64(g01, g23);
    const __m128i rgb = _mm_or_si128(_mm_or_si128(g, _mm_slli_epi32(g, 8)), _mm_slli_epi32(g, 16));
    return _mm_or_si128(rgb, _mm_set1_epi32(int(0xFF000000u)));
}
#endif

// Writes the grey background for n pixels of src (RGBA8) to dst (RGBA8).
inline void greySpan8(const uint8_t *src, int n, uint8_t *dst, double alpha)
{
    int i = 0;
#if defined(__SSE2__)
    if (greyFitsByte(alpha) && n >= 4) {
        const __m128d va = _mm_set1_pd(alpha);
        __m128i lastIn = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src));
        __m128i lastOut = greyFour(lastIn, va);
        for (; i + 4 <= n; i += 4) {
            const __m128i px = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src + 4 * i));
            if (_mm_movemask_epi8(_mm_cmpeq_epi32(px, lastIn)) != 0xFFFF) {
                lastIn = px;
                lastOut = greyFour(px, va);
            }
            _mm_storeu_si128(reinterpret_cast<__m128i *>(dst + 4 * i), lastOut);
        }
    }
#endif
    for (; i < n; ++i) {
        const uint32_t w = greyWordOf(src + 4 * i, alpha);
        std::memcpy(dst + 4 * i, &w, 4);
    }
}

} // namespace difflens::pm

// The display layers' row kernels (layer_kernels.h): 2x2 reductions of RGBA8, one-byte and
// mask rows, and the fused A/B/heatmap reduction of an 8-bit pair's rows.
#include "layer_kernels.h"

#include "difflens/engine/pixelmatch.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
// AVX2 beside SSE2 on x86-64 with GCC or Clang, chosen when the CPU has it.
#if defined(__SSE2__) && defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define DIFFLENS_LAYER_AVX2 1
#include <immintrin.h>
#define DIFFLENS_AVX2 __attribute__((target("avx2")))
#endif

namespace difflens {

namespace {

// The mask's reduction keeps the most telling value of a block: different, then
// shift-tolerated, anti-aliased, ignored, same.
constexpr uint8_t kMaskRank[8] = {0 /*same*/, 4 /*diff*/, 2 /*aa*/, 1 /*ignored*/, 3 /*shift*/, 0, 0, 0};
constexpr uint8_t kMaskOfRank[8] = {MaskSame, MaskIgnored, MaskAA, MaskShift, MaskDiff, 0, 0, 0};

inline uint8_t absDiff(uint8_t x, uint8_t y)
{
    return uint8_t(std::max(x, y) - std::min(x, y));
}

// The plain loops, from output pixel `from` on (the vector loops do the ones before).
void averageRgba8Tail(const uint8_t *r0, const uint8_t *r1, int width, size_t from, uint8_t *out)
{
    const size_t full = size_t(width / 2);
    if (r1) {
        for (size_t i = from * 4; i < full * 4; i += 4)
            for (size_t c = 0; c < 4; ++c)
                out[i + c] = uint8_t((uint32_t(r0[2 * i + c]) + r0[2 * i + 4 + c] + r1[2 * i + c] +
                                      r1[2 * i + 4 + c] + 2) >> 2);
        if (width & 1)
            for (size_t c = 0; c < 4; ++c)
                out[full * 4 + c] = uint8_t((uint32_t(r0[full * 8 + c]) + r1[full * 8 + c] + 1) >> 1);
        return;
    }
    for (size_t i = from * 4; i < full * 4; i += 4)
        for (size_t c = 0; c < 4; ++c)
            out[i + c] = uint8_t((uint32_t(r0[2 * i + c]) + r0[2 * i + 4 + c] + 1) >> 1);
    if (width & 1)
        std::memcpy(out + full * 4, r0 + full * 8, 4);
}

// Per block the largest |A - B| over R, G and B, from output pixel `from` on.
int heatTail(const uint8_t *a0, const uint8_t *b0, const uint8_t *a1, const uint8_t *b1, int width, size_t from,
             uint8_t *out)
{
    const size_t nw = size_t(width + 1) / 2;
    uint8_t top = 0;
    for (size_t x = from; x < nw; ++x) {
        uint8_t v = 0;
        const size_t pixels = 2 * x + 1 < size_t(width) ? 2 : 1;
        for (size_t p = 0; p < pixels; ++p)
            for (size_t c = 0; c < 3; ++c) {
                const size_t i = (2 * x + p) * 4 + c;
                v = std::max(v, absDiff(a0[i], b0[i]));
                if (a1)
                    v = std::max(v, absDiff(a1[i], b1[i]));
            }
        out[x] = v;
        top = std::max(top, v);
    }
    return top;
}

#if defined(__SSE2__)
inline __m128i load(const uint8_t *p)
{
    return _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
}

// Four output pixels (16 bytes) from eight pixels of each row: 16-bit sums of the columns,
// then of each pair of pixels (the 64-bit halves of a register), rounded.
inline __m128i average8(const uint8_t *r0, const uint8_t *r1)
{
    const __m128i z = _mm_setzero_si128(), two = _mm_set1_epi16(2);
    const __m128i p0 = load(r0), p1 = load(r0 + 16), q0 = load(r1), q1 = load(r1 + 16);
    const __m128i s0 = _mm_add_epi16(_mm_unpacklo_epi8(p0, z), _mm_unpacklo_epi8(q0, z)); // pixels 0, 1
    const __m128i s1 = _mm_add_epi16(_mm_unpackhi_epi8(p0, z), _mm_unpackhi_epi8(q0, z)); // 2, 3
    const __m128i s2 = _mm_add_epi16(_mm_unpacklo_epi8(p1, z), _mm_unpacklo_epi8(q1, z)); // 4, 5
    const __m128i s3 = _mm_add_epi16(_mm_unpackhi_epi8(p1, z), _mm_unpackhi_epi8(q1, z)); // 6, 7
    __m128i t0 = _mm_add_epi16(_mm_unpacklo_epi64(s0, s1), _mm_unpackhi_epi64(s0, s1));
    __m128i t1 = _mm_add_epi16(_mm_unpacklo_epi64(s2, s3), _mm_unpackhi_epi64(s2, s3));
    t0 = _mm_srli_epi16(_mm_add_epi16(t0, two), 2);
    t1 = _mm_srli_epi16(_mm_add_epi16(t1, two), 2);
    return _mm_packus_epi16(t0, t1);
}

inline __m128i absDiff16(__m128i x, __m128i y)
{
    return _mm_or_si128(_mm_subs_epu8(x, y), _mm_subs_epu8(y, x));
}

// Four blocks' heat values (each in the low byte of a 32-bit lane) from the per-byte largest
// |A - B| of four pixels each: the larger of each pair of pixels, alpha dropped, then the
// largest of R, G and B.
inline __m128i heat4(__m128i d0, __m128i d1)
{
    const __m128i rgb = _mm_set1_epi32(0x00ffffff), low = _mm_set1_epi32(0xff);
    __m128i m0 = _mm_and_si128(_mm_max_epu8(d0, _mm_srli_epi64(d0, 32)), rgb); // lanes 0, 2
    __m128i m1 = _mm_and_si128(_mm_max_epu8(d1, _mm_srli_epi64(d1, 32)), rgb);
    m0 = _mm_max_epu8(_mm_max_epu8(m0, _mm_srli_epi32(m0, 8)), _mm_srli_epi32(m0, 16));
    m1 = _mm_max_epu8(_mm_max_epu8(m1, _mm_srli_epi32(m1, 8)), _mm_srli_epi32(m1, 16));
    m0 = _mm_shuffle_epi32(m0, _MM_SHUFFLE(3, 1, 2, 0));
    m1 = _mm_shuffle_epi32(m1, _MM_SHUFFLE(3, 1, 2, 0));
    return _mm_and_si128(_mm_unpacklo_epi64(m0, m1), low);
}

// The four blocks of eight pixels of each row.
inline __m128i heatOf8(const uint8_t *a0, const uint8_t *b0, const uint8_t *a1, const uint8_t *b1)
{
    const __m128i d0 = _mm_max_epu8(absDiff16(load(a0), load(b0)), absDiff16(load(a1), load(b1)));
    const __m128i d1 = _mm_max_epu8(absDiff16(load(a0 + 16), load(b0 + 16)), absDiff16(load(a1 + 16), load(b1 + 16)));
    return heat4(d0, d1);
}

inline void store4(uint8_t *out, __m128i lanes)
{
    const __m128i packed = _mm_packus_epi16(_mm_packs_epi32(lanes, lanes), lanes);
    const int v = _mm_cvtsi128_si32(packed);
    std::memcpy(out, &v, 4);
}

inline int largestByte(__m128i lanes)
{
    alignas(16) uint8_t bytes[16];
    _mm_store_si128(reinterpret_cast<__m128i *>(bytes), lanes);
    return *std::max_element(bytes, bytes + 16);
}

#if defined(DIFFLENS_LAYER_AVX2)
std::atomic<bool> g_avx2Allowed{true};

bool useAvx2()
{
    static const bool has = __builtin_cpu_supports("avx2");
    return has && g_avx2Allowed.load(std::memory_order_relaxed);
}

DIFFLENS_AVX2 inline __m256i load32(const uint8_t *p)
{
    return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
}

// average8 on sixteen pixels of each row: eight output pixels. The unpacks work within each
// 128-bit half, so the 64-bit quarters come out as outputs 0-1, 4-5, 2-3, 6-7.
DIFFLENS_AVX2 inline __m256i average16(const uint8_t *r0, const uint8_t *r1)
{
    const __m256i z = _mm256_setzero_si256(), two = _mm256_set1_epi16(2);
    const __m256i p0 = load32(r0), p1 = load32(r0 + 32), q0 = load32(r1), q1 = load32(r1 + 32);
    const __m256i s0 = _mm256_add_epi16(_mm256_unpacklo_epi8(p0, z), _mm256_unpacklo_epi8(q0, z));
    const __m256i s1 = _mm256_add_epi16(_mm256_unpackhi_epi8(p0, z), _mm256_unpackhi_epi8(q0, z));
    const __m256i s2 = _mm256_add_epi16(_mm256_unpacklo_epi8(p1, z), _mm256_unpacklo_epi8(q1, z));
    const __m256i s3 = _mm256_add_epi16(_mm256_unpackhi_epi8(p1, z), _mm256_unpackhi_epi8(q1, z));
    __m256i t0 = _mm256_add_epi16(_mm256_unpacklo_epi64(s0, s1), _mm256_unpackhi_epi64(s0, s1));
    __m256i t1 = _mm256_add_epi16(_mm256_unpacklo_epi64(s2, s3), _mm256_unpackhi_epi64(s2, s3));
    t0 = _mm256_srli_epi16(_mm256_add_epi16(t0, two), 2);
    t1 = _mm256_srli_epi16(_mm256_add_epi16(t1, two), 2);
    return _mm256_permute4x64_epi64(_mm256_packus_epi16(t0, t1), _MM_SHUFFLE(3, 1, 2, 0));
}

DIFFLENS_AVX2 inline __m256i absDiff32(__m256i x, __m256i y)
{
    return _mm256_or_si256(_mm256_subs_epu8(x, y), _mm256_subs_epu8(y, x));
}

// heatOf8 on sixteen pixels of each row: eight blocks' values, each in the low byte of a
// 32-bit lane, in order.
DIFFLENS_AVX2 inline __m256i heatOf16(const uint8_t *a0, const uint8_t *b0, const uint8_t *a1, const uint8_t *b1)
{
    const __m256i rgb = _mm256_set1_epi32(0x00ffffff), low = _mm256_set1_epi32(0xff);
    const __m256i d0 = _mm256_max_epu8(absDiff32(load32(a0), load32(b0)), absDiff32(load32(a1), load32(b1)));
    const __m256i d1 =
        _mm256_max_epu8(absDiff32(load32(a0 + 32), load32(b0 + 32)), absDiff32(load32(a1 + 32), load32(b1 + 32)));
    __m256i m0 = _mm256_and_si256(_mm256_max_epu8(d0, _mm256_srli_epi64(d0, 32)), rgb);
    __m256i m1 = _mm256_and_si256(_mm256_max_epu8(d1, _mm256_srli_epi64(d1, 32)), rgb);
    m0 = _mm256_max_epu8(_mm256_max_epu8(m0, _mm256_srli_epi32(m0, 8)), _mm256_srli_epi32(m0, 16));
    m1 = _mm256_max_epu8(_mm256_max_epu8(m1, _mm256_srli_epi32(m1, 8)), _mm256_srli_epi32(m1, 16));
    m0 = _mm256_shuffle_epi32(m0, _MM_SHUFFLE(3, 1, 2, 0));
    m1 = _mm256_shuffle_epi32(m1, _MM_SHUFFLE(3, 1, 2, 0));
    const __m256i u = _mm256_permute4x64_epi64(_mm256_unpacklo_epi64(m0, m1), _MM_SHUFFLE(3, 1, 2, 0));
    return _mm256_and_si256(u, low);
}

DIFFLENS_AVX2 inline void store8(uint8_t *out, __m256i lanes)
{
    const __m128i words = _mm_packs_epi32(_mm256_castsi256_si128(lanes), _mm256_extracti128_si256(lanes, 1));
    _mm_storel_epi64(reinterpret_cast<__m128i *>(out), _mm_packus_epi16(words, words));
}

// The whole blocks of sixteen pixels; returns the output pixels done.
DIFFLENS_AVX2 size_t averageAvx2(const uint8_t *r0, const uint8_t *r1, int width, uint8_t *out)
{
    size_t i = 0;
    for (const size_t full = size_t(width / 2); i + 8 <= full; i += 8)
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(out + 4 * i), average16(r0 + 8 * i, r1 + 8 * i));
    return i;
}

DIFFLENS_AVX2 size_t reducePairAvx2(const uint8_t *a0, const uint8_t *a1, const uint8_t *b0, const uint8_t *b1,
                                    int width, uint8_t *outA, uint8_t *outB, uint8_t *outHeat, int &top)
{
    size_t i = 0;
    __m256i most = _mm256_setzero_si256();
    for (const size_t full = size_t(width / 2); i + 8 <= full; i += 8) {
        const size_t s = 8 * i;
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(outA + 4 * i), average16(a0 + s, a1 + s));
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(outB + 4 * i), average16(b0 + s, b1 + s));
        const __m256i h = heatOf16(a0 + s, b0 + s, a1 + s, b1 + s);
        most = _mm256_max_epu8(most, h);
        store8(outHeat + i, h);
    }
    top = std::max(largestByte(_mm256_castsi256_si128(most)), largestByte(_mm256_extracti128_si256(most, 1)));
    return i;
}
#endif
#endif

} // namespace

void averageRgba8(const uint8_t *r0, const uint8_t *r1, int width, uint8_t *out)
{
    size_t i = 0;
#if defined(DIFFLENS_LAYER_AVX2)
    if (r1 && useAvx2())
        i = averageAvx2(r0, r1, width, out);
#endif
#if defined(__SSE2__)
    if (r1)
        for (const size_t full = size_t(width / 2); i + 4 <= full; i += 4)
            _mm_storeu_si128(reinterpret_cast<__m128i *>(out + 4 * i), average8(r0 + 8 * i, r1 + 8 * i));
#endif
    averageRgba8Tail(r0, r1, width, i, out);
}

void maximum8(const uint8_t *r0, const uint8_t *r1, int width, uint8_t *out)
{
    const size_t full = size_t(width / 2);
    const uint8_t *s1 = r1 ? r1 : r0;
    for (size_t i = 0; i < full; ++i)
        out[i] = std::max(std::max(r0[2 * i], r0[2 * i + 1]), std::max(s1[2 * i], s1[2 * i + 1]));
    if (width & 1)
        out[full] = std::max(r0[full * 2], s1[full * 2]);
}

void maskMaximum(const uint8_t *r0, const uint8_t *r1, int width, uint8_t *out)
{
    // Eight all-same source bytes a row at a time (the common case) are four same values.
    const uint8_t *s1 = r1 ? r1 : r0;
    const size_t full = size_t(width / 2);
    const auto block = [r0, s1](size_t k) {
        return kMaskOfRank[std::max(std::max(kMaskRank[r0[2 * k] & 7], kMaskRank[r0[2 * k + 1] & 7]),
                                    std::max(kMaskRank[s1[2 * k] & 7], kMaskRank[s1[2 * k + 1] & 7]))];
    };
    size_t i = 0;
    for (; i + 4 <= full; i += 4) {
        uint64_t x, y;
        std::memcpy(&x, r0 + 2 * i, 8);
        std::memcpy(&y, s1 + 2 * i, 8);
        if ((x | y) == 0) {
            std::memset(out + i, MaskSame, 4);
            continue;
        }
        for (size_t k = i; k < i + 4; ++k)
            out[k] = block(k);
    }
    for (; i < full; ++i)
        out[i] = block(i);
    if (width & 1)
        out[full] = kMaskOfRank[std::max(kMaskRank[r0[full * 2] & 7], kMaskRank[s1[full * 2] & 7])];
}

int reducePairRgba8(const uint8_t *a0, const uint8_t *a1, const uint8_t *b0, const uint8_t *b1, int width,
                    uint8_t *outA, uint8_t *outB, uint8_t *outHeat)
{
    size_t i = 0;
    int top = 0;
#if defined(DIFFLENS_LAYER_AVX2)
    if (a1 && useAvx2())
        i = reducePairAvx2(a0, a1, b0, b1, width, outA, outB, outHeat, top);
#endif
#if defined(__SSE2__)
    if (a1) {
        __m128i most = _mm_setzero_si128();
        for (const size_t full = size_t(width / 2); i + 4 <= full; i += 4) {
            const size_t s = 8 * i;
            _mm_storeu_si128(reinterpret_cast<__m128i *>(outA + 4 * i), average8(a0 + s, a1 + s));
            _mm_storeu_si128(reinterpret_cast<__m128i *>(outB + 4 * i), average8(b0 + s, b1 + s));
            const __m128i h = heatOf8(a0 + s, b0 + s, a1 + s, b1 + s);
            most = _mm_max_epu8(most, h);
            store4(outHeat + i, h);
        }
        top = std::max(top, largestByte(most));
    }
#endif
    averageRgba8Tail(a0, a1, width, i, outA);
    averageRgba8Tail(b0, b1, width, i, outB);
    return std::max(top, heatTail(a0, b0, a1, b1, width, i, outHeat));
}


void allowLayerKernelsAvx2ForTesting(bool allowed)
{
#if defined(DIFFLENS_LAYER_AVX2)
    g_avx2Allowed.store(allowed, std::memory_order_relaxed);
#else
    (void)allowed;
#endif
}

bool layerKernelsHaveAvx2()
{
#if defined(DIFFLENS_LAYER_AVX2)
    return __builtin_cpu_supports("avx2");
#else
    return false;
#endif
}

} // namespace difflens

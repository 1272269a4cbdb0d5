// The fast PNG path's row work (png_fast.h): the five PNG filters undone in place (SSE2
// for the 3- and 4-byte pixels of 8-bit RGB/RGBA, with an SSE4.1 Paeth picked at run time;
// plain loops otherwise) and each row expanded to RGBA exactly as libpng's
// expand / gray_to_rgb / add_alpha / swap transforms (8-bit RGB with SSSE3 when present).
#include "png_fast.h"

#include <algorithm>
#include <cstring>

#include <atomic>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#define DIFFLENS_PNG_SSE41 1
#endif

namespace difflens::pngfast {

namespace {

// ---- unfiltering -------------------------------------------------------------------

void unfilterUp(uint8_t *row, const uint8_t *prior, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        row[i] = uint8_t(row[i] + prior[i]);
}

inline int paeth(int a, int b, int c)
{
    const int p = a + b - c;
    const int pa = p > a ? p - a : a - p;
    const int pb = p > b ? p - b : b - p;
    const int pc = p > c ? p - c : c - p;
    if (pa <= pb && pa <= pc)
        return a;
    return pb <= pc ? b : c;
}

// Any pixel size (1, 2, 6 and 8 bytes; 3 and 4 without SSE2).
void unfilterGeneric(int filter, uint8_t *row, const uint8_t *prior, size_t n, size_t bpp)
{
    switch (filter) {
    case 1:
        for (size_t i = bpp; i < n; ++i)
            row[i] = uint8_t(row[i] + row[i - bpp]);
        break;
    case 2:
        unfilterUp(row, prior, n);
        break;
    case 3:
        for (size_t i = 0; i < bpp && i < n; ++i)
            row[i] = uint8_t(row[i] + (prior[i] >> 1));
        for (size_t i = bpp; i < n; ++i)
            row[i] = uint8_t(row[i] + ((row[i - bpp] + prior[i]) >> 1));
        break;
    case 4:
        for (size_t i = 0; i < bpp && i < n; ++i)
            row[i] = uint8_t(row[i] + prior[i]);
        for (size_t i = bpp; i < n; ++i)
            row[i] = uint8_t(row[i] + paeth(row[i - bpp], prior[i], prior[i - bpp]));
        break;
    default:
        break;
    }
}

#if defined(__SSE2__)
// One pixel of BPP (3 or 4) bytes per step, in the low lanes of a register. Loads read 4
// bytes (a 3-byte pixel's fourth is the next pixel's, the next row's filter byte, or the
// padding after the data and the zero row: never used); stores write exactly BPP bytes.
template <int BPP>
inline __m128i loadPixel(const uint8_t *p)
{
    uint32_t v;
    std::memcpy(&v, p, 4);
    return _mm_cvtsi32_si128(int(v));
}

template <int BPP>
inline void storePixel(uint8_t *p, __m128i x)
{
    const uint32_t v = uint32_t(_mm_cvtsi128_si32(x));
    if (BPP == 4) {
        std::memcpy(p, &v, 4);
    } else { // two stores from the register (a 3-byte memcpy goes through the stack)
        const uint16_t low = uint16_t(v);
        std::memcpy(p, &low, 2);
        p[2] = uint8_t(v >> 16);
    }
}

template <int BPP>
void unfilterSub(uint8_t *row, size_t n)
{
    __m128i a = _mm_setzero_si128();
    for (size_t i = 0; i + BPP <= n; i += BPP) {
        a = _mm_add_epi8(a, loadPixel<BPP>(row + i));
        storePixel<BPP>(row + i, a);
    }
}

template <int BPP>
void unfilterAverage(uint8_t *row, const uint8_t *prior, size_t n)
{
    const __m128i one = _mm_set1_epi8(1);
    __m128i a = _mm_setzero_si128();
    for (size_t i = 0; i + BPP <= n; i += BPP) {
        const __m128i b = loadPixel<BPP>(prior + i);
        // floor((a + b) / 2): pavgb rounds up, so take the lost low bit back off.
        const __m128i avg = _mm_sub_epi8(_mm_avg_epu8(a, b), _mm_and_si128(_mm_xor_si128(a, b), one));
        a = _mm_add_epi8(loadPixel<BPP>(row + i), avg);
        storePixel<BPP>(row + i, a);
    }
}

inline __m128i abs16(__m128i x)
{
    return _mm_max_epi16(x, _mm_sub_epi16(_mm_setzero_si128(), x));
}

template <int BPP>
void unfilterPaeth(uint8_t *row, const uint8_t *prior, size_t n)
{
    const __m128i zero = _mm_setzero_si128();
    __m128i a = zero, c = zero; // 16-bit lanes
    for (size_t i = 0; i + BPP <= n; i += BPP) {
        const __m128i b = _mm_unpacklo_epi8(loadPixel<BPP>(prior + i), zero);
        const __m128i pa = abs16(_mm_sub_epi16(b, c));     // |p - a|
        const __m128i pb = abs16(_mm_sub_epi16(a, c));     // |p - b|
        const __m128i pc = abs16(_mm_add_epi16(_mm_sub_epi16(a, c), _mm_sub_epi16(b, c)));
        // b where pb <= pc, else c; then a where pa <= min(pb, pc).
        const __m128i cOverB = _mm_cmpgt_epi16(pb, pc);
        const __m128i bc = _mm_or_si128(_mm_and_si128(cOverB, c), _mm_andnot_si128(cOverB, b));
        const __m128i notA = _mm_cmpgt_epi16(pa, _mm_min_epi16(pb, pc));
        const __m128i pred = _mm_or_si128(_mm_and_si128(notA, bc), _mm_andnot_si128(notA, a));
        const __m128i x = _mm_add_epi8(loadPixel<BPP>(row + i), _mm_packus_epi16(pred, zero));
        storePixel<BPP>(row + i, x);
        a = _mm_unpacklo_epi8(x, zero);
        c = b;
    }
}

#if defined(DIFFLENS_PNG_SSE41)
// Paeth with SSSE3's abs and SSE4.1's blend, all in 16-bit lanes. The chain from one pixel
// to the next is short: |p - a| and the row's byte do not depend on the pixel before, and
// the sum is taken modulo 256 by a byte add (the lanes' high bytes stay zero). The choice
// is the filter's: a unless |p - a| exceeds min(|p - b|, |p - c|), then b unless |p - b|
// exceeds |p - c|, then c. Where the row above repeats its pixel (b == c in every
// channel: flat backgrounds, about 85 % of the Paeth pixels of screenshots) |p - a| is 0
// and the predictor is a: one add, no compare chain (the test reads only the row above, so
// it is off the chain from pixel to pixel, and runs of such pixels predict well). Loads
// read 8 bytes (at most 5 past the row: the next line, this thread's, or the padding;
// never used). Every pixel but the last is stored with 4 bytes, the 4th landing on the
// next pixel's first byte, which was loaded before and is stored again next; so 3-byte
// pixels need no split store.
template <int BPP>
__attribute__((target("sse4.1"))) void unfilterPaethSse41(uint8_t *row, const uint8_t *prior, size_t n)
{
    if (n < size_t(BPP))
        return;
    const size_t last = n - BPP;
    const int pixelLanes = BPP == 4 ? 0xff : 0x3f; // movemask bits of the pixel's 16-bit lanes
    __m128i a = _mm_setzero_si128(), c = a;        // 16-bit lanes
    __m128i x = _mm_cvtepu8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i *>(row)));
    size_t i = 0;
    for (;; i += BPP) {
        const __m128i b = _mm_cvtepu8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i *>(prior + i)));
        if ((_mm_movemask_epi8(_mm_cmpeq_epi16(b, c)) & pixelLanes) == pixelLanes) {
            a = _mm_add_epi8(x, a);
        } else {
            const __m128i bc = _mm_sub_epi16(b, c);
            const __m128i pa = _mm_abs_epi16(bc);                   // |p - a|
            const __m128i ac = _mm_sub_epi16(a, c);
            const __m128i pb = _mm_abs_epi16(ac);                   // |p - b|
            const __m128i pc = _mm_abs_epi16(_mm_add_epi16(ac, bc)); // |p - c|
            const __m128i bOrC = _mm_blendv_epi8(b, c, _mm_cmpgt_epi16(pb, pc));
            const __m128i pred = _mm_blendv_epi8(a, bOrC, _mm_cmpgt_epi16(pa, _mm_min_epi16(pb, pc)));
            a = _mm_add_epi8(x, pred);
        }
        c = b;
        if (i == last)
            break;
        x = _mm_cvtepu8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i *>(row + i + BPP)));
        const uint32_t v = uint32_t(_mm_cvtsi128_si32(_mm_packus_epi16(a, a)));
        std::memcpy(row + i, &v, 4);
    }
    storePixel<BPP>(row + i, _mm_packus_epi16(a, a));
}
#endif

template <int BPP>
void unfilterSimd(int filter, uint8_t *row, const uint8_t *prior, size_t n)
{
    switch (filter) {
    case 1:
        unfilterSub<BPP>(row, n);
        break;
    case 2:
        unfilterUp(row, prior, n);
        break;
    case 3:
        unfilterAverage<BPP>(row, prior, n);
        break;
    case 4:
        unfilterPaeth<BPP>(row, prior, n);
        break;
    default:
        break;
    }
}
#endif

std::atomic<bool> g_baselineOnly{false};

// SSE4.1 (and SSSE3) on this CPU, and not turned off by the test seam.
bool useSse41()
{
#if defined(DIFFLENS_PNG_SSE41)
    static const bool present = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("sse4.1") != 0 && __builtin_cpu_supports("ssse3") != 0;
    }();
    return present && !g_baselineOnly.load(std::memory_order_relaxed);
#else
    return false;
#endif
}

void unfilterRow(int filter, uint8_t *row, const uint8_t *prior, size_t n, int bpp, bool sse41)
{
    if (filter == 0)
        return;
#if defined(__SSE2__)
    // Rows of whole 3- or 4-byte pixels only (8-bit RGB and RGBA, 16-bit grey+alpha).
#if defined(DIFFLENS_PNG_SSE41)
    if (sse41 && filter == 4 && bpp == 3 && n % 3 == 0)
        return unfilterPaethSse41<3>(row, prior, n);
    if (sse41 && filter == 4 && bpp == 4 && n % 4 == 0)
        return unfilterPaethSse41<4>(row, prior, n);
#endif
    if (bpp == 3 && n % 3 == 0)
        return unfilterSimd<3>(filter, row, prior, n);
    if (bpp == 4 && n % 4 == 0)
        return unfilterSimd<4>(filter, row, prior, n);
#endif
    (void)sse41;
    unfilterGeneric(filter, row, prior, n, size_t(bpp));
}

// ---- expansion to RGBA -------------------------------------------------------------

// Little-endian 16-bit output, as png_set_swap gives.
inline void put16(uint8_t *p, unsigned v)
{
    p[0] = uint8_t(v);
    p[1] = uint8_t(v >> 8);
}

// Sample x of a row of 1-, 2- or 4-bit samples, most significant bits first.
inline unsigned packedSample(const uint8_t *src, uint32_t x, int depth)
{
    const unsigned perByte = 8u / unsigned(depth);
    const unsigned shift = 8u - unsigned(depth) * (x % perByte + 1);
    return (src[x / perByte] >> shift) & ((1u << depth) - 1);
}

void expandGrey(const Info &info, const uint8_t *src, uint8_t *dst)
{
    const uint32_t w = info.width;
    const int depth = info.bitDepth;
    const unsigned key = info.trnsKey[0];
    const bool trns = info.hasTrns;
    if (depth == 16) {
        for (uint32_t x = 0; x < w; ++x, src += 2, dst += 8) {
            const unsigned g = unsigned(src[0]) << 8 | src[1];
            put16(dst, g);
            put16(dst + 2, g);
            put16(dst + 4, g);
            put16(dst + 6, trns && g == key ? 0u : 0xffffu);
        }
        return;
    }
    if (depth == 8) {
        for (uint32_t x = 0; x < w; ++x, dst += 4) {
            const uint8_t g = src[x];
            dst[0] = dst[1] = dst[2] = g;
            dst[3] = trns && g == key ? 0 : 255;
        }
        return;
    }
    const unsigned scale = depth == 1 ? 0xff : depth == 2 ? 0x55 : 0x11;
    for (uint32_t x = 0; x < w; ++x, dst += 4) {
        const unsigned v = packedSample(src, x, depth);
        dst[0] = dst[1] = dst[2] = uint8_t(v * scale);
        dst[3] = trns && v == key ? 0 : 255;
    }
}

#if defined(DIFFLENS_PNG_SSE41)
// 8-bit RGB without tRNS to opaque RGBA, four pixels a step: one 16-byte load (12 bytes
// used), one shuffle, alpha or-ed in. The loads stay inside the row: the next row may be
// being unfiltered by another thread (stream_png.cpp). Returns the pixels done; the
// caller finishes the row.
__attribute__((target("ssse3"))) uint32_t expandRgbOpaqueSsse3(const uint8_t *src, uint8_t *dst, uint32_t w)
{
    const __m128i shuffle = _mm_setr_epi8(0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1);
    const __m128i alpha = _mm_set1_epi32(int(0xff000000u));
    uint32_t x = 0;
    for (; x + 6 <= w; x += 4, src += 12, dst += 16) { // bytes 3x .. 3x + 15 < 3w
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(dst), _mm_or_si128(_mm_shuffle_epi8(v, shuffle), alpha));
    }
    return x;
}
#endif

void expandRgb(const Info &info, const uint8_t *src, uint8_t *dst, bool ssse3)
{
    const uint32_t w = info.width;
    const bool trns = info.hasTrns;
    const unsigned kr = info.trnsKey[0], kg = info.trnsKey[1], kb = info.trnsKey[2];
    if (info.bitDepth == 16) {
        for (uint32_t x = 0; x < w; ++x, src += 6, dst += 8) {
            const unsigned r = unsigned(src[0]) << 8 | src[1];
            const unsigned g = unsigned(src[2]) << 8 | src[3];
            const unsigned b = unsigned(src[4]) << 8 | src[5];
            put16(dst, r);
            put16(dst + 2, g);
            put16(dst + 4, b);
            put16(dst + 6, trns && r == kr && g == kg && b == kb ? 0u : 0xffffu);
        }
        return;
    }
    (void)ssse3;
    if (!trns) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        // Two pixels from one 8-byte load, then 4-byte loads for the last ones; alpha set
        // to opaque. A load reads at most one byte past the row: the next line's filter
        // byte, which nothing writes (the bytes after it may be being unfiltered).
        uint32_t x = 0;
#if defined(DIFFLENS_PNG_SSE41)
        if (ssse3) {
            x = expandRgbOpaqueSsse3(src, dst, w);
            src += size_t(x) * 3;
            dst += size_t(x) * 4;
        }
#endif
        for (; x + 3 <= w; x += 2, src += 6, dst += 8) { // bytes 3x .. 3x + 7 < 3w
            uint64_t v;
            std::memcpy(&v, src, 8);
            v = (v & 0xffffffull) | ((v << 8) & 0x00ffffff00000000ull) | 0xff000000ff000000ull;
            std::memcpy(dst, &v, 8);
        }
        for (; x < w; ++x, src += 3, dst += 4) {
            uint32_t v;
            std::memcpy(&v, src, 4);
            v |= 0xff000000u;
            std::memcpy(dst, &v, 4);
        }
#else
        for (uint32_t x = 0; x < w; ++x, src += 3, dst += 4) {
            dst[0] = src[0];
            dst[1] = src[1];
            dst[2] = src[2];
            dst[3] = 255;
        }
#endif
        return;
    }
    for (uint32_t x = 0; x < w; ++x, src += 3, dst += 4) {
        dst[0] = src[0];
        dst[1] = src[1];
        dst[2] = src[2];
        dst[3] = src[0] == kr && src[1] == kg && src[2] == kb ? 0 : 255;
    }
}

void expandPalette(const Info &info, const uint8_t *src, uint8_t *dst)
{
    const uint32_t w = info.width;
    if (info.bitDepth == 8) {
        for (uint32_t x = 0; x < w; ++x, dst += 4)
            std::memcpy(dst, &info.palette[src[x]], 4);
        return;
    }
    for (uint32_t x = 0; x < w; ++x, dst += 4)
        std::memcpy(dst, &info.palette[packedSample(src, x, info.bitDepth)], 4);
}

void expandGreyAlpha(const Info &info, const uint8_t *src, uint8_t *dst)
{
    const uint32_t w = info.width;
    if (info.bitDepth == 16) {
        for (uint32_t x = 0; x < w; ++x, src += 4, dst += 8) {
            dst[0] = dst[2] = dst[4] = src[1];
            dst[1] = dst[3] = dst[5] = src[0];
            dst[6] = src[3];
            dst[7] = src[2];
        }
        return;
    }
    for (uint32_t x = 0; x < w; ++x, src += 2, dst += 4) {
        dst[0] = dst[1] = dst[2] = src[0];
        dst[3] = src[1];
    }
}

void expandRgba(const Info &info, const uint8_t *src, uint8_t *dst)
{
    if (info.bitDepth == 8) {
        std::memcpy(dst, src, size_t(info.width) * 4);
        return;
    }
    const size_t n = size_t(info.width) * 4;
    for (size_t i = 0; i < n; ++i, src += 2, dst += 2) {
        dst[0] = src[1];
        dst[1] = src[0];
    }
}

} // namespace

void Rows::unfilter(uint32_t y)
{
    if (y < m_unfiltered)
        return;
    const size_t stride = m_info.rowBytes + 1;
    uint8_t *line = m_data + size_t(y) * stride;
    const uint8_t *prior = y == 0 ? m_zeroRow.get() : line - stride + 1;
    unfilterRow(line[0], line + 1, prior, m_info.rowBytes, m_info.filterBpp, useSse41());
    m_unfiltered = y + 1;
}

bool Rows::unfilterFinal(size_t finalBytes)
{
    const size_t stride = m_info.rowBytes + 1;
    const size_t rows = std::min(finalBytes / stride, size_t(m_info.height));
    const bool sse41 = useSse41();
    for (uint32_t y = m_unfiltered; y < rows; ++y) {
        uint8_t *line = m_data + size_t(y) * stride;
        if (line[0] > 4)
            return false; // libpng: bad adaptive filter value
        const uint8_t *prior = y == 0 ? m_zeroRow.get() : line - stride + 1;
        unfilterRow(line[0], line + 1, prior, m_info.rowBytes, m_info.filterBpp, sse41);
        m_unfiltered = y + 1;
    }
    return true;
}

void Rows::expand(uint32_t y, uint8_t *dst) const
{
    const uint8_t *row = m_data + size_t(y) * (m_info.rowBytes + 1) + 1;
    switch (m_info.colorType) {
    case 0:
        expandGrey(m_info, row, dst);
        break;
    case 2:
        expandRgb(m_info, row, dst, useSse41());
        break;
    case 3:
        expandPalette(m_info, row, dst);
        break;
    case 4:
        expandGreyAlpha(m_info, row, dst);
        break;
    default:
        expandRgba(m_info, row, dst);
        break;
    }
}

void setBaselineKernelsForTesting(bool on)
{
    g_baselineOnly.store(on);
}

void unfilterRowForTesting(int filter, uint8_t *row, const uint8_t *prior, size_t n, int bpp)
{
    unfilterRow(filter, row, prior, n, bpp, useSse41());
}

bool Rows::next(uint8_t *dst)
{
    if (m_next >= int(m_info.height))
        return false;
    unfilter(uint32_t(m_next));
    expand(uint32_t(m_next), dst);
    ++m_next;
    return true;
}

} // namespace difflens::pngfast

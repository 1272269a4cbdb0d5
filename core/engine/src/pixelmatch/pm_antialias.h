#pragma once
// Internal: pixel access for 8/16-bit RGBA frames and the anti-aliasing detector of
// V. Vysniauskas, "Anti-aliased Pixel and Intensity Slope Detector" (2009), with the
// neighbourhood scan order and tie rules of pixelmatch 7.x.
#include "pixelmatch/pm_yiq.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace difflens::pm {

struct Sample4 {
    double r, g, b, a;
};

struct Rgba8 {
    using Word = uint32_t;
    static constexpr size_t kBytes = 4;
    static Word word(const uint8_t *p)
    {
        Word w;
        std::memcpy(&w, p, sizeof w);
        return w;
    }
    static Sample4 load(const uint8_t *p) { return {double(p[0]), double(p[1]), double(p[2]), double(p[3])}; }
};

// 16-bit samples are brought to the 0..255 scale as doubles (v / 257).
struct Rgba16 {
    using Word = uint64_t;
    static constexpr size_t kBytes = 8;
    static Word word(const uint8_t *p)
    {
        Word w;
        std::memcpy(&w, p, sizeof w);
        return w;
    }
    static Sample4 load(const uint8_t *p)
    {
        uint16_t v[4];
        std::memcpy(v, p, sizeof v);
        return {v[0] / 257.0, v[1] / 257.0, v[2] / 257.0, v[3] / 257.0};
    }
};

template <class P>
struct Frame {
    const uint8_t *data = nullptr;
    size_t stride = 0;
    int width = 0, height = 0;
    int top = 0; // frame row of the view's row 0 (a streamed band); the pattern uses frame rows

    const uint8_t *at(int x, int y) const { return data + size_t(y) * stride + size_t(x) * P::kBytes; }
    typename P::Word word(int x, int y) const { return P::word(at(x, y)); }
};

// Byte offset of pixel (x, y) in pixelmatch's packed RGBA8 buffer: the seed of the
// background pattern for semi-transparent pixels.
inline double patternIndex(int x, int y, int width) { return 4.0 * (double(y) * double(width) + double(x)); }

// Full signed YIQ delta between two pixels (0 when bit-identical).
template <class P>
inline double colorDelta(const uint8_t *p1, const uint8_t *p2, double k)
{
    if (P::word(p1) == P::word(p2))
        return 0.0;
    if constexpr (std::is_same_v<P, Rgba8>) {
        if ((p1[3] & p2[3]) == 255) // both opaque: see lumaDelta
            return signedYiqDelta(ChannelDelta{double(int(p1[0]) - int(p2[0])), double(int(p1[1]) - int(p2[1])),
                                               double(int(p1[2]) - int(p2[2]))});
    }
    const Sample4 s = P::load(p1), t = P::load(p2);
    return signedYiqDelta(channelDelta(s.r, s.g, s.b, s.a, t.r, t.g, t.b, t.a, k));
}

// Brightness-only delta; the background pattern follows the centre pixel (index k).
template <class P>
inline double lumaDelta(const uint8_t *center, const uint8_t *other, double k)
{
    if (P::word(center) == P::word(other))
        return 0.0;
    if constexpr (std::is_same_v<P, Rgba8>) {
        // Both opaque: channelDelta's differences of whole numbers, exact in a double, so
        // the same value from integer differences with three conversions instead of eight.
        if ((center[3] & other[3]) == 255)
            return double(int(center[0]) - int(other[0])) * kYr + double(int(center[1]) - int(other[1])) * kYg
                 + double(int(center[2]) - int(other[2])) * kYb;
    }
    const Sample4 s = P::load(center), t = P::load(other);
    return lumaOf(channelDelta(s.r, s.g, s.b, s.a, t.r, t.g, t.b, t.a, k));
}

// True when (x1, y1) has at least three bit-identical neighbours (image border counts
// as one).
template <class P>
bool hasManySiblings(const Frame<P> &img, int x1, int y1)
{
    const int x0 = std::max(x1 - 1, 0), y0 = std::max(y1 - 1, 0);
    const int x2 = std::min(x1 + 1, img.width - 1), y2 = std::min(y1 + 1, img.height - 1);
    const typename P::Word center = img.word(x1, y1);
    int same = (x1 == x0 || x1 == x2 || y1 == y0 || y1 == y2) ? 1 : 0;
    for (int x = x0; x <= x2; ++x) {
        for (int y = y0; y <= y2; ++y) {
            if (x == x1 && y == y1)
                continue;
            same += img.word(x, y) == center ? 1 : 0;
            if (same > 2)
                return true;
        }
    }
    return false;
}

// Neighbour offsets in the reference's scan order (x outer, y inner, the centre skipped).
constexpr int kScanDx[8] = {-1, -1, -1, 0, 0, 1, 1, 1};
constexpr int kScanDy[8] = {-1, 0, 1, -1, 1, -1, 0, 1};

// lumaDelta of (x1, y1) against its 8 neighbours in scan order, when the pixel is not on
// the border and all 9 pixels are opaque 8-bit: then each delta is the weighted sum of
// whole-number channel differences, in lumaDelta's order of operations (a loop the
// compiler vectorises; element-wise, so every double is the same). False otherwise.
template <class P>
inline bool opaqueInteriorDeltas(const Frame<P> &img, int x1, int y1, double *out)
{
    if constexpr (!std::is_same_v<P, Rgba8>) {
        return false;
    } else {
        if (x1 < 1 || y1 < 1 || x1 + 1 >= img.width || y1 + 1 >= img.height)
            return false;
        const uint8_t *c = img.at(x1, y1);
        unsigned alpha = c[3];
        int dr[8], dg[8], db[8];
        for (int i = 0; i < 8; ++i) {
            const uint8_t *q = img.at(x1 + kScanDx[i], y1 + kScanDy[i]);
            alpha &= q[3];
            dr[i] = int(c[0]) - int(q[0]);
            dg[i] = int(c[1]) - int(q[1]);
            db[i] = int(c[2]) - int(q[2]);
        }
        if (alpha != 255)
            return false;
        for (int i = 0; i < 8; ++i)
            out[i] = double(dr[i]) * kYr + double(dg[i]) * kYg + double(db[i]) * kYb;
        return true;
    }
}

// Is (x1, y1) of `img` likely an anti-aliased pixel? `other` is the second image, used to
// confirm that the darkest/brightest neighbour is a flat area in both.
template <class P>
bool antialiased(const Frame<P> &img, const Frame<P> &other, int x1, int y1)
{
    const int x0 = std::max(x1 - 1, 0), y0 = std::max(y1 - 1, 0);
    const int x2 = std::min(x1 + 1, img.width - 1), y2 = std::min(y1 + 1, img.height - 1);
    const uint8_t *center = img.at(x1, y1);
    const double k = patternIndex(x1, y1 + img.top, img.width);
    int zeroes = (x1 == x0 || x1 == x2 || y1 == y0 || y1 == y2) ? 1 : 0;
    // Bit-identical neighbours have a delta of 0: three of them (the border counting as
    // one) answer "flat" before any delta is computed.
    {
        const typename P::Word c = P::word(center);
        int same = zeroes;
        for (int y = y0; y <= y2; ++y)
            for (int x = x0; x <= x2; ++x)
                same += img.word(x, y) == c ? 1 : 0; // the centre itself counts once, taken off below
        if (same - 1 > 2)
            return false;
    }
    // The neighbours' deltas in the reference's column-major scan order.
    double deltas[8];
    int xs[8], ys[8], n = 0;
    if (opaqueInteriorDeltas(img, x1, y1, deltas)) {
        n = 8;
        for (int i = 0; i < 8; ++i) {
            xs[i] = x1 + kScanDx[i];
            ys[i] = y1 + kScanDy[i];
        }
    } else {
        for (int x = x0; x <= x2; ++x)
            for (int y = y0; y <= y2; ++y)
                if (x != x1 || y != y1) {
                    deltas[n] = lumaDelta<P>(center, img.at(x, y), k);
                    xs[n] = x;
                    ys[n] = y;
                    ++n;
                }
    }
    double minDelta = 0, maxDelta = 0;
    int minX = 0, minY = 0, maxX = 0, maxY = 0;
    // The first extreme found wins ties, as in the reference. The reference stops early
    // once three neighbours are equal, which cannot change the answer, so the scan is
    // written without data-dependent branches.
    for (int i = 0; i < n; ++i) {
        const double delta = deltas[i];
        zeroes += delta == 0 ? 1 : 0;
        const bool darker = delta < minDelta;  // implies delta < 0
        const bool brighter = delta > maxDelta; // implies delta > 0
        minDelta = darker ? delta : minDelta;
        minX = darker ? xs[i] : minX;
        minY = darker ? ys[i] : minY;
        maxDelta = brighter ? delta : maxDelta;
        maxX = brighter ? xs[i] : maxX;
        maxY = brighter ? ys[i] : maxY;
    }
    if (zeroes > 2)
        return false; // flat neighbourhood: not anti-aliasing
    if (minDelta == 0 || maxDelta == 0)
        return false; // needs both a darker and a brighter neighbour

    return (hasManySiblings(img, minX, minY) && hasManySiblings(other, minX, minY))
        || (hasManySiblings(img, maxX, maxY) && hasManySiblings(other, maxX, maxY));
}

} // namespace difflens::pm

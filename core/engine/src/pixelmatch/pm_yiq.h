#pragma once
// Internal numeric building blocks of the pixelmatch-compatible comparison.
//
// Everything here mirrors the arithmetic of pixelmatch 7.x operation by operation (same
// constants, same evaluation order, IEEE doubles) so that results are bit-identical:
//  * YIQ colour difference of Kotsarenko & Ramos (2010), computed on the per-channel
//    difference of the two pixels;
//  * semi-transparent pixels are composited over a position-dependent two-level
//    pattern (48 or 207 per channel) before the difference is taken;
//  * the faded grey background is written through JavaScript's ToUint8 conversion
//    (truncation modulo 256), which is what a Uint8Array store does.
#include <cmath>
#include <cstdint>

namespace difflens::pm {

constexpr double kYr = 0.29889531, kYg = 0.58662247, kYb = 0.11448223;
constexpr double kIr = 0.59597799, kIg = 0.27417610, kIb = 0.32180189;
constexpr double kQr = 0.21147017, kQg = 0.52261711, kQb = 0.31114694;
constexpr double kWy = 0.5053, kWi = 0.299, kWq = 0.1957;
// Largest possible YIQ delta; the squared threshold is scaled by it.
constexpr double kMaxYiqDelta = 35215.0;

constexpr double kPhi = 1.618033988749895;
constexpr double kPhi2 = 2.618033988749895;

// JavaScript ToInt32 of a finite double (truncate, wrap modulo 2^32).
inline int32_t jsToInt32(double v)
{
    if (!std::isfinite(v))
        return 0;
    const double t = std::trunc(v);
    const double m = std::fmod(t, 4294967296.0);
    int64_t i = int64_t(m);
    if (i < 0)
        i += int64_t(4294967296LL);
    return int32_t(uint32_t(uint64_t(i)));
}

// JavaScript ToUint8 (what storing a number into a Uint8Array does).
inline uint8_t jsToUint8(double v)
{
    if (v >= 0.0 && v < 256.0)
        return uint8_t(v);
    if (!std::isfinite(v))
        return 0;
    double m = std::fmod(std::trunc(v), 256.0);
    if (m < 0)
        m += 256.0;
    return uint8_t(m);
}

// Background channel level (48 or 207, or the odd -111 when the index wraps) for the
// pixel whose first byte sits at byte offset k of the full RGBA8 frame.
inline double backgroundLevel(double k, double divisor)
{
    const int32_t q = jsToInt32(k / divisor);
    return 48.0 + 159.0 * double(q % 2);
}

struct Background {
    double r, g, b;
};

inline Background backgroundAt(double k)
{
    // k is always a multiple of 4, so the red level never changes; keep the general form.
    const double r = 48.0 + 159.0 * std::fmod(k, 2.0);
    return {r, backgroundLevel(k, kPhi), backgroundLevel(k, kPhi2)};
}

// Channel differences (first minus second), composited over the background when either
// pixel is not opaque. Inputs are samples on the 0..255 scale.
struct ChannelDelta {
    double r, g, b;
};

inline ChannelDelta channelDelta(double r1, double g1, double b1, double a1, double r2, double g2, double b2,
                                 double a2, double k)
{
    if (a1 < 255.0 || a2 < 255.0) {
        const Background bg = backgroundAt(k);
        const double da = a1 - a2;
        return {(r1 * a1 - r2 * a2 - bg.r * da) / 255.0, (g1 * a1 - g2 * a2 - bg.g * da) / 255.0,
                (b1 * a1 - b2 * a2 - bg.b * da) / 255.0};
    }
    return {r1 - r2, g1 - g2, b1 - b2};
}

inline double lumaOf(const ChannelDelta &d) { return d.r * kYr + d.g * kYg + d.b * kYb; }

// Signed YIQ delta: magnitude is the weighted squared distance, negative when the first
// pixel is the brighter one (the second image darkens there).
inline double signedYiqDelta(const ChannelDelta &d)
{
    const double y = lumaOf(d);
    const double i = d.r * kIr - d.g * kIg - d.b * kIb;
    const double q = d.r * kQr - d.g * kQg + d.b * kQb;
    const double delta = kWy * y * y + kWi * i * i + kWq * q * q;
    return y > 0 ? -delta : delta;
}

// Grey value of the faded original: luma blended with white by alpha * pixel opacity.
inline uint8_t fadedGrey(double r, double g, double b, double a, double alpha)
{
    const double v = 255.0 + (r * kYr + g * kYg + b * kYb - 255.0) * alpha * a / 255.0;
    return jsToUint8(v);
}

} // namespace difflens::pm

#pragma once
// Pixelmatch-compatible comparison (pixelmatch 7.2.0 semantics), implemented from the
// published algorithms: YIQ perceptual colour delta (Kotsarenko & Ramos 2010) and the
// anti-aliasing detector of Vysniauskas (2009).
#include "difflens/engine/image.h"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace difflens {

struct Rgb {
    uint8_t r = 0, g = 0, b = 0;
    friend bool operator==(const Rgb &a, const Rgb &b) { return a.r == b.r && a.g == b.g && a.b == b.b; }
};

struct PixelmatchOptions {
    double threshold = 0.1;           // 0..1
    bool includeAA = false;           // count anti-aliased pixels as differences
    double alpha = 0.1;               // fade of the original in the diff image
    Rgb aaColor{255, 255, 0};
    Rgb diffColor{255, 0, 0};
    std::optional<Rgb> diffColorAlt;  // colour for dark-on-light differences
    bool diffMask = false;            // draw differences only, transparent elsewhere
    // Shift tolerance (0..kMaxPixelmatchShift): a mismatch is tolerated when A[p] has a
    // match in B within Chebyshev distance `shift` of p and B[p] one in A (see below).
    int shift = 0;
    Rgb shiftColor{0, 128, 255};      // colour of shift-tolerated pixels
};

constexpr int kMaxPixelmatchShift = 8;

// Per-pixel classification written into an optional mask (one byte per pixel).
// Regions are built from MaskDiff only: shift-tolerated pixels (MaskShift) form none.
enum MaskValue : uint8_t { MaskSame = 0, MaskDiff = 1, MaskAA = 2, MaskIgnored = 3, MaskShift = 4 };

struct PixelmatchCounts {
    int64_t mismatched = 0;      // pixels over threshold (AA excluded unless includeAA)
    int64_t antiAliased = 0;     // pixels over threshold classified anti-aliased
    int64_t shiftTolerated = 0;  // mismatches tolerated by the shift test (not in mismatched)
    friend bool operator==(const PixelmatchCounts &a, const PixelmatchCounts &b) {
        return a.mismatched == b.mismatched && a.antiAliased == b.antiAliased &&
               a.shiftTolerated == b.shiftTolerated;
    }
};

struct PixelmatchOutputs {
    uint8_t *diff = nullptr;          // RGBA8, width*4 stride, or null
    size_t diffStride = 0;
    uint8_t *mask = nullptr;          // MaskValue per pixel, or null
    size_t maskStride = 0;
};

// Output drawing (as pixelmatch): pixels below the threshold are the original as grey,
// faded towards white by `alpha` (written with Uint8Array truncation); mismatches get
// diffColor, or diffColorAlt where the second image is darker; anti-aliased pixels get
// aaColor. With diffMask everything but mismatches is transparent (0,0,0,0). Pixels inside
// an ignore rect are neither compared nor counted: MaskIgnored in the mask, drawn as the
// faded grey tinted blue (translucent blue with diffMask). With includeAA the detector is
// skipped: such pixels count as mismatches and antiAliased stays 0.
// Shift tolerance (opt.shift = N > 0): a pixel p that would count as mismatched (over the
// threshold, and not anti-aliasing unless includeAA) is shift-tolerated when some pixel of
// B within Chebyshev distance N of p is within the threshold of A[p], and some pixel of A
// within distance N of p is within the threshold of B[p] (the same YIQ delta and
// threshold, both colours blended with the background pattern of p; offsets outside the
// image are skipped). It is counted in shiftTolerated instead of mismatched, MaskShift in
// the mask, drawn with shiftColor (also with diffMask). Only mismatches pay for the test.
// Streaming needs max(2, N) halo rows. shift outside 0..kMaxPixelmatchShift is invalid.
// Invalid input (sizes/depths differ, not 4 channels, depth not 8/16, area outside the
// frame) returns mismatched = -1 and writes nothing.
//
// Compare the rows [rowBegin,rowEnd) of `area` (a rectangle of the full images a and b).
// a and b are full RGBA views of identical size (8 or 16 bit; 16-bit samples are scaled to
// the 0..255 range as doubles). Neighbour reads for AA detection use the full images, so
// any partition of the frame into areas gives identical results. Output pointers address
// the pixel at (area.x, area.y). frameTop: a and b are a band whose row 0 is row frameTop
// of the frame (streaming); the background pattern of semi-transparent pixels is seeded by
// frame positions, so it gives the frame's result as long as the band carries a 2-row halo.
PixelmatchCounts pixelmatchArea(const ImageView &a, const ImageView &b, const Rect &area,
                                const PixelmatchOptions &opt, const PixelmatchOutputs &out,
                                const std::vector<Rect> &ignore = {}, int frameTop = 0);

// Every colour the diff image can hold for `opt` (the faded greys of the original, their
// blue-tinted variants where ignore rects exist, the marker colours; with diffMask the
// transparent background and the translucent ignored blue), RGBA, when at most 256 exist;
// empty otherwise (alpha outside 0..1 or too many greys). Lets a diff image be written as
// indexed colour before its pixels are known (streaming).
std::vector<std::array<uint8_t, 4>> diffImagePalette(const PixelmatchOptions &opt, bool withIgnore);

// Whole-frame convenience, multi-threaded over rows. diff (if non-null) is resized to RGBA8.
PixelmatchCounts pixelmatch(const ImageView &a, const ImageView &b, const PixelmatchOptions &opt,
                            Image *diff = nullptr, std::vector<uint8_t> *mask = nullptr,
                            const std::vector<Rect> &ignore = {}, int threads = 0);

} // namespace difflens

#pragma once
// Auto-alignment: the integer translation between two images, estimated by phase
// correlation on greyscale (our own radix-2 FFT on a reduced copy) and refined level by
// level up to full resolution by exact normalised cross-correlation (NCC) of the overlap.
//
// Convention: B(x, y) is compared with A(x + dx, y + dy). The search covers |dx|, |dy| up to
// a quarter of the smallest side of the two images. No Qt, no OpenCV.
#include "difflens/engine/image.h"

#include <cstdint>
#include <string>
#include <vector>

namespace difflens {

// 8-bit luma, row by row (width * height bytes).
struct GreyImage {
    int width = 0, height = 0;
    std::vector<uint8_t> data;
    const uint8_t *row(int y) const { return data.data() + size_t(y) * size_t(width); }
};

// Luma of `count` RGBA rows (8 or 16 bits per sample, `stride` bytes apart):
// round((299 R + 587 G + 114 B) / 1000) at 8 bits (16-bit samples are rounded to 8 bits
// first); alpha is ignored. Writes count * width bytes to out.
void rgbaRowsToGrey(const uint8_t *rows, size_t stride, int count, int width, int depth, uint8_t *out);
// The same for a view (RGBA, 8 or 16 bit).
GreyImage greyFromView(const ImageView &v);

// The default confidence below which an estimate is not applied (see AlignEstimate).
constexpr double kAlignMinConfidence = 0.5;

struct AlignOptions {
    int maxShift = -1;    // < 0: a quarter of the smallest side of the two images
    int fftMaxSide = 512; // the phase correlation's padded size is at most this (a power of 2)
};

struct AlignEstimate {
    bool ok = false;    // false: no estimate (reason says why); dx = dy = 0
    int dx = 0, dy = 0; // B(x, y) ~ A(x + dx, y + dy)
    // NCC of A and B over the overlap at (dx, dy), clamped to [0, 1]; 0 when either overlap
    // is flat (no structure to align on).
    double confidence = 0;
    int maxShift = 0; // the search radius used
    std::string reason;
};

// The estimate for a and b (any sizes of at least 4x4 pixels each).
AlignEstimate estimateAlignment(const GreyImage &a, const GreyImage &b, const AlignOptions &opt = {});

// The overlap of B with A shifted by (dx, dy), in B's coordinates (in A's: x + dx, y + dy);
// empty when they do not overlap.
Rect alignOverlap(int widthA, int heightA, int widthB, int heightB, int dx, int dy);

// Bytes estimateAlignment holds at most besides its inputs (reduced levels, FFT planes),
// and the bytes of the two greyscale copies themselves.
int64_t alignScratchBytes(int widthA, int heightA, int widthB, int heightB, const AlignOptions &opt = {});
int64_t alignGreyBytes(int widthA, int heightA, int widthB, int heightB);

} // namespace difflens

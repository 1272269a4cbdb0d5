#pragma once
// Internal: the display layers' row kernels (layer_store.h's reductions of one pair of rows
// into the next level's row), AVX2 or SSE2 where the CPU has them, plain loops elsewhere. Each
// takes a pair of rows r0, r1 (r1 null: a last row alone) of `width` pixels and writes
// (width + 1) / 2 pixels; a column slice is the same call on pointers moved by an even
// number of pixels.
#include <cstdint>

namespace difflens {

// RGBA8: the rounded mean of each 2x2 block's pixels (of 2 when the block is cut).
void averageRgba8(const uint8_t *r0, const uint8_t *r1, int width, uint8_t *out);
// One byte a pixel: the maximum of each block (the heatmap).
void maximum8(const uint8_t *r0, const uint8_t *r1, int width, uint8_t *out);
// MaskValue a pixel: each block's most telling value (different, shift-tolerated,
// anti-aliased, ignored, same).
void maskMaximum(const uint8_t *r0, const uint8_t *r1, int width, uint8_t *out);

// The three at once from one read of the rows of an 8-bit RGBA pair: averageRgba8 of A's
// pair into outA, of B's into outB, and into outHeat the heatmap (heatmap.h: per pixel the
// largest |A - B| over R, G and B) taken straight to the next level, the maximum of each
// block. a1 and b1 both null (a last row alone) or both set. Returns the largest heat value.
int reducePairRgba8(const uint8_t *a0, const uint8_t *a1, const uint8_t *b0, const uint8_t *b1, int width,
                    uint8_t *outA, uint8_t *outB, uint8_t *outHeat);

// Test seams: whether the AVX2 loops may be used (they are where the CPU has AVX2), and
// whether it has.
void allowLayerKernelsAvx2ForTesting(bool allowed);
bool layerKernelsHaveAvx2();

} // namespace difflens

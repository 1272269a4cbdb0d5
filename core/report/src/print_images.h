#pragma once
// Pixel preparation for print: conversion to QImage, downsampling to the printed size,
// enlarged crops and heatmaps with their colour ramp.
#include "difflens/engine/image.h"

#include <QColor>
#include <QImage>

namespace difflens::report::detail {

// Pixels needed to print `points` at `dpi` (72 points per inch).
int pixelsFor(double points, int dpi);

// RGBA (8 or 16 bit) -> opaque RGB32 over white, downsampled by area averaging to fit
// maxW x maxH pixels (never enlarged).
QImage toPrintImage(const ImageView &img, int maxW, int maxH);

// The crop r of img (clamped to the image), fitted to maxW x maxH pixels: enlarged by the
// largest whole factor (nearest neighbour, at most 8, so pixels stay sharp) or downsampled.
QImage cropForPrint(const ImageView &img, const Rect &r, int maxW, int maxH);

// Heat value 0..1 -> colour (light yellow through orange to dark red; 0 is near white).
QColor rampColor(double t);
// Values are shown on a square-root scale so small differences stay visible:
// position = sqrt(value) for value in 0..1.
double heatPosition(double value01);

// Largest |A - B| over R, G, B per pixel (8-bit units / 255), max-pooled onto at most
// maxW x maxH cells and coloured. a and b must have the same size.
QImage deltaHeatmap(const ImageView &a, const ImageView &b, int maxW, int maxH);
// 1 - SSIM per pixel (clamped to 0..1), max-pooled and coloured.
QImage ssimHeatmap(const FloatImage &map, int maxW, int maxH);
// Vertical legend bar: top = 1, bottom = 0.
QImage legendBar(int width, int height);

} // namespace difflens::report::detail

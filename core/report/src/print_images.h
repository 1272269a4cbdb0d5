#pragma once
// Pixel preparation for print: conversion to QImage, downsampling to the printed size,
// enlarged crops, the heatmap (difflens/compare/heatmap.h) with its colour ramp and the FLIP
// map with the magma ramp.
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

// The heatmap of difflens/compare/heatmap.h (the app's heatmap layer, same pixels), max-pooled
// onto at most maxW x maxH cells. a and b must have the same size; `peak` receives the
// difference (native units) at the top of the ramp.
QImage deltaHeatmap(const ImageView &a, const ImageView &b, int maxW, int maxH, int *peak = nullptr);
// A streamed pair's heat layer (layer_store.h: one byte a pixel, the value for 8-bit pairs,
// value / 257 for 16-bit ones) coloured with heatDisplayTable(peak, depth) and max-pooled like
// deltaHeatmap: the colours of deltaHeatmap for the same pixels.
QImage heatLayerImage(const ImageView &values, int peak, int depth, int maxW, int maxH);
// The FLIP error map (flip.h) coloured with the magma ramp (heatmap.h: magmaRampTable, level
// round(error * 255)), max-pooled like the heatmap onto at most maxW x maxH cells.
QImage flipMapImage(const FloatImage &map, int maxW, int maxH);
// Vertical legend bar of the heatmap ramp (or the magma ramp): top = peak, bottom = 0.
QImage legendBar(int width, int height, bool magma = false);

} // namespace difflens::report::detail

#pragma once
// Colour maps for heatmaps and the SSIM map (anchor colours interpolated linearly in RGB).
#include <QColor>
#include <QStringList>
#include <QVector>

namespace difflens::ui {

QStringList colormapNames();                 // "viridis", "inferno", "turbo", "grayscale"
QVector<QRgb> colormapTable(const QString &name); // 256 entries, index 0 = low
// Table used for the mask layer: 0 transparent, 1 ignored, 2 anti-aliased, 3 different.
QVector<QRgb> maskTable(const QColor &diff, const QColor &aa);
// The same colours indexed by the engine's MaskValue (pixelmatch.h), for layered masks;
// shift-tolerated pixels in the default shift colour.
QVector<QRgb> engineMaskTable(const QColor &diff, const QColor &aa);

} // namespace difflens::ui
